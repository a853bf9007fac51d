// warta's search page: matches the words typed against the search index (cari/data.json, the
// newest articles), in the reader's browser. Every word typed must begin a word of the title,
// category, tags, authors or summary, accents, case and punctuation aside ("MK" finds "MK Tolak…",
// not "UMKM"; "jakarta," finds "Jakarta"); titles that hold them all come first, those where every
// word is a whole word before those where one only begins a word, then the newest.
// Results are made with textContent: nothing from an article is ever read as HTML.
(() => {
  "use strict";
  const form = document.querySelector("form[data-index]");
  const status = document.getElementById("cari-status");
  const list = document.getElementById("cari-hasil");
  if (!form || !status || !list) return;
  const input = form.querySelector("input[name=q]");
  const MAX_SHOWN = 50;
  const fold = (s) => String(s).normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase();
  // Words: runs of letters and digits, whatever stands between them.
  const wordsOf = (s) => fold(s).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const say = (text, values) => text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  let rows;
  const load = () =>
    (rows ??= fetch(form.dataset.index)
      .then((r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return r.json();
      })
      .then((data) => {
        const at = (name) => data.fields.indexOf(name);
        const f = { title: at("title"), url: at("url"), date: at("date"), category: at("category"), tags: at("tags"), summary: at("summary"), sponsored: at("sponsored"), authors: at("authors") };
        return data.items.map((item) => {
          const get = (k) => (f[k] >= 0 && typeof item[f[k]] === "string" ? item[f[k]] : "");
          const row = { title: get("title"), url: get("url"), date: get("date"), category: get("category"), summary: get("summary"), authors: get("authors"), sponsored: get("sponsored") !== "" };
          row.titleWords = wordsOf(row.title);
          row.words = [...row.titleWords, ...wordsOf(row.category), ...wordsOf(get("tags")), ...wordsOf(row.authors), ...wordsOf(row.summary)];
          return row;
        });
      })
      .catch((e) => {
        rows = undefined;
        throw e;
      }));

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  };
  const item = (row) => {
    const li = el("li", "teaser");
    const body = el("div", "teaser__body");
    if (row.sponsored) body.append(el("p", "label-sponsored", form.dataset.sponsored));
    if (row.category) body.append(el("p", "kicker", row.category));
    const h = el("h2", "teaser__title");
    const a = el("a", "", row.title);
    // Only the site's own article paths: an index edited by hand cannot make a javascript: link.
    if (row.url.startsWith("/")) a.href = row.url;
    h.append(a);
    body.append(h);
    if (row.date) body.append(el("p", "teaser__meta", row.date));
    if (row.summary) body.append(el("p", "teaser__summary", row.summary));
    li.append(body);
    return li;
  };

  let asked = 0;
  const search = async (q) => {
    const ask = ++asked;
    const words = wordsOf(q);
    list.replaceChildren();
    if (!words.length) {
      // Nothing typed: nothing to say. Only signs typed ("(", ".*", an emoji): no article matches, and the reader is told so.
      status.textContent = q.trim() ? form.dataset.none : "";
      return;
    }
    status.textContent = form.dataset.loading;
    let all;
    try {
      all = await load();
    } catch {
      if (ask === asked) status.textContent = form.dataset.failed;
      return;
    }
    if (ask !== asked) return;
    const begins = (list, w) => list.some((k) => k.startsWith(w));
    const found = all.filter((r) => words.every((w) => begins(r.words, w)));
    // 0: every word whole in the title; 1: every word begins one in the title; 2: the rest. Stable: newest first within each.
    const rank = (r) => (words.every((w) => r.titleWords.includes(w)) ? 0 : words.every((w) => begins(r.titleWords, w)) ? 1 : 2);
    const ordered = found.map((r) => [rank(r), r]).sort((a, b) => a[0] - b[0]).map(([, r]) => r);
    list.replaceChildren(...ordered.slice(0, MAX_SHOWN).map(item));
    status.textContent = !found.length ? form.dataset.none : found.length > MAX_SHOWN ? say(form.dataset.more, { n: found.length, shown: MAX_SHOWN }) : say(form.dataset.found, { n: found.length });
  };

  const q = new URLSearchParams(location.search).get("q") ?? "";
  input.value = q;
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const url = new URL(location.href);
    url.searchParams.set("q", input.value);
    history.replaceState(null, "", url);
    search(input.value);
  });
  if (q) search(q);
  else input.focus();
})();
