/**
 * One fixture per diagnostic: the CLI reports each with file, line and field, every problem in
 * one run, exit 1, no stack trace, and the previous output untouched.
 */
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { article, buildSite, fixtureSites, readHtml, runCli, snapshotDir } from "../support/site.ts";

const { site } = fixtureSites();
const ok = article({ title: "Berita Baik", date: "2024-01-02T10:00:00+07:00", author: "Rina" });

/** Parse `file:line:col: severity code field: message` lines. */
function diagnostics(stderr: string): { file: string; line: number; severity: string; code: string; field: string }[] {
  return stderr
    .split("\n")
    .map((l) => /^(.+?):(\d+):(\d+): (error|warning) ([a-z-]+)(?: ([^:]+))?: /.exec(l))
    .filter((m): m is RegExpExecArray => !!m)
    .map((m) => ({ file: m[1]!, line: Number(m[2]), severity: m[4]!, code: m[5]!, field: m[6] ?? "" }));
}

describe.each([
  ["invalid-date", "---\ntitle: A\ndate: 2024-02-30\nauthor: R\n---\n", 3, "date"],
  ["invalid-date", "---\ntitle: A\ndate: 2022-13-45\nauthor: R\n---\n", 3, "date"],
  ["invalid-date", "---\ntitle: A\nauthor: R\ndate: 01/03/2024\n---\n", 4, "date"],
  ["required", "---\ntitle: A\nauthor: R\n---\n", 1, "date"],
  ["required", "---\ndate: 2024-01-01\nauthor: R\n---\n", 1, "title"],
  ["required", "---\ntitle: A\ndate: 2024-01-01\n---\n", 1, "author"],
  ["invalid-type", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\ntags:\n  nested: map\n---\n", 5, "tags"],
  ["invalid-type", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\ndraft: perhaps\n---\n", 5, "draft"],
  ["yaml-syntax", "---\ntitle: A\ndate: 2024-01-01\nauthor: [R\n---\n", 4, ""],
  ["yaml-syntax", "---\ntitle: A\ntitle: B\ndate: 2024-01-01\nauthor: R\n---\n", 3, "title"],
  ["frontmatter-script", "---js\n{ title: 'x' }\n---\n", 1, ""],
  ["frontmatter-missing", "Hanya teks.\n", 1, ""],
  ["unsafe-slug", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\nslug: ../../etc/x\n---\n", 5, "slug"],
  ["unsafe-slug", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\nslug: \"．．/x\"\n---\n", 5, "slug"],
  ["invalid-url", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\nsource:\n  name: S\n  url: javascript:alert(1)\n---\n", 7, "source.url"],
  ["invalid-url", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\nimage: \"javascript:alert(1)\"\n---\n", 5, "image"],
  ["empty-value", "---\ntitle: \"   \"\ndate: 2024-01-01\nauthor: R\n---\n", 2, "title"],
  ["required", "---\ntitle: A\ndate: 2024-01-01\nauthor: []\n---\n", 4, "author"],
  ["required", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\nsource:\n  url: https://ex.id/\n---\n", 5, "source.name"],
])("%s", (code, text, line, field) => {
  it(`is reported at line ${line}${field ? ` for ${field}` : ""}, exit 1`, () => {
    const root = site({ "articles/good.md": ok, "articles/bad.md": text });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    const found = diagnostics(r.stderr).filter((d) => d.severity === "error");
    expect(found).toContainEqual({ file: "articles/bad.md", line, severity: "error", code, field });
    expect(r.stderr).toMatch(/\d+ errors?, \d+ warnings?\n$/);
  });
});

describe("diagnostics", () => {
  it("reports every problem of every file in one run", () => {
    const root = site({
      "articles/a.md": "---\ntitle: A\ndate: 2024-02-30\nauthor: R\nslug: ../x\n---\nIsi.\n",
      "articles/b.md": "---\ndate: nope\nauthor: R\n---\nIsi.\n",
      "articles/c.md": ok,
    });
    const found = diagnostics(buildSite(root).stderr);
    expect(found.map((d) => `${d.file}:${d.line}:${d.code}`)).toEqual([
      "articles/a.md:3:invalid-date",
      "articles/a.md:5:unsafe-slug",
      "articles/b.md:1:required",
      "articles/b.md:2:invalid-date",
    ]);
  });

  it("reports an invalid config and the articles' problems in one run (exit 2), in build and check alike", () => {
    const root = site({
      "articles/a.md": "---\ntitle: A\ndate: 2024-02-30\nauthor: R\n---\nIsi.\n",
      "articles/b.md": ok,
      "warta.config.yaml": "title: Kabar\nperPage: \"10\"\ntimeZone: Asia/Atlantis\nstrings:\n  relatd: Baca juga\n",
    });
    for (const command of ["build", "check"]) {
      const r = runCli([command, "--root", root]);
      expect(r.status, command).toBe(2);
      expect(diagnostics(r.stderr).map((d) => `${d.file}:${d.line}:${d.code}:${d.field}`), command).toEqual([
        "articles/a.md:3:invalid-date:date",
        "warta.config.yaml:2:config:perPage",
        "warta.config.yaml:3:config:timeZone",
        "warta.config.yaml:5:unknown-key:strings.relatd",
      ]);
      expect(existsSync(join(root, "dist")), command).toBe(false);
    }
  });

  it("a date alone on a day the site's time zone skips whole is an invalid-date error at its line, never the next day", () => {
    for (const [zone, day] of [["Pacific/Apia", "2011-12-30"], ["Pacific/Kiritimati", "1994-12-31"]] as const) {
      const root = site({ "articles/a.md": ok, "articles/b.md": `---\ntitle: B\nauthor: R\ndate: ${day}\n---\nx\n`, "warta.config.yaml": `timeZone: ${zone}\n` });
      for (const command of ["build", "check"]) {
        const r = runCli([command, "--root", root]);
        expect(r.status, `${zone} ${command}`).toBe(1);
        expect(r.stderr).toContain(`articles/b.md:4:1: error invalid-date date: "${day}" does not exist in ${zone}: the clocks skip that whole day`);
      }
    }
  });

  it("a value nested too deeply is reported at the value's start, the same in check and build", () => {
    const deep = "[".repeat(1200) + "]".repeat(1200);
    const root = site({
      "articles/a.md": ok,
      "authors/x.md": `---\nname: X\nrole: ${deep}\n---\nbio\n`,
      "articles/b.md": `---\ntitle: B\ndate: 2024-01-01\nauthor: R\ntags:   ${deep}\n---\nx\n`,
      // In an explicit key, lines above its value: the key's line, not the value's.
      "articles/c.md": `---\ntitle: C\n? ${deep}\n\n\n: v\n---\nx\n`,
    });
    for (const command of ["check", "build"]) {
      const r = runCli([command, "--root", root]);
      expect(r.status, command).toBe(1);
      expect(r.stderr, command).not.toMatch(/\n\s+at /);
      expect(r.stderr, command).toContain("authors/x.md:3:7: error yaml-syntax: is nested too deeply");
      expect(r.stderr, command).toContain("articles/b.md:5:9: error yaml-syntax: is nested too deeply");
      expect(r.stderr, command).toContain("articles/c.md:3:3: error yaml-syntax: is nested too deeply");
    }
  });

  it("reports an unused strings key beside an invalid one under strings:, and an ignored second config file beside an invalid config", () => {
    const root = site({ "articles/a.md": ok, "warta.config.yaml": "title: Kabar\nstrings:\n  relatd: x\n  related: 5\n", "warta.config.json": "{}" });
    for (const command of ["build", "check"]) {
      const r = runCli([command, "--root", root]);
      expect(r.status, command).toBe(2);
      expect(diagnostics(r.stderr).map((d) => `${d.file}:${d.line}:${d.severity}:${d.code}:${d.field}`), command).toEqual([
        "warta.config.json:1:warning:config:",
        "warta.config.yaml:3:warning:unknown-key:strings.relatd",
        "warta.config.yaml:4:error:config:strings.related",
      ]);
    }
  });

  it("reports a config that cannot be read and the articles' problems in one run (read with the defaults)", () => {
    const root = site({
      "articles/a.md": "---\ntitle: A\ndate: 2024-02-30\nauthor: R\n---\nIsi.\n",
      "warta.config.yaml": "title: Kabar\nstrings: {related: [\n",
    });
    const r = runCli(["build", "--root", root]);
    expect(r.status).toBe(2);
    expect(diagnostics(r.stderr).map((d) => `${d.file}:${d.code}`)).toEqual(["articles/a.md:invalid-date", "warta.config.yaml:config"]);
  });

  it("names both files when two articles map to one URL, also by case and Unicode form", () => {
    const root = site({
      "articles/Banjir.md": ok,
      "articles/banjir.md": ok,
      "articles/caf\u00e9.md": ok,
      "articles/cafe\u0301-2.md": article({ title: "X", date: "2024-01-01", author: "R", slug: "cafe" }),
    });
    const found = diagnostics(buildSite(root).stderr).filter((d) => d.code === "duplicate-url");
    expect(found.map((d) => d.file).sort()).toEqual(["articles/Banjir.md", "articles/banjir.md", "articles/cafe\u0301-2.md", "articles/caf\u00e9.md"].sort());
    // Two names that look the same (one with its accent as a mark of its own, as a Mac writes it) are told so.
    const twins = runCli(["check", "--root", site({ "articles/caf\u00e9.md": ok, "articles/cafe\u0301.md": ok })]);
    expect(twins.stderr).toContain("the two file names look the same but are written differently (one spells its accents as separate marks, as copies from a Mac do): delete or rename one");
  });

  it("names both files when two tags or authors map to one URL", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "Rina", tags: "[Pemilu-2024]" }),
      "articles/b.md": article({ title: "B", date: "2024-01-02", author: "Rina", tags: "[Pemilu 2024!]" }),
    });
    const found = diagnostics(buildSite(root).stderr).filter((d) => d.code === "duplicate-url");
    expect(found).toHaveLength(1);
    expect(buildSite(root).stderr).toMatch(/articles\/b\.md:5:1: error duplicate-url tags: .*articles\/a\.md/);
  });

  it("reports a tag, category or author clash of an article that has other errors in the same run", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-02-30", author: "Rina", tags: "[C.]", category: "Dunia Usaha" }),
      "articles/b.md": article({ title: "B", date: "2024-01-02", author: "Rina", tags: "[C**]", category: "Dunia-Usaha!" }),
      "articles/c.md": article({ title: "C", date: "2024-01-03", author: "Rina", tags: '["!!!", "Go", "GO!", "go"]' }),
    });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    const found = diagnostics(r.stderr);
    expect(found.filter((d) => d.file === "articles/a.md").map((d) => d.code).sort()).toEqual(["duplicate-url", "duplicate-url", "invalid-date"]);
    expect(r.stderr).toMatch(/^articles\/a\.md:5:1: error duplicate-url tags: tag "C\." and "C\*\*" \(articles\/b\.md\) map to the same URL "c"/m);
    expect(r.stderr).toMatch(/^articles\/a\.md:6:1: error duplicate-url category: category "Dunia Usaha" and "Dunia-Usaha!" \(articles\/b\.md\)/m);
    // Within one file whose other tag gives no URL: "GO!" clashes with "Go"; "go" is "Go" spelt in another case.
    expect(r.stderr.split("\n").filter((l) => l.startsWith("articles/c.md")).map((l) => l.replace(/ map to .*| gives .*/, ""))).toEqual([
      'articles/c.md:5:1: error duplicate-url tags: tag "GO!" and "Go" (articles/c.md)',
      'articles/c.md:5:1: error unsafe-slug tags: tag "!!!"',
    ]);
  });

  it("merges tags that differ only in case or spacing", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "Rina", tags: "[Pemilu 2024]" }),
      "articles/b.md": article({ title: "B", date: "2024-01-02", author: "rina", tags: "[' pemilu  2024 ']" }),
    });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    expect(existsSync(join(r.out, "tag/pemilu-2024/index.html"))).toBe(true);
    expect(existsSync(join(r.out, "penulis/rina/index.html"))).toBe(true);
  });

  it("merges names typed with and without their accents (José and Jose, Café and Cafe): one page, not a clash", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "José", tags: "[Café]", category: "Café" }),
      "articles/b.md": article({ title: "B", date: "2024-01-02", author: "Jose", tags: "[cafe]", category: "Cafe" }),
    });
    const r = buildSite(root);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    for (const page of ["penulis/jose", "tag/cafe", "kategori/cafe"]) expect(readHtml(r.out, `${page}/index.html`)("main article h2, main article h3"), page).toHaveLength(2);
    // The first spelling in path order names the page.
    expect(readHtml(r.out, "penulis/jose/index.html")("h1").text()).toContain("José");
  });

  it("merges tags whose capitals are other letters (ß and SS)", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "Rina", tags: "[Straße]" }),
      "articles/b.md": article({ title: "B", date: "2024-01-02", author: "Rina", tags: "[STRASSE]" }),
    });
    const r = buildSite(root);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(existsSync(join(r.out, "tag/strasse/index.html"))).toBe(true);
  });

  it("an article with no text below its front matter is published with a warning at the body's line, as a page is", () => {
    const root = site({ "articles/a.md": "---\ntitle: A\ndate: 2024-01-01\nauthor: R\n---\n\n \n", "articles/b.md": article({ title: "B", date: "2024-01-01", author: "R" }) });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("articles/a.md:6:1: warning empty-value body: the article has no text below its front matter: readers see its headline alone\n");
    expect(r.stderr).not.toContain("articles/b.md");
    expect(readHtml(r.out, "berita/a/index.html")("h1").text()).toBe("A");
  });

  it("warns about unknown keys without failing", () => {
    const root = site({ "articles/a.md": "---\ntitle: A\ndate: 2024-01-01\nauthor: R\nsubtitle: x\n---\n" });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    expect(diagnostics(r.stderr)).toContainEqual({ file: "articles/a.md", line: 5, severity: "warning", code: "unknown-key", field: "subtitle" });
  });

  it("a problem inside an author profile's links is at its own line; a missing label or url is required", () => {
    const root = site({
      "articles/a.md": ok,
      "authors/rina.md": "---\nname: Rina\nlinks:\n  - label: Arsip\n    url: ftp://x\n  - label: Y\n---\n",
      "authors/budi.md": "---\nname: Budi\nlinks: [{label: Y}]\n---\n",
    });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    const found = diagnostics(r.stderr);
    expect(found).toContainEqual({ file: "authors/rina.md", line: 5, severity: "error", code: "invalid-url", field: "links[0].url" });
    expect(found).toContainEqual({ file: "authors/rina.md", line: 6, severity: "error", code: "required", field: "links[1].url" });
    expect(found).toContainEqual({ file: "authors/budi.md", line: 3, severity: "error", code: "required", field: "links[0].url" });
    expect(r.stderr).toMatch(/^authors\/budi\.md:3:1: error required links\[0\]\.url: is required$/m);
  });

  it("an unknown key in a profile's link or in a correction is a warning, as at the top; a link that is no mapping says what it must be", () => {
    const root = site({
      "articles/a.md": "---\ntitle: A\ndate: 2024-01-01\nauthor: Rina\ncorrections:\n  - date: 2024-01-02\n    text: Ralat.\n    oleh: Redaksi\n---\nIsi.\n",
      "authors/rina.md": "---\nname: Rina\nlinks:\n  - label: X\n    url: https://x.com/rina\n    icon: twitter\n---\n",
      "authors/budi.md": "---\nname: Budi\nlinks: [https://budi.id/]\n---\n",
    });
    const r = buildSite(root);
    expect(r.stderr.split("\n")).toEqual([
      'articles/a.md:8:1: warning unknown-key corrections[0].oleh: unknown key "oleh" in corrections is ignored (it takes date and text)',
      "authors/budi.md:3:1: error invalid-type links[0]: must be `{label, url}`, not text (write `- label: X` and below it `  url: https://…`, one item for each link)",
      'authors/rina.md:6:1: warning unknown-key links[0].icon: unknown key "icon" in links is ignored (it takes label and url)',
      "1 error, 2 warnings",
      "",
    ]);
    const fixed = buildSite(site({ "articles/a.md": "---\ntitle: A\ndate: 2024-01-01\nauthor: Rina\ncorrections:\n  - date: 2024-01-02\n    text: Ralat.\n    oleh: Redaksi\n---\nIsi.\n", "authors/rina.md": "---\nname: Rina\nlinks:\n  - label: X\n    url: https://x.com/rina\n    icon: twitter\n---\n" }));
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(readHtml(fixed.out, "berita/a/index.html")("#ralat").text()).toContain("Ralat.");
    expect(readHtml(fixed.out, "penulis/rina/index.html")('a[href="https://x.com/rina"]').text()).toBe("X");
  });

  it("a template that includes itself, or a macro left unfinished, is said as such, not as a JavaScript error", () => {
    const ok = "---\ntitle: y\ndate: 2024-09-01\nauthor: R\n---\nb\n";
    const looped = runCli(["check", "--root", site({ "articles/b.md": ok, "templates/partials/loop.njk": '{% include "partials/loop.njk" %}', "templates/article.njk": '{% extends "layout.njk" %}{% block main %}{% include "partials/loop.njk" %}{% endblock %}' })]);
    expect(looped.stderr.split("\n")[0]).toBe("templates/partials/loop.njk:1:1: error template: calls itself without end (a template that includes, imports or extends itself, directly or through another, or a macro that calls itself) (rendering /berita/b/)");
    const unfinished = runCli(["check", "--root", site({ "articles/b.md": ok, "templates/partials/teaser-x.njk": "{% macro teaser(" })]);
    expect(unfinished.stderr.split("\n")[0]).toBe("templates/partials/teaser-x.njk:1:1: error template: a tag is not finished (a `{% macro %}`, `{% call %}` or `{% set %}` whose arguments or `)` are missing?)");
  });

  it("a template's error while rendering comes in the same run as an article's or the config's, in check and build", () => {
    const files = {
      "articles/a.md": "---\ntitle: x\ndate: 2024-02-30\nauthor: R\n---\nb\n",
      "articles/b.md": "---\ntitle: y\ndate: 2024-09-01\nauthor: R\n---\nb\n",
      "templates/article.njk": '{% extends "layout.njk" %}{% block main %}{{ x | nofilter }}{% endblock %}',
    };
    const template = "templates/article.njk:1:48: error template: filter not found: nofilter (rendering /berita/b/)";
    const checked = runCli(["check", "--root", site(files)]);
    expect(checked.status).toBe(1);
    expect(checked.stderr.split("\n")).toEqual(['articles/a.md:3:1: error invalid-date date: "2024-02-30" is not a calendar date (February 2024 has 29 days)', template, "2 errors, 0 warnings", ""]);
    const root = site({ ...files, "warta.config.yaml": "perPage: 0\n" });
    const built = buildSite(root);
    expect(built.status).toBe(2);
    expect(built.stderr).toContain(template);
    expect(built.stderr).toContain("warta.config.yaml:1:1: error config perPage: must be a whole number from 1 to 500");
    expect(existsSync(join(root, "dist"))).toBe(false);
  });

  it("name the line and column of the first byte that is not text (invalid UTF-8, NUL)", () => {
    const root = site({
      "articles/a.md": ok,
      "articles/b.md": Buffer.concat([Buffer.from("---\ntitle: Kab\u00e4r\n"), Buffer.from("author: Caf"), Buffer.from([0xe9]), Buffer.from("\ndate: 2024-01-01\n---\nIsi.\n")]),
      "articles/c.md": "---\r\ntitle: Dua\r\ndate: 2024-01-01\r\nauthor: R\r\n---\r\nIsi\u00a0ber\0ita.\r\n",
    });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("articles/b.md:3:12: error encoding: file is not valid UTF-8 text");
    expect(r.stderr).toContain("articles/c.md:6:8: error encoding: file contains NUL bytes: it is not a text file (the first is here)");
  });

  it("refuses files that are not UTF-8", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("<p>{{ page.title }}</p>", "utf16le")]);
    const root = site({ "articles/a.md": ok, "articles/b.md": Buffer.from([0xff, 0xfe, 0x2d, 0x00, 0x2d, 0x00]), "templates/list.njk": utf16, "templates/partials/pager.njk": Buffer.from("<nav>\xe9</nav>", "latin1") });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    expect(diagnostics(r.stderr)).toContainEqual({ file: "articles/b.md", line: 1, severity: "error", code: "encoding", field: "" });
    // Notepad's "Unicode" is named; a template is read as strictly as an article (it was published as garbage).
    expect(r.stderr).toContain("articles/b.md:1:1: error encoding: file is UTF-16 text, not UTF-8 (save it as UTF-8)");
    expect(r.stderr).toContain("templates/list.njk:1:1: error encoding: file is UTF-16 text, not UTF-8 (save it as UTF-8)");
    // Where the first bytes that are not UTF-8 are: line and column (in characters).
    expect(r.stderr).toContain("templates/partials/pager.njk:1:6: error encoding: file is not valid UTF-8 text (save it as UTF-8): the first bytes that are not are here");
    expect(existsSync(join(root, "dist"))).toBe(false);
  });

  it("reads BOM + CRLF files correctly", () => {
    const root = site({ "articles/a.md": "\uFEFF---\r\ntitle: Judul CRLF\r\ndate: 2024-01-01\r\nauthor: R\r\n---\r\nIsi.\r\n" });
    const r = buildSite(root);
    expect(r.status).toBe(0);
  });
});

