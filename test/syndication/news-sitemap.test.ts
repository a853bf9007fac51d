/**
 * news-sitemap.xml: the articles published in the 48 hours before the build's "now"
 * (SOURCE_DATE_EPOCH), at most 1,000, with publication name and language, title and a
 * publication date with offset. Google's XSD cannot be redistributed, so the rules are ours
 * (see ../shared/design/quality-gates.md §4).
 */
import { afterAll, describe, expect, test } from "vitest";
import { configSchema, resolveConfig } from "../../src/config/schema.ts";
import { buildModel } from "../../src/model/build-model.ts";
import type { ArticleRecord } from "../../src/parse/article.ts";
import { NEWS_MAX, NEWS_WINDOW_MS, siteFiles } from "../../src/render/site-files.ts";
import { article, buildSite, cleanup, NOW_EPOCH, writeSite } from "../support/site.ts";
import { buildFixture, checkNewsSitemap, parseXml, read, text } from "./support.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

const DATE = "2024-09-29T10:00:00+07:00";
const DATE_MS = Date.parse(DATE);
const H48 = 48 * 3600;

describe("the 48-hour window, by SOURCE_DATE_EPOCH", () => {
  const root = writeSite({
    "warta.config.yaml": "title: Kabar Pagi\npublisher:\n  name: Kabar Pagi Media\n",
    "articles/2024/09/sidang-isbat.md": article({ title: `'"Sidang Isbat" & Hilal: Pemerintah Tetapkan 1 Rabiulakhir'`, date: DATE, author: "Rina Wulandari" }),
    "articles/2024/09/lama.md": article({ title: "Berita Lama", date: "2024-09-01T08:00:00+07:00", author: "Rina Wulandari" }),
  });
  dirs.push(root);
  const build = (epochSeconds: number): { xml: string; out: string } => {
    const out = `${root}/out-${epochSeconds}`;
    const r = buildSite(root, ["--no-cache", "--out", out], { SOURCE_DATE_EPOCH: String(epochSeconds) });
    expect(r.status, r.stderr).toBe(0);
    return { xml: read(out, "news-sitemap.xml"), out };
  };
  const published = DATE_MS / 1000;

  test("just inside: one second before the article turns 48 hours old", () => {
    const { xml } = build(published + H48 - 1);
    const urls = checkNewsSitemap(xml, "https://warta.example/", (published + H48 - 1) * 1000);
    expect(urls).toEqual([{ loc: "https://warta.example/berita/sidang-isbat/", title: '"Sidang Isbat" & Hilal: Pemerintah Tetapkan 1 Rabiulakhir', date: DATE }]);
    const news = parseXml(xml).urlset.url[0]["news:news"];
    expect(text(news["news:publication"]["news:name"])).toBe("Kabar Pagi Media");
    expect(text(news["news:publication"]["news:language"])).toBe("id");
    expect(xml).toContain("<news:title>&quot;Sidang Isbat&quot; &amp; Hilal: Pemerintah Tetapkan 1 Rabiulakhir</news:title>");
  });

  test("just published counts too (date == now)", () => {
    expect(checkNewsSitemap(build(published).xml, "https://warta.example/", DATE_MS).length).toBe(1);
  });

  test("exactly 48 hours old and just outside: not listed, and the file stays well-formed", () => {
    for (const epoch of [published + H48, published + H48 + 1]) {
      const { xml } = build(epoch);
      expect(checkNewsSitemap(xml, "https://warta.example/", epoch * 1000)).toEqual([]);
      expect(xml).not.toContain("sidang-isbat");
    }
  });

  test("the news sitemap never affects the ordinary sitemap", () => {
    const { out } = build(published + H48 + 1);
    expect(read(out, "sitemap-1.xml")).toContain("https://warta.example/berita/sidang-isbat/");
  });
});

