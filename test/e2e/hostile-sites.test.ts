/**
 * Site folders a newsroom's tools or a careless hand can produce: folders reached through
 * symbolic links, odd file names, flags given twice, a broken locale, files where pages need
 * folders. Each case once failed: a crash, a stack trace, an empty folder left behind, a
 * problem hidden behind another, or sources deleted.
 */
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { article, buildSite, CLI, fixtureSites, readHtml, runCli, snapshotDir, writeSite } from "../support/site.ts";

const { site, track } = fixtureSites();
const ok = article({ title: "Berita Baik", date: "2024-01-02T10:00:00+07:00", author: "Rina" });
const noStack = (stderr: string): void => expect(stderr).not.toMatch(/\n\s+at |TypeError|RangeError|URIError/);

/** Every folder under `dir`, as sorted relative paths. */
function folders(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) {
        out.push(relative(dir, abs));
        visit(abs);
      }
    }
  };
  visit(dir);
  return out.sort();
}

describe("symbolic links", () => {
  it("an output folder named through a link to the site is still refused, and nothing is deleted", () => {
    const holder = site({ "real/articles/a.md": ok, "real/IMPORTANT.txt": "keep" });
    symlinkSync(join(holder, "real"), join(holder, "link"));
    for (const out of [join(holder, "real", "articles"), join(holder, "real"), join(holder, "real", "articles", "dist")]) {
      const r = runCli(["build", "--root", join(holder, "link"), "--out", out]);
      expect(r.status, out).toBe(2);
      noStack(r.stderr);
    }
    const r = runCli(["build", "--root", join(holder, "real"), "--out", join(holder, "link", "articles")]);
    expect(r.status).toBe(2);
    expect(readFileSync(join(holder, "real/articles/a.md"), "utf8")).toBe(ok);
    expect(readFileSync(join(holder, "real/IMPORTANT.txt"), "utf8")).toBe("keep");
  });

  it("a top-level folder that links outside the site is refused, and its files are not published", () => {
    const outside = site({ "secret.md": article({ title: "RAHASIA-XYZ", date: "2024-01-01", author: "R" }), "secret.png": "PNG-SECRET" });
    const root = site({ "articles/a.md": ok });
    symlinkSync(outside, join(root, "static"));
    const r = buildSite(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^static:1:1: error symlink-outside/m);
    const gone = site({ "x.txt": "" });
    symlinkSync(outside, join(gone, "articles"));
    const r2 = buildSite(gone);
    expect(r2.status).toBe(1);
    expect(r2.stderr).toMatch(/^articles:1:1: error symlink-outside/m);
    if (existsSync(r2.out)) expect(JSON.stringify([...snapshotDir(r2.out).values()].map((b) => Buffer.from(b, "base64").toString()))).not.toMatch(/RAHASIA|PNG-SECRET/);
  });
});

describe("symbolic links back into the site", () => {
  it("to the site folder, to a folder holding articles/, or into the output folder or the build cache are symlink-loop errors; nothing under them is read, and the site builds again once they are gone", () => {
    const png = Buffer.from("89504e470d0a1a0a", "hex");
    const root = site({ "articles/a.md": ok, "media/foto/x.png": png, "static/robots.txt": "User-agent: *\n", "secret.txt": "RAHASIA-XYZ", "warta.config.yaml": "title: Uji\n" });
    symlinkSync("../media/foto", join(root, "articles/foto")); // an ordinary folder of the site: followed
    expect(buildSite(root).status).toBe(0);
    expect(existsSync(join(root, ".warta-cache"))).toBe(true);
    const before = snapshotDir(join(root, "dist"));
    const links = ["articles/semua", "articles/2024/naik", "articles/hasil", "articles/cache", "articles/peta.html", "static/semua"];
    mkdirSync(join(root, "articles/2024"));
    symlinkSync("..", join(root, "articles/semua"));
    symlinkSync(root, join(root, "articles/2024/naik"));
    symlinkSync("../dist", join(root, "articles/hasil"));
    symlinkSync("../.warta-cache", join(root, "articles/cache"));
    symlinkSync("../dist/index.html", join(root, "articles/peta.html"));
    symlinkSync("..", join(root, "static/semua"));
    for (const args of [[], ["--no-cache"]]) {
      const r = buildSite(root, args);
      expect(r.status, r.stderr).toBe(1);
      noStack(r.stderr);
      const errors = r.stderr.split("\n").filter((l) => l.includes(" error "));
      expect(errors.map((l) => l.split(": error ")[0]), r.stderr).toEqual(links.map((l) => `${l}:1:1`).sort());
      expect(errors.every((l) => l.includes(" error symlink-loop:")), r.stderr).toBe(true);
      expect(snapshotDir(join(root, "dist")), "a failed build leaves the output alone").toEqual(before);
    }
    // Nothing of what they lead to is read: `warta check` finds no other problem either.
    const checked = runCli(["check", "--root", root]);
    expect(checked.status).toBe(1);
    expect(checked.stderr).not.toMatch(/unsafe-file|duplicate-url|semua\/|hasil\/|cache\//);

    // An output folder deeper in the site: a link to a folder holding it is refused too.
    const deeper = site({ "articles/a.md": ok });
    symlinkSync("../build", join(deeper, "articles/b"));
    const d = buildSite(deeper, ["--out", join(deeper, "build/site")]);
    expect(d.status).toBe(1);
    expect(d.stderr).toMatch(/^articles\/b:1:1: error symlink-loop/m);

    // A top-level folder that is the site folder itself (an output inside it is refused before: exit 2).
    const top = site({ "articles/a.md": ok, "secret.txt": "RAHASIA-XYZ" });
    symlinkSync(".", join(top, "static"));
    const elsewhere = track(`${top}-out`);
    for (const t of [buildSite(top, ["--out", elsewhere]), runCli(["check", "--root", top])]) {
      expect(t.status).toBe(1);
      expect(t.stderr).toMatch(/^static:1:1: error symlink-loop/m);
    }
    expect(existsSync(join(elsewhere, "secret.txt"))).toBe(false);

    for (const l of links) rmSync(join(root, l));
    const again = buildSite(root);
    expect(again.status, again.stderr).toBe(0);
    expect(readFileSync(join(again.out, "foto/x.png"))).toEqual(png);
    expect(existsSync(join(again.out, "semua"))).toBe(false);
  });
});

describe("incremental builds", () => {
  it("leave no empty folders behind: the output equals a fresh build's, folders included", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "Penulis Satu", tags: "[Lama]" }),
      "articles/b.md": article({ title: "B", date: "2024-01-02", author: "Rina" }),
      "articles/c.md": ok,
    });
    expect(buildSite(root).status).toBe(0);
    rmSync(join(root, "articles/a.md"));
    expect(buildSite(root).status).toBe(0);
    const fresh = join(root, "..", `${relative(join(root, ".."), root)}-fresh`);
    track(fresh);
    expect(buildSite(root, ["--no-cache", "--out", fresh]).status).toBe(0);
    expect(folders(join(root, "dist"))).toEqual(folders(fresh));
    expect(folders(join(root, "dist")).join("\n")).not.toMatch(/penulis-satu|lama|berita\/a$/);
  });

  it("a moved article (same bytes, another folder) is rendered again: its relative image and links follow it", () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000030000000208060000009db74f6b0000000d4944415478da63f8cfc0f01f0005fe02fe0d3a46d00000000049454e44ae426082", "hex");
    const root = site({
      "articles/b/satu.md": article({ title: "Satu", date: "2024-01-01", author: "Ani", image: "foto.png" }, "Isi ![gambar](foto.png) dan [tautan](foto.png)."),
      "articles/b/foto.png": png,
      "articles/dua.md": ok,
    });
    expect(buildSite(root).status).toBe(0);
    renameSync(join(root, "articles/b"), join(root, "articles/c"));
    expect(buildSite(root).status).toBe(0);
    const fresh = `${root}-moved-fresh`;
    track(fresh);
    expect(buildSite(root, ["--no-cache", "--out", fresh]).status).toBe(0);
    expect(snapshotDir(join(root, "dist"))).toEqual(snapshotDir(fresh));
    const $ = readHtml(join(root, "dist"), "berita/satu/index.html");
    expect([$("figure img").attr("src"), $("article p img").attr("src"), $('meta[property="og:image"]').attr("content")]).toEqual(["/c/foto.png", "/c/foto.png", "https://warta.example/c/foto.png"]);
  });
});

