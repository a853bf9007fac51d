/**
 * Gate 2 — links. Crawl each built site from index.html: every reference resolves to a file of
 * the output, every #fragment exists in its target, every page is reachable.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup } from "../support/site.ts";
import { brokenSite, page } from "./lib/fixtures.ts";
import { checkLinks } from "./lib/links.ts";
import { describeProblems } from "./lib/problem.ts";
import { builtSite, requireBuilt, type BuiltSite } from "./lib/sites.ts";

let sample: BuiltSite;
let hostile: BuiltSite;
let broken: string;

beforeAll(() => {
  sample = requireBuilt(builtSite("sample"));
  hostile = requireBuilt(builtSite("hostile"));
  broken = brokenSite({
    "index.html": page(`<p>
      <a href="/berita/ada/">ada</a> <a href="/berita/hilang/">mati</a> <a href="/berita/ada/#tidak-ada">jangkar</a>
      <a href="#konten">ke konten</a> <a href="https://example.com/">luar</a> <a href="mailto:r@example.com">surel</a></p>
      <img src="/images/hilang.jpg" alt="Foto yang hilang" width="10" height="10">
      <img src="/images/ada.svg" srcset="/images/ada.svg 1x, /images/hilang-2x.svg 2x" alt="Foto" width="10" height="10">`, { head: '<link rel="stylesheet" href="/assets/hilang.css">' }),
    "berita/ada/index.html": page('<p><a href="../../">Beranda</a> <a href="/berita">folder tanpa garis miring</a></p>', {
      head: '<meta property="og:image" content="https://warta.example/images/og-hilang.jpg"><script type="application/ld+json">{"@type":"NewsArticle","url":"https://warta.example/berita/ada/","image":["https://warta.example/images/ld-hilang.jpg"]}</script>',
    }),
    "robots.txt": "User-agent: *\nAllow: /\nSitemap: https://warta.example/sitemap.xml\n",
    "sitemap.xml": '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://warta.example/berita/ada/</loc></url><url><loc>https://warta.example/berita/dihapus/</loc></url></urlset>\n',
    "images/ada.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    "yatim/index.html": page("<p>Tidak ada yang menautkan halaman ini.</p>"),
    "assets/gaya.css": "body { background: url('/images/latar-hilang.png'); }",
    "gaya/index.html": page('<p><a href="/">Beranda</a></p>', { head: '<link rel="stylesheet" href="/assets/gaya.css">' }),
  });
}, 60_000);
afterAll(() => cleanup(broken));

describe("gate 2: links", () => {
  it("sample site: no broken link, anchor or asset; every page reachable from index.html", () => {
    expect(sample.pages.length).toBeGreaterThan(100);
    expect(describeProblems(checkLinks(sample.out))).toEqual([]);
  });

  it("hostile site: same", () => {
    expect(describeProblems(checkLinks(hostile.out))).toEqual([]);
  });
});

describe("gate 2 bites", () => {
  it("names the page and each dead link, missing anchor, missing asset and orphan", () => {
    const problems = describeProblems(checkLinks(broken));
    const has = (re: RegExp): void => void expect(problems.some((p) => re.test(p)), `${re} in:\n${problems.join("\n")}`).toBe(true);
    has(/^\[links\] index\.html: broken <a href> "\/berita\/hilang\/": berita\/hilang\/index\.html does not exist/);
    has(/^\[links\] index\.html: broken anchor <a href> "\/berita\/ada\/#tidak-ada": no id "tidak-ada" in berita\/ada\/index\.html/);
    has(/^\[links\] index\.html: broken <img src> "\/images\/hilang\.jpg"/);
    has(/^\[links\] index\.html: broken <img srcset> "\/images\/hilang-2x\.svg"/);
    has(/^\[links\] index\.html: broken <link href> "\/assets\/hilang\.css"/);
    has(/^\[links\] berita\/ada\/index\.html: <a href> "\/berita" points at the folder berita\/ without a trailing slash/);
    has(/^\[links\] yatim\/index\.html: not reachable from index\.html/);
    has(/^\[links\] gaya\/index\.html: not reachable from index\.html/);
    has(/^\[links\] assets\/gaya\.css: broken url\(\) in stylesheet "\/images\/latar-hilang\.png"/);
    has(/^\[links\] berita\/ada\/index\.html: broken <meta content> "https:\/\/warta\.example\/images\/og-hilang\.jpg"/);
    has(/^\[links\] berita\/ada\/index\.html: broken JSON-LD URL "https:\/\/warta\.example\/images\/ld-hilang\.jpg"/);
    has(/^\[links\] sitemap\.xml: broken sitemap <loc> "https:\/\/warta\.example\/berita\/dihapus\/"/);
    expect(problems.filter((p) => /#konten|example\.com\/"|mailto|berita\/ada\/"/.test(p))).toEqual([]);
    expect(problems).toHaveLength(12);
  });
});