describe("failed builds", () => {
  it("leave the previous output byte-identical", () => {
    const root = site({ "articles/a.md": ok, "articles/b.md": article({ title: "Dua", date: "2024-01-03", author: "Rina" }) });
    expect(buildSite(root).status).toBe(0);
    const before = snapshotDir(join(root, "dist"));
    writeFileSync(join(root, "articles/b.md"), "---\ntitle: Dua\ndate: 2024-02-30\nauthor: R\n---\n");
    writeFileSync(join(root, "articles/c.md"), article({ title: "Tiga", date: "2024-01-04", author: "Rina" }));
    expect(buildSite(root).status).toBe(1);
    expect(snapshotDir(join(root, "dist"))).toEqual(before);
    expect(buildSite(root, ["--no-cache"]).status).toBe(1);
    expect(snapshotDir(join(root, "dist"))).toEqual(before);
  });

  it("refuse a symlink that points outside the site, and never copy its bytes", () => {
    const outside = site({ "secret.md": article({ title: "RAHASIA-XYZ", date: "2024-01-01", author: "R" }) });
    const root = site({ "articles/a.md": ok });
    symlinkSync(join(outside, "secret.md"), join(root, "articles/leak.md"));
    const r = buildSite(root);
    expect(diagnostics(r.stderr)).toContainEqual({ file: "articles/leak.md", line: 1, severity: "error", code: "symlink-outside", field: "" });
  });

  it("refuse a symlink to what the site folder keeps private (.git, .env, .ssh) or to a Markdown source under another name, and never copy its bytes", () => {
    const root = site({
      "articles/a.md": ok,
      "articles/2024/embargo.md": article({ title: "Embargo", date: "2024-01-01", author: "R", draft: "true" }),
      ".env": "DEPLOY_TOKEN=RAHASIA-ENV",
      ".git/config": '[http "https://github.com/"]\n\textraheader = AUTHORIZATION: basic RAHASIA-GIT\n',
      ".ssh/id_rsa": "RAHASIA-SSH",
      "node_modules/x/index.js": "RAHASIA-NM",
      "static/.well-known/security.txt": "Contact: mailto:redaksi@example.id",
    });
    const links: [string, string, string][] = [
      ["articles/2024/env.txt", "../../.env", ".env"],
      ["articles/2024/gitcfg.txt", "../../.git/config", ".git/config"],
      ["articles/g", "../.git", ".git"],
      ["articles/2024/keys", "../../.ssh", ".ssh"],
      ["articles/nm", "../node_modules/x", "node_modules/x"],
      ["static/rahasia.txt", "../.env", ".env"],
      ["articles/2024/embargo.txt", "embargo.md", "articles/2024/embargo.md"],
    ];
    for (const [link, target] of links) symlinkSync(target, join(root, link));
    // Still followed: a link to what the site publishes anyway.
    symlinkSync("../static/.well-known/security.txt", join(root, "articles/security.txt"));
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(1);
    const found = diagnostics(r.stderr);
    for (const [link, , shown] of links) {
      expect(found, link).toContainEqual({ file: link, line: 1, severity: "error", code: "symlink-private", field: "" });
      expect(r.stderr).toContain(shown);
    }
    expect(found.filter((d) => d.severity === "error")).toHaveLength(links.length);
    expect(existsSync(join(root, "dist"))).toBe(false);
    // `warta check` says the same, and a build without the links publishes none of those bytes.
    expect(diagnostics(runCli(["check", "--root", root]).stderr).filter((d) => d.code === "symlink-private")).toHaveLength(links.length);
    for (const [link] of links) rmSync(join(root, link), { recursive: true });
    expect(buildSite(root).status).toBe(0);
    const published = new Map([...snapshotDir(join(root, "dist"))].map(([f, b64]) => [f, Buffer.from(b64, "base64").toString("utf8")]));
    expect([...published.values()].some((text) => /RAHASIA|embargo/i.test(text))).toBe(false);
    expect(published.get("security.txt")).toBe("Contact: mailto:redaksi@example.id");
  });

  it("refuse an output folder that would destroy the sources", () => {
    const root = site({ "articles/a.md": ok });
    for (const out of [root, join(root, ".."), join(root, "articles", "out")]) {
      const r = runCli(["build", "--root", root, "--out", out]);
      expect(r.status).toBe(2);
    }
    expect(existsSync(join(root, "articles/a.md"))).toBe(true);
  });

  it("survive a symlink loop", () => {
    const root = site({ "articles/a.md": ok });
    mkdirSync(join(root, "articles/sub"));
    symlinkSync(join(root, "articles"), join(root, "articles/sub/loop"));
    expect(buildSite(root).status).toBe(0);
  });
});

