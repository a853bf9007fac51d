/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 from one list of entries. Hand-built rather than with the
 * `feed` package because that one prints every date in UTC and drops the site's offset, which
 * aggregators of Indonesian news show to readers. Pure: strings in, strings out.
 */
import { isoWithOffset, rfc822 } from "../util/dates.ts";
import { htmlText, xml } from "./escape.ts";

export interface FeedImage {
  /** Absolute URL. */
  url: string;
  /** MIME type when the file name tells it (`image/jpeg`); readers accept it without. */
  type?: string;
  /** What the page shows under the photo (its caption, else its alt text): Media RSS `media:description`. */
  description?: string;
}

export interface FeedCategory {
  name: string;
  /** Absolute URL naming the taxonomy (`…/kategori/`, `…/tag/`): RSS `domain`, Atom `scheme`. */
  scheme?: string;
}

export interface FeedEntry {
  title: string;
  /** Absolute permalink: also the entry's id/guid. */
  url: string;
  summary: string;
  /** Full HTML body (with absolute URLs) when the site publishes full content. */
  content?: string;
  dateMs: number;
  updatedMs?: number;
  authors: { name: string; url: string }[];
  categories: FeedCategory[];
  image?: FeedImage;
}

export interface FeedMeta {
  title: string;
  description: string;
  /** Absolute URL of the HTML page the feed mirrors. */
  home: string;
  /** Absolute URLs of this feed in each format. */
  self: { rss: string; atom: string; json: string };
  language: string;
  timeZone: string;
  generator: string;
  /** Absolute URL of the publisher's logo, when configured. */
  logo?: string;
}

/** X, Facebook and WhatsApp show no SVG and no AVIF in a link preview: neither ever goes into `og:image` (the site's own preview picture stands in). */
export function previewable(url: string): boolean {
  const type = imageType(url);
  return type !== "image/svg+xml" && type !== "image/avif";
}

/** MIME type of an image URL from its extension; undefined when it cannot be told. */
export function imageType(url: string): string | undefined {
  const ext = /\.([a-z0-9]+)(?:[?#]|$)/i.exec(url)?.[1]?.toLowerCase();
  switch (ext) {
    case "jpg":
    case "jpeg":
      return "image/jpeg";
    case "png":
    case "gif":
    case "webp":
    case "avif":
      return `image/${ext}`;
    case "svg":
    case "svgz":
      return "image/svg+xml";
    default:
      return undefined;
  }
}

/** The feed's own date: the newest update among its entries (never the clock: builds stay reproducible). */
/** An archive's 1965 article is 1965, not 1970; a feed with no entries says the epoch (a date that does not move between builds). */
const feedUpdated = (entries: readonly FeedEntry[]): number => (entries.length ? entries.reduce((max, e) => Math.max(max, e.updatedMs ?? e.dateMs), -Infinity) : 0);

/**
 * An article sits in the site feed, its category's and each author's: its rendered item is
 * made once per entry object (callers reuse one entry per article). Keyed weakly by the entry,
 * so nothing outlives the build; the output is the same with or without the cache.
 */
const rssItems = new WeakMap<FeedEntry, { timeZone: string; value: string }>();
const atomEntries = new WeakMap<FeedEntry, { timeZone: string; value: string }>();
const jsonItems = new WeakMap<FeedEntry, { timeZone: string; value: object }>();
function cached<T>(cache: WeakMap<FeedEntry, { timeZone: string; value: T }>, e: FeedEntry, timeZone: string, make: (e: FeedEntry, timeZone: string) => T): T {
  const hit = cache.get(e);
  if (hit && hit.timeZone === timeZone) return hit.value;
  const value = make(e, timeZone);
  cache.set(e, { timeZone, value });
  return value;
}

const typeAttr = (image: FeedImage): string => (image.type ? ` type="${xml(image.type)}"` : "");
/** Media RSS's photo, with its caption where there is one (Google News and Flipboard show it under the photo). */
const mediaContent = (image: FeedImage): string => {
  const open = `<media:content url="${xml(image.url)}" medium="image"${typeAttr(image)}`;
  return image.description ? `${open}><media:description type="plain">${xml(image.description)}</media:description></media:content>` : `${open}/>`;
};

export function rss(meta: FeedMeta, entries: readonly FeedEntry[]): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">',
    "<channel>",
    `<title>${xml(meta.title)}</title>`,
    `<link>${xml(meta.home)}</link>`,
    // RSS descriptions are HTML: plain text is escaped as HTML first, then as XML (`a <b>` → `a &amp;lt;b&amp;gt;`).
    `<description>${xml(htmlText(meta.description))}</description>`,
    `<language>${xml(meta.language)}</language>`,
    `<generator>${xml(meta.generator)}</generator>`,
    `<atom:link href="${xml(meta.self.rss)}" rel="self" type="application/rss+xml"/>`,
  ];
  if (entries.length) out.push(`<lastBuildDate>${rfc822(feedUpdated(entries), meta.timeZone)}</lastBuildDate>`);
  // RSS 2.0 allows only GIF, JPEG or PNG as the channel image.
  if (meta.logo && /^image\/(gif|jpeg|png)$/.test(imageType(meta.logo) ?? "")) {
    out.push(`<image><url>${xml(meta.logo)}</url><title>${xml(meta.title)}</title><link>${xml(meta.home)}</link></image>`);
  }
  for (const e of entries) out.push(cached(rssItems, e, meta.timeZone, rssItem));
  out.push("</channel>", "</rss>", "");
  return out.join("\n");
}

