/**
 * The only owner of URLs and output paths. A URL here is site-relative without a leading
 * slash (`berita/x/`, `` for the home page); templates prefix the base path, feeds the base URL.
 */
import type { TermKind } from "../model/types.ts";

const TERM_PREFIX: Record<TermKind, string> = { tag: "tag", category: "kategori", author: "penulis" };
const PAGE = "halaman";

const paged = (base: string, page: number): string => (page <= 1 ? base : `${base}${PAGE}/${page}/`);

export const routes = {
  home: (page = 1): string => paged("", page),
  /** The folder of every article page: an old address given without `/` (`aliases: judul-lama`) is in it too. */
  articles: (): string => "berita/",
  article: (slug: string): string => `${routes.articles()}${slug}/`,
  term: (kind: TermKind, key: string, page = 1): string => paged(`${TERM_PREFIX[kind]}/${key}/`, page),
  termIndex: (kind: TermKind): string => `${TERM_PREFIX[kind]}/`,
  termFeed: (kind: TermKind, key: string, format: FeedFormat): string => `${TERM_PREFIX[kind]}/${key}/${FEED_FILES[format]}`,
  /** A page of `pages/`, at the site's root: `redaksi/`. */
  page: (slug: string): string => `${slug}/`,
  archive: (): string => "indeks/",
  /** One month, one year of the date archive: `indeks/2022/10/`, `indeks/2022/`. */
  archiveMonth: (month: string): string => `indeks/${month.replace("-", "/")}/`,
  archiveYear: (year: string): string => `indeks/${year}/`,
  search: (): string => "cari/",
  searchIndex: (): string => "cari/data.json",
  searchScript: (): string => "assets/cari.js",
  day: (day: string, page = 1): string => paged(`indeks/${day.replaceAll("-", "/")}/`, page),
  notFound: (): string => "404.html",
  feed: (format: FeedFormat): string => FEED_FILES[format],
  sitemapIndex: (): string => "sitemap.xml",
  sitemapPart: (n: number): string => `sitemap-${n}.xml`,
  newsSitemap: (): string => "news-sitemap.xml",
  robots: (): string => "robots.txt",
  stylesheet: (): string => "assets/warta.css",
};

export type FeedFormat = "rss" | "atom" | "json";
export const FEED_FILES: Record<FeedFormat, string> = { rss: "feed.xml", atom: "atom.xml", json: "feed.json" };
export const FEED_TYPES: Record<FeedFormat, string> = { rss: "application/rss+xml", atom: "application/atom+xml", json: "application/feed+json" };

/** `berita/x/` → `berita/x/index.html`; file URLs stay as they are. */
export function outputPath(url: string): string {
  return url === "" || url.endsWith("/") ? `${url}index.html` : url;
}

/** Two outputs collide when they differ only in case or Unicode form (case-insensitive hosts, macOS). */
export const collisionKey = (path: string): string => path.normalize("NFC").toLowerCase();
