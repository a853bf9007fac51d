/**
 * An article the last build published at one address and this one at another (its `slug:`
 * changed, or its file was renamed), with nothing published at the old address now: every link
 * already shared (WhatsApp, social media, search engines, other sites) would answer 404. Said as a
 * `moved-article` warning naming the `aliases:` line that keeps them working.
 * Only a build that knows the last build's records can tell (the cache, `warta dev`): a build
 * without them says nothing. Pure.
 */
import { CODES, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { collisionKey, outputPath, routes } from "../pages/routes.ts";
import type { SourceRecord } from "./state.ts";

export interface MovedCheck {
  /** The last build's records, by path. */
  before: ReadonlyMap<string, SourceRecord>;
  /** The files the last build published (its manifest): an address it published is in it. */
  published: ReadonlyMap<string, unknown>;
  /** This build's records, by path. */
  now: ReadonlyMap<string, SourceRecord>;
  /** The articles this build publishes (files). */
  shown: Iterable<string>;
  /** Every file this build publishes (its plan's paths). */
  paths: Iterable<string>;
}

export function movedArticles({ before, published, now, shown, paths }: MovedCheck): Diagnostic[] {
  if (before.size === 0) return [];
  // A file renamed without an edit: its content's hash names the file it was.
  let gone: Map<string, SourceRecord> | undefined;
  const goneByHash = (): Map<string, SourceRecord> => {
    if (gone) return gone;
    gone = new Map();
    for (const [rel, r] of before) if (r.article && !now.has(rel)) gone.set(r.hash, r);
    return gone;
  };
  let taken: Set<string> | undefined;
  const found: Diagnostic[] = [];
  const shownNow = new Set(shown);
  // Dated after now since the last build (a slip of the year, often): taken down without a word until then.
  for (const [rel, r] of now) {
    const a = r.article;
    if (!a || a.draft || shownNow.has(rel)) continue;
    const old = before.get(rel)?.article;
    if (!old || old.draft || !published.has(outputPath(routes.article(old.slug)))) continue;
    found.push(warning(CODES.movedArticle, rel, `the last build published this article at /${routes.article(old.slug)}; dated after now, it is taken down until its time comes (is the date a slip?)`, { line: a.keyLines.date ?? 1, column: 1, field: "date" }));
  }
  for (const rel of shownNow) {
    const r = now.get(rel);
    const a = r?.article;
    if (!r || !a) continue;
    const was = before.get(rel) ?? goneByHash().get(r.hash);
    const old = was?.article;
    if (!old || old.slug === a.slug) continue;
    const oldPath = outputPath(routes.article(old.slug));
    if (!published.has(oldPath)) continue;
    taken ??= new Set([...paths].map(collisionKey));
    if (taken.has(collisionKey(oldPath))) continue;
    const from = was.rel === rel ? "" : ` (as ${was.rel})`;
    found.push(
      warning(
        CODES.movedArticle,
        rel,
        `the last build published this article${from} at /${routes.article(old.slug)}, and it is now at /${routes.article(a.slug)}: links to the old address already shared would answer 404; add \`aliases: [${old.slug}]\` to send them on`,
        { line: a.keyLines.slug ?? 1, column: 1, field: "slug" },
      ),
    );
  }
  return found;
}
