/**
 * `aliases:`: an article's old addresses (a slug changed with its headline, a site moved from
 * another system) each get a page that sends readers and search engines on to the article.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkHtmlValidate, checkVnu } from "../gates/lib/validity.ts";
import { article, buildSite, fixtureSites, listFiles, readHtml, runCli, snapshotDir, tempDir } from "../support/site.ts";

const { site } = fixtureSites();
const moved = article(
  { title: '"Harga Beras <b>Turun</b> & Stabil"', date: "2024-05-02 09:00", author: "Rina Sari", tags: "[beras]", aliases: "\n  - /berita/harga-beras-naik/\n  - /read/2024/05/02/123/harga-beras\n  - /arsip/beras.html\n  - beras-mahal" },
  "Harga beras di pasar induk turun.",
);
const other = article({ title: "Lain", date: "2024-05-01 09:00", author: "Rina Sari", tags: "[beras]" });

describe("an article's old addresses", () => {
  const root = site({ "articles/2024/harga-beras.md": moved, "articles/2024/lain.md": other });
  const r = buildSite(root, ["--base-url", "https://contoh.id/kabar/"]);

  it("each gets a page that sends the reader on to the article, under the base path", () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    // An old slug alone (no leading slash) is an old address among the articles.
    for (const path of ["berita/harga-beras-naik/index.html", "read/2024/05/02/123/harga-beras/index.html", "arsip/beras.html", "berita/beras-mahal/index.html"]) {
      const $ = readHtml(r.out, path);
      expect($('meta[http-equiv="refresh"]').attr("content"), path).toBe("0; url=https://contoh.id/kabar/berita/harga-beras/");
      expect($('link[rel="canonical"]').attr("href")).toBe("https://contoh.id/kabar/berita/harga-beras/");
      expect($('meta[name="robots"]').attr("content")).toBe("noindex");
      const link = $("main a");
      expect(link.attr("href")).toBe("/kabar/berita/harga-beras/");
      // The headline is text, as everywhere: `<b>` is shown, not markup.
      expect(link.text()).toBe("Harga Beras <b>Turun</b> & Stabil");
      expect($("main b").length).toBe(0);
      expect($("script").length).toBe(0);
    }
    expect(existsSync(join(r.out, "berita/harga-beras/index.html"))).toBe(true);
  });

  it("are valid HTML (Nu Html Checker and html-validate)", async () => {
    const pages = ["berita/harga-beras-naik/index.html", "read/2024/05/02/123/harga-beras/index.html", "arsip/beras.html"];
    expect(await checkHtmlValidate(r.out, pages)).toEqual([]);
    expect(await checkVnu(pages.map((p) => join(r.out, p)))).toEqual([]);
  });

  it("are in no sitemap, feed or search index, and linked from nowhere", () => {
    const published = listFiles(r.out).filter((f) => /\.(xml|json|txt)$/.test(f) || f.endsWith(".html"));
    for (const f of published) {
      if (f.startsWith("berita/harga-beras-naik/") || f.startsWith("read/") || f.startsWith("arsip/")) continue;
      const text = readFileSync(join(r.out, f), "utf8");
      expect(text, f).not.toContain("harga-beras-naik");
      expect(text, f).not.toContain("read/2024");
      expect(text, f).not.toContain("arsip/beras");
    }
  });

  it("a cached build that adds, moves or drops an old address gives what a fresh build gives", () => {
    const file = join(root, "articles/2024/harga-beras.md");
    const edits = [
      readFileSync(file, "utf8").replace("/arsip/beras.html", "/arsip/beras-lagi.html"),
      readFileSync(file, "utf8").replace(/aliases:[\s\S]*?\n---/, "aliases: /lama/satu/\n---"),
      readFileSync(file, "utf8").replace(/aliases:[\s\S]*?\n---/, "---"),
    ];
    for (const text of edits) {
      writeFileSync(file, text);
      const cached = buildSite(root, ["--base-url", "https://contoh.id/kabar/"]);
      expect(cached.status, cached.stderr).toBe(0);
      const fresh = buildSite(root, ["--base-url", "https://contoh.id/kabar/", "--no-cache", "--out", join(tempDir(), "dist")]);
      expect(snapshotDir(cached.out)).toEqual(snapshotDir(fresh.out));
    }
    expect(existsSync(join(r.out, "berita/harga-beras-naik/index.html"))).toBe(false);
    expect(existsSync(join(r.out, "lama/satu/index.html"))).toBe(false);
  });
});

describe("an article that moves", () => {
  it("to another slug, or with its file renamed, is a moved-article warning naming the alias to add, until the old address is published again", () => {
    const root = site({ "articles/a.md": article({ title: "Banjir Rob", date: "2024-05-02 09:00", author: "Rina" }), "articles/b.md": article({ title: "Gempa", date: "2024-05-01 09:00", author: "Rina" }), "articles/c.md": other });
    expect(buildSite(root).status).toBe(0);
    writeFileSync(join(root, "articles/a.md"), article({ title: "Banjir Rob", date: "2024-05-02 09:00", author: "Rina", slug: "banjir-rob-jakarta" }));
    renameSync(join(root, "articles/b.md"), join(root, "articles/gempa-cianjur.md"));
    // Its year mistyped: taken down until then.
    writeFileSync(join(root, "articles/c.md"), other.replace("2024-05-01", "2042-05-01"));
    const moved = buildSite(root);
    expect(moved.status, moved.stderr).toBe(0);
    expect(moved.stderr.split("\n").filter((l) => l.includes("moved-article"))).toEqual([
      "articles/a.md:5:1: warning moved-article slug: the last build published this article at /berita/a/, and it is now at /berita/banjir-rob-jakarta/: links to the old address already shared would answer 404; add `aliases: [a]` to send them on",
      "articles/c.md:3:1: warning moved-article date: the last build published this article at /berita/c/; dated after now, it is taken down until its time comes (is the date a slip?)",
      "articles/gempa-cianjur.md:1:1: warning moved-article slug: the last build published this article (as articles/b.md) at /berita/b/, and it is now at /berita/gempa-cianjur/: links to the old address already shared would answer 404; add `aliases: [b]` to send them on",
    ]);
    // The alias it names sends readers on, and ends the warning; an article that only changed its text says nothing.
    writeFileSync(join(root, "articles/a.md"), article({ title: "Banjir Rob", date: "2024-05-02 09:00", author: "Rina", slug: "banjir-rob-jakarta", aliases: "[a]" }));
    writeFileSync(join(root, "articles/c.md"), other.replace("Isi berita.", "Isi berita baru."));
    const fixed = buildSite(root);
    expect(fixed.stderr).not.toContain("moved-article");
    expect(readHtml(fixed.out, "berita/a/index.html")('link[rel="canonical"]').attr("href")).toMatch(/\/berita\/banjir-rob-jakarta\/$/);
  });
});

describe("an old address that cannot be one", () => {
  it("is an error at its line, all of them in one run; its own address is a warning; a clash names both files", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-05-02", author: "X", aliases: "\n  - ../atas/\n  - /lama/?id=5\n  - /a/../../etc/\n  - https://contoh.id/lama/\n  - /berita/a/" }),
      "articles/b.md": article({ title: "B", date: "2024-05-03", author: "X", aliases: "/berita/c/" }),
      "articles/c.md": article({ title: "C", date: "2024-05-04", author: "X", aliases: "/kategori/" }),
    });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n");
    expect(lines).toContain('articles/a.md:6:1: error invalid-url aliases[0]: "../atas/" has a ".." segment: give the path as it is read');
    expect(lines).toContain('articles/a.md:7:1: error invalid-url aliases[1]: "/lama/?id=5" has a ?query or #fragment, which a static host cannot give a page of its own: give the path alone');
    expect(lines).toContain('articles/a.md:8:1: error invalid-url aliases[2]: "/a/../../etc/" has a ".." segment: give the path as it is read');
    expect(lines).toContain('articles/a.md:9:1: error invalid-url aliases[3]: "https://contoh.id/lama/" is a full URL: give the path on this site alone, from its root, e.g. /berita/judul-lama/');
    expect(lines).toContain('articles/a.md:10:1: warning duplicate-url aliases[4]: "/berita/a/" is this article\'s own address: nothing to send on, left out');
    expect(lines).toContain("articles/b.md:5:1: error duplicate-url aliases: writes /berita/c/index.html, which articles/c.md also writes: give one a different slug or name");
    expect(lines).toContain("articles/c.md:1:1: error duplicate-url slug: writes /berita/c/index.html, which articles/b.md also writes: give one a different slug or name");
    expect(lines.some((l) => l.startsWith("articles/c.md:5:1: error duplicate-url aliases: writes /kategori/index.html, which the category overview also writes"))).toBe(true);
    expect(existsSync(join(root, "dist"))).toBe(false);
  });

  it("an invalid one does not hide the clashes of the others in the list: all in one run, each told to leave the site's own address out", () => {
    const root = site({ "articles/a.md": article({ title: "A", date: "2024-05-02", author: "X", aliases: "[/feed.xml, /index.html, /.well-known/x, /lama/]" }) });
    const lines = buildSite(root).stderr.split("\n");
    expect(lines).toContain('articles/a.md:5:1: error invalid-url aliases[2]: "/.well-known/x" has a segment that starts with a dot, which hosts hide or read as their own settings');
    expect(lines).toContain("articles/a.md:5:1: error duplicate-url aliases: writes /index.html, which the home page also writes: leave this old address out: that address is the site's own");
    expect(lines).toContain("articles/a.md:5:1: error duplicate-url aliases: /feed.xml is a file of the RSS feed, but articles/a.md writes /feed.xml/index.html inside it as a folder: leave this old address out: that address is the site's own");
    expect(lines.at(-2)).toBe("3 errors, 0 warnings");
  });

  it("too long for a file name: an error at its line in check and build, and a cached build leaves the last output as it was", () => {
    const root = site({ "articles/x.md": article({ title: "X", date: "2024-04-01T10:00:00+07:00", author: "Rina Sari" }) });
    expect(buildSite(root).status).toBe(0);
    const before = snapshotDir(join(root, "dist"));
    writeFileSync(join(root, "articles/x.md"), article({ title: "X2", date: "2024-04-01T10:00:00+07:00", author: "Rina Sari", aliases: `\n  - /arsip/${"b".repeat(300)}/` }));
    for (const command of ["check", "build"]) {
      const r = runCli([command, "--root", root]);
      expect(r.status, command).toBe(1);
      expect(r.stderr, command).toMatch(/^articles\/x\.md:6:1: error invalid-url aliases\[0\]: "\/arsip\/b+…" has a segment longer than 200 bytes, which a file name cannot hold$/m);
    }
    expect(snapshotDir(join(root, "dist"))).toEqual(before);
  });

  it("its own address in another spelling is left out with a warning; a clash with its own author page is told at both lines", () => {
    const root = site({
      "articles/x.md": article({ title: "X", date: "2024-04-01", author: "Rina Sari", aliases: "\n  - /berita/x/index.html\n  - /Berita/X/\n  - /q/\n  - /q/index.html\n  - /Q/" }),
      "articles/y.md": article({ title: "Y", date: "2024-04-02", author: "Rina Sari", aliases: "\n  - /penulis/rina-sari/" }),
    });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    const lines = r.stderr.split("\n");
    expect(lines).toContain('articles/x.md:6:1: warning duplicate-url aliases[0]: "/berita/x/index.html" is this article\'s own address: nothing to send on, left out');
    expect(lines).toContain('articles/x.md:7:1: warning duplicate-url aliases[1]: "/Berita/X/" is this article\'s own address: nothing to send on, left out');
    // The same page written twice is one; the same address in other capitals is said (a host that ignores case has one page for both).
    expect(lines.filter((l) => l.startsWith("articles/x.md:") && l.includes("/q/"))).toEqual(['articles/x.md:10:1: warning duplicate-url aliases[4]: "/Q/" differs from /q/ (line 8) only in capitals: a host that ignores case serves one page for both, and only that one is published (left out)']);
    expect(lines.some((l) => l.startsWith("articles/y.md:6:1: error duplicate-url aliases: writes /penulis/rina-sari/index.html"))).toBe(true);
    expect(lines.some((l) => /^articles\/(x|y)\.md:4:1: error duplicate-url author: writes \/penulis\/rina-sari\/index\.html/.test(l))).toBe(true);
  });
});
