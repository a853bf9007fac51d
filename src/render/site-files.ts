/**
 * Feeds, sitemaps and robots.txt: pure strings from the model, cheap enough to make on every build.
 * Linear in the number of articles and terms: feeds take the first `feedItems` of each list (lists
 * are newest first), feed entries are built once per article, the news window stops at the first
 * article older than 48 hours.
 */
import type { ResolvedConfig } from "../config/schema.ts";
import { hash, quickHash } from "../util/hash.ts";
import type { Article, SiteModel, Term } from "../model/types.ts";
import { linkTargets, withArticleLinks } from "../model/article-links.ts";
import { routes, type FeedFormat } from "../pages/routes.ts";
import { absoluteHref, siteHref } from "./hrefs.ts";
import { atom, imageType, jsonFeed, rss, type FeedCategory, type FeedEntry, type FeedMeta } from "./feeds.ts";
import { searchIndex } from "./search-index.ts";
import { DEFAULT_STRINGS } from "./strings.ts";
import { newsSitemap, robotsTxt, sitemapIndex, sitemapParts, type SitemapUrl } from "./sitemaps.ts";

export interface OutputFile {
  path: string;
  /** Made on demand: an incremental build skips a file whose fingerprint did not change. */
  content: () => string;
  /** Hash of everything the file shows, when that is cheaper than making it (feeds). */
  fingerprint?: string;
  /** Sitemap index and parts: they show only URLs and dates, so a rebuild that moved no article may reuse them. */
  sitemap?: true;
}

const eager = (path: string, text: string): OutputFile => ({ path, content: () => text });

/**
 * A sitemap file, which a same-shape rebuild takes from the last build's shape. Made here, at the
 * module's top: a closure made inside `siteFiles` would keep `siteFiles`' whole scope alive, with
 * the build's `body` reader and through it the previous build's state, so that each `warta dev`
 * rebuild kept every earlier one (a leak found by a sweep).
 */
const sitemapFile = (path: string, xml: string): OutputFile => ({ ...eager(path, xml), fingerprint: hash(xml), sitemap: true });

/** Google News: articles published in the 48 hours before the build's "now", at most 1,000. */
export const NEWS_WINDOW_MS = 48 * 3600 * 1000;
export const NEWS_MAX = 1000;


