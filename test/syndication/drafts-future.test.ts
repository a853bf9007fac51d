/**
 * Drafts (`draft: true`) and future articles (dated after SOURCE_DATE_EPOCH) never reach a feed,
 * a sitemap or the news sitemap, nor any page; `--drafts` / `--future` bring them in everywhere.
 */
import { afterAll, describe, expect, test } from "vitest";
import { cleanup, listFiles, NOW_EPOCH } from "../support/site.ts";
import { buildFixture, checkSyndication, read } from "./support.ts";

const BASE = "https://kabar.example/";
const NOW_MS = Number(NOW_EPOCH) * 1000;
const DRAFT = { slug: "rahasia-draf-reshuffle", title: "Rahasia Draf Reshuffle Kabinet" };
const FUTURE = { slug: "pelantikan-masa-depan", title: "Pelantikan Masa Depan yang Belum Terjadi" };
const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

function build(flags: string[]): string {
  return buildFixture(dirs, "newsroom", { flags }).out;
}

const SYNDICATION = /(^|\/)(feed\.xml|atom\.xml|feed\.json)$|^(sitemap(-\d+)?|news-sitemap)\.xml$|^robots\.txt$/;

describe("a normal build", () => {
  test("no draft or future article in any feed, sitemap, news sitemap or page", async () => {
    const out = build([]);
    const report = await checkSyndication(out, { baseUrl: BASE, nowMs: NOW_MS });
    const files = listFiles(out);
    const syndication = files.filter((f) => SYNDICATION.test(f));
    expect(syndication.length).toBeGreaterThan(10);
    for (const f of [...syndication, ...report.html]) {
      const body = read(out, f);
      for (const a of [DRAFT, FUTURE]) {
        expect(body, f).not.toContain(a.slug);
        expect(body, f).not.toContain(a.title);
      }
    }
    // Their only category and tags do not exist either.
    expect(files.some((f) => f.startsWith("kategori/politik/") || f.startsWith("tag/kabinet/") || f.startsWith("tag/pelantikan/"))).toBe(false);
    // The draft is inside the news window and would be listed if it leaked.
    expect(report.newsUrls.map((u) => u.loc)).toEqual([`${BASE}berita/gempa-cianjur/`, `${BASE}berita/rupiah-menguat/`]);
  });
});

describe("--drafts --future", () => {
  test("both appear in the site feed, their category and author feeds, the sitemap and the news sitemap", async () => {
    const out = build(["--drafts", "--future"]);
    const report = await checkSyndication(out, { baseUrl: BASE, nowMs: NOW_MS });
    const urls = (dir: string): string[] => report.feeds.get(dir)!.items.map((i) => i.url);
    for (const a of [DRAFT, FUTURE]) {
      const url = `${BASE}berita/${a.slug}/`;
      expect(urls(""), a.slug).toContain(url);
      expect(urls("kategori/politik/"), a.slug).toContain(url);
      expect(report.sitemapUrls).toContain(url);
      expect(report.newsUrls.map((u) => u.loc)).toContain(url);
    }
    expect(urls("penulis/ahmad-fauzi/")).toContain(`${BASE}berita/${DRAFT.slug}/`);
    expect(urls("penulis/rina-wulandari/")).toContain(`${BASE}berita/${FUTURE.slug}/`);
    // Newest first: the future article leads.
    expect(urls("")[0]).toBe(`${BASE}berita/${FUTURE.slug}/`);
  });

  test("each flag alone brings in only its own kind", async () => {
    const drafts = await checkSyndication(build(["--drafts"]), { baseUrl: BASE, nowMs: NOW_MS });
    expect(drafts.sitemapUrls).toContain(`${BASE}berita/${DRAFT.slug}/`);
    expect(drafts.sitemapUrls).not.toContain(`${BASE}berita/${FUTURE.slug}/`);
    const future = await checkSyndication(build(["--future"]), { baseUrl: BASE, nowMs: NOW_MS });
    expect(future.sitemapUrls).toContain(`${BASE}berita/${FUTURE.slug}/`);
    expect(future.sitemapUrls).not.toContain(`${BASE}berita/${DRAFT.slug}/`);
  });
});
