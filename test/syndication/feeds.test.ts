/**
 * Feeds: RSS 2.0, Atom 1.0 and JSON Feed 1.1 for the site and for every category and author,
 * built by the real CLI from fixture sites and read back with @rowanmanning/feed-parser and
 * fast-xml-parser. Exact expectations come from the fixtures' front matter.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { atom, imageType, jsonFeed, rss, type FeedEntry, type FeedMeta } from "../../src/render/feeds.ts";
import { article, buildSite, cleanup, NOW_EPOCH, writeSite } from "../support/site.ts";
import { buildFixture, checkFeedSet, checkSyndication, configPlus, parseXml, read, text, type FeedItemView, type SiteReport } from "./support.ts";

const BASE = "https://kabar.example/";
const NOW_MS = Number(NOW_EPOCH) * 1000;
const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

const byUrl = (items: FeedItemView[]): Map<string, FeedItemView> => new Map(items.map((i) => [i.url, i]));
const ids = (items: FeedItemView[]): string[] => items.map((i) => i.url.slice(BASE.length));

describe("newsroom fixture, summary feeds", () => {
  let out: string;
  let report: SiteReport;
  beforeAll(async () => {
    const r = buildFixture(dirs, "newsroom");
    expect(r.stderr).toBe("");
    out = r.out;
    report = await checkSyndication(out, { baseUrl: BASE, nowMs: NOW_MS });
  });

  test("site, category and author feeds exist in all three formats (tags have none)", () => {
    expect([...report.feeds.keys()].sort()).toEqual(["", "kategori/ekonomi/", "kategori/nasional/", "penulis/ahmad-fauzi/", "penulis/rina-wulandari/"]);
    expect(existsSync(join(out, "tag/gempa/feed.xml"))).toBe(false);
  });

  test("site feed: newest first, every field from the front matter", () => {
    const site = report.feeds.get("")!;
    expect(site.title).toBe("Kabar Nusantara");
    expect(ids(site.items)).toEqual(["berita/gempa-cianjur/", "berita/rupiah-menguat/", "berita/banjir-semarang/"]);
    const items = byUrl(site.items);

    const gempa = items.get(`${BASE}berita/gempa-cianjur/`)!;
    expect(gempa.title).toBe("Gempa Magnitudo 5,2 Guncang Cianjur, Warga Berhamburan");
    expect(gempa.raw).toEqual({
      rssPubDate: "Mon, 30 Sep 2024 20:15:00 +0700",
      rssUpdated: "2024-09-30T22:40:00+07:00",
      atomPublished: "2024-09-30T20:15:00+07:00",
      atomUpdated: "2024-09-30T22:40:00+07:00",
      jsonPublished: "2024-09-30T20:15:00+07:00",
      jsonModified: "2024-09-30T22:40:00+07:00",
    });
    expect(gempa.authors).toEqual([
      { name: "Rina Wulandari", url: `${BASE}penulis/rina-wulandari/` },
      { name: "Ahmad Fauzi", url: `${BASE}penulis/ahmad-fauzi/` },
    ]);
    expect(gempa.categories).toEqual(["Nasional", "Gempa", "BMKG", "Jawa Barat"]);
    expect(gempa.image).toBe(`${BASE}2024/09/gempa-cianjur.jpg`);
    expect(gempa.summary).toBe("Gempa bermagnitudo 5,2 mengguncang Cianjur, Jawa Barat, Senin malam. BMKG memastikan gempa tidak berpotensi tsunami.");
    expect(gempa.content).toBeUndefined();

    // Front matter in WITA (+08:00): same instant, printed in the site's WIB offset.
    const rupiah = items.get(`${BASE}berita/rupiah-menguat/`)!;
    expect(rupiah.published).toBe(Date.parse("2024-09-29T09:00:00+08:00"));
    expect(rupiah.raw.atomPublished).toBe("2024-09-29T08:00:00+07:00");
    expect(rupiah.raw.rssPubDate).toBe("Sun, 29 Sep 2024 08:00:00 +0700");
    expect(rupiah.raw.rssUpdated).toBeUndefined();
    expect(rupiah.updated).toBe(rupiah.published);
    expect(rupiah.authors).toEqual([{ name: "Ahmad Fauzi", url: `${BASE}penulis/ahmad-fauzi/` }]);
    expect(rupiah.image).toBe("https://cdn.kabar.example/foto/rupiah.webp");

    // No summary in front matter: the first paragraph; no image; only a category.
    const banjir = items.get(`${BASE}berita/banjir-semarang/`)!;
    expect(banjir.summary).toBe("Banjir rob kembali merendam kawasan pesisir utara Semarang sejak Jumat pagi.");
    expect(banjir.image).toBeUndefined();
    expect(banjir.categories).toEqual(["Nasional"]);
  });

  test("category and author feeds hold exactly their articles, titled and described", () => {
    expect(ids(report.feeds.get("kategori/nasional/")!.items)).toEqual(["berita/gempa-cianjur/", "berita/banjir-semarang/"]);
    expect(ids(report.feeds.get("kategori/ekonomi/")!.items)).toEqual(["berita/rupiah-menguat/"]);
    expect(ids(report.feeds.get("penulis/ahmad-fauzi/")!.items)).toEqual(["berita/gempa-cianjur/", "berita/rupiah-menguat/"]);
    expect(ids(report.feeds.get("penulis/rina-wulandari/")!.items)).toEqual(["berita/gempa-cianjur/", "berita/banjir-semarang/"]);
    expect(report.feeds.get("kategori/nasional/")!.title).toBe("Nasional – Kabar Nusantara");
    const rina = JSON.parse(read(out, "penulis/rina-wulandari/feed.json"));
    expect(rina.description).toBe("Redaktur pelaksana desk nasional; meliput kebencanaan dan lingkungan.");
  });

  test("images carry a MIME type when the extension tells it; categories name their taxonomy", () => {
    const rss = parseXml(read(out, "feed.xml")).rss.channel.item[0];
    expect(rss["media:content"][0]).toMatchObject({ "@_url": `${BASE}2024/09/gempa-cianjur.jpg`, "@_type": "image/jpeg", "@_medium": "image" });
    // The caption the page shows under the photo goes with it (the alt text only where there is no caption).
    expect(text(rss["media:content"][0]["media:description"])).toBe("Warga Cianjur berkumpul di luar rumah, Senin malam.");
    const atomGempa = parseXml(read(out, "atom.xml")).feed.entry[0];
    expect(text(atomGempa["media:content"][0]["media:description"])).toBe("Warga Cianjur berkumpul di luar rumah, Senin malam.");
    expect(rss.category.map((c: Record<string, string>) => c["@_domain"])).toEqual([`${BASE}kategori/`, `${BASE}tag/`, `${BASE}tag/`, `${BASE}tag/`]);
    const entry = parseXml(read(out, "atom.xml")).feed.entry[1];
    expect(entry.link.find((l: Record<string, string>) => l["@_rel"] === "enclosure")).toMatchObject({ "@_href": "https://cdn.kabar.example/foto/rupiah.webp", "@_type": "image/webp" });
    expect(entry.category[0]).toMatchObject({ "@_term": "Ekonomi", "@_scheme": `${BASE}kategori/` });
  });

  test("the publisher logo is the feeds' image", () => {
    const logo = `${BASE}images/logo.png`;
    expect(text(parseXml(read(out, "feed.xml")).rss.channel.image.url[0])).toBe(logo);
    expect(text(parseXml(read(out, "atom.xml")).feed.logo)).toBe(logo);
    expect(JSON.parse(read(out, "feed.json")).icon).toBe(logo);
  });

  test("feed dates are the newest update, never the clock", () => {
    const channel = parseXml(read(out, "feed.xml")).rss.channel;
    expect(text(channel.lastBuildDate)).toBe("Mon, 30 Sep 2024 22:40:00 +0700");
    expect(text(parseXml(read(out, "atom.xml")).feed.updated)).toBe("2024-09-30T22:40:00+07:00");
  });
});

describe("feedContent: full", () => {
  test("full HTML bodies with absolute links and images in all three formats", async () => {
    const r = buildFixture(dirs, "newsroom", { files: configPlus("newsroom", "feedContent: full\n") });
    const report = await checkSyndication(r.out, { baseUrl: BASE, nowMs: NOW_MS });
    const gempa = report.feeds.get("")!.items[0]!;
    expect(gempa.content).toBeDefined();
    expect(gempa.content).toContain("<p>Gempa bermagnitudo 5,2 mengguncang Kabupaten Cianjur, Jawa Barat, Senin (30/9) malam.</p>");
    expect(gempa.content).toContain(`src="${BASE}2024/09/peta-guncangan.jpg"`);
    expect(gempa.content).toContain(`href="${BASE}indeks/"`);
    expect(gempa.content).not.toMatch(/(?:src|href)="\/(?!\/)/);
    // The summary stays the summary.
    expect(gempa.summary).toBe("Gempa bermagnitudo 5,2 mengguncang Cianjur, Jawa Barat, Senin malam. BMKG memastikan gempa tidak berpotensi tsunami.");
    for (const set of report.feeds.values()) for (const item of set.items) expect(item.content, item.url).toBeDefined();
  });
});

describe("feedItems", () => {
  test("site, category and author feeds keep the newest 50 by default", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 55; i++) {
      const day = String(1 + (i % 28)).padStart(2, "0");
      const month = i < 28 ? "08" : "09";
      files[`articles/2024/${month}/berita-${i}.md`] = article({ title: `Berita nomor ${i}`, date: `2024-${month}-${day}T10:00:00+07:00`, author: "Rina Wulandari", category: "Nasional" });
    }
    const root = writeSite(files);
    dirs.push(root);
    const r = buildSite(root, ["--no-cache"]);
    expect(r.status, r.stderr + r.stdout).toBe(0);
    const report = await checkSyndication(r.out, { baseUrl: "https://warta.example/", nowMs: NOW_MS });
    for (const dir of ["", "kategori/nasional/", "penulis/rina-wulandari/"]) {
      const items = report.feeds.get(dir)!.items;
      expect(items.length, dir).toBe(50);
      // The five oldest (2024-08-01 … 05) are the ones left out.
      expect(items.at(-1)!.raw.atomPublished).toBe("2024-08-06T10:00:00+07:00");
    }
  });

  test("a site setting changes the count", () => {
    const r = buildFixture(dirs, "newsroom", { files: configPlus("newsroom", "feedItems: 1\n") });
    const site = checkFeedSet(r.out, "", BASE, 1);
    expect(site.items.map((i) => i.url)).toEqual([`${BASE}berita/gempa-cianjur/`]);
    expect(checkFeedSet(r.out, "penulis/rina-wulandari/", BASE, 1).items.length).toBe(1);
  });
});

describe("feed builders (pure)", () => {
  const meta = (logo: string): FeedMeta => ({
    title: "T", description: "D", home: BASE, language: "id", timeZone: "Asia/Jakarta", generator: "warta",
    self: { rss: `${BASE}feed.xml`, atom: `${BASE}atom.xml`, json: `${BASE}feed.json` }, logo,
  });

  test("RSS takes only a GIF, JPEG or PNG channel image; Atom and JSON any logo but an SVG, which feed readers do not show", () => {
    expect(rss(meta(`${BASE}logo.svg`), [])).not.toContain("<image>");
    expect(rss(meta(`${BASE}logo.png`), [])).toContain(`<image><url>${BASE}logo.png</url>`);
    expect(atom(meta(`${BASE}logo.svg`), [])).not.toContain("<logo>");
    expect(JSON.parse(jsonFeed(meta(`${BASE}logo.svg`), [])).icon).toBeUndefined();
    expect(atom(meta(`${BASE}logo.webp`), [])).toContain(`<logo>${BASE}logo.webp</logo>`);
    expect(JSON.parse(jsonFeed(meta(`${BASE}logo.webp`), [])).icon).toBe(`${BASE}logo.webp`);
  });

  test("image MIME types from the file name", () => {
    expect(["a.JPG", "a.jpeg?w=2", "a.png", "a.webp#x", "a.avif", "a.gif", "a.svg", "a", "a.php"].map(imageType)).toEqual([
      "image/jpeg", "image/jpeg", "image/png", "image/webp", "image/avif", "image/gif", "image/svg+xml", undefined, undefined,
    ]);
  });

  test("RSS descriptions are HTML: a summary's markup-like text is escaped as HTML, then as XML, so readers show it as written", () => {
    const summary = `Warga menulis <img src=x onerror=alert(1)> & "lainnya"`;
    const entry: FeedEntry = { title: "T <b>", url: `${BASE}berita/x/`, summary, dateMs: NOW_MS, authors: [], categories: [] };
    const doc = parseXml(rss({ ...meta(`${BASE}l.png`), description: "Kanal <i>berita</i>" }, [entry])) as { rss: { channel: { description: string; item: { description: string }[] } } };
    // What the XML holds once parsed is HTML that displays the text, not markup.
    expect(doc.rss.channel.item[0]!.description).toBe("Warga menulis &lt;img src=x onerror=alert(1)&gt; &amp; &quot;lainnya&quot;");
    expect(doc.rss.channel.description).toBe("Kanal &lt;i&gt;berita&lt;/i&gt;");
    // Atom's summary is typed text and JSON Feed's a plain string: they keep the text as it is.
    expect(atom(meta(`${BASE}l.png`), [entry])).toContain(`<summary>Warga menulis &lt;img src=x onerror=alert(1)&gt; &amp; &quot;lainnya&quot;</summary>`);
    expect(JSON.parse(jsonFeed(meta(`${BASE}l.png`), [entry])).items[0].summary).toBe(summary);
  });

  test("an empty feed is still well-formed and parseable", () => {
    for (const x of [rss(meta(`${BASE}l.png`), []), atom(meta(`${BASE}l.png`), [])]) expect(parseXml(x).rss ?? parseXml(x).feed).toBeDefined();
    expect(JSON.parse(jsonFeed(meta(`${BASE}l.png`), [])).items).toEqual([]);
  });
});