describe("newsroom fixture at the shared NOW_EPOCH", () => {
  test("lists the two articles of the last 48 h (one written in +08:00), no draft, no future, no older", () => {
    const r = buildFixture(dirs, "newsroom");
    const urls = checkNewsSitemap(read(r.out, "news-sitemap.xml"), "https://kabar.example/", Number(NOW_EPOCH) * 1000);
    expect(urls).toEqual([
      { loc: "https://kabar.example/berita/gempa-cianjur/", title: "Gempa Magnitudo 5,2 Guncang Cianjur, Warga Berhamburan", date: "2024-09-30T20:15:00+07:00" },
      { loc: "https://kabar.example/berita/rupiah-menguat/", title: "Rupiah Menguat ke Level Terkuat Sejak Awal Tahun", date: "2024-09-29T08:00:00+07:00" },
    ]);
    const pub = parseXml(read(r.out, "news-sitemap.xml")).urlset.url[0]["news:news"]["news:publication"];
    expect(text(pub["news:name"])).toBe("Kabar Nusantara Media");
  });
});

/** Synthetic records straight into the real model and generator: no files, no CLI. */
function model(count: number, newestMs: number, stepMs: number) {
  const records = Array.from({ length: count }, (_, i): { record: ArticleRecord; hash: string; teaserHash: string } => ({
    record: {
      file: `articles/a-${i}.md`, slug: `a-${i}`, title: `Berita ${i}`, dateMs: newestMs - i * stepMs, authors: [`Penulis ${i % 50}`], category: `Rubrik ${i % 20}`,
      tags: [`Tag ${i % 500}`, `Tag ${(i * 7) % 500}`], summary: `Ringkasan ${i}`, draft: false, words: 300, keyLines: {},
    },
    hash: String(i),
    teaserHash: String(i),
  }));
  return buildModel({ records, profiles: new Map(), nowMs: newestMs, drafts: false, future: false, timeZone: "Asia/Jakarta", relatedCount: 0 }).model;
}
const config = resolveConfig(configSchema.parse({}));

describe("siteFiles (pure)", () => {
  test("at most 1,000 URLs: the newest", () => {
    const now = Date.parse("2024-10-01T07:00:00+07:00");
    // 1,500 articles, one a minute: all inside 48 hours.
    const files = siteFiles(model(1500, now, 60_000), config, now, () => "", "warta test");
    const xml = files.find((f) => f.path === "news-sitemap.xml")!.content();
    const urls = checkNewsSitemap(xml, config.baseUrl, now);
    expect(NEWS_MAX).toBe(1000);
    expect(NEWS_WINDOW_MS).toBe(48 * 3600 * 1000);
    expect(urls.length).toBe(1000);
    expect(urls[0]!.loc).toBe(`${config.baseUrl}berita/a-0/`);
    expect(urls[999]!.loc).toBe(`${config.baseUrl}berita/a-999/`);
  });

  test("a 10,000-article site's feeds and sitemaps are generated quickly (linear work)", () => {
    const now = Date.parse("2024-10-01T07:00:00+07:00");
    const m = model(10_000, now, 3_600_000);
    const t0 = performance.now();
    const files = siteFiles(m, config, now, () => "<p>isi</p>", "warta test");
    const elapsed = performance.now() - t0;
    console.log(`siteFiles, 10,000 articles: ${Math.round(elapsed)} ms`);
    // 1 site + 20 categories + 50 authors, three formats each; sitemap part + index; news; robots.
    expect(files.filter((f) => /(^|\/)feed\.xml$/.test(f.path)).length).toBe(71);
    expect(files.find((f) => f.path === "sitemap-1.xml")!.content().split("<url>").length - 1).toBe(1 + 10_000 + 20 + 500 + 50 + 3 + 1);
    // 48 hourly articles fall in the window (the 49th is exactly 48 h old).
    expect(files.find((f) => f.path === "news-sitemap.xml")!.content().split("<url>").length - 1).toBe(48);
    // Generous: a guard against quadratic work (10,000² steps would take minutes), not a benchmark.
    expect(elapsed).toBeLessThan(5_000);
  });
});
