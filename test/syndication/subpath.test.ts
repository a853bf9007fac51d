/**
 * A site published under a sub-path (`--base-url https://example.id/berita/`): every link, asset,
 * feed, sitemap, canonical and og:url stays under `/berita/`, and every same-site link resolves
 * to a file the build wrote.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as cheerio from "cheerio";
import { afterAll, beforeAll, expect, test } from "vitest";
import { cleanup, listFiles, NOW_EPOCH } from "../support/site.ts";
import { buildFixture, checkSyndication, configPlus, outputPathOf, read, type SiteReport } from "./support.ts";

const BASE = "https://example.id/berita/";
const HOST = "example.id";
let out: string;
let report: SiteReport;
const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

beforeAll(async () => {
  // Full content too, so article bodies (with their links and images) are in the feeds.
  out = buildFixture(dirs, "newsroom", { files: configPlus("newsroom", "feedContent: full\n"), flags: ["--base-url", BASE] }).out;
  report = await checkSyndication(out, { baseUrl: BASE, nowMs: Number(NOW_EPOCH) * 1000 });
});

/** A same-site URL must sit under the sub-path and name a file of the build. */
function expectInside(url: URL, where: string): void {
  if (url.hostname !== HOST) return;
  expect(url.protocol, `${where}: ${url.href}`).toBe("https:");
  expect(url.pathname.startsWith("/berita/"), `${where}: ${url.href} escapes /berita/`).toBe(true);
  const path = outputPathOf(url.origin + url.pathname, BASE);
  expect(path && existsSync(join(out, path)), `${where}: ${url.href} has no file`).toBe(true);
}

function walkJson(value: unknown, visit: (s: string) => void): void {
  if (typeof value === "string") visit(value);
  else if (Array.isArray(value)) value.forEach((v) => walkJson(v, visit));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => walkJson(v, visit));
}

test("every href, src, meta URL and JSON-LD URL in every page stays under /berita/", () => {
  let checked = 0;
  for (const page of report.html) {
    const $ = cheerio.load(read(out, page));
    const pageUrl = new URL(page.replace(/index\.html$/, ""), BASE);
    for (const el of $("[href], [src], [srcset], [action], [poster]").toArray()) {
      const attrs = $(el).attr()!;
      const values = [attrs.href, attrs.src, attrs.action, attrs.poster, ...(attrs.srcset ?? "").split(",").map((s) => s.trim().split(/\s+/)[0])].filter((v): v is string => !!v);
      for (const v of values) {
        if (/^(mailto|tel):/i.test(v)) continue;
        expectInside(new URL(v, pageUrl), `${page} <${(el as { name?: string }).name}>`);
        checked++;
      }
    }
    for (const el of $("meta[content]").toArray()) {
      const v = $(el).attr("content")!;
      if (/^https?:\/\//.test(v)) expectInside(new URL(v), `${page} meta ${$(el).attr("property") ?? $(el).attr("name")}`);
    }
    for (const el of $('script[type="application/ld+json"]').toArray()) {
      walkJson(JSON.parse($(el).text()), (s) => {
        if (/^https?:\/\//.test(s)) expectInside(new URL(s), `${page} JSON-LD`);
      });
    }
  }
  expect(checked).toBeGreaterThan(100);
});

test("canonical and og:url are the page's own URL under the sub-path", () => {
  const $ = cheerio.load(read(out, "berita/gempa-cianjur/index.html"));
  expect($('link[rel="canonical"]').attr("href")).toBe(`${BASE}berita/gempa-cianjur/`);
  expect($('meta[property="og:url"]').attr("content")).toBe(`${BASE}berita/gempa-cianjur/`);
  expect($('meta[property="og:image"]').attr("content")).toBe(`${BASE}2024/09/gempa-cianjur.jpg`);
  expect($('meta[property="article:author"]').first().attr("content")).toBe(`${BASE}penulis/rina-wulandari/`);
  expect($('link[rel="alternate"][type="application/rss+xml"]').first().attr("href")).toBe("/berita/feed.xml");
  expect($('link[rel="stylesheet"]').attr("href")).toBe("/berita/assets/warta.css");
});

test("every URL in feeds, sitemaps and robots.txt stays under the sub-path", () => {
  const generated = listFiles(out).filter((f) => /\.(xml|json|txt)$/.test(f));
  expect(generated).toEqual(expect.arrayContaining(["feed.xml", "atom.xml", "feed.json", "sitemap.xml", "sitemap-1.xml", "news-sitemap.xml", "robots.txt", "kategori/nasional/feed.xml"]));
  let checked = 0;
  for (const file of generated) {
    // Unescape XML once, so URLs inside escaped HTML (content:encoded, atom content) are seen too.
    const body = read(out, file).replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
    expect(body, file).not.toMatch(/https?:\/\/kabar\.example\//);
    for (const m of body.matchAll(/https?:\/\/[^\s"'<>\\]+/g)) {
      const url = new URL(m[0]);
      // Namespace and schema URIs are not links.
      if (/^(www\.)?(sitemaps\.org|w3\.org|google\.com|jsonfeed\.org|purl\.org|search\.yahoo\.com|schema\.org)$/.test(url.hostname)) continue;
      expectInside(url, file);
      checked++;
    }
  }
  expect(checked).toBeGreaterThan(50);
});

test("feed bodies use absolute URLs under the sub-path", () => {
  const gempa = report.feeds.get("")!.items.find((i) => i.url === `${BASE}berita/gempa-cianjur/`)!;
  expect(gempa.content).toContain(`src="${BASE}2024/09/peta-guncangan.jpg"`);
  expect(gempa.content).toContain(`href="${BASE}indeks/"`);
  expect(gempa.image).toBe(`${BASE}2024/09/gempa-cianjur.jpg`);
  expect(read(out, "robots.txt")).toContain(`Sitemap: ${BASE}sitemap.xml\nSitemap: ${BASE}news-sitemap.xml\n`);
});
