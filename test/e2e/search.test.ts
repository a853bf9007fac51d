/**
 * The search page: its index (cari/data.json) as built, the box in every page's masthead, and
 * what a reader finds in real Chromium — accents and case aside, every word required, article
 * text shown as text.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { isolatedContext, useServedSite } from "../support/browser.ts";
import { article, buildSite, fixtureSites, NOW_EPOCH, readHtml } from "../support/site.ts";

const { site } = fixtureSites();
const NOW = Number(NOW_EPOCH) * 1000;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
const HOSTILE_TITLE = `Banjir "Rob" <img src=x onerror=alert(1)> di Pesisir`;

const files = (config = ""): Record<string, string> => ({
  ...(config ? { "warta.config.yaml": config } : {}),
  "articles/pemilu.md": article({ title: "KPU Tetapkan Hasil Pemilu Daérah", date: iso(NOW - 3 * 3600_000), author: "Rina Wulandari", category: "Politik", tags: "[Pemilu 2024, KPU]", summary: "Rekapitulasi selesai tanpa sengketa." }),
  "articles/harga.md": article({ title: "Harga Beras Naik Lagi", date: iso(NOW - 2 * 3600_000), author: "Bagus", category: "Ekonomi", tags: "[Inflasi]", summary: "Pedagang pasar mengeluhkan pasokan dari daerah.", sponsored: "true" }),
  "articles/banjir.md": article({ title: JSON.stringify(HOSTILE_TITLE), date: iso(NOW - 3600_000), author: "Bagus", category: "Daerah", summary: JSON.stringify(`Warga mengungsi; </script><script>alert(2)</script>`) }),
  // An acronym, and a word that holds it.
  "articles/mk.md": article({ title: "MK Tolak Gugatan Sengketa", date: iso(NOW - 4 * 3600_000), author: "Sari", category: "Hukum" }),
  "articles/umkm.md": article({ title: "Pelaku UMKM Naik Kelas", date: iso(NOW - 5 * 3600_000), author: "Sari", category: "Bisnis" }),
});

interface Index {
  fields: string[];
  items: string[][];
}
const readIndex = (out: string): Index => JSON.parse(readFileSync(join(out, "cari/data.json"), "utf8")) as Index;

describe("the search index", () => {
  it("lists the newest articles with the fields its page reads, URLs under the site's path", () => {
    const r = buildSite(site(files()), ["--base-url", "https://contoh.id/portal/"]);
    expect(r.status, r.stderr).toBe(0);
    const index = readIndex(r.out);
    expect(index.fields).toEqual(["title", "url", "date", "category", "tags", "summary", "sponsored", "authors"]);
    expect(index.items.map((i) => i[0])).toEqual([HOSTILE_TITLE, "Harga Beras Naik Lagi", "KPU Tetapkan Hasil Pemilu Daérah", "MK Tolak Gugatan Sengketa", "Pelaku UMKM Naik Kelas"]);
    const pemilu = index.items[2]!;
    expect(pemilu[1]).toBe("/portal/berita/pemilu/");
    expect(pemilu[2]).toBe("Selasa, 01 Oktober 2024, 04:00 WIB");
    expect(pemilu.slice(3)).toEqual(["Politik", "Pemilu 2024, KPU", "Rekapitulasi selesai tanpa sengketa.", "", "Rina Wulandari"]);
    // Paid content is marked, for its label in the results.
    expect(index.items[1]![6]).toBe("1");
    // Every page's masthead searches there; the search page itself is kept out of search engines.
    const home = readHtml(r.out, "index.html");
    expect(home('form[role="search"]').attr("action")).toBe("/portal/cari/");
    expect(home('form[role="search"] input[name="q"]').length).toBe(1);
    const page = readHtml(r.out, "cari/index.html");
    expect(page('meta[name="robots"]').attr("content")).toMatch(/noindex/);
    expect(page("form[data-index]").attr("data-index")).toBe("/portal/cari/data.json");
    expect(page("script[src]").attr("src")).toBe("/portal/assets/cari.js");
    expect(existsSync(join(r.out, "assets/cari.js"))).toBe(true);
    expect(readFileSync(join(r.out, "sitemap-1.xml"), "utf8")).not.toContain("/cari/");
  });

  it("holds `searchItems` articles; `searchItems: 0` means no search page, index or box", () => {
    const two = buildSite(site(files("searchItems: 2\n")));
    expect(two.status, two.stderr).toBe(0);
    expect(readIndex(two.out).items.map((i) => i[0])).toEqual([HOSTILE_TITLE, "Harga Beras Naik Lagi"]);
    expect(readHtml(two.out, "cari/index.html")("main p.muted").text()).toMatch(/dari 2 berita terbaru/);

    const none = buildSite(site(files("searchItems: 0\n")));
    expect(none.status, none.stderr).toBe(0);
    expect(existsSync(join(none.out, "cari"))).toBe(false);
    expect(existsSync(join(none.out, "assets/cari.js"))).toBe(false);
    expect(readHtml(none.out, "index.html")('form[role="search"]').length).toBe(0);

    const bad = buildSite(site(files("searchItems: -1\n")));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/searchItems/);
  });

  it("is rewritten by a cached build when a title changes, and left alone when only a body does", () => {
    const root = site(files());
    const first = buildSite(root);
    expect(first.status, first.stderr).toBe(0);
    const indexFile = join(first.out, "cari/data.json");
    const before = statSync(indexFile).mtimeMs;
    writeFileSync(join(root, "articles/harga.md"), article({ title: "Harga Beras Naik Lagi", date: iso(NOW - 2 * 3600_000), author: "Bagus", category: "Ekonomi", tags: "[Inflasi]", summary: "Pedagang pasar mengeluhkan pasokan dari daerah.", sponsored: "true" }, "Isi berita yang diperbarui."));
    expect(buildSite(root).status).toBe(0);
    expect(statSync(indexFile).mtimeMs).toBe(before);
    writeFileSync(join(root, "articles/harga.md"), article({ title: "Harga Beras Turun", date: iso(NOW - 2 * 3600_000), author: "Bagus", category: "Ekonomi", tags: "[Inflasi]" }));
    const edited = buildSite(root);
    expect(edited.status, edited.stderr).toBe(0);
    expect(readIndex(edited.out).items.map((i) => i[0])).toContain("Harga Beras Turun");
    const fresh = buildSite(root, ["--out", join(root, "fresh"), "--no-cache"]);
    expect(readFileSync(join(fresh.out, "cari/data.json"), "utf8")).toBe(readFileSync(indexFile, "utf8"));
  });
});

describe("searching in Chromium", () => {
  const served = useServedSite(() => {
    const r = buildSite(site(files()));
    expect(r.status, r.stderr).toBe(0);
    return r.out;
  });

  /** Open the page, collect what goes wrong, and return the results shown for the query typed into the masthead box. */
  async function search(query: string): Promise<{ status: string; titles: string[]; hrefs: string[]; labels: string[]; url: string; trouble: string[] }> {
    const { context, blocked } = await isolatedContext(served.browser, { viewport: { width: 1280, height: 800 } });
    const trouble: string[] = [];
    try {
      const page = await context.newPage();
      page.on("pageerror", (e) => trouble.push(`pageerror: ${e.message}`));
      page.on("dialog", (d) => {
        trouble.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await page.goto(new URL("/", served.url).href);
      await page.fill("#cari-atas", query);
      await page.press("#cari-atas", "Enter");
      await page.waitForURL(/\/cari\/\?q=/);
      await page.waitForFunction(() => {
        const s = document.querySelector("#cari-status")?.textContent ?? "";
        return s !== "" && !s.startsWith("Mencari");
      });
      const shown = await page.evaluate(() => ({
        status: document.querySelector("#cari-status")!.textContent!,
        titles: [...document.querySelectorAll("#cari-hasil h2")].map((h) => h.textContent!),
        hrefs: [...document.querySelectorAll("#cari-hasil a")].map((a) => a.getAttribute("href")!),
        labels: [...document.querySelectorAll("#cari-hasil .teaser")].map((t) => t.querySelector(".label-sponsored")?.textContent ?? ""),
        injected: document.querySelectorAll("#cari-hasil img, #cari-hasil script").length,
        value: (document.querySelector("#cari-kata") as HTMLInputElement).value,
      }));
      if (shown.injected) trouble.push(`${shown.injected} element(s) made from article text`);
      if (shown.value !== query) trouble.push(`the box shows ${JSON.stringify(shown.value)}`);
      trouble.push(...blocked.map((b) => `request off the machine: ${b}`));
      return { ...shown, url: page.url(), trouble };
    } finally {
      await context.close();
    }
  }

  it("finds articles by every word, accents and case aside, and links to them", async () => {
    const r = await search("PEMILU daerah");
    expect(r.trouble).toEqual([]);
    expect(r.titles).toEqual(["KPU Tetapkan Hasil Pemilu Daérah"]);
    expect(r.hrefs).toEqual(["/berita/pemilu/"]);
    expect(r.status).toBe("1 berita ditemukan.");
    expect(r.url).toMatch(/\/cari\/\?q=PEMILU\+daerah$/);
  });

  it("searches summaries, categories and tags too, titles that hold the words first", async () => {
    const r = await search("daerah");
    expect(r.trouble).toEqual([]);
    // In the title of one, the category of another, the summary of the third: the title's first, then the newest.
    expect(r.titles).toEqual(["KPU Tetapkan Hasil Pemilu Daérah", HOSTILE_TITLE, "Harga Beras Naik Lagi"]);
    // The paid one is labelled, as in every list.
    expect(r.labels).toEqual(["", "", "Advertorial"]);
    expect((await search("inflasi")).titles).toEqual(["Harga Beras Naik Lagi"]);
  });

  it("matches the start of words: an acronym is not found inside a longer word, a word not inside another", async () => {
    const mk = await search("MK");
    expect(mk.trouble).toEqual([]);
    expect(mk.titles).toEqual(["MK Tolak Gugatan Sengketa"]);
    // A word begun is enough ("pemil" → "Pemilu"); "naik" begins no word of "Kelas"-only articles.
    expect((await search("pemil")).titles).toEqual(["KPU Tetapkan Hasil Pemilu Daérah"]);
    // The article whose title holds the whole word comes before one where it only begins a word ("sengketa" in the KPU summary, the MK title).
    expect((await search("sengketa")).titles).toEqual(["MK Tolak Gugatan Sengketa", "KPU Tetapkan Hasil Pemilu Daérah"]);
  });

  it("reads past punctuation typed with a word, and searches the authors' names", async () => {
    expect((await search("beras,")).titles).toEqual(["Harga Beras Naik Lagi"]);
    expect((await search("\"Pemilu\"")).titles).toEqual(["KPU Tetapkan Hasil Pemilu Daérah"]);
    expect((await search("wulandari")).titles).toEqual(["KPU Tetapkan Hasil Pemilu Daérah"]);
  });

  it("shows article text as text: a title with markup runs nothing", async () => {
    const r = await search("onerror rob");
    expect(r.trouble).toEqual([]);
    expect(r.titles).toEqual([HOSTILE_TITLE]);
  });

  it("on a phone, the masthead's magnifier opens the search page, whose own form searches", async () => {
    const { context, blocked } = await isolatedContext(served.browser, { viewport: { width: 375, height: 812 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await page.goto(new URL("/", served.url).href);
      expect(await page.isVisible("#cari-atas")).toBe(false);
      await page.click(".masthead__find");
      await page.waitForURL(/\/cari\/$/);
      // Nothing typed yet: no status, the box has the focus.
      expect(await page.evaluate(() => [document.activeElement?.id, document.querySelector("#cari-status")?.textContent])).toEqual(["cari-kata", ""]);
      await page.fill("#cari-kata", "beras");
      await page.press("#cari-kata", "Enter");
      await page.waitForFunction(() => (document.querySelector("#cari-status")?.textContent ?? "").endsWith("ditemukan."));
      expect(await page.$$eval("#cari-hasil h2", (hs) => hs.map((h) => h.textContent))).toEqual(["Harga Beras Naik Lagi"]);
      expect(page.url()).toMatch(/\/cari\/\?q=beras$/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
      expect([...errors, ...blocked]).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("says so when nothing matches", async () => {
    const r = await search("zzz tidak ada");
    expect(r.trouble).toEqual([]);
    expect(r.titles).toEqual([]);
    expect(r.status).toBe("Tidak ada berita yang cocok dengan kata kunci itu.");
  });

  it("answers a query of signs alone (no letter or digit) with the no-match line, not with silence", async () => {
    // Such a query holds no word to search for: before, the results were emptied and the status left blank.
    for (const query of ["(", ".* [\\", "🇮🇩"]) {
      const r = await search(query);
      expect(r.trouble).toEqual([]);
      expect(r.titles).toEqual([]);
      expect(r.status).toBe("Tidak ada berita yang cocok dengan kata kunci itu.");
    }
  });
});
