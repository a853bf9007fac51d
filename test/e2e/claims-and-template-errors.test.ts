/**
 * Problems that were reported only in the run after another was fixed (or never until
 * publishing time), and a clash message that gave the wrong advice.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { article, buildSite, fixtureSites, runCli } from "../support/site.ts";

const { site } = fixtureSites();
const ok = (title: string, extra: Record<string, string> = {}): string => article({ title, date: "2024-09-01", author: "Rina", ...extra });

describe("every problem in one run", () => {
  it("a template that does not compile hides no other template's error while rendering", () => {
    const root = site({
      "articles/a.md": ok("A", { tags: "[Banjir]" }),
      "templates/list.njk": "{% if %}\n",
      "templates/home.njk": '{% extends "layout.njk" %}{% block main %}{{ x | nofilter }}{% endblock %}',
    });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => l.includes(" error "));
    expect(lines).toContain("templates/list.njk:1:7: error template: unexpected token: %}");
    expect(lines).toContainEqual(expect.stringMatching(/^templates\/home\.njk:1:\d+: error template: filter not found: nofilter \(rendering \/\)$/));
    // The broken template is said once, by its syntax error, not again for each page that uses it.
    expect(lines.filter((l) => l.startsWith("templates/list.njk"))).toHaveLength(1);
    expect(r.stderr).toContain("2 errors");
  });

  it("a page of pages/ with an error still takes its address: another page's clash with it comes in the same run", () => {
    const root = site({
      "articles/a.md": ok("A"),
      "pages/a.md": "---\ntitle: Redaksi\nslug: Redaksi\n---\nTeks.\n",
      "pages/b.md": "---\ntitle: Redaksi Lama\nslug: redaksi\norder: 1.5\n---\nTeks.\n",
    });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("pages/b.md:4:1: error invalid-type order:");
    expect(r.stderr).toContain("pages/a.md:3:1: error duplicate-url slug: writes /redaksi/index.html, which pages/b.md also writes");
    expect(r.stderr).toContain("pages/b.md:3:1: error duplicate-url slug: writes /redaksi/index.html, which pages/a.md also writes");
    expect(existsSync(join(root, "dist"))).toBe(false);
  });

  it("a draft page with an error takes no address outside a --drafts build", () => {
    const root = site({
      "articles/a.md": ok("A"),
      "pages/redaksi.md": "---\ntitle: Redaksi\n---\nTeks.\n",
      "pages/b.md": "---\ntitle: Redaksi Baru\nslug: redaksi\ndraft: true\norder: x\n---\nTeks.\n",
    });
    const r = runCli(["check", "--root", root]);
    expect(r.stderr).toContain("pages/b.md:5:1: error invalid-type order:");
    expect(r.stderr).not.toContain("duplicate-url");
    expect(runCli(["check", "--root", root, "--drafts"]).stderr).toContain("pages/redaksi.md:1:1: error duplicate-url slug: writes /redaksi/index.html, which pages/b.md also writes");
  });
});

describe("a scheduled article", () => {
  it("whose address another article has is an error now, not in the build at its publishing time", () => {
    const files = {
      "articles/a.md": ok("Terbit", { slug: "sama", aliases: "[/lama/]" }),
      "articles/b.md": article({ title: "Embargo", date: "2024-10-05T08:00:00+07:00", author: "Rina", slug: "sama", aliases: "[/lama/]" }),
    };
    const r = buildSite(site(files));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("articles/a.md:5:1: error duplicate-url slug: writes /berita/sama/index.html, which articles/b.md also writes");
    expect(r.stderr).toContain("articles/b.md:5:1: error duplicate-url slug: writes /berita/sama/index.html, which articles/a.md also writes");
    expect(r.stderr).toContain("articles/b.md:6:1: error duplicate-url aliases: writes /lama/index.html, which articles/a.md also writes");
    // A draft is not scheduled: its clash is said when a build publishes it.
    const draft = { "articles/a.md": files["articles/a.md"], "articles/b.md": ok("Draf", { slug: "sama", draft: "true" }) };
    expect(buildSite(site(draft)).status).toBe(0);
    expect(runCli(["check", "--root", site(draft), "--drafts"]).stderr).toContain("articles/b.md:5:1: error duplicate-url slug");
    // A draft with an error of its own is no different: its address is taken only by a --drafts build.
    const broken = { "articles/a.md": files["articles/a.md"], "articles/b.md": "---\ntitle: Draf\nauthor: Rina\nslug: sama\ndraft: true\n---\nTanpa tanggal.\n" };
    const r2 = runCli(["check", "--root", site(broken)]);
    expect(r2.stderr).toContain("articles/b.md:1:1: error required date");
    expect(r2.stderr).not.toContain("duplicate-url");
    expect(runCli(["check", "--root", site(broken), "--drafts"]).stderr).toContain("articles/b.md:4:1: error duplicate-url slug");
  });

  it("whose tag, author or category is another spelling of a published one's is an error now too; the same name in other capitals is none", () => {
    const later = (extra: Record<string, string>) => article({ title: "Embargo", date: "2024-10-05T08:00:00+07:00", author: "Rina", ...extra });
    const root = site({
      "articles/a.md": ok("Terbit", { tags: "[Hak Asasi]", category: "Hukum Pidana", author: "Rina Sari" }),
      "articles/b.md": later({ tags: "[Hak-Asasi]", category: "hukum-pidana", author: "Rina-Sari" }),
      "articles/c.md": later({ tags: "[hak asasi]", category: "HUKUM PIDANA" }),
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain('articles/b.md:4:1: error duplicate-url author: author "Rina-Sari" and "Rina Sari" (articles/a.md) map to the same URL "rina-sari": spell them the same');
    expect(r.stderr).toContain('articles/b.md:5:1: error duplicate-url tags: tag "Hak-Asasi" and "Hak Asasi" (articles/a.md) map to the same URL "hak-asasi"');
    expect(r.stderr).toContain('articles/b.md:6:1: error duplicate-url category: category "hukum-pidana" and "Hukum Pidana" (articles/a.md)');
    expect(r.stderr).not.toContain("articles/c.md");
    // Published by --future, the same clashes are the model's, said once each.
    const now = runCli(["check", "--root", root, "--future"]);
    expect(now.stderr.match(/error duplicate-url/g)?.length).toBe(3);
  });
});

describe("two spellings of one tag", () => {
  it("are told to be spelt the same when their signs are spelt out (C++ and C plus plus), and about the cut only past it", () => {
    const long = "a".repeat(125);
    const r = buildSite(site({
      "articles/a.md": ok("A", { tags: `[C++, ${long}x]` }),
      "articles/b.md": ok("B", { tags: `[C plus plus, ${long}y]` }),
    }));
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('tag "C plus plus" and "C++" (articles/a.md) map to the same URL "c-plus-plus": spell them the same');
    expect(r.stderr).toContain("URLs are cut at 120 characters: make them differ sooner, or shorten one");
  });
});
