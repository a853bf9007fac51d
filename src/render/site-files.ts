/** Feeds, sitemaps and robots.txt: pure strings from the model, cheap enough to make on every build. */
import type { ResolvedConfig } from "../config/schema.ts";
import type { Article, SiteModel, Term } from "../model/types.ts";
import { routes, type FeedFormat } from "../pages/routes.ts";
import { atom, jsonFeed, rss, type FeedEntry, type FeedMeta } from "./feeds.ts";
import { newsSitemap, robotsTxt, sitemapIndex, sitemapParts, type SitemapUrl } from "./sitemaps.ts";

export interface OutputFile {
  path: string;
  content: string;
}

export const NEWS_WINDOW_MS = 48 * 3600 * 1000;
const NEWS_MAX = 1000;

export function siteFiles(model: SiteModel, config: ResolvedConfig, nowMs: number, body: (a: Article) => string, generator: string): OutputFile[] {
  const abs = (url: string): string => config.baseUrl + url;
  const files: OutputFile[] = [];
  const entry = (a: Article): FeedEntry => ({
    title: a.title,
    url: abs(routes.article(a.slug)),
    summary: a.summary,
    ...(config.feedContent === "full" ? { content: body(a) } : {}),
    dateMs: a.dateMs,
    ...(a.updatedMs ? { updatedMs: a.updatedMs } : {}),
    authors: a.authorKeys.map((k) => ({ name: model.authors.get(k)!.name, url: abs(routes.term("author", k)) })),
    categories: [...(a.categoryKey ? [model.categories.get(a.categoryKey)!.name] : []), ...a.tagKeys.map((k) => model.tags.get(k)!.name)],
    ...(a.image ? { image: new URL(a.image, config.baseUrl).href } : {}),
  });
  const feedSet = (title: string, description: string, home: string, items: readonly number[], url: (f: FeedFormat) => string): void => {
    const meta: FeedMeta = {
      title, description, home: abs(home), language: config.language, timeZone: config.timeZone, generator,
      self: { rss: abs(url("rss")), atom: abs(url("atom")), json: abs(url("json")) },
    };
    const entries = items.slice(0, config.feedItems).map((i) => entry(model.articles[i]!));
    files.push({ path: url("rss"), content: rss(meta, entries) }, { path: url("atom"), content: atom(meta, entries) }, { path: url("json"), content: jsonFeed(meta, entries) });
  };
  feedSet(config.title, config.description, routes.home(), model.articles.map((a) => a.index), (f) => routes.feed(f));
  const termFeeds = (terms: Iterable<Term>): void => {
    for (const t of terms) feedSet(`${t.name} – ${config.title}`, t.profile?.bio ?? `${config.title}: ${t.name}`, routes.term(t.kind, t.key), t.articles, (f) => routes.termFeed(t.kind, t.key, f));
  };
  termFeeds(model.categories.values());
  termFeeds(model.authors.values());

  const newest = (items: readonly number[]): number | undefined => {
    let max: number | undefined;
    for (const i of items.slice(0, 50)) {
      const a = model.articles[i]!;
      max = Math.max(max ?? 0, a.updatedMs ?? a.dateMs);
    }
    return max;
  };
  const urls: SitemapUrl[] = [{ loc: abs(routes.home()), lastmodMs: newest(model.articles.map((a) => a.index)) }];
  for (const a of model.articles) urls.push({ loc: abs(routes.article(a.slug)), lastmodMs: a.updatedMs ?? a.dateMs });
  for (const map of [model.categories, model.tags, model.authors]) {
    for (const t of map.values()) urls.push({ loc: abs(routes.term(t.kind, t.key)), lastmodMs: newest(t.articles) });
  }
  urls.push({ loc: abs(routes.archive()) });
  for (const [day, items] of model.days) urls.push({ loc: abs(routes.day(day)), lastmodMs: newest(items) });
  const parts = sitemapParts(urls, config.timeZone);
  const partLastmod = urls.reduce((m, u) => Math.max(m, u.lastmodMs ?? 0), 0) || undefined;
  parts.forEach((content, n) => files.push({ path: routes.sitemapPart(n + 1), content }));
  files.push({ path: routes.sitemapIndex(), content: sitemapIndex(parts.map((_, n) => ({ loc: abs(routes.sitemapPart(n + 1)), lastmodMs: partLastmod })), config.timeZone) });

  const recent = model.articles.filter((a) => a.dateMs <= nowMs && a.dateMs > nowMs - NEWS_WINDOW_MS).slice(0, NEWS_MAX);
  files.push({
    path: routes.newsSitemap(),
    content: newsSitemap(recent.map((a) => ({ loc: abs(routes.article(a.slug)), title: a.title, dateMs: a.dateMs })), { name: config.publisher.name ?? config.title, language: config.language }, config.timeZone),
  });
  files.push({ path: routes.robots(), content: robotsTxt([abs(routes.sitemapIndex()), abs(routes.newsSitemap())]) });
  return files;
}