describe("outputs that need the same place", () => {
  it("a site file at the built-in stylesheet's path is reported once, at the site's file, naming the built-in stylesheet (no slug field)", () => {
    const plain = article({ title: "A", date: "2024-01-01", author: "B" });
    const root = site({ "articles/a.md": plain, "static/assets/warta.css": "body{}" });
    for (const command of ["check", "build"]) {
      const r = runCli([command, "--root", root]);
      expect(r.status, command).toBe(1);
      noStack(r.stderr);
      const lines = r.stderr.split("\n").filter((l) => l.includes("duplicate-url"));
      expect(lines, command).toEqual([
        "static/assets/warta.css:1:1: error duplicate-url: writes /assets/warta.css, which the built-in stylesheet also writes: give the site's file a different name (a site's own templates/static/warta.css replaces the built-in stylesheet)",
      ]);
    }
    // With the site's own theme stylesheet, both of the site's files are named, each at its own file.
    const themed = site({ "articles/a.md": plain, "static/assets/warta.css": "body{}", "templates/static/warta.css": "body{}" });
    const r = runCli(["build", "--root", themed]);
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n").filter((l) => l.includes("duplicate-url"))).toEqual([
      "static/assets/warta.css:1:1: error duplicate-url: writes /assets/warta.css, which templates/static/warta.css also writes: give one a different slug or name",
      "templates/static/warta.css:1:1: error duplicate-url: writes /assets/warta.css, which static/assets/warta.css also writes: give one a different slug or name",
    ]);
  });

  it("a site file where warta writes a feed, a sitemap or a page of its own is reported once, at the site's file, naming what warta writes there", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "Rina", tags: "[Banjir]" }),
      "static/feed.xml": "<rss/>",
      "static/sitemap.xml": "<urlset/>",
      "static/penulis/rina/atom.xml": "<feed/>",
      "static/tag/index.html": "<p>tags</p>",
      "static/index.html": "<p>home</p>",
      "static/tag/banjir": "a file where the tag page's folder goes",
    });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(1);
    noStack(r.stderr);
    expect(r.stderr.split("\n").filter((l) => l.includes("duplicate-url"))).toEqual([
      "articles/a.md:5:1: error duplicate-url tags: /tag/banjir is a file of static/tag/banjir, but articles/a.md writes /tag/banjir/index.html inside it as a folder: give one a different slug or name",
      "static/feed.xml:1:1: error duplicate-url: writes /feed.xml, which the RSS feed also writes: give the site's file a different name",
      "static/index.html:1:1: error duplicate-url: writes /index.html, which the home page also writes: give the site's file a different name (a site's own templates/home.njk changes what it shows)",
      "static/penulis/rina/atom.xml:1:1: error duplicate-url: writes /penulis/rina/atom.xml, which the Atom feed of /penulis/rina/ also writes: give the site's file a different name",
      "static/sitemap.xml:1:1: error duplicate-url: writes /sitemap.xml, which the sitemap also writes: give the site's file a different name",
      "static/tag/banjir:1:1: error duplicate-url: /tag/banjir is a file of static/tag/banjir, but articles/a.md writes /tag/banjir/index.html inside it as a folder: give one a different slug or name",
      "static/tag/index.html:1:1: error duplicate-url: writes /tag/index.html, which the tag overview also writes: give the site's file a different name (a site's own templates/terms.njk changes what it shows)",
    ]);
  });

  it("a copied file where a page needs a folder is a duplicate-url error in check and build; the output stays", () => {
    const root = site({ "articles/a.md": article({ title: "A", date: "2024-01-01", author: "Rina", tags: "[x]" }) });
    expect(buildSite(root).status).toBe(0);
    const before = snapshotDir(join(root, "dist"));
    writeFileSync(join(root, "articles/a.md"), article({ title: "A baru", date: "2024-01-01", author: "Rina", tags: "[x]" }));
    writeSite({ "articles/tag/x": "a file where the tag page's folder goes" }, root);
    for (const command of ["check", "build"]) {
      const r = runCli([command, "--root", root]);
      expect(r.status, command).toBe(1);
      noStack(r.stderr);
      expect(r.stderr).toMatch(/^articles\/tag\/x:1:1: error duplicate-url: \/tag\/x is a file of articles\/tag\/x, but articles\/a\.md writes \/tag\/x\/index\.html/m);
    }
    expect(snapshotDir(join(root, "dist"))).toEqual(before);
  });
});