function rssItem(e: FeedEntry, timeZone: string): string {
  const out = ["<item>", `<title>${xml(e.title)}</title>`, `<link>${xml(e.url)}</link>`, `<guid isPermaLink="true">${xml(e.url)}</guid>`];
  out.push(`<pubDate>${rfc822(e.dateMs, timeZone)}</pubDate>`);
  // RSS has no update date; atom:updated is the common extension (Blogger, WordPress plugins).
  if (e.updatedMs !== undefined) out.push(`<atom:updated>${isoWithOffset(e.updatedMs, timeZone)}</atom:updated>`);
  for (const a of e.authors) out.push(`<dc:creator>${xml(a.name)}</dc:creator>`);
  for (const c of e.categories) out.push(`<category${c.scheme ? ` domain="${xml(c.scheme)}"` : ""}>${xml(c.name)}</category>`);
  out.push(`<description>${xml(htmlText(e.summary))}</description>`);
  if (e.content !== undefined) out.push(`<content:encoded>${xml(e.content)}</content:encoded>`);
  if (e.image) out.push(mediaContent(e.image));
  out.push("</item>");
  return out.join("\n");
}

export function atom(meta: FeedMeta, entries: readonly FeedEntry[]): string {
  const updated = isoWithOffset(feedUpdated(entries), meta.timeZone);
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/" xml:lang="${xml(meta.language)}">`,
    `<title>${xml(meta.title)}</title>`,
    `<subtitle>${xml(meta.description)}</subtitle>`,
    `<id>${xml(meta.self.atom)}</id>`,
    `<link href="${xml(meta.self.atom)}" rel="self" type="application/atom+xml"/>`,
    `<link href="${xml(meta.home)}" rel="alternate" type="text/html"/>`,
    `<updated>${updated}</updated>`,
    `<generator>${xml(meta.generator)}</generator>`,
  ];
  // Feed readers show no SVG logo (as link previews show no SVG): Atom and JSON get a raster one only.
  if (meta.logo && previewable(meta.logo)) out.push(`<logo>${xml(meta.logo)}</logo>`);
  for (const e of entries) out.push(cached(atomEntries, e, meta.timeZone, atomEntry));
  out.push("</feed>", "");
  return out.join("\n");
}

function atomEntry(e: FeedEntry, timeZone: string): string {
  const out = ["<entry>", `<title>${xml(e.title)}</title>`, `<id>${xml(e.url)}</id>`, `<link href="${xml(e.url)}" rel="alternate" type="text/html"/>`];
  out.push(`<published>${isoWithOffset(e.dateMs, timeZone)}</published>`, `<updated>${isoWithOffset(e.updatedMs ?? e.dateMs, timeZone)}</updated>`);
  for (const a of e.authors) out.push(`<author><name>${xml(a.name)}</name><uri>${xml(a.url)}</uri></author>`);
  for (const c of e.categories) out.push(`<category term="${xml(c.name)}"${c.scheme ? ` scheme="${xml(c.scheme)}"` : ""} label="${xml(c.name)}"/>`);
  out.push(`<summary>${xml(e.summary)}</summary>`);
  // Atom's own <content> before media:content: readers that match on the local name take the first.
  if (e.content !== undefined) out.push(`<content type="html">${xml(e.content)}</content>`);
  if (e.image) {
    out.push(`<link href="${xml(e.image.url)}" rel="enclosure"${typeAttr(e.image)}/>`);
    out.push(mediaContent(e.image));
  }
  out.push("</entry>");
  return out.join("\n");
}

export function jsonFeed(meta: FeedMeta, entries: readonly FeedEntry[]): string {
  const feed = {
    version: "https://jsonfeed.org/version/1.1",
    title: meta.title,
    home_page_url: meta.home,
    feed_url: meta.self.json,
    description: meta.description,
    language: meta.language,
    ...(meta.logo && previewable(meta.logo) ? { icon: meta.logo } : {}),
    items: entries.map((e) => cached(jsonItems, e, meta.timeZone, jsonItem)),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}

function jsonItem(e: FeedEntry, timeZone: string): object {
  return {
    id: e.url,
    url: e.url,
    title: e.title,
    summary: e.summary,
    ...(e.content !== undefined ? { content_html: e.content } : { content_text: e.summary }),
    date_published: isoWithOffset(e.dateMs, timeZone),
    date_modified: isoWithOffset(e.updatedMs ?? e.dateMs, timeZone),
    authors: e.authors.map((a) => ({ name: a.name, url: a.url })),
    tags: e.categories.map((c) => c.name),
    ...(e.image ? { image: e.image.url } : {}),
  };
}
