/**
 * Same-shape rebuilds. Most saves in `dev` change what an article shows (its text, title,
 * summary, image) but not where it appears (date, slug, authors, tags, category, draft, old addresses). Then the
 * model and the plan of the last good build still hold: the changed articles are swapped into the
 * model, and only the pages that show them get new fingerprints. At 10k articles this replaces
 * about a second of model + plan with a few milliseconds. Anything else takes the full path.
 * Kept in memory only (`dev`); the invariant "same bytes as a fresh build" is tested.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { ImageDims } from "../load/image-size.ts";
import { bodyImages } from "../model/body-images.ts";
import type { RelatedCache } from "../model/build-model.ts";
import type { Article, SiteModel } from "../model/types.ts";
import type { ArticleRecord } from "../parse/article.ts";
import type { Plan } from "../pages/plan.ts";
import type { OutputFile } from "../render/site-files.ts";
import type { CachedShape, SourceRecord } from "./state.ts";

export interface Shape {
  /** Everything besides the articles that decides the shape (options, config, templates, copies). */
  key: string;
  /** The "now" it was made at: before it (a `SOURCE_DATE_EPOCH` set back) articles may be hidden again. */
  validFromMs: number;
  /** Until this time (ms) no article is published or leaves the news window by time alone. */
  validUntilMs: number;
  /** The sources the model was made from. */
  sources: ReadonlyMap<string, SourceRecord>;
  model: SiteModel;
  related: RelatedCache;
  plan: Plan;
  /** Article file → model index. */
  indexByFile: ReadonlyMap<string, number>;
  imageDims: ReadonlyMap<string, ImageDims>;
  sitemaps: readonly OutputFile[];
  /** Diagnostics of model and plan (not of parsing, not of the walk). */
  diagnostics: readonly Diagnostic[];
  /**
   * The cached shape this one was decoded or patched from. The disk cache saves that one's bytes
   * and the records it was made from instead of serializing this shape: the next build patches
   * again, from there.
   */
  base?: CachedShape;
}

/** What decides where an article appears, and the lines its diagnostics point at. */
function placement(r: ArticleRecord): string {
  // The body's images too: their sizes are measured when the plan is made (an image the shape never measured would lose its size).
  return JSON.stringify([r.slug, r.dateMs, r.updatedMs, r.draft, r.headline, r.authors, r.tags, r.category, r.imageLocal, r.keyLines, bodyImages(r), r.aliases]);
}

/**
 * The article files whose content changed since `shape` was made, provided none moved, appeared
 * or went and no author profile changed; otherwise undefined.
 */
export function changedInPlace(shape: Shape, sources: ReadonlyMap<string, SourceRecord>): string[] | undefined {
  if (sources.size !== shape.sources.size) return undefined;
  const changed: string[] = [];
  for (const [rel, r] of sources) {
    const before = shape.sources.get(rel);
    if (!before) return undefined;
    if (before === r || before.hash === r.hash) continue;
    if (!r.article || !before.article || placement(r.article) !== placement(before.article)) return undefined;
    changed.push(rel);
  }
  return changed;
}

/** The model with the changed articles' records swapped in: same indexes, terms, days, related lists. */
export function patchModel(shape: Shape, sources: ReadonlyMap<string, SourceRecord>, files: readonly string[]): { model: SiteModel; changed: Set<number> } {
  const articles = shape.model.articles.slice();
  const changed = new Set<number>();
  for (const file of files) {
    const index = shape.indexByFile.get(file);
    if (index === undefined) continue; // a draft or a future article: not in the model
    const r = sources.get(file)!;
    const before = articles[index]!;
    const next: Article = { ...r.article!, index, hash: r.hash, teaserHash: r.teaserHash!, authorKeys: before.authorKeys, tagKeys: before.tagKeys, day: before.day };
    if (before.categoryKey !== undefined) next.categoryKey = before.categoryKey;
    articles[index] = next;
    changed.add(index);
  }
  return { model: { ...shape.model, articles }, changed };
}
