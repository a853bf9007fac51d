/**
 * Every page's head: absolute canonical, OpenGraph and Twitter tags, article meta, feed links;
 * JSON-LD parsed from the built HTML (cheerio + JSON.parse) with its types and required
 * properties. The XSS fixture puts `</script>`, quotes, `<!--`, `]]>` and U+2028 into every
 * field a reader can type and expects well-formed output with the raw text intact.
 */
import * as cheerio from "cheerio";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { cleanup, NOW_EPOCH } from "../support/site.ts";
import { buildFixture, checkSyndication, jsonLdBlocks, read, type JsonLd, type SiteReport } from "./support.ts";

const NOW_MS = Number(NOW_EPOCH) * 1000;
const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

const load = (out: string, path: string): cheerio.CheerioAPI => cheerio.load(read(out, path));
const metaOf = ($: cheerio.CheerioAPI) => ({
  one: (key: string): string | undefined => $(`meta[property="${key}"], meta[name="${key}"]`).attr("content"),
  all: (key: string): string[] => $(`meta[property="${key}"]`).toArray().map((el) => $(el).attr("content") ?? ""),
});
const find = (blocks: JsonLd[], type: string): JsonLd => {
  const b = blocks.find((x) => x["@type"] === type);
  expect(b, `no ${type}`).toBeDefined();
  return b!;
};