describe("lead image names", () => {
  it("with %, # and ? are file names: copied, linked and measured (also in og:image:width/height), no crash and no false warning", () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000030000000208060000009db74f6b0000000d4944415478da63f8cfc0f01f0005fe02fe0d3a46d00000000049454e44ae426082", "hex");
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "Rina", image: '"100%.png"' }),
      "articles/b.md": article({ title: "B", date: "2024-01-02", author: "Rina", image: '"foto#1.png"' }),
      "articles/c.md": article({ title: "C", date: "2024-01-03", author: "Rina", image: '"tanya?.png"' }),
      "articles/d.md": article({ title: "D", date: "2024-01-04", author: "Rina", image: '"%FF.png"' }),
      "articles/100%.png": png,
      "articles/foto#1.png": png,
      "articles/tanya?.png": png,
    });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    noStack(r.stderr);
    expect(r.stderr.match(/missing-image/g) ?? []).toHaveLength(1); // only %FF.png, which no file is named
    for (const [slug, file] of [["a", "100%.png"], ["b", "foto#1.png"], ["c", "tanya?.png"]] as const) {
      const $ = readHtml(r.out, `berita/${slug}/index.html`);
      const img = $("figure img").first();
      expect(decodeURIComponent(img.attr("src")!)).toBe(`/${file}`);
      expect(img.attr("width")).toBe("3");
      // The measured size goes to OpenGraph too (issue 6: og:image with width/height when known).
      expect([$('meta[property="og:image:width"]').attr("content"), $('meta[property="og:image:height"]').attr("content")]).toEqual(["3", "2"]);
      expect(existsSync(join(r.out, file))).toBe(true);
    }
  });

  it("a body picture whose name has & or a quote still gets its width and height (the text below it does not jump)", () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000030000000208060000009db74f6b0000000d4944415478da63f8cfc0f01f0005fe02fe0d3a46d00000000049454e44ae426082", "hex");
    const r = buildSite(site({ "articles/a.md": article({ title: "A", date: "2024-01-01", author: "Rina" }, "![x](foto/a&b.png)\n\n![y](<foto/kata'kunci.png>)"), "articles/foto/a&b.png": png, "articles/foto/kata'kunci.png": png }));
    expect(r.status, r.stderr).toBe(0);
    const imgs = readHtml(r.out, "berita/a/index.html")(".prose img");
    expect(imgs.map((_, e) => `${e.attribs.src} ${e.attribs.width}x${e.attribs.height}`).get()).toEqual(["/foto/a&b.png 3x2", "/foto/kata'kunci.png 3x2"]);
  });
});

