// warta's search page: matches the words typed against the search index (cari/data.json, the
// newest articles), in the reader's browser. Every word must appear in the title, category, tags
// or summary, accents and case aside; titles that hold them all come first, then the newest.
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
        const f = { title: at("title"), url: at("url"), date: at("date"), category: at("category"), tags: at("tags"), summary: at("summary"), sponsored: at("sponsored") };
        return data.items.map((item) => {
          const get = (k) => (f[k] >= 0 && typeof item[f[k]] === "string" ? item[f[k]] : "");
          const row = { title: get("title"), url: get("url"), date: get("date"), category: get("category"), summary: get("summary"), sponsored: get("sponsored") !== "" };
          row.titleKey = fold(row.title);
          row.key = `${row.titleKey}\n${fold(row.category)}\n${fold(get("tags"))}\n${fold(row.summary)}`;
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
    const words = fold(q).split(/\s+/).filter(Boolean);
    list.replaceChildren();
    if (!words.length) {
      status.textContent = "";
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
    const found = all.filter((r) => words.every((w) => r.key.includes(w)));
    const inTitle = found.filter((r) => words.every((w) => r.titleKey.includes(w)));
    const first = new Set(inTitle);
    const ordered = [...inTitle, ...found.filter((r) => !first.has(r))];
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
