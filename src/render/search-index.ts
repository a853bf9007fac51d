/**
 * The search page's data: `cari/data.json`, the newest `searchItems` articles as the page's
 * script reads them. A static site has no server to ask, so the reader's browser fetches this
 * file once (when the first search is made) and matches in memory. Pure.
 *
 * At 2,000 articles (the default) the file is ~0.6 MB, ~0.15 MB as hosts send it compressed:
 * less than one lead photo. Older articles stay reachable through the archive (Indeks), tags and
 * categories; a site that wants all of them searched raises `searchItems`.
 */
import type { ResolvedConfig } from "../config/schema.ts";
import type { SiteModel } from "../model/types.ts";
import { routes } from "../pages/routes.ts";
import { displayDate } from "../util/dates.ts";
import { quickHash } from "../util/hash.ts";
import type { OutputFile } from "./site-files.ts";

/** The order of each item's fields, written into the file so that a site's own script can read it. */
export const SEARCH_FIELDS = ["title", "url", "date", "category", "tags", "summary", "sponsored", "authors"] as const;

/** The search index, or undefined when the site has no search (`searchItems: 0`). */
export function searchIndex(model: SiteModel, config: ResolvedConfig): OutputFile | undefined {
  if (config.searchItems <= 0) return undefined;
  const shown = model.articles.slice(0, config.searchItems);
  const categoryName = (key: string | undefined): string => (key ? model.categories.get(key)!.name : "");
  const tagNames = (keys: readonly string[]): string => keys.map((k) => model.tags.get(k)!.name).join(", ");
  const authorNames = (keys: readonly string[]): string => keys.map((k) => model.authors.get(k)!.name).join(", ");
  // What each item shows: the teaser's fields, and the term names as the site spells them.
  const fingerprint = quickHash(`search-2|${config.locale}|${config.timeZone}|${config.basePath}|${shown.map((a) => `${a.teaserHash}|${categoryName(a.categoryKey)}|${tagNames(a.tagKeys)}|${authorNames(a.authorKeys)}`).join("\u0001")}`);
  return {
    path: routes.searchIndex(),
    fingerprint,
    content: () =>
      JSON.stringify({
        fields: SEARCH_FIELDS,
        items: shown.map((a) => [
          a.title,
          config.basePath + routes.article(a.slug),
          displayDate(a.dateMs, a.dateOnly, config.locale, config.timeZone),
          categoryName(a.categoryKey),
          tagNames(a.tagKeys),
          a.summary,
          // Paid content is labelled in the results too: "1", else "".
          a.sponsored ? "1" : "",
          authorNames(a.authorKeys),
        ]),
      }),
  };
}