describe("newsroom fixture", () => {
  const BASE = "https://kabar.example/";
  let out: string;
  beforeAll(async () => {
    out = buildFixture(dirs, "newsroom").out;
    await checkSyndication(out, { baseUrl: BASE, nowMs: NOW_MS });
  });

  test("article head: OpenGraph article tags with offsets, absolute author URLs and image with its measured size", () => {
    const $ = load(out, "berita/gempa-cianjur/index.html");
    const m = metaOf($);
    expect($('link[rel="canonical"]').attr("href")).toBe(`${BASE}berita/gempa-cianjur/`);
    expect(m.one("og:type")).toBe("article");
    expect(m.one("og:title")).toBe("Gempa Magnitudo 5,2 Guncang Cianjur, Warga Berhamburan");
    expect(m.one("article:published_time")).toBe("2024-09-30T20:15:00+07:00");
    expect(m.one("article:modified_time")).toBe("2024-09-30T22:40:00+07:00");
    expect(m.all("article:author")).toEqual([`${BASE}penulis/rina-wulandari/`, `${BASE}penulis/ahmad-fauzi/`]);
    expect(m.one("article:section")).toBe("Nasional");
    expect(m.all("article:tag")).toEqual(["Gempa", "BMKG", "Jawa Barat"]);
    expect(m.one("og:image")).toBe(`${BASE}2024/09/gempa-cianjur.jpg`);
    expect(m.one("og:image:alt")).toBe("Warga berkumpul di halaman rumah setelah gempa");
    expect(m.one("og:image:width")).toBe("64");
    expect(m.one("og:image:height")).toBe("48");
    expect(m.one("twitter:card")).toBe("summary_large_image");
    expect(m.one("twitter:image")).toBe(`${BASE}2024/09/gempa-cianjur.jpg`);
    expect(m.one("twitter:image:alt")).toBe("Warga berkumpul di halaman rumah setelah gempa");
    expect(m.one("og:locale")).toBe("id_ID");
    expect(m.one("og:site_name")).toBe("Kabar Nusantara");
  });

  test("article written in +08:00: same instant, site offset; no image → summary card with the site's raster logo", () => {
    const rupiah = metaOf(load(out, "berita/rupiah-menguat/index.html"));
    expect(rupiah.one("article:published_time")).toBe("2024-09-29T08:00:00+07:00");
    expect(Date.parse(rupiah.one("article:published_time")!)).toBe(Date.parse("2024-09-29T09:00:00+08:00"));
    expect(rupiah.one("og:image")).toBe("https://cdn.kabar.example/foto/rupiah.webp");
    const banjir = metaOf(load(out, "berita/banjir-semarang/index.html"));
    expect(banjir.one("og:image")).toBe("https://kabar.example/images/logo.png");
    expect(banjir.one("twitter:card")).toBe("summary");
    expect(banjir.one("article:modified_time")).toBe(banjir.one("article:published_time"));
    expect(banjir.all("article:tag")).toEqual([]);
  });

  test("NewsArticle + BreadcrumbList with every required property", () => {
    const blocks = jsonLdBlocks(load(out, "berita/gempa-cianjur/index.html"), "gempa");
    expect(blocks.map((b) => b["@type"])).toEqual(["NewsArticle", "BreadcrumbList"]);
    const n = find(blocks, "NewsArticle");
    expect(n).toMatchObject({
      headline: "Gempa Magnitudo 5,2 Guncang Cianjur, Warga Berhamburan",
      datePublished: "2024-09-30T20:15:00+07:00",
      dateModified: "2024-09-30T22:40:00+07:00",
      author: [
        { "@type": "Person", name: "Rina Wulandari", url: `${BASE}penulis/rina-wulandari/` },
        { "@type": "Person", name: "Ahmad Fauzi", url: `${BASE}penulis/ahmad-fauzi/` },
      ],
      publisher: { "@type": "Organization", name: "Kabar Nusantara Media", logo: { "@type": "ImageObject", url: `${BASE}images/logo.png` } },
      image: [`${BASE}2024/09/gempa-cianjur.jpg`],
      mainEntityOfPage: { "@type": "WebPage", "@id": `${BASE}berita/gempa-cianjur/` },
      articleSection: "Nasional",
      keywords: ["Gempa", "BMKG", "Jawa Barat"],
    });
    expect(find(blocks, "BreadcrumbList").itemListElement).toEqual([
      { "@type": "ListItem", position: 1, name: "Beranda", item: BASE },
      { "@type": "ListItem", position: 2, name: "Nasional", item: `${BASE}kategori/nasional/` },
      { "@type": "ListItem", position: 3, name: "Gempa Magnitudo 5,2 Guncang Cianjur, Warga Berhamburan", item: `${BASE}berita/gempa-cianjur/` },
    ]);
    // No tags, no image: the properties are left out rather than empty.
    const banjir = find(jsonLdBlocks(load(out, "berita/banjir-semarang/index.html"), "banjir"), "NewsArticle");
    expect(banjir.keywords).toBeUndefined();
    expect(banjir.image).toBeUndefined();
  });

  test("WebSite on the home page only", () => {
    const home = jsonLdBlocks(load(out, "index.html"), "home");
    expect(home).toEqual([
      expect.objectContaining({ "@type": "WebSite", name: "Kabar Nusantara", url: BASE, publisher: expect.objectContaining({ "@type": "Organization", name: "Kabar Nusantara Media" }) }),
    ]);
    expect(jsonLdBlocks(load(out, "kategori/nasional/index.html"), "kategori")).toEqual([]);
  });

  test("ProfilePage/Person on author pages, with the profile when there is one", () => {
    const rina = jsonLdBlocks(load(out, "penulis/rina-wulandari/index.html"), "rina");
    expect(find(rina, "ProfilePage")).toEqual({
      "@context": "https://schema.org",
      "@type": "ProfilePage",
      url: `${BASE}penulis/rina-wulandari/`,
      mainEntity: {
        "@type": "Person",
        name: "Rina Wulandari",
        url: `${BASE}penulis/rina-wulandari/`,
        description: "Redaktur pelaksana desk nasional; meliput kebencanaan dan lingkungan.",
        jobTitle: "Redaktur Pelaksana",
        image: `${BASE}images/penulis/rina.jpg`,
        sameAs: ["https://x.com/rina_wulandari_example"],
      },
    });
    const ahmad = find(jsonLdBlocks(load(out, "penulis/ahmad-fauzi/index.html"), "ahmad"), "ProfilePage");
    expect(ahmad.mainEntity).toEqual({ "@type": "Person", name: "Ahmad Fauzi", url: `${BASE}penulis/ahmad-fauzi/` });
    expect(metaOf(load(out, "penulis/ahmad-fauzi/index.html")).one("og:type")).toBe("profile");
  });

  test("category and author pages link their own feeds besides the site's", () => {
    const $ = load(out, "kategori/nasional/index.html");
    const links = $('link[rel="alternate"]').toArray().map((el) => `${$(el).attr("type")} ${$(el).attr("href")}`);
    expect(links).toEqual([
      "application/rss+xml /feed.xml",
      "application/atom+xml /atom.xml",
      "application/feed+json /feed.json",
      "application/rss+xml /kategori/nasional/feed.xml",
      "application/atom+xml /kategori/nasional/atom.xml",
      "application/feed+json /kategori/nasional/feed.json",
    ]);
  });
});

