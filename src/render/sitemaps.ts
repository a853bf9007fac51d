/** sitemaps.org sitemaps (an index over parts of at most 50,000 URLs / 50 MB), the Google News sitemap and robots.txt. */
import { isoWithOffset } from "../util/dates.ts";
import { xml } from "./escape.ts";

export interface SitemapUrl {
  loc: string;
  lastmodMs?: number;
}

export const SITEMAP_MAX_URLS = 50_000;
const SITEMAP_MAX_BYTES = 50 * 1024 * 1024 - 1024;

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n';
const TAIL = "</urlset>\n";

export function sitemapParts(urls: readonly SitemapUrl[], timeZone: string): string[] {
  const parts: string[] = [];
  let lines: string[] = [];
  let bytes = HEAD.length + TAIL.length;
  const flush = (): void => {
    parts.push(HEAD + lines.join("") + TAIL);
    lines = [];
    bytes = HEAD.length + TAIL.length;
  };
  for (const u of urls) {
    const line = `<url><loc>${xml(u.loc)}</loc>${u.lastmodMs !== undefined ? `<lastmod>${isoWithOffset(u.lastmodMs, timeZone)}</lastmod>` : ""}</url>\n`;
    if (lines.length >= SITEMAP_MAX_URLS || bytes + Buffer.byteLength(line) > SITEMAP_MAX_BYTES) flush();
    lines.push(line);
    bytes += Buffer.byteLength(line);
  }
  if (lines.length || parts.length === 0) flush();
  return parts;
}

export function sitemapIndex(parts: ReadonlyArray<{ loc: string; lastmodMs?: number }>, timeZone: string): string {
  const rows = parts.map((p) => `<sitemap><loc>${xml(p.loc)}</loc>${p.lastmodMs ? `<lastmod>${isoWithOffset(p.lastmodMs, timeZone)}</lastmod>` : ""}</sitemap>\n`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${rows.join("")}</sitemapindex>\n`;
}

export interface NewsEntry {
  loc: string;
  title: string;
  dateMs: number;
}

export function newsSitemap(entries: readonly NewsEntry[], publication: { name: string; language: string }, timeZone: string): string {
  const rows = entries.map(
    (e) =>
      `<url><loc>${xml(e.loc)}</loc><news:news><news:publication><news:name>${xml(publication.name)}</news:name><news:language>${xml(publication.language)}</news:language></news:publication><news:publication_date>${isoWithOffset(e.dateMs, timeZone)}</news:publication_date><news:title>${xml(e.title)}</news:title></news:news></url>\n`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n${rows.join("")}</urlset>\n`;
}

export function robotsTxt(sitemaps: readonly string[]): string {
  return `User-agent: *\nAllow: /\n\n${sitemaps.map((s) => `Sitemap: ${s}`).join("\n")}\n`;
}
