/**
 * The sample site (the repository itself) passes every syndication check, and its feeds, pages
 * and sitemaps carry the dates its front matter gives. Built from the checkout by the CLI,
 * into a temp folder, with a "now" just after the newest article so the news sitemap has content.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse as parseYaml } from "yaml";
import { afterAll, beforeAll, expect, test } from "vitest";
import { buildSite, cleanup, REPO, tempDir } from "../support/site.ts";
import { checkSyndication, outputPathOf, read, type SiteReport } from "./support.ts";

const BASE = "https://warta.example/";

interface SampleArticle {
  file: string;
  slug: string;
  title: string;
  dateMs: number;
  updatedMs: number;
  draft: boolean;
}

/** A front-matter date: with an offset as written, without one in Asia/Jakarta (+07:00, no DST). */
function frontMatterMs(value: string): number {
  const v = value.trim().replace(" ", "T");
  const withSeconds = /T\d{2}:\d{2}(?!:)/.test(v) ? v.replace(/(T\d{2}:\d{2})/, "$1:00") : v;
  const t = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(withSeconds) ? withSeconds : `${withSeconds}+07:00`);
  expect(Number.isNaN(t), value).toBe(false);
  return t;
}

function sampleArticles(): SampleArticle[] {
  const files: string[] = [];
  const visit = (d: string): void => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) visit(p);
      else if (n.endsWith(".md")) files.push(p);
    }
  };
  visit(join(REPO, "articles"));
  return files.map((abs) => {
    const text = readFileSync(abs, "utf8");
    const fm = parseYaml(/^---\r?\n([\s\S]*?)\r?\n---/.exec(text)![1]!, { schema: "core" }) as Record<string, unknown>;
    const dateMs = frontMatterMs(String(fm.date));
    const updated = fm.updated !== undefined ? frontMatterMs(String(fm.updated)) : undefined;
    return {
      file: relative(REPO, abs),
      slug: fm.slug !== undefined ? String(fm.slug) : abs.split("/").pop()!.replace(/\.md$/, ""),
      title: String(fm.title),
      dateMs,
      updatedMs: updated !== undefined && updated > dateMs ? updated : dateMs,
      draft: fm.draft === true,
      sponsored: fm.sponsored === true,
    };
  });
}

const articles = sampleArticles();
const published = articles.filter((a) => !a.draft).sort((a, b) => b.dateMs - a.dateMs);
const drafts = articles.filter((a) => a.draft);
// Twelve hours after the newest article.
const NOW_MS = published[0]!.dateMs + 12 * 3600 * 1000;

let out: string;
let report: SiteReport;
const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

beforeAll(async () => {
  const dir = tempDir("warta-sample-");
  dirs.push(dir);
  const r = buildSite(REPO, ["--no-cache", "--out", join(dir, "dist")], { SOURCE_DATE_EPOCH: String(Math.floor(NOW_MS / 1000)) });
  expect(r.status, r.stderr).toBe(0);
  out = r.out;
  report = await checkSyndication(out, { baseUrl: BASE, nowMs: NOW_MS });
}, 120_000);

test("the sample has what the checks need: drafts, several authors and categories", () => {
  expect(published.length).toBeGreaterThan(30);
  expect(drafts.length).toBeGreaterThan(0);
  expect(report.feeds.size).toBeGreaterThan(5);
});

test("the site feed lists every published article (fewer than 50), newest first, with front-matter dates", () => {
  const items = report.feeds.get("")!.items;
  expect(items.map((i) => i.url)).toEqual(published.slice(0, 50).map((a) => `${BASE}berita/${a.slug}/`));
  const bySlug = new Map(published.map((a) => [a.slug, a]));
  for (const set of report.feeds.values()) {
    for (const item of set.items) {
      const a = bySlug.get(item.url.slice(`${BASE}berita/`.length, -1))!;
      expect(a, item.url).toBeDefined();
      // An advertorial is told apart in feed readers too.
      expect(item.title).toBe(a.sponsored ? `Advertorial: ${a.title}` : a.title);
      expect(item.published, `${a.file} date`).toBe(a.dateMs);
      expect(item.updated, `${a.file} updated`).toBe(a.updatedMs);
    }
  }
});

test("every published article is in the sitemap and has a page whose head carries its dates", () => {
  for (const a of published) {
    const url = `${BASE}berita/${a.slug}/`;
    expect(report.sitemapUrls).toContain(url);
    const html = read(out, outputPathOf(url, BASE)!);
    const time = /<meta property="article:published_time" content="([^"]+)">/.exec(html)![1]!;
    expect(Date.parse(time), a.file).toBe(a.dateMs);
    expect(time).toMatch(/\+07:00$/);
  }
});

test("the news sitemap lists exactly the articles of the 48 hours before now", () => {
  const expected = published.filter((a) => a.dateMs > NOW_MS - 48 * 3600 * 1000).map((a) => `${BASE}berita/${a.slug}/`);
  expect(expected.length).toBeGreaterThan(0);
  expect(report.newsUrls.map((u) => u.loc)).toEqual(expected);
});

test("drafts appear nowhere", () => {
  for (const d of drafts) {
    for (const f of ["feed.xml", "atom.xml", "feed.json", "sitemap-1.xml", "news-sitemap.xml"]) {
      expect(read(out, f), `${d.file} in ${f}`).not.toContain(`/berita/${d.slug}/`);
    }
    expect(report.html.some((p) => p.startsWith(`berita/${d.slug}/`))).toBe(false);
  }
});
