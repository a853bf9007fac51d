/**
 * Checks for everything a built site offers aggregators and search engines: feeds (parsed with a
 * real feed parser and with fast-xml-parser), sitemaps (XSD, offline, xmllint-wasm), the Google
 * News sitemap (own rules: Google's XSD is not redistributable), robots.txt, head meta and
 * JSON-LD. `checkSyndication` runs them all on one output folder; fixture tests add exact
 * expectations on top.
 */
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseFeed } from "@rowanmanning/feed-parser";
import * as cheerio from "cheerio";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { expect } from "vitest";
import { imageSize } from "image-size";
import { validateXML } from "xmllint-wasm";
import { buildSite, FIXTURES, listFiles, REPO, tempDir, type CliRun } from "../support/site.ts";

export const SYNDICATION_FIXTURES = join(FIXTURES, "syndication");
const SITEMAP_XSD = readFileSync(join(REPO, "node_modules", "sitemap", "schema", "sitemap.xsd"), "utf8");
const SITEINDEX_XSD = readFileSync(join(SYNDICATION_FIXTURES, "siteindex.xsd"), "utf8");

/** RFC 822 as RSS wants it, in WIB: `Mon, 30 Sep 2024 20:15:00 +0700`. */
export const RFC822_WIB = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0700$/;
/** RFC 3339 / W3C datetime with the WIB offset: `2024-09-30T20:15:00+07:00`. */
export const RFC3339_WIB = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/;
/** Any RFC 3339 date-time (JSON Feed 1.1 requires it). */
export const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
/** C0 controls XML 1.0 forbids (tab, LF, CR allowed). */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;

const ms = (date: string): number => {
  const t = Date.parse(date);
  expect(Number.isNaN(t), `unparseable date ${date}`).toBe(false);
  return t;
};

/** Copy a fixture site into a fresh temp folder, optionally replacing or adding files. */
export function copyFixture(name: string, files: Record<string, string> = {}): string {
  const dir = tempDir(`warta-synd-${name}-`);
  cpSync(join(SYNDICATION_FIXTURES, name), dir, { recursive: true });
  for (const [path, content] of Object.entries(files)) writeFileSync(join(dir, path), content);
  return dir;
}

export const read = (out: string, path: string): string => readFileSync(join(out, path), "utf8");

/** The fixture's own `warta.config.yaml` with `extra` lines appended (for `copyFixture`'s `files`). */
export const configPlus = (name: string, extra: string): Record<string, string> => ({ "warta.config.yaml": `${read(join(SYNDICATION_FIXTURES, name), "warta.config.yaml")}${extra}` });

/**
 * Copy a fixture (with `files` over it), register the copy in `dirs` for clean-up, build it
 * without cache (plus `flags`) and expect success. Returns the CLI run and its output folder.
 */
export function buildFixture(dirs: string[], name: string, options: { files?: Record<string, string>; flags?: string[] } = {}): CliRun & { out: string } {
  const root = copyFixture(name, options.files);
  dirs.push(root);
  const r = buildSite(root, ["--no-cache", ...(options.flags ?? [])]);
  expect(r.status, r.stderr + r.stdout).toBe(0);
  return r;
}