describe("XSS fixture: hostile titles, tags, author, category", () => {
  const BASE = "https://xss.example/";
  const TITLE = `Judul "Kutip" & 'Apostrof' </script><script>alert("xss")</script> <!-- komentar --> ]]> <b>tebal</b>`;
  const AUTHOR = `Budi "Kancil" O'Neil </script>`;
  const CATEGORY = "Hukum & </script><!--";
  const TAGS = ["</script><script>alert(1)</script>", `"Kutip" & 'Apos'`, "<!-- Komentar"];
  // `-->` and `<!--` in the text (written `\<!--`: a comment would be a note, left out: see markdown-comments.test.ts).
  const LEAD = 'Paragraf pertama dengan </script><script>alert(2)</script> dan --> dan <!-- komentar\u2028lalu baris baru\u2029dan & "kutip".';
  let out: string;
  let report: SiteReport;
  beforeAll(async () => {
    out = buildFixture(dirs, "xss").out;
    // Well-formed feeds (both parsers), XSD-valid sitemaps, parseable JSON-LD on every page.
    report = await checkSyndication(out, { baseUrl: BASE, nowMs: NOW_MS });
  });

  test("JSON-LD holds the raw strings exactly and cannot close its script element", () => {
    const html = read(out, "berita/judul-berbahaya/index.html");
    const $ = cheerio.load(html);
    // The only script elements are ours: nothing was injected.
    expect($("script").length).toBe($('script[type="application/ld+json"]').length);
    expect($("head script").length).toBe(2);
    for (const el of $('script[type="application/ld+json"]').toArray()) {
      const raw = $(el).text();
      expect(raw).not.toMatch(/<\/script|<!--|[\u2028\u2029]/i);
    }
    const blocks = jsonLdBlocks($, "xss");
    const n = find(blocks, "NewsArticle");
    expect(n.headline).toBe(TITLE);
    expect(n.author).toEqual([{ "@type": "Person", name: AUTHOR, url: `${BASE}penulis/budi-kancil-oneil-script/` }]);
    expect(n.articleSection).toBe(CATEGORY);
    expect(n.keywords).toEqual(TAGS);
    expect(n.description).toBe(LEAD);
    expect(n.publisher.name).toBe(`Penerbit </script> "X"`);
    expect(find(blocks, "BreadcrumbList").itemListElement.at(-1).name).toBe(TITLE);
    const m = metaOf($);
    expect(m.one("og:title")).toBe(TITLE);
    expect(m.all("article:tag")).toEqual(TAGS);
    expect(m.one("article:section")).toBe(CATEGORY);
    expect(m.one("og:image:alt")).toBe(`Alt "kutip" </script> <!--`);
  });

  test("feeds and the news sitemap carry the same raw strings", () => {
    const item = report.feeds.get("")!.items[0]!;
    expect(item.title).toBe(TITLE);
    expect(item.authors.map((a) => a.name)).toEqual([AUTHOR]);
    expect(item.categories).toEqual([CATEGORY, ...TAGS]);
    expect(item.summary).toBe(LEAD);
    expect(report.newsUrls.map((u) => u.title)).toEqual([TITLE]);
    expect(JSON.parse(read(out, "feed.json")).title).toBe(`Situs "Uji" </script>`);
  });

  test("home WebSite and author ProfilePage survive the hostile site title and author name", () => {
    expect(find(jsonLdBlocks(load(out, "index.html"), "home"), "WebSite").name).toBe(`Situs "Uji" </script>`);
    expect(find(jsonLdBlocks(load(out, "penulis/budi-kancil-oneil-script/index.html"), "author"), "ProfilePage").mainEntity.name).toBe(AUTHOR);
  });
});
