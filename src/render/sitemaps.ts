/**
 * sitemaps.org sitemaps (an index over parts of at most 50,000 URLs / 50 MB), the Google News
 * sitemap and robots.txt. Pure string builders: no clock, no file system, linear in the input.
 */
import { isoWithOffset } from "../util/dates.ts";
import { xml } from "./escape.ts";

export interface SitemapUrl {
  /** Absolute URL. */
  loc: string;
  lastmodMs?: number;
}

export interface SitemapPart {
  /** The `<urlset>` document. */
  xml: string;
  /** Number of `<url>` entries. */
  urls: number;
  /** UTF-8 size of `xml`. */
  bytes: number;
  /** Newest `lastmod` in the part, for the index. */
  lastmodMs?: number;
}

export interface SitemapLimits {
  maxUrls: number;
  maxBytes: number;
}

/** sitemaps.org: at most 50,000 URLs and 50 MB (52,428,800 bytes) uncompressed per file. */
export const SITEMAP_MAX_URLS = 50_000;
export const SITEMAP_MAX_BYTES = 50 * 1024 * 1024;
const DEFAULT_LIMITS: SitemapLimits = { maxUrls: SITEMAP_MAX_URLS, maxBytes: SITEMAP_MAX_BYTES };

const SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9";
const NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9";
const HEAD = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}">\n`;
const TAIL = "</urlset>\n";
const FRAME_BYTES = Buffer.byteLength(HEAD) + Buffer.byteLength(TAIL);

/**
 * Split `urls` (in order) into `<urlset>` documents, each within `limits`. Always returns at least
 * one part. A part never starts empty-handed: a single over-long line still gets a part of its own.
 */
export function sitemapParts(urls: readonly SitemapUrl[], timeZone: string, limits: SitemapLimits = DEFAULT_LIMITS): SitemapPart[] {
  const parts: SitemapPart[] = [];
  let lines: string[] = [];
  let bytes = FRAME_BYTES;
  let lastmod: number | undefined;
  const flush = (): void => {
    parts.push({ xml: HEAD + lines.join("") + TAIL, urls: lines.length, bytes, ...(lastmod !== undefined ? { lastmodMs: lastmod } : {}) });
    lines = [];
    bytes = FRAME_BYTES;
    lastmod = undefined;
  };
  for (const u of urls) {
    const line = `<url><loc>${xml(u.loc)}</loc>${u.lastmodMs !== undefined ? `<lastmod>${isoWithOffset(u.lastmodMs, timeZone)}</lastmod>` : ""}</url>\n`;
    const size = Buffer.byteLength(line);
    if (lines.length > 0 && (lines.length >= limits.maxUrls || bytes + size > limits.maxBytes)) flush();
    lines.push(line);
    bytes += size;
    if (u.lastmodMs !== undefined) lastmod = Math.max(lastmod ?? u.lastmodMs, u.lastmodMs);
  }
  if (lines.length || parts.length === 0) flush();
  return parts;
}

export function sitemapIndex(parts: ReadonlyArray<{ loc: string; lastmodMs?: number }>, timeZone: string): string {
  const rows = parts.map((p) => `<sitemap><loc>${xml(p.loc)}</loc>${p.lastmodMs !== undefined ? `<lastmod>${isoWithOffset(p.lastmodMs, timeZone)}</lastmod>` : ""}</sitemap>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="${SITEMAP_NS}">\n${rows.join("")}</sitemapindex>\n`;
}

export interface NewsEntry {
  loc: string;
  title: string;
  dateMs: number;
}

/**
 * Google News sitemap. With no article in the window it is an empty `<urlset>`: the file keeps
 * its URL (robots.txt and Search Console point at it) and simply lists nothing.
 */
export function newsSitemap(entries: readonly NewsEntry[], publication: { name: string; language: string }, timeZone: string): string {
  const pub = `<news:publication><news:name>${xml(publication.name)}</news:name><news:language>${xml(publication.language)}</news:language></news:publication>`;
  const rows = entries.map(
    (e) =>
      `<url><loc>${xml(e.loc)}</loc><news:news>${pub}<news:publication_date>${isoWithOffset(e.dateMs, timeZone)}</news:publication_date><news:title>${xml(e.title)}</news:title></news:news></url>\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="${SITEMAP_NS}" xmlns:news="${NEWS_NS}">\n${rows.join("")}</urlset>\n`;
}

/** robots.txt only counts at the host root; under a sub-path it is a template for the host's file. */
export function robotsTxt(sitemaps: readonly string[]): string {
  return `User-agent: *\nAllow: /\n\n${sitemaps.map((s) => `Sitemap: ${s}`).join("\n")}\n`;
}
