/**
 * sitemap.xml is an index over parts; index and parts validate against the sitemaps.org XSDs
 * offline (xmllint-wasm; sitemap.xsd from the `sitemap` package, siteindex.xsd vendored as a
 * fixture). The 50,000-URL / 50 MB split is tested on the pure `sitemapParts`.
 */
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { SITEMAP_MAX_BYTES, SITEMAP_MAX_URLS, sitemapIndex, sitemapParts, type SitemapUrl } from "../../src/render/sitemaps.ts";
import { cleanup, NOW_EPOCH } from "../support/site.ts";
import { buildFixture, checkSyndication, parseXml, read, text, xsdErrors } from "./support.ts";

const BASE = "https://kabar.example/";
const TZ = "Asia/Jakarta";
const T0 = Date.parse("2024-09-30T20:15:00+07:00");
const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

const urls = (n: number, pad = 0): SitemapUrl[] =>
  Array.from({ length: n }, (_, i) => ({ loc: `${BASE}berita/${"x".repeat(pad)}artikel-${i}/`, lastmodMs: T0 - i * 60_000 }));
const count = (xml: string): number => xml.split("<url>").length - 1;

describe("sitemapParts (pure)", () => {
  test("limits are the protocol's: 50,000 URLs and 50 MB", () => {
    expect(SITEMAP_MAX_URLS).toBe(50_000);
    expect(SITEMAP_MAX_BYTES).toBe(52_428_800);
  });

  test("50,000 URLs fit one part; 50,001 split into 50,000 + 1, in order, each XSD-valid", async () => {
    expect(sitemapParts(urls(50_000), TZ).length).toBe(1);
    const parts = sitemapParts(urls(50_001), TZ);
    expect(parts.map((p) => p.urls)).toEqual([50_000, 1]);
    expect(count(parts[0]!.xml)).toBe(50_000);
    expect(parts[1]!.xml).toContain(`<loc>${BASE}berita/artikel-50000/</loc>`);
    expect(parts[0]!.xml).toContain(`<loc>${BASE}berita/artikel-49999/</loc>`);
    for (const [i, p] of parts.entries()) {
      expect(p.bytes).toBe(Buffer.byteLength(p.xml));
      expect(await xsdErrors(`sitemap-${i + 1}.xml`, p.xml, "urlset")).toEqual([]);
    }
    // Each part reports its own newest lastmod for the index.
    expect(parts[0]!.lastmodMs).toBe(T0);
    expect(parts[1]!.lastmodMs).toBe(T0 - 50_000 * 60_000);
  }, 120_000);

  test("a part never exceeds 50 MB: long URLs split by size before the URL limit", () => {
    // ~2,000-byte URLs: 26,000 of them are ~53 MB.
    const parts = sitemapParts(urls(26_000, 1_950), TZ);
    expect(parts.length).toBe(2);
    expect(parts[0]!.urls + parts[1]!.urls).toBe(26_000);
    for (const p of parts) expect(p.bytes).toBeLessThanOrEqual(SITEMAP_MAX_BYTES);
    expect(parts[0]!.bytes).toBeGreaterThan(SITEMAP_MAX_BYTES - 3_000);
  });

  test("custom limits; every URL lands in exactly one part", () => {
    const list = urls(10);
    const parts = sitemapParts(list, TZ, { maxUrls: 4, maxBytes: 10_000_000 });
    expect(parts.map((p) => p.urls)).toEqual([4, 4, 2]);
    const oneLine = Buffer.byteLength(sitemapParts(list.slice(0, 1), TZ)[0]!.xml);
    const bySize = sitemapParts(list, TZ, { maxUrls: 1000, maxBytes: oneLine + 10 });
    expect(bySize.length).toBe(10);
    const locs = bySize.flatMap((p) => [...p.xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]));
    expect(locs).toEqual(list.map((u) => u.loc));
  });

  test("lastmod keeps the site offset; URLs are escaped", async () => {
    const [part] = sitemapParts([{ loc: `${BASE}cari/?q=a&b=<c>` }, { loc: `${BASE}x/`, lastmodMs: T0 }], TZ);
    expect(part!.xml).toContain("<loc>https://kabar.example/cari/?q=a&amp;b=&lt;c&gt;</loc>");
    expect(part!.xml).toContain("<lastmod>2024-09-30T20:15:00+07:00</lastmod>");
    expect(await xsdErrors("s.xml", part!.xml, "urlset")).toEqual([]);
  });

  test("the index validates; the validator really rejects a bad lastmod", async () => {
    const index = sitemapIndex([{ loc: `${BASE}sitemap-1.xml`, lastmodMs: T0 }, { loc: `${BASE}sitemap-2.xml` }], TZ);
    expect(await xsdErrors("sitemap.xml", index, "sitemapindex")).toEqual([]);
    expect((await xsdErrors("bad.xml", index.replace("2024-09-30T20:15:00+07:00", "yesterday"), "sitemapindex")).length).toBeGreaterThan(0);
    const [part] = sitemapParts(urls(1), TZ);
    expect((await xsdErrors("bad.xml", part!.xml.replace(/<lastmod>[^<]+/, "<lastmod>30/09/2024"), "urlset")).length).toBeGreaterThan(0);
  });
});

