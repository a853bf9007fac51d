/**
 * RSS 2.0, Atom 1.0 and JSON Feed 1.1 from one list of entries. Hand-built rather than with the
 * `feed` package because that one prints every date in UTC and drops the site's offset, which
 * aggregators of Indonesian news show to readers.
 */
import { isoWithOffset, rfc822 } from "../util/dates.ts";
import { xml } from "./escape.ts";

export interface FeedEntry {
  title: string;
  url: string;
  summary: string;
  /** Full HTML body when the site publishes full content. */
  content?: string;
  dateMs: number;
  updatedMs?: number;
  authors: { name: string; url: string }[];
  categories: string[];
  image?: string;
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
}

/** The feed's own date: the newest update among its entries (never the clock: builds stay reproducible). */
const feedUpdated = (entries: readonly FeedEntry[]): number => entries.reduce((max, e) => Math.max(max, e.updatedMs ?? e.dateMs), 0);

export function rss(meta: FeedMeta, entries: readonly FeedEntry[]): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">',
    "<channel>",
    `<title>${xml(meta.title)}</title>`,
    `<link>${xml(meta.home)}</link>`,
    `<description>${xml(meta.description)}</description>`,
    `<language>${xml(meta.language)}</language>`,
    `<generator>${xml(meta.generator)}</generator>`,
    `<atom:link href="${xml(meta.self.rss)}" rel="self" type="application/rss+xml"/>`,
  ];
  if (entries.length) out.push(`<lastBuildDate>${rfc822(feedUpdated(entries), meta.timeZone)}</lastBuildDate>`);
  for (const e of entries) {
    out.push("<item>", `<title>${xml(e.title)}</title>`, `<link>${xml(e.url)}</link>`, `<guid isPermaLink="true">${xml(e.url)}</guid>`);
    out.push(`<pubDate>${rfc822(e.dateMs, meta.timeZone)}</pubDate>`);
    for (const a of e.authors) out.push(`<dc:creator>${xml(a.name)}</dc:creator>`);
    for (const c of e.categories) out.push(`<category>${xml(c)}</category>`);
    out.push(`<description>${xml(e.summary)}</description>`);
    if (e.content !== undefined) out.push(`<content:encoded>${xml(e.content)}</content:encoded>`);
    if (e.image) out.push(`<media:content url="${xml(e.image)}" medium="image"/>`);
    out.push("</item>");
  }
  out.push("</channel>", "</rss>", "");
  return out.join("\n");
}

export function atom(meta: FeedMeta, entries: readonly FeedEntry[]): string {
  const updated = isoWithOffset(feedUpdated(entries) || 0, meta.timeZone);
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(meta.language)}">`,
    `<title>${xml(meta.title)}</title>`,
    `<subtitle>${xml(meta.description)}</subtitle>`,
    `<id>${xml(meta.self.atom)}</id>`,
    `<link href="${xml(meta.self.atom)}" rel="self" type="application/atom+xml"/>`,
    `<link href="${xml(meta.home)}" rel="alternate" type="text/html"/>`,
    `<updated>${updated}</updated>`,
    `<generator>${xml(meta.generator)}</generator>`,
  ];
  for (const e of entries) {
    out.push("<entry>", `<title>${xml(e.title)}</title>`, `<id>${xml(e.url)}</id>`, `<link href="${xml(e.url)}" rel="alternate" type="text/html"/>`);
    out.push(`<published>${isoWithOffset(e.dateMs, meta.timeZone)}</published>`, `<updated>${isoWithOffset(e.updatedMs ?? e.dateMs, meta.timeZone)}</updated>`);
    for (const a of e.authors) out.push(`<author><name>${xml(a.name)}</name><uri>${xml(a.url)}</uri></author>`);
    for (const c of e.categories) out.push(`<category term="${xml(c)}"/>`);
    out.push(`<summary>${xml(e.summary)}</summary>`);
    if (e.content !== undefined) out.push(`<content type="html">${xml(e.content)}</content>`);
    if (e.image) out.push(`<link href="${xml(e.image)}" rel="enclosure"/>`);
    out.push("</entry>");
  }
  out.push("</feed>", "");
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
    items: entries.map((e) => ({
      id: e.url,
      url: e.url,
      title: e.title,
      summary: e.summary,
      ...(e.content !== undefined ? { content_html: e.content } : { content_text: e.summary }),
      date_published: isoWithOffset(e.dateMs, meta.timeZone),
      date_modified: isoWithOffset(e.updatedMs ?? e.dateMs, meta.timeZone),
      authors: e.authors.map((a) => ({ name: a.name, url: a.url })),
      tags: e.categories,
      ...(e.image ? { image: e.image } : {}),
    })),
  };
  return `${JSON.stringify(feed, null, 2)}\n`;
}