/** Absolute URL under `baseUrl` → output path (`…/x/` → `x/index.html`); undefined if outside. */
export function outputPathOf(url: string, baseUrl: string): string | undefined {
  if (!url.startsWith(baseUrl)) return undefined;
  const rel = decodeURIComponent(url.slice(baseUrl.length).replace(/[?#].*$/, ""));
  return rel === "" || rel.endsWith("/") ? `${rel}index.html` : rel;
}

const ARRAYS = new Set(["item", "entry", "url", "sitemap", "category", "author", "link", "dc:creator", "media:content", "sitemapindex"]);
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@_", parseTagValue: false, parseAttributeValue: false, trimValues: true, isArray: (name) => ARRAYS.has(name) });

/** Well-formed (fast-xml-parser's validator), then parsed to plain objects. */
export function parseXml(text: string, name = "xml"): any {
  const valid = XMLValidator.validate(text);
  expect(valid, `${name} is not well-formed: ${JSON.stringify(valid)}`).toBe(true);
  expect(CONTROL.test(text), `${name} contains a control character`).toBe(false);
  return parser.parse(text);
}

/** The text of a parsed element that may carry attributes. */
export const text = (node: unknown): string => (typeof node === "object" && node !== null ? String((node as Record<string, unknown>)["#text"] ?? "") : String(node ?? ""));

/** Validate against the sitemaps.org XSD (`urlset`) or the vendored index XSD; returns error messages. */
export async function xsdErrors(fileName: string, contents: string, kind: "urlset" | "sitemapindex"): Promise<string[]> {
  const schema = kind === "urlset" ? { fileName: "sitemap.xsd", contents: SITEMAP_XSD } : { fileName: "siteindex.xsd", contents: SITEINDEX_XSD };
  const result = await validateXML({ xml: [{ fileName, contents }], schema: [schema], maxMemoryPages: 4096 });
  return result.errors.map((e) => e.rawMessage ?? e.message);
}

export interface FeedItemView {
  id: string;
  url: string;
  title: string;
  published: number;
  updated: number;
  /** Date strings exactly as written, per format. */
  raw: { rssPubDate: string; rssUpdated?: string; atomPublished: string; atomUpdated: string; jsonPublished: string; jsonModified: string };
  authors: { name: string; url?: string }[];
  categories: string[];
  image?: string;
  summary: string;
  content?: string;
}

/**
 * Parse one feed triple (`feed.xml`, `atom.xml`, `feed.json` in `dir`), check each format's own
 * rules and that the three agree; return the items as one view.
 */
export function checkFeedSet(out: string, dir: string, baseUrl: string, maxItems: number): { title: string; items: FeedItemView[] } {
  const rssPath = `${dir}feed.xml`;
  const atomPath = `${dir}atom.xml`;
  const jsonPath = `${dir}feed.json`;
  const rssText = read(out, rssPath);
  const atomText = read(out, atomPath);
  const jsonText = read(out, jsonPath);
  const home = baseUrl + dir;

  // RSS 2.0: real parser + raw structure.
  const rssDoc = parseXml(rssText, rssPath);
  const channel = rssDoc.rss.channel;
  expect(rssDoc.rss["@_version"]).toBe("2.0");
  expect(text(channel.title)).not.toBe("");
  expect(text(channel.link[0])).toBe(home);
  expect(channel.description).toBeDefined();
  const selfLinks = (channel["atom:link"] ? [channel["atom:link"]].flat() : []) as Record<string, string>[];
  expect(selfLinks.find((l) => l["@_rel"] === "self")?.["@_href"], `${rssPath} self link`).toBe(baseUrl + rssPath);
  const rssItems = (channel.item ?? []) as any[];
  const rssFeed = parseFeed(rssText);
  expect(rssFeed.title).toBe(text(channel.title));
  expect(rssFeed.items.length).toBe(rssItems.length);

  // Atom 1.0.
  const atomDoc = parseXml(atomText, atomPath);
  const feed = atomDoc.feed;
  expect(feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
  expect(text(feed.id)).toBe(baseUrl + atomPath);
  expect(text(feed.updated)).toMatch(RFC3339_WIB);
  const atomLinks = feed.link as Record<string, string>[];
  expect(atomLinks.find((l) => l["@_rel"] === "self")?.["@_href"]).toBe(baseUrl + atomPath);
  expect(atomLinks.find((l) => l["@_rel"] === "alternate")?.["@_href"]).toBe(home);
  const atomEntries = (feed.entry ?? []) as any[];
  const atomFeed = parseFeed(atomText);
  expect(atomFeed.title).toBe(text(feed.title));
  expect(atomFeed.items.length).toBe(atomEntries.length);

  // JSON Feed 1.1: JSON.parse and the spec's required fields.
  const json = JSON.parse(jsonText);
  expect(json.version).toBe("https://jsonfeed.org/version/1.1");
  expect(typeof json.title).toBe("string");
  expect(json.title.length).toBeGreaterThan(0);
  expect(json.home_page_url).toBe(home);
  expect(json.feed_url).toBe(baseUrl + jsonPath);
  expect(Array.isArray(json.items)).toBe(true);

  expect(rssItems.length).toBeLessThanOrEqual(maxItems);
  expect(atomEntries.length).toBe(rssItems.length);
  expect(json.items.length).toBe(rssItems.length);
  expect(text(channel.title)).toBe(json.title);
  expect(text(feed.title)).toBe(json.title);

  const items: FeedItemView[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < rssItems.length; i++) {
    const r = rssItems[i];
    const rp = rssFeed.items[i]!;
    const a = atomEntries[i];
    const ap = atomFeed.items[i]!;
    const j = json.items[i];
    const where = `${dir} item ${i}`;

    // ids: guid = link = atom id = atom alternate link = json id = json url, unique, under the site.
    const url = text(r.link[0]);
    expect(url.startsWith(baseUrl), `${where}: ${url} outside ${baseUrl}`).toBe(true);
    expect(r.guid["@_isPermaLink"]).toBe("true");
    expect(text(r.guid)).toBe(url);
    expect(rp.id).toBe(url);
    expect(rp.url).toBe(url);
    expect(text(a.id)).toBe(url);
    expect(ap.id).toBe(url);
    expect(ap.url).toBe(url);
    expect(j.id).toBe(url);
    expect(j.url).toBe(url);
    expect(ids.has(url), `${where}: duplicate id ${url}`).toBe(false);
    ids.add(url);

    // titles: the decoded text agrees across formats and parsers.
    expect(typeof j.title).toBe("string");
    expect(text(r.title)).toBe(j.title);
    expect(text(a.title)).toBe(j.title);

    // dates: offsets kept, one instant per meaning across formats.
    const rssPubDate = text(r.pubDate);
    expect(rssPubDate, where).toMatch(RFC822_WIB);
    const atomPublished = text(a.published);
    const atomUpdated = text(a.updated);
    expect(atomPublished).toMatch(RFC3339_WIB);
    expect(atomUpdated).toMatch(RFC3339_WIB);
    expect(j.date_published).toMatch(RFC3339);
    expect(j.date_modified).toMatch(RFC3339);
    expect(j.date_published).toMatch(RFC3339_WIB);
    const published = ms(atomPublished);
    expect(ms(rssPubDate)).toBe(published);
    expect(ms(j.date_published)).toBe(published);
    expect(rp.published?.getTime()).toBe(published);
    expect(ap.published?.getTime()).toBe(published);
    const updated = ms(atomUpdated);
    expect(ms(j.date_modified)).toBe(updated);
    expect(ap.updated?.getTime()).toBe(updated);
    expect(updated).toBeGreaterThanOrEqual(published);
    const rssUpdated = r["atom:updated"] !== undefined ? text(r["atom:updated"]) : undefined;
    if (rssUpdated !== undefined) {
      expect(rssUpdated).toMatch(RFC3339_WIB);
      expect(ms(rssUpdated)).toBe(updated);
    } else expect(updated).toBe(published);
    if (i > 0) expect(published, `${where}: not newest first`).toBeLessThanOrEqual(items[i - 1]!.published);

    // authors: names everywhere, author page URLs in Atom and JSON.
    const rssAuthors = ((r["dc:creator"] ?? []) as unknown[]).map(text);
    const atomAuthors = (a.author as any[]).map((x) => ({ name: text(x.name), url: text(x.uri) }));
    expect(rssAuthors.length).toBeGreaterThan(0);
    expect(rssAuthors).toEqual(atomAuthors.map((x) => x.name));
    expect(j.authors).toEqual(atomAuthors);
    expect(rp.authors.map((x) => x.name)).toEqual(rssAuthors);
    expect(ap.authors.map((x) => ({ name: x.name, url: x.url }))).toEqual(atomAuthors);
    for (const au of atomAuthors) expect(au.url.startsWith(`${baseUrl}penulis/`), au.url).toBe(true);

    // categories and tags.
    const rssCats = ((r.category ?? []) as unknown[]).map(text);
    const atomCats = ((a.category ?? []) as Record<string, string>[]).map((c) => c["@_term"]!);
    expect(atomCats).toEqual(rssCats);
    expect(j.tags ?? []).toEqual(rssCats);
    expect(rp.categories.map((c) => c.term)).toEqual(rssCats);
    expect(ap.categories.map((c) => c.label)).toEqual(rssCats);
    expect(new Set(rssCats.map((c) => c.toLowerCase())).size, `${where}: duplicate category`).toBe(rssCats.length);

    // lead image: absolute, the same in all three formats, seen by the parser.
    const image: string | undefined = j.image;
    if (image !== undefined) {
      expect(/^https?:\/\//.test(image)).toBe(true);
      expect(rp.image?.url).toBe(image);
      expect(ap.image?.url).toBe(image);
      expect(r["media:content"][0]["@_url"]).toBe(image);
      expect(r["media:content"][0]["@_medium"]).toBe("image");
    } else {
      expect(r["media:content"]).toBeUndefined();
      expect(rp.image).toBeNull();
      expect(ap.image).toBeNull();
    }

    // summary always; full content only when present in all formats. RSS's description is HTML:
    // read as a browser reads it, it is the text Atom's and JSON Feed's summaries carry.
    const summary = cheerio.load(`<p>${text(r.description)}</p>`)("p").text();
    expect(text(a.summary)).toBe(summary);
    expect(j.summary).toBe(summary);
    const content: string | undefined = r["content:encoded"] !== undefined ? text(r["content:encoded"]) : undefined;
    if (content !== undefined) {
      expect(rp.content).toBe(content);
      expect(text(a.content)).toBe(content);
      expect(a.content["@_type"]).toBe("html");
      expect(j.content_html).toBe(content);
      expect(j.content_text).toBeUndefined();
    } else {
      expect(a.content).toBeUndefined();
      expect(j.content_html).toBeUndefined();
      expect(j.content_text).toBe(summary);
    }

    items.push({
      id: url, url, title: j.title, published, updated,
      raw: { rssPubDate, ...(rssUpdated !== undefined ? { rssUpdated } : {}), atomPublished, atomUpdated, jsonPublished: j.date_published, jsonModified: j.date_modified },
      authors: atomAuthors, categories: rssCats, ...(image !== undefined ? { image } : {}), summary, ...(content !== undefined ? { content } : {}),
    });
  }
  return { title: json.title, items };
}

export interface SiteOptions {
  baseUrl: string;
  feedItems?: number;
  /** The build's "now" in ms, for the news sitemap window. */
  nowMs: number;
}

export interface SiteReport {
  html: string[];
  articlePages: string[];
  feeds: Map<string, { title: string; items: FeedItemView[] }>;
  sitemapUrls: string[];
  newsUrls: { loc: string; title: string; date: string }[];
}

/** Every check on one built site. Returns what it read, for fixture-specific assertions. */
export async function checkSyndication(out: string, options: SiteOptions): Promise<SiteReport> {
  const { baseUrl } = options;
  const files = listFiles(out);
  const html = files.filter((f) => f.endsWith(".html"));
  const articlePages = html.filter((f) => /^berita\/[^/]+\/index\.html$/.test(f));
  const report: SiteReport = { html, articlePages, feeds: new Map(), sitemapUrls: [], newsUrls: [] };

  // Feeds: the site's, and one per category and per author.
  const feedDirs = ["", ...files.filter((f) => /^(kategori|penulis)\/[^/]+\/feed\.xml$/.test(f)).map((f) => f.slice(0, -"feed.xml".length))];
  const categoryDirs = new Set(html.filter((f) => /^kategori\/[^/]+\/index\.html$/.test(f)).map((f) => f.slice(0, -"index.html".length)));
  const authorDirs = new Set(html.filter((f) => /^penulis\/[^/]+\/index\.html$/.test(f)).map((f) => f.slice(0, -"index.html".length)));
  for (const d of [...categoryDirs, ...authorDirs]) expect(feedDirs, `no feeds for ${d}`).toContain(d);
  for (const dir of feedDirs) {
    const set = checkFeedSet(out, dir, baseUrl, options.feedItems ?? 50);
    report.feeds.set(dir, set);
    for (const item of set.items) {
      // Each item is a published article page whose head carries the same dates and title.
      const path = outputPathOf(item.url, baseUrl)!;
      expect(existsSync(join(out, path)), `${dir}feed links to missing ${path}`).toBe(true);
      const $ = cheerio.load(read(out, path));
      // An advertorial's feed title carries its label; its page shows the label above the headline.
      const label = "Advertorial: ";
      const sponsored = item.title.startsWith(label);
      expect($('meta[property="og:title"]').attr("content")).toBe(sponsored ? item.title.slice(label.length) : item.title);
      if (sponsored) expect($(".label-sponsored").length, `${path}: labelled as its feed entry is`).toBeGreaterThan(0);
      expect($('meta[property="article:published_time"]').attr("content")).toBe(item.raw.atomPublished);
      expect($('meta[property="article:modified_time"]').attr("content")).toBe(item.raw.atomUpdated);
    }
  }
  // Per-term feeds hold exactly that term's newest articles.
  const site = report.feeds.get("")!;
  for (const [dir, set] of report.feeds) {
    if (dir === "") continue;
    const termUrl = baseUrl + dir;
    for (const item of set.items) {
      if (dir.startsWith("penulis/")) expect(item.authors.map((a) => a.url), `${item.url} in ${dir}`).toContain(termUrl);
    }
  }
  expect(site.items.length).toBe(Math.min(articlePages.length, options.feedItems ?? 50));

  // Sitemaps: index over parts, both valid against the sitemaps.org XSDs.
  const indexXml = read(out, "sitemap.xml");
  expect(await xsdErrors("sitemap.xml", indexXml, "sitemapindex")).toEqual([]);
  const index = parseXml(indexXml, "sitemap.xml");
  const parts = (index.sitemapindex[0].sitemap as any[]).map((s) => ({ loc: text(s.loc), lastmod: s.lastmod === undefined ? undefined : text(s.lastmod) }));
  expect(parts.length).toBeGreaterThan(0);
  for (const part of parts) {
    const path = outputPathOf(part.loc, baseUrl);
    expect(path, `sitemap part ${part.loc} outside ${baseUrl}`).toBeDefined();
    const partXml = read(out, path!);
    expect(await xsdErrors(path!, partXml, "urlset")).toEqual([]);
    const urls = (parseXml(partXml, path).urlset.url as any[]).map((u) => ({ loc: text(u.loc), lastmod: u.lastmod === undefined ? undefined : text(u.lastmod) }));
    expect(urls.length).toBeLessThanOrEqual(50_000);
    expect(Buffer.byteLength(partXml)).toBeLessThanOrEqual(50 * 1024 * 1024);
    let newest = 0;
    for (const u of urls) {
      report.sitemapUrls.push(u.loc);
      if (u.lastmod !== undefined) {
        expect(u.lastmod).toMatch(RFC3339_WIB);
        newest = Math.max(newest, ms(u.lastmod));
      }
    }
    if (part.lastmod !== undefined) expect(ms(part.lastmod)).toBe(newest);
  }
  expect(new Set(report.sitemapUrls).size, "duplicate sitemap URLs").toBe(report.sitemapUrls.length);
  for (const loc of report.sitemapUrls) {
    const path = outputPathOf(loc, baseUrl);
    expect(path, `${loc} outside ${baseUrl}`).toBeDefined();
    expect(existsSync(join(out, path!)), `sitemap lists missing ${loc}`).toBe(true);
    const $ = cheerio.load(read(out, path!));
    expect($('meta[name="robots"]').attr("content") ?? "", `sitemap lists noindex page ${loc}`).not.toMatch(/noindex/);
    expect($('link[rel="canonical"]').attr("href"), `sitemap URL ${loc} is not canonical`).toBe(loc);
  }
  for (const page of articlePages) expect(report.sitemapUrls, `${page} missing from the sitemap`).toContain(baseUrl + page.slice(0, -"index.html".length));
  expect(report.sitemapUrls).toContain(baseUrl);

  // Google News sitemap: own rules (no redistributable XSD).
  report.newsUrls = checkNewsSitemap(read(out, "news-sitemap.xml"), baseUrl, options.nowMs);
  for (const n of report.newsUrls) expect(articlePages).toContain(outputPathOf(n.loc, baseUrl));

  // robots.txt names both sitemaps by absolute URL.
  const robots = read(out, "robots.txt");
  const sitemapLines = robots.split("\n").filter((l) => /^sitemap:/i.test(l)).map((l) => l.replace(/^sitemap:\s*/i, ""));
  expect(sitemapLines).toEqual([`${baseUrl}sitemap.xml`, `${baseUrl}news-sitemap.xml`]);
  expect(robots).toMatch(/^User-agent: \*$/m);

  // Every HTML page: head meta, feed links, JSON-LD.
  for (const page of html) checkHead(out, page, baseUrl);
  return report;
}

/** Google News sitemap rules: ≤ 1,000 URLs, each published in the 48 h before now, name/language/title/date. */
export function checkNewsSitemap(xmlText: string, baseUrl: string, nowMs: number): { loc: string; title: string; date: string }[] {
  const doc = parseXml(xmlText, "news-sitemap.xml");
  expect(doc.urlset["@_xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
  expect(doc.urlset["@_xmlns:news"]).toBe("http://www.google.com/schemas/sitemap-news/0.9");
  const urls = (doc.urlset.url ?? []) as any[];
  expect(urls.length).toBeLessThanOrEqual(1000);
  return urls.map((u) => {
    const loc = text(u.loc);
    expect(loc.startsWith(baseUrl)).toBe(true);
    const news = u["news:news"];
    const pub = news["news:publication"];
    expect(text(pub["news:name"]).length).toBeGreaterThan(0);
    expect(text(pub["news:language"])).toMatch(/^[a-z]{2,3}$|^zh-(cn|tw)$/);
    const title = text(news["news:title"]);
    expect(title.length).toBeGreaterThan(0);
    const date = text(news["news:publication_date"]);
    expect(date).toMatch(RFC3339_WIB);
    const t = ms(date);
    expect(t, `${loc} older than 48 h`).toBeGreaterThan(nowMs - 48 * 3600 * 1000);
    return { loc, title, date };
  });
}

export interface JsonLd {
  [key: string]: any;
}

/** Every JSON-LD block of a page, parsed; the raw text can never close or comment out the script. */
export function jsonLdBlocks($: cheerio.CheerioAPI, where: string): JsonLd[] {
  return $('script[type="application/ld+json"]')
    .toArray()
    .map((el) => {
      const raw = $(el).text();
      expect(raw, `${where}: JSON-LD contains "<"`).not.toMatch(/</);
      expect(/[\u2028\u2029]/.test(raw), `${where}: raw U+2028/2029 in JSON-LD`).toBe(false);
      const data = JSON.parse(raw) as JsonLd;
      expect(data["@context"]).toBe("https://schema.org");
      return data;
    });
}

const absoluteUnder = (url: unknown, baseUrl: string, where: string): void => {
  expect(typeof url, where).toBe("string");
  expect((url as string).startsWith(baseUrl), `${where}: ${String(url)} not under ${baseUrl}`).toBe(true);
};

/** Head checks for one page, by page kind (from its path). */
export function checkHead(out: string, page: string, baseUrl: string): void {
  const $ = cheerio.load(read(out, page));
  const meta = (key: string): string | undefined => $(`meta[property="${key}"], meta[name="${key}"]`).attr("content");
  const url = page === "404.html" ? undefined : baseUrl + page.replace(/index\.html$/, "");

  // canonical + OpenGraph + Twitter
  const canonical = $('link[rel="canonical"]').attr("href");
  if (url) {
    expect(canonical, `${page}: canonical`).toBe(url);
    expect(meta("og:url")).toBe(url);
  } else {
    expect(canonical).toBeUndefined();
  }
  for (const key of ["og:title", "og:description", "og:site_name", "og:locale", "og:type", "twitter:card", "twitter:title", "twitter:description"]) {
    expect(meta(key), `${page}: ${key}`).toBeDefined();
  }
  expect(meta("og:title")!.length, `${page}: empty og:title`).toBeGreaterThan(0);
  expect(meta("twitter:title")).toBe(meta("og:title"));
  const ogImage = meta("og:image");
  // A page's own photo gets the large card; a page with none (or an SVG one, which previews do
  // not show) gets the small card, with the site's share image when it has one.
  const leadSrc = $(".lead-image img").attr("src");
  const ownPhoto = leadSrc !== undefined && !/\.(svgz?|avif)(?:[?#]|$)/i.test(leadSrc);
  if (ogImage !== undefined) {
    expect(/^https?:\/\//.test(ogImage), `${page}: og:image ${ogImage}`).toBe(true);
    expect(meta("twitter:card"), `${page}: twitter:card`).toBe(ownPhoto ? "summary_large_image" : "summary");
    expect(meta("twitter:image")).toBe(ogImage);
  } else {
    expect(ownPhoto, `${page}: a photo with no og:image`).toBe(false);
    expect(meta("twitter:card")).toBe("summary");
  }
  // Image sizes only when measured, never invented: both or neither, and those of the lead image.
  const [ogWidth, ogHeight] = [meta("og:image:width"), meta("og:image:height")];
  expect(ogWidth === undefined, `${page}: og:image:width and og:image:height go together`).toBe(ogHeight === undefined);
  if (ogWidth !== undefined) {
    expect(ogImage, `${page}: og:image size without og:image`).toBeDefined();
    if (ownPhoto) {
      const lead = $("figure img").first();
      expect([ogWidth, ogHeight], `${page}: og:image size`).toEqual([lead.attr("width"), lead.attr("height")]);
    } else {
      // The site's own picture (shareImage): the size of the file it names, as published.
      expect(ogImage!.startsWith(baseUrl), `${page}: a measured og:image that is not the site's own file`).toBe(true);
      const { width, height } = imageSize(readFileSync(join(out, decodeURIComponent(ogImage!.slice(baseUrl.length)))));
      expect([ogWidth, ogHeight], `${page}: og:image size of the site's picture`).toEqual([String(width), String(height)]);
    }
  }

  // Feed autodiscovery: the site's feeds on every page; category and author pages add their own.
  const feedLinks = $('link[rel="alternate"]').toArray().map((el) => ({ type: $(el).attr("type"), href: $(el).attr("href") ?? "" }));
  const pageUrl = new URL(url ?? baseUrl);
  const resolved = feedLinks.map((l) => ({ type: l.type, url: new URL(l.href, pageUrl).href }));
  const expectFeeds = (dir: string): void => {
    expect(resolved, `${page}: feed links for ${dir || "site"}`).toEqual(
      expect.arrayContaining([
        { type: "application/rss+xml", url: `${baseUrl}${dir}feed.xml` },
        { type: "application/atom+xml", url: `${baseUrl}${dir}atom.xml` },
        { type: "application/feed+json", url: `${baseUrl}${dir}feed.json` },
      ]),
    );
  };
  expectFeeds("");
  const term = /^(kategori|penulis)\/([^/]+)\/(?:halaman\/\d+\/)?index\.html$/.exec(page);
  if (term) expectFeeds(`${term[1]}/${term[2]}/`);
  for (const l of resolved) expect(existsSync(join(out, outputPathOf(l.url, baseUrl) ?? "-")), `${page}: feed link ${l.url}`).toBe(true);

  // JSON-LD
  const blocks = jsonLdBlocks($, page);
  const types = blocks.map((b) => b["@type"]);
  if (/^berita\/[^/]+\/index\.html$/.test(page)) checkArticleHead($, page, url!, baseUrl, blocks);
  else if (page === "index.html") {
    expect(meta("og:type")).toBe("website");
    const site = blocks.find((b) => b["@type"] === "WebSite");
    expect(site, `${page}: WebSite`).toBeDefined();
    expect(site!.url).toBe(baseUrl);
    expect(typeof site!.name).toBe("string");
    expect(site!.name).toBe(meta("og:site_name"));
  } else if (/^penulis\/[^/]+\/index\.html$/.test(page)) {
    expect(meta("og:type")).toBe("profile");
    const profile = blocks.find((b) => b["@type"] === "ProfilePage");
    expect(profile, `${page}: ProfilePage`).toBeDefined();
    expect(profile!.mainEntity["@type"]).toBe("Person");
    expect(profile!.mainEntity.url).toBe(url);
    expect(typeof profile!.mainEntity.name).toBe("string");
    expect(meta("og:title")).toContain(profile!.mainEntity.name);
    if (profile!.mainEntity.image !== undefined) absoluteUnder(profile!.mainEntity.image, baseUrl, `${page}: Person.image`);
  } else {
    expect(types).not.toContain("NewsArticle");
  }
}

function checkArticleHead($: cheerio.CheerioAPI, page: string, url: string, baseUrl: string, blocks: JsonLd[]): void {
  const meta = (key: string): string | undefined => $(`meta[property="${key}"], meta[name="${key}"]`).attr("content");
  const metas = (key: string): string[] => $(`meta[property="${key}"]`).toArray().map((el) => $(el).attr("content") ?? "");
  expect(meta("og:type")).toBe("article");
  const published = meta("article:published_time")!;
  const modified = meta("article:modified_time")!;
  expect(published, `${page}: published_time`).toMatch(RFC3339_WIB);
  expect(modified, `${page}: modified_time`).toMatch(RFC3339_WIB);
  expect(ms(modified)).toBeGreaterThanOrEqual(ms(published));
  const authors = metas("article:author");
  expect(authors.length).toBeGreaterThan(0);
  for (const a of authors) {
    absoluteUnder(a, `${baseUrl}penulis/`, `${page}: article:author`);
  }
  const section = meta("article:section");
  const tags = metas("article:tag");
  const ogImage = meta("og:image");

  // Paid content is AdvertiserContentArticle, labelled on the page; news is NewsArticle.
  const sponsored = $(".article__head .label-sponsored").length > 0;
  const news = blocks.find((b) => b["@type"] === (sponsored ? "AdvertiserContentArticle" : "NewsArticle"));
  expect(news, `${page}: ${sponsored ? "AdvertiserContentArticle" : "NewsArticle"}`).toBeDefined();
  const n = news!;
  expect(n.headline).toBe(meta("og:title"));
  expect(n.datePublished).toBe(published);
  expect(n.dateModified).toBe(modified);
  expect(n.mainEntityOfPage).toEqual({ "@type": "WebPage", "@id": url });
  expect(n.url).toBe(url);
  expect(Array.isArray(n.author)).toBe(true);
  expect(n.author.map((a: JsonLd) => a.url)).toEqual(authors);
  for (const a of n.author) {
    expect(a["@type"]).toBe("Person");
    expect(typeof a.name).toBe("string");
    absoluteUnder(a.url, `${baseUrl}penulis/`, `${page}: author.url`);
  }
  expect(n.publisher["@type"]).toBe("Organization");
  expect(typeof n.publisher.name).toBe("string");
  if (n.publisher.logo !== undefined) {
    expect(n.publisher.logo["@type"]).toBe("ImageObject");
    absoluteUnder(n.publisher.logo.url, baseUrl, `${page}: publisher.logo`);
  }
  // The article's own lead image, SVG too (Google reads SVG; link previews do not, so og:image
  // may be the site's share image instead); none when the article has none.
  const leadSrc = $(".lead-image img").attr("src");
  if (leadSrc === undefined) expect(n.image).toBeUndefined();
  else if (/\.svg(?:[?#]|$)/i.test(leadSrc)) expect(n.image).toHaveLength(1);
  else expect(n.image).toEqual([ogImage]);
  expect(n.articleSection).toBe(section);
  if (tags.length) expect(n.keywords).toEqual(tags);
  else expect(n.keywords).toBeUndefined();

  const crumbs = blocks.find((b) => b["@type"] === "BreadcrumbList");
  expect(crumbs, `${page}: BreadcrumbList`).toBeDefined();
  const list = crumbs!.itemListElement as JsonLd[];
  expect(list.length).toBeGreaterThanOrEqual(2);
  list.forEach((item, i) => {
    expect(item["@type"]).toBe("ListItem");
    expect(item.position).toBe(i + 1);
    expect(typeof item.name).toBe("string");
    absoluteUnder(item.item, baseUrl, `${page}: breadcrumb`);
  });
  expect(list[0]!.item).toBe(baseUrl);
  expect(list.at(-1)!.item).toBe(url);
  expect(list.at(-1)!.name).toBe(n.headline);
  if (section) expect(list[1]!.name).toBe(section);
}