describe("an article with an error", () => {
  it("still gets its warnings in the same run: dates compared, lead image and body links checked against the site", () => {
    const text = "---\ntitle: A\ndate: 2024-05-01T10:00:00+07:00\nauthor: Rina\ndraft: mungkin\nupdated: 2024-04-01\nimage: tidak-ada.png\ncorrections:\n  - date: 2024-04-01\n    text: Salah.\n---\n[baca](tidak-ada.md) dan [lampiran](/berkas/tidak-ada.pdf)\n";
    const root = site({ "articles/a.md": text, "articles/b.md": ok });
    for (const command of ["check", "build"]) {
      const r = runCli([command, "--root", root]);
      expect(r.status, command).toBe(1);
      expect(r.stderr.split("\n").filter((l) => l.startsWith("articles/a.md"))).toEqual([
        "articles/a.md:5:1: error invalid-type draft: must be true or false, not the text \"mungkin\"",
        "articles/a.md:6:1: warning invalid-date updated: `updated` is earlier than `date`",
        'articles/a.md:7:1: warning missing-image image: image "tidak-ada.png" is not in articles/ or static/ (looked for articles/tidak-ada.png and static/tidak-ada.png)',
        "articles/a.md:9:1: warning invalid-date corrections[0].date: a correction dated before the article's `date`",
        "articles/a.md:12:1: warning broken-link body: links to /berkas/tidak-ada.pdf, which is not in articles/ or static/",
        "articles/a.md:12:1: warning broken-link body: links to articles/tidak-ada.md, which is not a published article: shown as text",
      ]);
    }
  });
});

