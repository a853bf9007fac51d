/**
 * An override in the wrong place (`templates/teaser.njk` for `partials/teaser.njk`,
 * `templates/warta.css` for `static/warta.css`, `Article.njk`, `404.html`) replaced nothing and
 * was never said: warta went on using its own file and the developer's edits never showed. Each
 * is a `template` warning naming the path that replaces the built-in one; the build still
 * succeeds. A file the site's own templates include, and a right override, are left alone.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite, fixtureSites, REPO, SMALL_ARTICLE } from "../support/site.ts";

const { site } = fixtureSites();
const builtin = (rel: string): string => readFileSync(join(REPO, "templates", rel), "utf8");

describe("site templates that replace no built-in file", () => {
  it("are warned about, each with the path it should have", () => {
    const root = site({
      "articles/a.md": SMALL_ARTICLE,
      "templates/teaser.njk": builtin("partials/teaser.njk").replace('class="teaser', 'class="my-teaser teaser'),
      "templates/warta.css": "/* mine */",
      "templates/Article.njk": builtin("article.njk"),
      "templates/404.html": builtin("404.njk"),
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const warned = r.stderr.split("\n").filter((l) => / warning template: /.test(l));
    expect(warned).toEqual([
      "templates/404.html:1:1: warning template: replaces no built-in file: warta keeps using its own 404.njk; to replace it, name this file templates/404.njk",
      "templates/Article.njk:1:1: warning template: replaces no built-in file: warta keeps using its own article.njk; to replace it, name this file templates/article.njk",
      "templates/teaser.njk:1:1: warning template: replaces no built-in file: warta keeps using its own partials/teaser.njk; to replace it, name this file templates/partials/teaser.njk",
      "templates/warta.css:1:1: warning template: replaces no built-in file: warta keeps using its own static/warta.css; to replace it, name this file templates/static/warta.css",
    ]);
    // As said: the built-in ones are used.
    expect(readFileSync(join(r.out, "index.html"), "utf8")).not.toContain("my-teaser");
    expect(readFileSync(join(r.out, "assets", "warta.css"), "utf8")).not.toContain("mine");
  });

  it("are not warned about when they are overrides, or the site's own templates use them", () => {
    const root = site({
      "articles/a.md": SMALL_ARTICLE,
      "templates/partials/teaser.njk": builtin("partials/teaser.njk"),
      "templates/static/warta.css": "/* mine */",
      "templates/404.njk": builtin("404.njk").replace("{% block main %}", '{% block main %}<style>{% include "warta.css" %}</style>'),
      "templates/warta.css": "p { color: red }",
      "templates/404.html": "<p>never used, but 404.njk is the site's own</p>",
      "templates/partials/iklan.njk": "<div>iklan</div>",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("warning template");
  });
});
