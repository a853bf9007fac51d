/**
 * Published articles and the taxonomies over them. Pure: records, profiles and "now" come in.
 * Drafts and articles dated after `nowMs` are left out here, so no later stage can leak them.
 */
import { CODES, error, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { ArticleRecord } from "../parse/article.ts";
import { byString } from "../util/compare.ts";
import { dayKey } from "../util/dates.ts";
import { hash } from "../util/hash.ts";
import { MAX_SLUG, nameKey, sameName, termKey, wholeTermSlug } from "../util/slug.ts";
import { closeName } from "../util/suggest.ts";
import { relatedArticles } from "./related.ts";
import type { Article, AuthorProfile, SiteModel, StaticPage, Term, TermKind } from "./types.ts";

/** Two spellings of a term whose names give one URL: an error at the later one, naming the first. */
export function termClash(file: string, kind: TermKind, name: string, first: { name: string; file: string }, key: string, line: number, field: string): Diagnostic {
  // Past MAX_SLUG characters a URL is cut: two long names that differ only after that are no misspelling.
  const cut = wholeTermSlug(name) !== wholeTermSlug(first.name);
  const advice = cut ? `URLs are cut at ${MAX_SLUG} characters: make them differ sooner, or shorten one` : "spell them the same";
  return error(CODES.duplicateUrl, file, `${kind} "${name}" and "${first.name}" (${first.file}) map to the same URL "${key}": ${advice}`, { line, column: 1, field });
}

/** One parsed article as the model takes it: its record and the hashes of its content and teaser. */
export interface ArticleInput {
  record: ArticleRecord;
  hash: string;
  teaserHash: string;
}

export interface ModelInput {
  records: ReadonlyArray<ArticleInput>;
  /** Author profiles by the slug of their `name:`. */
  profiles: ReadonlyMap<string, AuthorProfile>;
  /** Author profiles by their file's name (`authors/rina.md`: `rina`), for reporters no profile names. */
  profileFiles?: ReadonlyMap<string, AuthorProfile>;
  nowMs: number;
  drafts: boolean;
  future: boolean;
  timeZone: string;
  relatedCount: number;
  /** Related lists of the previous build: reused when no article's date, tags or category moved. */
  previousRelated?: RelatedCache;
  /** The newsroom's own pages (`pages/`). */
  pages?: readonly StaticPage[];
}

export interface RelatedCache {
  key: string;
  lists: number[][];
}

/**
 * Whether an article is on the site: drafts only with `drafts`, articles dated after "now" only
 * with `future`. The one rule for the model and for the build's change detection.
 */
export function isPublished(record: { draft: boolean; dateMs: number }, when: { drafts?: boolean; future?: boolean; nowMs: number }): boolean {
  return (!!when.drafts || !record.draft) && (!!when.future || record.dateMs <= when.nowMs);
}

/** Articles are there and none is published: "built 0 articles" alone would not say why. */
function nothingPublished(input: ModelInput): Diagnostic {
  const drafts = input.records.filter(({ record }) => record.draft && !input.drafts).length;
  const future = input.records.filter(({ record }) => !(record.draft && !input.drafts) && record.dateMs > input.nowMs).length;
  const n = input.records.length;
  const why = [
    ...(drafts ? [`${drafts === n ? (n === 1 ? "it is a draft" : "all are drafts") : `${drafts} ${drafts === 1 ? "is a draft" : "are drafts"}`} (draft: true; --drafts builds drafts)`] : []),
    ...(future ? [`${future === n ? (n === 1 ? "it is dated after now" : "all are dated after now") : `${future} ${future === 1 ? "is" : "are"} dated after now`} (--future builds them)`] : []),
  ];
  return warning(CODES.noArticles, "articles/", `no article is published: of ${n} ${n === 1 ? "article" : "articles"}, ${why.join(", and ")}`);
}

export function buildModel(input: ModelInput): { model: SiteModel; diagnostics: Diagnostic[]; related: RelatedCache } {
  const diagnostics: Diagnostic[] = [];
  const published = input.records.filter(({ record }) => isPublished(record, input));
  if (published.length === 0 && input.records.length > 0) diagnostics.push(nothingPublished(input));
  published.sort((a, b) => b.record.dateMs - a.record.dateMs || byString(a.record.file, b.record.file));

  const articles: Article[] = published.map(({ record, hash, teaserHash }, index) => ({
    ...record,
    index,
    hash,
    teaserHash,
    authorKeys: [],
    tagKeys: [],
    day: dayKey(record.dateMs, input.timeZone),
  }));

  // Terms are registered in path order so the "first spelling" is independent of dates.
  const byPath = [...articles].sort((a, b) => byString(a.file, b.file));
  // A byline that names a profile's file (`budi` for authors/budi.md, "Budi Santoso"), where no
  // profile has that name, is the profile's reporter: their name, their one page.
  // Also where the file's name is the profile's own name's key (`rina-sari` for authors/rina-sari.md, "Rina Sari"),
  // unless another profile is named so.
  const profileName = (name: string): string => {
    const key = termKey(name);
    const profile = key ? input.profileFiles?.get(key) : undefined;
    if (!profile || !termKey(profile.name)) return name;
    const named = input.profiles.get(key);
    if (named && named.file !== profile.file) return name;
    // A spelling of the profile's own name (`RINA SIREGAR`) is a byline as written: names show as first spelt.
    return named && sameName(nameKey(name), nameKey(profile.name)) ? name : profile.name;
  };
  const tags = new Map<string, Term>();
  const categories = new Map<string, Term>();
  const authors = new Map<string, Term>();
  const identities = new Map<string, { identity: string; file: string; name: string }>();

  const register = (kind: TermKind, map: Map<string, Term>, written: string, article: Article, field: string): string | undefined => {
    const name = kind === "author" ? profileName(written) : written;
    const identity = nameKey(name);
    const key = termKey(name, identity);
    const line = article.keyLines[field] ?? article.keyLines[field === "author" ? "authors" : field] ?? 1;
    if (!key) {
      diagnostics.push(error(CODES.unsafeSlug, article.file, `${kind} "${name}" gives an empty URL slug: use letters or digits`, { line, column: 1, field }));
      return undefined;
    }
    const seenKey = `${kind}:${key}`;
    const seen = identities.get(seenKey);
    if (seen && !sameName(seen.identity, identity)) {
      diagnostics.push(termClash(article.file, kind, name, seen, key, line, field));
      return undefined;
    }
    if (!seen) identities.set(seenKey, { identity, file: article.file, name });
    if (!map.has(key)) map.set(key, { kind, key, name, articles: [] });
    return key;
  };

  for (const a of byPath) {
    a.authorKeys = [...new Set(a.authors.map((n) => register("author", authors, n, a, a.keyLines.author !== undefined ? "author" : "authors")).filter((k): k is string => !!k))];
    a.tagKeys = [...new Set(a.tags.map((n) => register("tag", tags, n, a, "tags")).filter((k): k is string => !!k))];
    if (a.category) a.categoryKey = register("category", categories, a.category, a, "category");
  }
  for (const a of articles) {
    for (const k of a.authorKeys) authors.get(k)!.articles.push(a.index);
    for (const k of a.tagKeys) tags.get(k)!.articles.push(a.index);
    if (a.categoryKey) categories.get(a.categoryKey)!.articles.push(a.index);
  }
  // A profile is its `name:`'s (a byline by its file's name was given that name above).
  for (const [key, term] of authors) {
    const profile = input.profiles.get(key) ?? input.profileFiles?.get(key);
    if (profile) term.profile = profile;
  }

  // A byline one or two slips from a reporter's profile (`Rina Sary` for `Rina Sari`) makes a
  // second reporter with a page of their own, and the article is missing from the real one's.
  const profileNames = [...new Set([...input.profiles.values()].map((p) => p.name))];
  if (profileNames.length) {
    for (const term of authors.values()) {
      // Short names are left alone: `Dedi` and `Dodi` are more likely two people than a slip.
      const near = term.profile || term.name.length < 6 ? undefined : closeName(term.name, profileNames);
      if (near === undefined) continue;
      for (const i of term.articles) {
        const a = articles[i]!;
        const field = a.keyLines.author !== undefined ? "author" : "authors";
        diagnostics.push(warning(CODES.unknownAuthor, a.file, `no profile in authors/ is named "${term.name}": did you mean "${near}"? (as written, "${term.name}" is another reporter, with a page of their own; a profile for them ends this warning)`, { line: a.keyLines[field] ?? 1, column: 1, field }));
      }
    }
  }

  // `updated: 2031-…` for 2021 pins the sitemap's and the feed's "last changed" years ahead.
  for (const a of articles) {
    if (a.updatedMs !== undefined && a.updatedMs > input.nowMs && a.dateMs <= input.nowMs) {
      diagnostics.push(warning(CODES.invalidDate, a.file, "`updated` is later than the build's time: a typo? (feeds and sitemaps publish it as the last change)", { line: a.keyLines.updated ?? 1, column: 1, field: "updated" }));
    }
  }

  const days = new Map<string, number[]>();
  for (const a of articles) {
    let list = days.get(a.day);
    if (!list) days.set(a.day, (list = []));
    list.push(a.index);
  }

  const key = hash(String(input.relatedCount), articles.map((a) => `${a.file}|${a.categoryKey ?? ""}|${a.tagKeys.join(",")}`).join("\n"));
  const related = input.previousRelated?.key === key ? input.previousRelated.lists : relatedArticles(articles, tags, categories, input.relatedCount);
  // The footer's order: `order`, then the title as the site's readers sort it, then the file.
  const rank = (p: StaticPage): number => p.order ?? Number.MAX_SAFE_INTEGER;
  const pages = [...(input.pages ?? [])].sort((a, b) => rank(a) - rank(b) || a.title.localeCompare(b.title, "id") || byString(a.file, b.file));
  return { model: { articles, tags: sortTerms(tags), categories: sortTerms(categories), authors: sortTerms(authors), days, related, ...(pages.length ? { pages } : {}) }, diagnostics, related: { key, lists: related } };
}

const sortTerms = (map: Map<string, Term>): Map<string, Term> => new Map([...map.entries()].sort((a, b) => byString(a[0], b[0])));