describe("built sitemaps (newsroom fixture)", () => {
  let out: string;
  beforeAll(() => {
    out = buildFixture(dirs, "newsroom").out;
  });

  test("sitemap.xml is an index over XSD-valid parts (with every other syndication check)", async () => {
    const report = await checkSyndication(out, { baseUrl: BASE, nowMs: Number(NOW_EPOCH) * 1000 });
    const index = parseXml(read(out, "sitemap.xml"));
    expect(index.sitemapindex[0].sitemap.map((s: Record<string, unknown>) => text(s.loc))).toEqual([`${BASE}sitemap-1.xml`]);
    expect(text(index.sitemapindex[0].sitemap[0].lastmod)).toBe("2024-09-30T22:40:00+07:00");
    expect(report.sitemapUrls.sort()).toEqual(
      [
        "",
        "berita/gempa-cianjur/",
        "berita/rupiah-menguat/",
        "berita/banjir-semarang/",
        "kategori/",
        "kategori/ekonomi/",
        "kategori/nasional/",
        "tag/",
        "tag/bank-indonesia/",
        "tag/bmkg/",
        "tag/gempa/",
        "tag/jawa-barat/",
        "tag/rupiah/",
        "penulis/",
        "penulis/ahmad-fauzi/",
        "penulis/rina-wulandari/",
        "indeks/",
      ]
        .map((p) => BASE + p)
        .sort(),
    );
  });

  test("lastmod is `updated` or `date`; list pages take their newest article", () => {
    const part = parseXml(read(out, "sitemap-1.xml"));
    const lastmod = new Map<string, string | undefined>(part.urlset.url.map((u: Record<string, unknown>) => [text(u.loc), u.lastmod === undefined ? undefined : text(u.lastmod)]));
    expect(lastmod.get(`${BASE}berita/gempa-cianjur/`)).toBe("2024-09-30T22:40:00+07:00");
    expect(lastmod.get(`${BASE}berita/rupiah-menguat/`)).toBe("2024-09-29T08:00:00+07:00");
    expect(lastmod.get(`${BASE}berita/banjir-semarang/`)).toBe("2024-09-20T10:00:00+07:00");
    expect(lastmod.get(BASE)).toBe("2024-09-30T22:40:00+07:00");
    expect(lastmod.get(`${BASE}kategori/ekonomi/`)).toBe("2024-09-29T08:00:00+07:00");
  });

  test("robots.txt names both sitemaps with absolute URLs", () => {
    expect(read(out, "robots.txt")).toBe(`User-agent: *\nAllow: /\n\nSitemap: ${BASE}sitemap.xml\nSitemap: ${BASE}news-sitemap.xml\n`);
  });
});
