/**
 * Links between articles by their source files (`[baca juga](../2023/dua.md)`): the body holds a
 * placeholder (parse/markdown.ts), the page the article's URL. One map per model, file → slug,
 * made the first time a page or a fingerprint asks.
 */
import { routes } from "../pages/routes.ts";
import type { SiteModel } from "./types.ts";

/** What a body's link to another article's source file says until the page knows that article's URL. */
export const ARTICLE_LINK = "warta:article:";

const slugsByModel = new WeakMap<SiteModel, Map<string, string>>();

/** The published articles' slugs by source file (NFC: a link typed on one system finds a file named on another). */
export function articleSlugs(model: SiteModel): ReadonlyMap<string, string> {
  let slugs = slugsByModel.get(model);
  if (!slugs) {
    slugs = new Map(model.articles.map((a) => [a.file.normalize("NFC"), a.slug]));
    slugsByModel.set(model, slugs);
  }
  return slugs;
}

/** The slug of the published article whose source is `file`, or undefined (missing, a draft, in the future, with errors). */
export const linkedSlug = (model: SiteModel, file: string): string | undefined => articleSlugs(model).get(file.normalize("NFC"));

/**
 * The body with each `ARTICLE_LINK` placeholder replaced by the article's URL (`urlOf`, with the
 * base path); a link to a file that is no published article loses its href (the text stays).
 */
export function resolveArticleLinks(html: string, urlOf: (file: string) => string | undefined): string {
  if (!html.includes(ARTICLE_LINK)) return html;
  return html.replace(/ href="warta:article:([^"#]*)(#[^"]*)?"/g, (_m, file: string, hash: string | undefined) => {
    let url: string | undefined;
    try {
      url = urlOf(decodeURIComponent(file));
    } catch {
      url = undefined;
    }
    return url === undefined ? "" : ` href="${url}${hash ?? ""}"`;
  });
}

/** `html` with its article links pointing at the pages of `model`, under `basePath`. */
export function withArticleLinks(html: string, model: SiteModel, basePath: string): string {
  return resolveArticleLinks(html, (file) => {
    const slug = linkedSlug(model, file);
    return slug === undefined ? undefined : basePath + routes.article(slug);
  });
}