describe("files that are not what their names say", () => {
  const ok = article({ title: "A", date: "2024-01-01", author: "Rina" });

  it("a FIFO or a folder named warta.config.yaml is a config error, not a build that waits forever (also after a cached build)", () => {
    const root = site({ "articles/a.md": ok, "warta.config.yaml": "title: Uji\n" });
    expect(buildSite(root).status).toBe(0);
    rmSync(join(root, "warta.config.yaml"));
    expect(spawnSync("mkfifo", [join(root, "warta.config.yaml")]).status).toBe(0);
    // runCli gives up after 120 s; a blocked read would hit that, not exit 2.
    const fifo = buildSite(root);
    expect(fifo.status, fifo.stderr).toBe(2);
    expect(fifo.stderr).toMatch(/^warta\.config\.yaml:1:1: error config: cannot read config: it is not a regular file$/m);
    rmSync(join(root, "warta.config.yaml"));
    mkdirSync(join(root, "warta.config.yaml"));
    expect(buildSite(root).stderr).toMatch(/warta\.config\.yaml:1:1: error config: cannot read config: it is not a regular file/);
  });

  it("bidi controls in a name are shown escaped: a diagnostic line cannot be made to read backwards", () => {
    const root = site({ "articles/a\u202egpj.md": article({ title: "A", date: "2024-02-30", author: "Rina" }) });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("articles/a\\u202egpj.md:3:1: error invalid-date");
    expect(r.stderr).not.toContain("\u202e");
  });
});