describe("dates", () => {
  it("a date without a time prints the day alone (no made-up 00:00), on the article and in lists", () => {
    const root = site({
      "articles/a.md": article({ title: "Tanpa Jam", date: "2024-09-16", updated: "2024-09-17", author: "Rina" }),
      "articles/b.md": article({ title: "Dengan Jam", date: "2024-09-15T00:00:00+07:00", author: "Rina" }),
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "berita/a/index.html");
    expect($(".byline__date time").map((_, t) => $(t).text()).get()).toEqual(["Senin, 16 September 2024", "Selasa, 17 September 2024"]);
    // The machine-readable date says the day too; previews and JSON-LD, which want an instant, keep the start of that day.
    expect($(".byline__date time").map((_, t) => $(t).attr("datetime")).get()).toEqual(["2024-09-16", "2024-09-17"]);
    expect($('meta[property="article:published_time"]').attr("content")).toBe("2024-09-16T00:00:00+07:00");
    expect(readHtml(r.out, "index.html")("time").map((_, t) => readHtml(r.out, "index.html")(t).attr("datetime")).get()).toEqual(["2024-09-16", "2024-09-15T00:00:00+07:00"]);
    const home = readHtml(r.out, "index.html").text();
    expect(home).toContain("Senin, 16 September 2024");
    expect(home).not.toContain("Senin, 16 September 2024, 00:00");
    // Midnight written out is a time, and printed.
    expect(readHtml(r.out, "berita/b/index.html")(".byline__date time").first().text()).toBe("Minggu, 15 September 2024, 00:00 WIB");
  });
});

describe("configuration and flags", () => {
  it("a locale Intl does not accept is a config error (exit 2) in check and build", () => {
    for (const locale of ['"xx-!!"', '""']) {
      const root = site({ "articles/a.md": ok, "warta.config.yaml": `locale: ${locale}\n` });
      for (const command of ["check", "build"]) {
        const r = runCli([command, "--root", root]);
        expect(r.status, `${command} ${locale}`).toBe(2);
        noStack(r.stderr);
        expect(r.stderr).toMatch(/locale/);
      }
    }
  });

  it("config errors point at their line; a second config file is a warning; publisher keys are checked", () => {
    const root = site({ "articles/a.md": ok, "warta.config.yaml": "title: X\nperPage: 0\npublisher:\n  nmae: Y\n", "warta.config.json": "{}" });
    const r = runCli(["build", "--root", root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^warta\.config\.yaml:2:1: error config perPage: /m);
    expect(r.stderr).toMatch(/^warta\.config\.yaml:4:1: error config publisher\.nmae: .*nmae/m);
    writeFileSync(join(root, "warta.config.yaml"), "title: X\n  bad: [\n");
    expect(runCli(["check", "--root", root]).stderr).toMatch(/^warta\.config\.yaml:1:8: error config: cannot read config: /m);
    writeFileSync(join(root, "warta.config.yaml"), "title: X\n");
    const fine = runCli(["build", "--root", root]);
    expect(fine.status).toBe(0);
    expect(fine.stderr).toMatch(/^warta\.config\.json:1:1: warning config: is ignored: only warta\.config\.yaml is read/m);
  });

  it("a locale with another calendar still prints Gregorian dates with Latin digits", () => {
    const root = site({ "articles/a.md": ok, "warta.config.yaml": "locale: ja-JP-u-ca-japanese\n" });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    expect(readHtml(r.out, "berita/a/index.html")("time").first().text()).toMatch(/2024.*10:00/);
  });

  it("digits are text, a flag given twice is a usage error (exit 2), with or without a cache", () => {
    const root = site({ "articles/a.md": ok });
    expect(buildSite(root).status).toBe(0);
    const digits = runCli(["build", "--root", root, "--base-url", "123"]);
    expect(digits.status).toBe(2);
    noStack(digits.stderr);
    for (const twice of [["--base-url", "https://a.example/", "--base-url", "https://b.example/"], ["--out", join(root, "A"), "--out", join(root, "B")], ["--root", root]]) {
      const r = runCli(["build", "--root", root, ...twice]);
      expect(r.status, twice.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/is given more than once/);
    }
    expect(existsSync(join(root, "A,B"))).toBe(false);
    // Values that look like numbers stay text: a folder named 0123 is not 123.
    const numeric = runCli(["build", "--out", "0123"], { cwd: root });
    expect(numeric.status).toBe(0);
    expect(existsSync(join(root, "0123", "index.html"))).toBe(true);
    expect(existsSync(join(root, "123"))).toBe(false);
    const equals = runCli(["build", "--out=1e3"], { cwd: root });
    expect(equals.status).toBe(0);
    expect(existsSync(join(root, "1e3", "index.html"))).toBe(true);
    // An empty value is no value (not the folder "0", not the working folder).
    for (const flag of ["--out", "--root", "--base-url", "--port"]) {
      const empty = runCli(flag === "--root" ? ["build", "--root", ""] : [flag === "--port" ? "dev" : "build", flag, ""], { cwd: root });
      expect(empty.status, flag).toBe(2);
      expect(empty.stderr).toMatch(new RegExp(`${flag} needs a value`));
    }
    expect(existsSync(join(root, "0"))).toBe(false);
    // A user name and password in the site URL would be printed in every page, feed and sitemap.
    const secret = runCli(["build", "--root", root, "--base-url", "https://user:rahasia@example.org/"]);
    expect(secret.status).toBe(2);
    expect(secret.stderr).toMatch(/^\(--base-url\):1:1: error config baseUrl: must be an absolute http\(s\) URL without a user name or password/m);
    // Flags without a value count too; --version prints the version whatever the command.
    for (const [twice, named] of [[["--drafts", "--drafts"], "--drafts"], [["--drafts", "--no-drafts"], "--drafts"], [["--no-cache", "--no-cache"], "--no-cache"]] as const) {
      const r = runCli(["build", "--root", root, ...twice]);
      expect([r.status, r.stderr.split("\n")[0]], twice.join(" ")).toEqual([2, `warta: ${named} is given more than once`]);
    }
    // A switch given a value is refused, empty too: `--drafts=$PUBLISH_DRAFTS` with the variable empty published the drafts.
    for (const [command, arg] of [["build", "--drafts="], ["build", "--drafts=false"], ["build", "--future=0"], ["check", "--future=ya"], ["build", "--no-cache="], ["build", "--cache=false"]] as const) {
      const r = runCli([command, "--root", root, ...(command === "build" ? ["--out", join(root, "flagged")] : []), arg]);
      expect([r.status, r.stderr.split("\n")[0]], arg).toEqual([2, `warta: ${arg.replace(/=.*/, "")} takes no value: give ${arg.replace(/=.*/, "")} alone, or leave it out`]);
    }
    expect(existsSync(join(root, "flagged"))).toBe(false);
    // A negated flag a command does not have is named as typed.
    expect(runCli(["check", "--root", root, "--no-cache"]).stderr.split("\n")[0]).toBe("warta: Unknown option `--no-cache`");
    const version = runCli(["build", "--root", root, "--version"]);
    expect([version.status, version.stdout]).toEqual([0, expect.stringMatching(/^warta\/\d+\.\d+\.\d+ /)]);
    writeFileSync(join(root, "warta.config.yaml"), "baseUrl: https://user@example.org/\n");
    expect(runCli(["check", "--root", root]).status).toBe(2);
    rmSync(join(root, "warta.config.yaml"));
    const dev = runCli(["dev", "--root", root, "--port", "0", "--base-url", "ftp://x/"]);
    expect(dev.status).toBe(2);
    expect(dev.stderr).toMatch(/--base-url must be an absolute http\(s\) URL/);
    const bare = runCli(["--verbose"]);
    expect([bare.status, bare.stderr.split("\n")[0]]).toEqual([2, "warta: unknown flag --verbose"]);
  });
});

describe("the output folder", () => {
  it("a link to itself, or a folder in the place of the lock, is a one-line usage error (exit 2), not a stack trace", () => {
    const root = site({ "articles/a.md": ok });
    symlinkSync("dist", join(root, "dist"));
    const loop = runCli(["build", "--root", root]);
    expect([loop.status, loop.stderr.split("\n")[0]]).toEqual([2, `(output):1:1: error config: the output path ${join(root, "dist")} is a symbolic link that leads round in a loop (to itself): remove it, or point it at a folder`]);
    rmSync(join(root, "dist"));
    mkdirSync(join(root, "dist.warta-lock"));
    const locked = runCli(["build", "--root", root]);
    expect(locked.status).toBe(2);
    expect(locked.stderr).toMatch(/^\(output\):1:1: error config: cannot lock the output folder: .*dist\.warta-lock is in the way and is not warta's lock \(\w+\): remove it$/m);
    noStack(locked.stderr);
  });

  it("is not a folder of other files: a build would replace it whole (exit 2, nothing touched)", () => {
    const root = site({ "articles/a.md": ok });
    const victim = join(root, "..", `${relative(join(root, ".."), root)}-dokumen`);
    mkdirSync(join(victim, "arsip"), { recursive: true });
    writeFileSync(join(victim, "penting.docx"), "berharga");
    const r = runCli(["build", "--root", root, "--out", victim]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/holds files that are not warta's output \(arsip, penting\.docx\)/);
    expect(readFileSync(join(victim, "penting.docx"), "utf8")).toBe("berharga");
    // One file named like an output's is not enough, nor a folder named index.html.
    for (const [name, make] of [["feed.xml", () => writeFileSync(join(victim, "feed.xml"), "")], ["index.html", () => mkdirSync(join(victim, "index.html"))]] as const) {
      make();
      expect(runCli(["build", "--root", root, "--out", victim]).status, name).toBe(2);
      expect(readFileSync(join(victim, "penting.docx"), "utf8")).toBe("berharga");
      rmSync(join(victim, name), { recursive: true });
    }
    // Another generator's output, or a web root, has an index.html, a 404.html and a feed.xml, but is not warta's: refused.
    writeFileSync(join(victim, "index.html"), '<!doctype html><meta name="generator" content="Hugo 0.111"><title>Beranda</title>');
    writeFileSync(join(victim, "404.html"), "<!doctype html><title>404</title>");
    writeFileSync(join(victim, "feed.xml"), "<rss><channel><generator>Hugo</generator></channel></rss>");
    const web = runCli(["build", "--root", root, "--out", victim, "--no-cache"]);
    expect(web.status).toBe(2);
    expect(web.stderr).toMatch(/holds files that are not warta's output \(404\.html, arsip, feed\.xml…\)/);
    // A generator whose name starts like warta's ("wartawan": journalist) is another generator.
    writeFileSync(join(victim, "index.html"), '<!doctype html><meta name="generator" content="wartawanCMS 2.1"><title>Beranda</title>');
    expect(runCli(["build", "--root", root, "--out", victim, "--no-cache"]).status).toBe(2);
    expect(readFileSync(join(victim, "penting.docx"), "utf8")).toBe("berharga");
    // An empty folder, and warta's output (even without its home page), are fine.
    rmSync(victim, { recursive: true });
    mkdirSync(victim);
    expect(runCli(["build", "--root", root, "--out", victim]).status).toBe(0);
    expect(runCli(["build", "--root", root, "--out", victim, "--no-cache"]).status).toBe(0);
    rmSync(join(victim, "index.html"));
    expect(runCli(["build", "--root", root, "--out", victim, "--no-cache"]).status).toBe(0);
    // warta's output made a git working copy (a gh-pages checkout), its last output or not: refused, its history kept.
    mkdirSync(join(victim, ".git"));
    writeFileSync(join(victim, ".git", "HEAD"), "ref: refs/heads/gh-pages\n");
    for (const args of [[], ["--no-cache"]]) {
      const git = runCli(["build", "--root", root, "--out", victim, ...args]);
      expect(git.status).toBe(2);
      expect(git.stderr).toMatch(/is a git working copy: a build replaces its output folder whole, and would delete its history/);
      expect(readFileSync(join(victim, ".git", "HEAD"), "utf8")).toBe("ref: refs/heads/gh-pages\n");
    }
    rmSync(victim, { recursive: true });
  });

  it("has one writer at a time: a live lock is refused, a dead one taken over; only dead builds' leftovers are removed", () => {
    const root = site({ "articles/a.md": ok });
    const out = join(root, "dist");
    // A lock's number taken by another program (not Node) is stale: taken over.
    const other = spawn("sleep", ["60"]);
    writeFileSync(`${out}.warta-lock`, `${other.pid}\n`);
    expect(runCli(["build", "--root", root]).status).toBe(0);
    other.kill();
    rmSync(out, { recursive: true });
    const sleeper = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      writeFileSync(`${out}.warta-lock`, `${sleeper.pid}\n`);
      const refused = runCli(["build", "--root", root]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(`another warta (process ${sleeper.pid}) is writing ${out}`);
      expect(existsSync(out)).toBe(false);
      // Its number, given to this Node process after the holder died unseen (SIGKILL): the start time tells them apart.
      writeFileSync(`${out}.warta-lock`, `${sleeper.pid} 1\n`);
      const reused = runCli(["build", "--root", root]);
      expect(reused.status, reused.stderr).toBe(0);
      expect(existsSync(`${out}.warta-lock`)).toBe(false);
      rmSync(out, { recursive: true });
      // A staged folder of a build still running stays; one of a build that is gone goes.
      mkdirSync(`${out}.warta-tmp-${sleeper.pid}-abc`);
      mkdirSync(`${out}.warta-tmp-999999999-abc`);
      writeFileSync(`${out}.warta-lock`, "999999999\n");
      const taken = runCli(["build", "--root", root]);
      expect(taken.status, taken.stderr).toBe(0);
      expect(existsSync(`${out}.warta-lock`)).toBe(false);
      expect(existsSync(`${out}.warta-tmp-${sleeper.pid}-abc`)).toBe(true);
      expect(existsSync(`${out}.warta-tmp-999999999-abc`)).toBe(false);
      // The same folder through a link is the same writer's: one lock (a build with work to do).
      symlinkSync(out, join(root, "tautan"));
      writeFileSync(`${out}.warta-lock`, `${sleeper.pid}\n`);
      writeFileSync(join(root, "articles/b.md"), article({ title: "B", date: "2024-01-03", author: "Rina" }));
      expect(runCli(["build", "--root", root, "--out", join(root, "tautan")]).status).toBe(2);
      rmSync(`${out}.warta-lock`);
    } finally {
      sleeper.kill();
    }
  });

  it("a full build stopped by Ctrl+C leaves its staging folder readable by its owner only, and the next build of any kind removes it", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`articles/a${i}.md`] = article({ title: `Berita ${i}`, date: `2024-01-02T10:${String(i % 60).padStart(2, "0")}:00+07:00`, author: "Rina", tags: `[T${i % 40}]` }, "Isi berita.\n\n".repeat(30));
    const root = site(files);
    expect(buildSite(root).status).toBe(0); // a cache: the build below is full only by --no-cache
    const before = snapshotDir(join(root, "dist"));
    const child = spawn(process.execPath, [CLI, "build", "--root", root, "--no-cache"], { stdio: "ignore" });
    const exited = new Promise<number | null>((done) => child.on("exit", (code, signal) => done(code ?? (signal ? 128 : null))));
    let staging: string | undefined;
    for (let i = 0; i < 2000 && !staging; i++) {
      staging = readdirSync(root).find((n) => n.startsWith("dist.warta-tmp-"));
      if (!staging) await new Promise((r) => setTimeout(r, 5));
    }
    expect(staging).toBeDefined();
    expect(statSync(join(root, staging!)).mode & 0o777).toBe(0o700);
    child.kill("SIGINT");
    await exited;
    expect(snapshotDir(join(root, "dist"))).toEqual(before);
    // Its process is gone: a build with nothing to do removes what it left.
    expect(runCli(["build", "--root", root]).stdout).toMatch(/0 rendered/);
    expect(readdirSync(root).filter((n) => n.startsWith("dist.warta-tmp-"))).toEqual([]);
    // A finished build's output has the mode new folders get, not the staging folder's.
    expect(statSync(join(root, "dist")).mode & 0o777).toBe(0o777 & ~process.umask());
  });

  it("named through a link is built where the link points; the link stays", () => {
    const root = site({ "articles/a.md": ok });
    const www = join(root, "..", `${relative(join(root, ".."), root)}-www`);
    mkdirSync(www);
    symlinkSync(www, join(root, "dist"));
    try {
      expect(buildSite(root, ["--no-cache"]).status).toBe(0);
      expect(statSync(join(root, "dist"), { throwIfNoEntry: false }) && readFileSync(join(www, "index.html"), "utf8")).toContain("Berita Baik");
      writeFileSync(join(root, "articles/a.md"), article({ title: "Berita Baru", date: "2024-01-02T10:00:00+07:00", author: "Rina" }));
      expect(buildSite(root, ["--no-cache"]).status).toBe(0);
      expect(readFileSync(join(www, "index.html"), "utf8")).toContain("Berita Baru");
      expect(lstatSync(join(root, "dist")).isSymbolicLink()).toBe(true);
    } finally {
      rmSync(www, { recursive: true, force: true });
    }
  });
});

describe("an output path through a link to nowhere yet, or below a file", () => {
  it("a link to a folder that does not exist yet is built there; a path below a file is a config error (exit 2), never a raw system error", () => {
    const root = site({ "articles/a.md": ok, "berkas.txt": "bukan folder" });
    const www = join(root, "..", `${relative(join(root, ".."), root)}-www-baru`);
    symlinkSync(www, join(root, "dist"));
    symlinkSync(join(www, "tidak", "ada"), join(root, "ke-mana"));
    try {
      const first = buildSite(root, ["--no-cache"]);
      expect(first.status, first.stderr).toBe(0);
      expect(readFileSync(join(www, "index.html"), "utf8")).toContain("Berita Baik");
      expect(lstatSync(join(root, "dist")).isSymbolicLink()).toBe(true);
      // Below a link to nowhere: built where it points.
      expect(runCli(["build", "--root", root, "--out", join(root, "ke-mana", "sub")]).status).toBe(0);
      expect(existsSync(join(www, "tidak", "ada", "sub", "index.html"))).toBe(true);
      const below = runCli(["build", "--root", root, "--out", join(root, "berkas.txt", "sub")]);
      expect(below.status).toBe(2);
      noStack(below.stderr);
      expect(below.stderr).toMatch(/error config: the output path .*berkas\.txt\/sub is inside .*berkas\.txt, which is a file, not a folder/);
    } finally {
      rmSync(www, { recursive: true, force: true });
    }
  });
});

describe("file names that are not UTF-8", () => {
  it("are an encoding error each (an article, a folder, a copied file), not a silent hole in the site", () => {
    const root = site({ "articles/a.md": ok, "static/ikon.txt": "x" });
    const bytes = (s: string, ...extra: number[]): Buffer => Buffer.concat([Buffer.from(s), Buffer.from(extra)]);
    writeFileSync(Buffer.concat([Buffer.from(`${root}/articles/`), bytes("buruk", 0xff), Buffer.from(".md")]), article({ title: "B", date: "2024-01-02", author: "Rina" }));
    mkdirSync(Buffer.concat([Buffer.from(`${root}/articles/`), bytes("map", 0xc3)]));
    writeFileSync(Buffer.concat([Buffer.from(`${root}/static/`), bytes("foto", 0xfe), Buffer.from(".png")]), "png");
    for (const command of ["check", "build"]) {
      const r = runCli([command, "--root", root]);
      expect(r.status, command).toBe(1);
      noStack(r.stderr);
      expect(r.stderr.split("\n").filter((l) => l.includes("encoding"))).toEqual([
        "articles/buruk\uFFFD.md:1:1: error encoding: the name is not valid UTF-8 (each \uFFFD stands for bytes that are not): rename it",
        "articles/map\uFFFD:1:1: error encoding: the name is not valid UTF-8 (each \uFFFD stands for bytes that are not): rename it",
        "static/foto\uFFFD.png:1:1: error encoding: the name is not valid UTF-8 (each \uFFFD stands for bytes that are not): rename it",
      ]);
    }
    expect(existsSync(join(root, "dist"))).toBe(false);
  });
});

describe("a folder warta cannot read", () => {
  it("is an error naming it, not a silent hole in the site (its articles would vanish from every page)", () => {
    // As root every folder is readable: the build then runs as `nobody`.
    const asRoot = process.getuid?.() === 0;
    const base = mkdtempSync(join(tmpdir(), "warta-unreadable-"));
    try {
      writeSite({ "articles/a.md": ok, "articles/2023/b.md": article({ title: "B", date: "2024-01-01", author: "R" }) }, join(base, "site"));
      mkdirSync(join(base, "out"));
      chmodSync(base, 0o755);
      for (const d of ["site", "site/articles"]) chmodSync(join(base, d), 0o755);
      chmodSync(join(base, "site/articles/a.md"), 0o644);
      chmodSync(join(base, "out"), 0o777);
      chmodSync(join(base, "site/articles/2023"), 0o000);
      const args = [CLI, "build", "--root", join(base, "site"), "--out", join(base, "out/dist"), "--no-cache"];
      const r = asRoot
        ? spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, ...args], { encoding: "utf8" })
        : spawnSync(process.execPath, args, { encoding: "utf8" });
      expect(r.error).toBeUndefined();
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/^articles\/2023\/:1:1: error encoding: cannot read folder: EACCES$/m);
    } finally {
      chmodSync(join(base, "site/articles/2023"), 0o755);
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe("files a reporter puts under articles/", () => {
  it("that could run script (pages, scripts, SVG with script) are unsafe-file errors unless raw HTML is allowed; images and data are copied", () => {
    const svg = (inner: string): string => `<svg xmlns="http://www.w3.org/2000/svg">${inner}</svg>`;
    const root = site({
      "articles/2024/a.md": article({ title: "Aset", date: "2024-06-01T10:00:00+07:00", author: "Budi", image: "foto.svg" }, "[foto](foto.svg) [lampiran](halaman.html)"),
      "articles/2024/foto.svg": svg('<rect width="4" height="4"/><image href="data:image/png;base64,iVBORw0KGgo="/>'),
      "articles/2024/data.csv": "a,b\n1,2\n",
      "articles/2024/halaman.html": "<!doctype html><title>x</title><script>alert('html')</script>",
      "articles/2024/Data.XML": '<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>',
      "articles/2024/skrip.js": "alert(1)",
      "articles/2024/evil.svg": svg("<script>alert('svg')</script>"),
      "articles/2024/onload.svg": svg('<rect onload="alert(1)"/>'),
      "articles/2024/entitas.svg": '<!DOCTYPE svg [<!ENTITY s "x">]>' + svg("&s;"),
      "articles/2024/tautan.svg": svg('<a href="javascript:alert(1)"><text>x</text></a>'),
      "articles/2024/html.svg": svg('<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>'),
    });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    const unsafe = r.stderr.split("\n").filter((l) => l.includes(" error unsafe-file")).map((l) => l.split(":")[0]);
    expect(unsafe).toEqual(["articles/2024/Data.XML", "articles/2024/entitas.svg", "articles/2024/evil.svg", "articles/2024/halaman.html", "articles/2024/html.svg", "articles/2024/onload.svg", "articles/2024/skrip.js", "articles/2024/tautan.svg"]);
    expect(r.stderr.match(/ error /g)).toHaveLength(8);
    expect(existsSync(join(r.out, "2024"))).toBe(false);

    // A site that allows raw HTML trusts its reporters with script anyway.
    writeFileSync(join(root, "warta.config.yaml"), "allowRawHtml: true\n");
    const trusted = buildSite(root);
    expect(trusted.status).toBe(0);
    expect(readFileSync(join(trusted.out, "2024/halaman.html"), "utf8")).toContain("<script>");
    expect(existsSync(join(trusted.out, "2024/data.csv"))).toBe(true);

    // Not with the server: code a host would run is refused whatever the site allows.
    writeFileSync(join(root, "articles/2024/shell.php"), '<?php system($_GET["c"]); ?>');
    writeFileSync(join(root, "articles/2024/foto.php.jpg"), "<?php phpinfo(); ?>");
    const server = buildSite(root);
    expect(server.status).toBe(1);
    expect(server.stderr.split("\n").filter((l) => l.includes(" error unsafe-file"))).toEqual([
      "articles/2024/foto.php.jpg:1:1: error unsafe-file: is server code (.php): on a host that runs it (PHP, CGI, ASP.NET, JSP), anyone could run it (put no code under articles/)",
      "articles/2024/shell.php:1:1: error unsafe-file: is server code (.php): on a host that runs it (PHP, CGI, ASP.NET, JSP), anyone could run it (put no code under articles/)",
    ]);
  });

  it("in any XML document type a browser renders (.xht, .rss, .atom, .rdf, .kml, .xul, .mml, …) are unsafe-file errors, whatever the case of the name", () => {
    const page = '<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert(1)</script></body></html>';
    const names = ["galeri.xht", "feed.rss", "feed.ATOM", "data.rdf", "peta.kml", "app.xul", "rumus.mml", "show.smil", "list.xspf", "teks.xlf", "model.dae", "sub.ttml", "rute.gpx", "ui.xaml"];
    const root = site({ "articles/a.md": ok, "articles/foto.png": "PNG", ...Object.fromEntries(names.map((n) => [`articles/x/${n}`, page])) });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    noStack(r.stderr);
    const unsafe = r.stderr.split("\n").filter((l) => l.includes(" error unsafe-file")).map((l) => l.split(":")[0]);
    expect(unsafe).toEqual(names.map((n) => `articles/x/${n}`).sort());
    expect(r.stderr.match(/ error /g)).toHaveLength(names.length);
    expect(existsSync(join(r.out, "x"))).toBe(false);
  });
});

describe("raw HTML a site allows", () => {
  it("stays inside its article: an unclosed comment or tag, or a stray </main>, cannot take the layout apart", () => {
    const root = site({
      "warta.config.yaml": "allowRawHtml: true\n",
      "articles/a.md": article({ title: "A", date: "2024-01-02T10:00:00+07:00", author: "Rina", tags: "[Satu]" }, "Para <b>tebal\n\n</div></main></body></html>\n\nLagi.\n\n<!-- komentar tanpa akhir"),
      "articles/b.md": article({ title: "B", date: "2024-01-01T10:00:00+07:00", author: "Rina", tags: "[Satu]" }, "<div class=\"kotak\"><em>Dalam kotak</em>"),
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    for (const slug of ["a", "b"]) {
      const $ = readHtml(r.out, `berita/${slug}/index.html`);
      expect($("body > main").length, slug).toBe(1);
      expect($("main .related").length, slug).toBe(1);
      expect($("body > footer").length, slug).toBe(1);
    }
    const $a = readHtml(r.out, "berita/a/index.html");
    expect($a(".article__body b").text()).toContain("tebal");
    expect($a(".article__body").text()).toContain("Lagi.");
    expect(readHtml(r.out, "berita/b/index.html")(".article__body .kotak em").text()).toBe("Dalam kotak");
  });
});

describe("lead images that name a folder", () => {
  it("/, . and .. (the site's root) are missing images: warned about at their line and left out, never <img src=\"/\">", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-02T10:00:00+07:00", author: "R", image: "/", image_caption: "Foto" }),
      "articles/b.md": article({ title: "B", date: "2024-01-03T10:00:00+07:00", author: "R", image: "." }),
      "articles/2024/c.md": article({ title: "C", date: "2024-01-04T10:00:00+07:00", author: "R", image: ".." }),
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    for (const file of ["articles/a.md", "articles/b.md", "articles/2024/c.md"]) expect(r.stderr).toMatch(new RegExp(`^${file.replaceAll(".", "\\.")}:\\d+:1: warning missing-image image: image "/" is not in articles/ or static/`, "m"));
    for (const page of ["berita/a/index.html", "berita/b/index.html", "berita/c/index.html", "index.html"]) {
      const $ = readHtml(r.out, page);
      expect($("img").length, page).toBe(0);
      expect($('meta[property="og:image"]').length, page).toBe(0);
    }
  });
});

describe("author photos", () => {
  it("follow the lead image's rules: names with spaces, % and # resolve, a missing one is a warning, //host is refused", () => {
    const files: Record<string, string> = {
      "static/img/foto a.png": "png", "static/img/foto#1.png": "png", "static/img/100%.png": "png",
      "warta.config.yaml": "baseUrl: https://kabar.example/sub/\n",
    };
    const photos = { a: "/img/foto a.png", b: "/img/foto#1.png", c: "img/100%.png", d: "https://example.com/a b.jpg", e: "/img/tidak-ada.png" };
    for (const [id, photo] of Object.entries(photos)) {
      files[`authors/penulis-${id}.md`] = `---\nname: Penulis ${id.toUpperCase()}\nphoto: "${photo}"\n---\n`;
      files[`articles/${id}.md`] = article({ title: `Berita ${id}`, date: "2024-01-02T10:00:00+07:00", author: `Penulis ${id.toUpperCase()}` });
    }
    const root = site(files);
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const src = (id: string): string | undefined => readHtml(r.out, `penulis/penulis-${id}/index.html`)(".profile__photo").attr("src");
    // e's photo is not there: warned about, and not shown as a broken image.
    expect(["a", "b", "c", "d", "e"].map(src)).toEqual(["/sub/img/foto%20a.png", "/sub/img/foto%231.png", "/sub/img/100%25.png", "https://example.com/a%20b.jpg", undefined]);
    expect(r.stderr).toMatch(/^authors\/penulis-e\.md:3:1: warning missing-image photo: /m);
    expect(r.stderr.match(/missing-image/g)).toHaveLength(1);

    writeFileSync(join(root, "authors/penulis-b.md"), "---\nname: Penulis B\njabatan: Redaktur\n---\n");
    expect(buildSite(root).stderr).toMatch(/^authors\/penulis-b\.md:3:1: warning unknown-key jabatan: unknown profile key "jabatan" is ignored/m);
    writeFileSync(join(root, "authors/penulis-a.md"), "---\nname: Penulis A\nphoto: //evil.example/x.png\n---\n");
    const refused = buildSite(root);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^authors\/penulis-a\.md:3:1: error invalid-url photo: "\/\/evil\.example\/x\.png" must be a site path or an absolute http\(s\) URL/m);
  });
});

describe("diagnostics stay one line each", () => {
  it("a key with a line break or a terminal escape cannot forge a diagnostic or reach the terminal raw", () => {
    const root = site({ "articles/a.md": '---\ntitle: A\ndate: 2024-01-01\nauthor: R\n"x\\nartikel/palsu.md:1:1: error required title": 1\n"\\e[31mmerah": 2\n---\nIsi.\n' });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toEqual([
      "articles/a.md:5:1: warning unknown-key x\\nartikel/palsu.md:1:1: error required title: unknown front-matter key \"x artikel/palsu.md:1:1: error required title\" is ignored",
      expect.stringMatching(/^articles\/a\.md:6:1: warning unknown-key \\x1b\[31mmerah: /),
      "0 errors, 2 warnings",
    ]);
    expect(r.stderr).not.toContain("\u001b");
  });
});

describe("every problem in one run", () => {
  it("a key named __proto__ is an unknown key at its own line", () => {
    const root = site({ "articles/a.md": "---\ntitle: A\ndate: 2024-01-01\nauthor: R\n__proto__:\n  polluted: 1\n---\n" });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^articles\/a\.md:5:1: warning unknown-key __proto__: /m);
  });

  it("an article with errors still claims its URL: a clash with another article is reported in the same run", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R", slug: "sama" }),
      "articles/b.md": "---\ntitle: B\ndate: 2024-02-30\nauthor: R\nslug: sama\n---\n",
    });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^articles\/b\.md:3:1: error invalid-date date: /m);
    expect(r.stderr).toMatch(/^articles\/a\.md:5:1: error duplicate-url slug: .*articles\/b\.md/m);
    expect(r.stderr).toMatch(/^articles\/b\.md:5:1: error duplicate-url slug: .*articles\/a\.md/m);
  });

  it("a bad lead image or author photo is reported beside the file's other errors", () => {
    const root = site({
      "articles/a.md": "---\ntitle: A\ndate: 2024-01-01\nauthor: R\ndraft: perhaps\nimage: 'javascript:alert(1)'\n---\n",
      "authors/r.md": "---\nname: R\nphoto: 'javascript:alert(1)'\nlinks: nope\n---\n",
    });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    for (const line of [/^articles\/a\.md:5:1: error invalid-type draft/m, /^articles\/a\.md:6:1: error invalid-url image/m, /^authors\/r\.md:3:1: error invalid-url photo/m, /^authors\/r\.md:4:1: error invalid-type links/m]) {
      expect(r.stderr).toMatch(line);
    }
  });
});

describe("an output folder that would take the place of the site's own files", () => {
  it("is refused (exit 2) for the config file's names and the build cache, in build and dev, and nothing is written", () => {
    const root = site({ "articles/a.md": ok, "articles/b.md": article({ title: "Draf", date: "2024-01-03T10:00:00+07:00", author: "Rina", draft: "true" }) });
    for (const out of ["warta.config.yaml", "warta.config.yml", "warta.config.json", ".warta-cache", ".warta-cache/situs"]) {
      for (const command of ["build", "dev"]) {
        const r = runCli([command, "--root", root, "--out", join(root, out), ...(command === "dev" ? ["--port", "0"] : [])]);
        expect(r.status, `${command} --out ${out}: ${r.stderr}`).toBe(2);
        noStack(r.stderr);
        expect(r.stderr).toMatch(/take the place of the site's warta\.config|inside the site's \.warta-cache\/ folder/);
      }
      expect(existsSync(join(root, out)), out).toBe(false);
    }
    expect(buildSite(root).status).toBe(0);
  });
});

describe("a broken template of the site's and an article with an error", () => {
  it("are both reported in one run, by check and build alike", () => {
    const root = site({
      "articles/a.md": ok,
      "articles/b.md": "---\ntitle: Tanpa Tanggal\nauthor: Rina\n---\nIsi.\n",
      "templates/404.njk": '{% extends "layout.njk" %}\n{% block main %}\n{% if %}\n{% endblock %}\n',
    });
    for (const command of ["check", "build"]) {
      const r = runCli([command, "--root", root]);
      expect(r.status, command).toBe(1);
      noStack(r.stderr);
      expect(r.stderr).toMatch(/^articles\/b\.md:\d+:1: error required date/m);
      expect(r.stderr).toMatch(/^templates\/404\.njk:3:\d+: error template/m);
    }
  });
});

describe("a template that reaches out of its folder", () => {
  it("by a name that starts like the folder's (`../templates-lain/`) finds nothing: a template error, nothing of that file published", () => {
    const root = site({
      "articles/a.md": ok,
      "templates/404.njk": '{% extends "layout.njk" %}\n{% block main %}{% include "../templates-lain/rahasia.njk" %}{% endblock %}\n',
      "templates-lain/rahasia.njk": "ZZRAHASIA",
    });
    const r = runCli(["build", "--root", root]);
    expect(r.status).toBe(1);
    noStack(r.stderr);
    expect(r.stderr).toMatch(/^templates\/404\.njk:\d+:\d+: error template: template not found: .*templates-lain\/rahasia\.njk/m);
    expect(existsSync(join(root, "dist"))).toBe(false);
  });
});

describe("things in the site folder that are no files", () => {
  it("a named pipe under articles/ is an error naming it (skipped, its article would vanish without a word); the build does not wait on it", () => {
    const root = site({ "articles/a.md": article({ title: "A", date: "2024-05-02", author: "R" }) });
    const made = spawnSync("mkfifo", [join(root, "articles/pipa.md")]);
    expect(made.status).toBe(0);
    for (const command of ["check", "build"]) {
      const r = runCli([command, "--root", root]);
      expect(r.status, command).toBe(1);
      expect(r.stderr, command).toContain("articles/pipa.md:1:1: error encoding: is not a regular file (a named pipe, socket or device): warta reads only files; remove it or put the file itself here");
    }
  });

  it("warta new says a name taken by a link that leads nowhere is taken, not EEXIST", () => {
    const root = site({ "articles/a.md": article({ title: "A", date: "2024-05-02", author: "R" }) });
    mkdirSync(join(root, "articles/2024/10"), { recursive: true });
    symlinkSync("/tidak/ada", join(root, "articles/2024/10/judul-baru.md"));
    const r = runCli(["new", "--root", root, "--author", "R", "Judul Baru"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("articles/2024/10/judul-baru.md already exists (a symbolic link that leads nowhere)");
  });
});
