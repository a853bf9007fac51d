/**
 * Links between articles by their source files (`[baca juga](../2023/dua.md)`): the body holds a
 * placeholder (parse/markdown.ts), the page the article's URL. One map per model, file → slug,
 * made the first time a page or a fingerprint asks.
 */
import { routes } from "../pages/routes.ts";
import { sitePathHref } from "../util/http-url.ts";
import type { SiteModel } from "./types.ts";

/** What a body's link to another article's source file says until the page knows that article's URL. */
export const ARTICLE_LINK = "warta:article:";

/** A body link's target — a source file (`articles/2024/dua.md`) for a link to an article, an output path (`2024/foto.jpg`) for a link to a file — and the file line it is written on. */
export interface LocalLink {
  file: string;
  line: number;
  /** A link to a page of the site (`/berita/x/`, `/tag/y`, `arsip.html`), not to a file: `file` is its path without the base path. */
  page?: true;
}

const slugsByModel = new WeakMap<SiteModel, Map<string, string>>();

/** The published articles' slugs by source file, in NFC as links name them (a file saved on macOS is named in NFD). */
function articleSlugs(model: SiteModel): ReadonlyMap<string, string> {
  let slugs = slugsByModel.get(model);
  if (!slugs) {
    slugs = new Map(model.articles.map((a) => [a.file.normalize("NFC"), a.slug]));
    slugsByModel.set(model, slugs);
  }
  return slugs;
}

/**
 * Where a link to the source file `file` goes, from the site's root: the page of the published
 * article made from it, else the file itself when the site publishes one there (a `.md` in
 * `static/`); undefined when neither (missing, a draft, in the future, with errors).
 */
export function linkTarget(model: SiteModel, file: string): string | undefined {
  // (`file` is NFC, as the parser records every link's file.)
  const slug = articleSlugs(model).get(file);
  if (slug !== undefined) return routes.article(slug);
  // A page of the newsroom's own, by its file (`../../pages/redaksi.md`).
  if (file.startsWith("pages/")) {
    const page = model.pages?.find((p) => p.file === file);
    return page ? routes.page(page.slug) : undefined;
  }
  // A reporter, by their profile's file (`../../authors/rina.md`): their page, when they have bylines.
  if (file.startsWith("authors/")) {
    for (const term of model.authors.values()) if (term.profile?.file === file) return routes.term("author", term.key);
    return undefined;
  }
  const path = file.slice("articles/".length);
  return model.files?.has(path) ? sitePathHref(path) : undefined;
}

/**
 * `html` with each `ARTICLE_LINK` placeholder of `links` (the links the parser recorded: a
 * placeholder written by hand is no link) pointing at its target under `basePath`; one without a
 * target loses its href (the words stay).
 */
export function withArticleLinks(html: string, links: readonly LocalLink[] | undefined, model: SiteModel, basePath: string): string {
  if (!html.includes(ARTICLE_LINK)) return html;
  const recorded = new Set(links?.map((l) => l.file));
  return html.replace(/ href="warta:article:([^"#]*)(#[^"]*)?"/g, (_m, file: string, hash: string | undefined) => {
    let target: string | undefined;
    try {
      const source = decodeURIComponent(file);
      target = recorded.has(source) ? linkTarget(model, source) : undefined;
    } catch {
      target = undefined;
    }
    return target === undefined ? "" : ` href="${basePath}${target}${hash ?? ""}"`;
  });
}

/** What the links of `links` show, for fingerprints: a page or feed entry with them changes when a target does. */
export const linkTargets = (model: SiteModel, links: readonly LocalLink[] | undefined): string => (links ? links.map((l) => linkTarget(model, l.file) ?? "").join(",") : "");