describe("a long report through a pipe", () => {
  it("reaches a reader that reads slowly (a CI log, `| tee`) whole: every line and the count, before the process exits", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 2000; i++) files[`articles/a${String(i).padStart(4, "0")}.md`] = article({ title: `T${i}`, date: "2022-01-01", author: "R", subjudul: "x" });
    files["articles/zz.md"] = article({ title: "Z", date: "2022-02-30", author: "R" });
    const root = site(files);
    const { spawn } = await import("node:child_process");
    const { CLI, NOW_EPOCH } = await import("../support/site.ts");
    const child = spawn(process.execPath, [CLI, "check", "--root", root], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1" } });
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    const closed = new Promise((done) => child.stderr!.on("close", done));
    // Nothing is read until the check has had time to finish and exit: ~220 KB wait in the pipe.
    await new Promise((r) => setTimeout(r, 5000));
    const chunks: Buffer[] = [];
    child.stderr!.on("data", (c: Buffer) => chunks.push(c));
    const code = await exited;
    await closed;
    const text = Buffer.concat(chunks).toString("utf8");
    expect(code).toBe(1);
    expect(text).toContain('articles/zz.md:3:1: error invalid-date date: "2022-02-30" is not a calendar date');
    expect(text.trimEnd().split("\n").at(-1)).toBe("1 error, 2000 warnings");
  }, 60_000);
});

describe("a dev port that is no port", () => {
  it("quotes the value as typed, not the number the option parser made of it (`1e3` is no `1000`, `0x50` no `80`)", () => {
    const root = site({ "articles/a.md": ok });
    for (const typed of ["1e3", "0x50", " 80", "70000"]) {
      const r = runCli(["dev", "--root", root, "--port", typed]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(`--port must be a port number from 0 to 65535, not "${typed}"`);
    }
  });
});
