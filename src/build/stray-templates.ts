/**
 * A file in the site's `templates/` that is named like one of warta's own templates or theme files
 * but not at its place (`templates/teaser.njk` for `partials/teaser.njk`, `templates/warta.css`
 * for `static/warta.css`, `Article.njk`, `404.html`) replaces nothing: warta goes on using its
 * own, and the developer's edits never show. Said as a `template` warning at the file, naming the
 * path that would replace the built-in one. A file another of the site's templates names (an
 * `{% include "warta.css" %}` of its own) is in use and left alone. Pure, but for reading the
 * site's templates.
 */
import { readFileSync } from "node:fs";
import { CODES, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import type { SourceEntry } from "../load/walk.ts";

/** Extensions a template is saved under by mistake (an editor's default, another engine's habit). */
const TEMPLATE_EXT = /\.(?:njk|nunjucks|nunjs|html?|jinja2?|j2|twig|liquid)$/i;

export function strayTemplates(site: readonly SourceEntry[], builtin: readonly SourceEntry[]): Diagnostic[] {
  const own = new Set(site.map((e) => e.rel.slice("templates/".length)));
  const base = (rel: string): string => rel.slice(rel.lastIndexOf("/") + 1).toLowerCase();
  const stem = (rel: string): string => base(rel).replace(TEMPLATE_EXT, "");
  const isStatic = (rel: string): boolean => rel.startsWith("static/");
  let texts: string | undefined;
  const named = (rel: string): boolean => {
    texts ??= site.map((e) => {
      try {
        return readFileSync(e.abs, "utf8");
      } catch {
        return "";
      }
    }).join("\n");
    return texts.includes(`"${rel}"`) || texts.includes(`'${rel}'`);
  };
  const found: Diagnostic[] = [];
  for (const e of site) {
    const rel = e.rel.slice("templates/".length);
    if (builtin.some((b) => b.rel === rel)) continue;
    const meant = builtin.find((b) => {
      if (own.has(b.rel)) return false; // replaced already: this one is the site's own
      if (base(b.rel) === base(rel)) return true; // another folder or case
      // A template under another extension (`404.html`), never a theme file (static/404.html is an asset).
      return !isStatic(b.rel) && !isStatic(rel) && TEMPLATE_EXT.test(rel) && stem(b.rel) === stem(rel);
    });
    if (!meant || named(rel)) continue;
    found.push(warning(CODES.template, e.rel, `replaces no built-in file: warta keeps using its own ${meant.rel}; to replace it, name this file templates/${meant.rel}`, { line: 1, column: 1 }));
  }
  return found;
}