/** A start tag, its quoted attribute values read whole (a `>` inside one does not end the tag). */
const START_TAG = /<[a-zA-Z][^\s/>]*(?:\s+[^\s"'=<>`/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/g;
/** One `name=value` of a start tag, the value whole: text inside another attribute's value is never taken for one. */
const ATTRIBUTE = /(\s)([^\s"'=<>`/]+)(\s*=\s*)("[^"]*"|'[^']*'|[^\s"'=<>`]+)/g;
/** Attributes that hold one URL (`srcset` holds several). */
const URL_ATTRIBUTES = new Set(["href", "src", "poster", "cite", "data", "action", "formaction", "background"]);

/**
 * Root-relative URLs in rendered HTML → absolute, and `#fragment` links → the article's URL with
 * the fragment, so feed readers (which have no page URL to resolve against) show images and
 * follow links. Only attribute values inside tags: text that reads `href='/kontak'` (in a code
 * span, in a `title`) stays as written. markdown-it quotes with `"`; raw HTML may use `'`, none,
 * `srcset` and `poster`.
 */
export function absolutizeHtml(html: string, origin: string, pageUrl: string): string {
  const absolute = (url: string): string => (url.startsWith("#") ? pageUrl + url : /^\/(?!\/)/.test(url) ? origin + url : url);
  return html.replace(START_TAG, (tag) =>
    tag.replace(ATTRIBUTE, (whole, space: string, name: string, equals: string, value: string) => {
      const n = name.toLowerCase();
      if (!URL_ATTRIBUTES.has(n) && n !== "srcset") return whole;
      const quote = value[0] === '"' || value[0] === "'" ? value[0] : "";
      const inner = quote ? value.slice(1, -1) : value;
      const next = n === "srcset" ? inner.split(",").map((c) => c.replace(/^(\s*)(\S+)/, (_m, ws: string, url: string) => ws + absolute(url))).join(",") : absolute(inner.trim());
      return `${space}${name}${equals}${quote}${next}${quote}`;
    }),
  );
}

/**
 * Feed entry keys by article object. A model makes new article objects; a same-shape `dev`
 * rebuild keeps the unchanged ones together with the model's terms and the config, so a key
 * stays valid as long as its object lives.
 */
const entryKeys = new WeakMap<Article, string>();
const fullEntryKeys = new WeakMap<Article, string>();
/** Feed fingerprints by feed URL, valid while the feed shows the same article objects. */
const feedPrints = new Map<string, { meta: string; shown: Article[]; fingerprint: string }>();

/**
 * What a rebuild that moved no article can take from the last build: its sitemap files, and the
 * fingerprint of every feed that shows none of the `changed` articles (same articles, same terms,
 * same config: the same feed).
 */
export interface SamePlacement {
  sitemaps: readonly OutputFile[];
  changed: ReadonlySet<number>;
  fingerprintOf: (path: string) => string | undefined;
}

export function siteFiles(model: SiteModel, config: ResolvedConfig, nowMs: number, body: (a: Article) => string, generator: string, same?: SamePlacement): OutputFile[] {
  const sitemaps = same?.sitemaps;
  const abs = (url: string): string => config.baseUrl + url;
  const origin = new URL(config.baseUrl).origin;
  const logo = config.publisher.logo ? absoluteHref(siteHref(config.publisher.logo, config.basePath), config.baseUrl) : undefined;
  const files: OutputFile[] = [];
  const { articles } = model;

  const categoryScheme = abs(routes.termIndex("category"));
  const tagScheme = abs(routes.termIndex("tag"));
  // An advertorial's label is in its entry (its title, a category), from the config, not its file:
  // a fingerprint without it kept the old label's feeds when only `strings.sponsored` changed.
  const sponsoredLabel = config.strings.sponsored ?? DEFAULT_STRINGS.sponsored!;
  const stringsText = JSON.stringify(config.strings);
  const entries = new Map<number, FeedEntry>();
  const entry = (a: Article): FeedEntry => {
    let e = entries.get(a.index);
    if (e) return e;
    const categories: FeedCategory[] = [];
    const seen = new Set<string>();
    const add = (name: string, scheme: string): void => {
      const key = name.toLowerCase();
      if (!seen.has(key)) {
        seen.add(key);
        categories.push({ name, scheme });
      }
    };
    // An advertorial is told apart in feed readers and aggregators too: its label before the title, and as a category.
    const label = a.sponsored ? sponsoredLabel : undefined;
    if (label) add(label, "");
    if (a.categoryKey) add(model.categories.get(a.categoryKey)!.name, categoryScheme);
    for (const k of a.tagKeys) add(model.tags.get(k)!.name, tagScheme);
    const image = a.image ? absoluteHref(a.image, config.baseUrl) : undefined;
    const type = image ? imageType(image) : undefined;
    const description = a.imageCaption ?? a.imageAlt;
    const url = abs(routes.article(a.slug));
    e = {
      title: label ? `${label}: ${a.title}` : a.title,
      url,
      summary: a.summary,
      ...(config.feedContent === "full" ? { content: absolutizeHtml(withArticleLinks(body(a), a.articleLinks, model, config.basePath), origin, url).trim() } : {}),
      dateMs: a.dateMs,
      ...(a.updatedMs !== undefined ? { updatedMs: a.updatedMs } : {}),
      authors: a.authorKeys.map((k) => ({ name: model.authors.get(k)!.name, url: abs(routes.term("author", k)) })),
      categories,
      ...(image ? { image: { url: image, ...(type ? { type } : {}), ...(description ? { description } : {}) } } : {}),
    };
    entries.set(a.index, e);
    return e;
  };

  const full = config.feedContent === "full";
  // What a body is rendered with besides its file (see parseOptions in the pipeline; the labels it
  // takes from the site's strings are in every feed's fingerprint already, `stringsText`): full
  // entries change when it does, though no article file did.
  const bodyOptions = JSON.stringify([config.timeZone, config.allowRawHtml, config.linkify, config.basePath]);
  /** Everything an entry shows: the teaser, the canonical term names, the body when full. */
  const keys = full ? fullEntryKeys : entryKeys;
  const entryKey = (a: Article): string => {
    let key = keys.get(a);
    if (key === undefined) {
      key = `${a.teaserHash}:${a.authorKeys.map((k) => model.authors.get(k)!.name).join(";")}:${a.categoryKey ? model.categories.get(a.categoryKey)!.name : ""}:${a.tagKeys.map((k) => model.tags.get(k)!.name).join(";")}${full ? `:${a.hash}:${linkTargets(model, a.articleLinks)}` : ""}`;
      keys.set(a, key);
    }
    return key;
  };
  const feedSet = (title: string, description: string, home: string, items: readonly number[], url: (f: FeedFormat) => string): void => {
    const meta: FeedMeta = {
      title, description, home: abs(home), language: config.language, timeZone: config.timeZone, generator,
      self: { rss: abs(url("rss")), atom: abs(url("atom")), json: abs(url("json")) },
      ...(logo ? { logo } : {}),
    };
    const shown = items.slice(0, config.feedItems);
    const list = (): FeedEntry[] => shown.map((i) => entry(articles[i]!));
    const shownArticles = shown.map((i) => articles[i]!);
    // Every string of the site's (not only the label above): one that feeds show tomorrow is in their fingerprint already.
    const metaText = `${JSON.stringify(meta)}|${stringsText}|${full ? bodyOptions : ""}`;
    const self = meta.self.rss;
    const known = feedPrints.get(self);
    const unchanged = same && !shown.some((i) => same.changed.has(i)) ? same.fingerprintOf(url("rss")) : undefined;
    let fingerprint: string;
    if (unchanged !== undefined) fingerprint = unchanged;
    else if (known && known.meta === metaText && known.shown.length === shownArticles.length && known.shown.every((a, n) => a === shownArticles[n])) fingerprint = known.fingerprint;
    else {
      fingerprint = quickHash(`${metaText}|${shownArticles.map(entryKey).join(",")}`);
      feedPrints.set(self, { meta: metaText, shown: shownArticles, fingerprint });
    }
    files.push(
      { path: url("rss"), fingerprint, content: () => rss(meta, list()) },
      { path: url("atom"), fingerprint, content: () => atom(meta, list()) },
      { path: url("json"), fingerprint, content: () => jsonFeed(meta, list()) },
    );
  };
  feedSet(config.title, config.description, routes.home(), articles.slice(0, config.feedItems).map((a) => a.index), (f) => routes.feed(f));
  const termFeeds = (terms: Iterable<Term>): void => {
    for (const t of terms) feedSet(`${t.name} – ${config.title}`, t.profile?.bio ?? `${config.title}: ${t.name}`, routes.term(t.kind, t.key), t.articles, (f) => routes.termFeed(t.kind, t.key, f));
  };
  termFeeds(model.categories.values());
  termFeeds(model.authors.values());

  // Sitemap: every indexable canonical URL (day pages are `noindex` and paginated pages
  // canonicalise to themselves but add nothing a crawler cannot reach from page 1).
  // A list page changes when what its first page shows changes.
  const newest = (items: readonly number[]): number | undefined => {
    let max: number | undefined;
    const n = Math.min(items.length, config.perPage);
    for (let j = 0; j < n; j++) {
      const a = articles[items[j]!]!;
      max = Math.max(max ?? -Infinity, a.updatedMs ?? a.dateMs);
    }
    return max;
  };
  if (sitemaps) files.push(...sitemaps);
  else {
    const withLastmod = (loc: string, ms: number | undefined): SitemapUrl => (ms !== undefined ? { loc, lastmodMs: ms } : { loc });
    const latest = articles[0]?.dateMs;
    const all = articles.map((a) => a.index);
    const urls: SitemapUrl[] = [withLastmod(abs(routes.home()), newest(all))];
    for (const a of articles) urls.push({ loc: abs(routes.article(a.slug)), lastmodMs: a.updatedMs ?? a.dateMs });
    for (const map of [model.categories, model.tags, model.authors]) {
      for (const t of map.values()) urls.push(withLastmod(abs(routes.term(t.kind, t.key)), newest(t.articles)));
    }
    for (const kind of ["category", "tag", "author"] as const) urls.push(withLastmod(abs(routes.termIndex(kind)), latest));
    urls.push(withLastmod(abs(routes.archive()), latest));
    for (const sp of model.pages ?? []) urls.push({ loc: abs(routes.page(sp.slug)) });
    const parts = sitemapParts(urls, config.timeZone);
    parts.forEach((p, n) => files.push(sitemapFile(routes.sitemapPart(n + 1), p.xml)));
    files.push(
      sitemapFile(routes.sitemapIndex(), sitemapIndex(parts.map((p, n) => ({ loc: abs(routes.sitemapPart(n + 1)), ...(p.lastmodMs !== undefined ? { lastmodMs: p.lastmodMs } : {}) })), config.timeZone)),
    );
  }

  // Articles are newest first: stop at the first one outside the window. No upper bound: the model
  // holds future articles only in a `--future` build, and then they belong here like everywhere else.
  const recent: Article[] = [];
  for (const a of articles) {
    if (a.dateMs <= nowMs - NEWS_WINDOW_MS || recent.length >= NEWS_MAX) break;
    // Advertising is not news: Google News takes no advertorial.
    if (!a.sponsored) recent.push(a);
  }
  files.push(
    eager(routes.newsSitemap(), newsSitemap(recent.map((a) => ({ loc: abs(routes.article(a.slug)), title: a.title, dateMs: a.dateMs })), { name: config.publisher.name ?? config.title, language: config.newsLanguage }, config.timeZone)),
  );
  const search = searchIndex(model, config);
  if (search) files.push(search);
  files.push(eager(routes.robots(), robotsTxt([abs(routes.sitemapIndex()), abs(routes.newsSitemap())])));
  return files;
}
