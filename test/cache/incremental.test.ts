/**
 * The build cache never changes what a build produces: every cached or incremental build is
 * compared byte for byte with a from-scratch `--no-cache` build of the same sources.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listFiles, NOW_EPOCH, snapshotDir } from "../support/site.ts";
import { articlePath, articleText, build, cacheFile, cleanupAll, copySite, expectSameOutput, freshBuild, newDir, newSite, siteFiles } from "./corpus.ts";

afterAll(cleanupAll);

const mtimes = (out: string): Map<string, number> => new Map(listFiles(out).map((f) => [f, statSync(join(out, f)).mtimeMs]));

describe("cached and uncached builds", () => {
  it("give byte-identical output (cold with cache, --no-cache, warm, and cached into a new folder)", () => {
    const root = newSite();
    const outA = join(newDir(), "out");
    build(root, outA);
    expect(existsSync(cacheFile(root))).toBe(true);
    const cold = snapshotDir(outA);
    const fresh = freshBuild(root);
    expectSameOutput(cold, fresh);

    // Warm: same output folder, cache present.
    build(root, outA);
    expectSameOutput(snapshotDir(outA), fresh);

    // Cached parse results, rendered into a folder the cache knows nothing about.
    const outB = join(newDir(), "elsewhere");
    build(root, outB);
    expectSameOutput(snapshotDir(outB), fresh);
  });

  it("--no-cache neither reads nor writes the cache", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out, ["--no-cache"]);
    expect(existsSync(cacheFile(root))).toBe(false);
    // A cache that would be wrong if read: garbage must not matter under --no-cache.
    build(root, out);
    writeFileSync(cacheFile(root), "not a cache");
    build(root, out, ["--no-cache"]);
    expect(readFileSync(cacheFile(root), "utf8")).toBe("not a cache");
  });
});

describe("a warm build with nothing changed", () => {
  const root = newSite();
  const out = join(newDir(), "out");
  let before: Map<string, string>;
  let times: Map<string, number>;
  beforeAll(() => {
    build(root, out);
    before = snapshotDir(out);
    times = mtimes(out);
  });

  it("leaves the output byte-identical", () => {
    build(root, out);
    expectSameOutput(snapshotDir(out), before);
  });

  it("rewrites no file (performance guard: unchanged bytes are not written again)", () => {
    build(root, out);
    const changed = [...mtimes(out)].filter(([f, t]) => times.get(f) !== t).map(([f]) => f);
    expect(changed).toEqual([]);
  });
});

describe("incremental builds after each kind of edit equal a fresh build", () => {
  // One site, edited step by step; after every step the cached build into the same output
  // folder must equal a --no-cache build of the same sources into a new folder.
  const root = newSite();
  const out = join(newDir(), "out");
  const path = (rel: string): string => join(root, rel);
  const step = (): void => {
    build(root, out);
    expectSameOutput(snapshotDir(out), freshBuild(root));
  };
  beforeAll(() => {
    build(root, out);
  });

  it("edit one article's body", () => {
    writeFileSync(path(articlePath(7)), articleText(7, { extra: "Kalimat tambahan hasil suntingan pertama." }));
    step();
    expect(readFileSync(join(out, "berita/berita-07/index.html"), "utf8")).toContain("Kalimat tambahan hasil suntingan pertama.");
  });

  it("edit the title of the newest article (home, lists, related, feeds)", () => {
    // Article 17 has the latest date (2024-09-18); give it a new title.
    writeFileSync(path(articlePath(17)), articleText(17, { title: "Judul Baru Yang Tampil Di Mana-mana" }));
    step();
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("Judul Baru Yang Tampil Di Mana-mana");
  });

  it("undo that title edit (every feed that showed it goes back too)", () => {
    writeFileSync(path(articlePath(17)), articleText(17));
    step();
    expect(readFileSync(join(out, "feed.xml"), "utf8")).not.toContain("Judul Baru Yang Tampil Di Mana-mana");
  });

  it("change an article's tags (a tag gains, one loses an article)", () => {
    writeFileSync(path(articlePath(3)), articleText(3, { tags: ["Tag Baru Sekali", "KPK"] }));
    step();
  });

  it("change an article's category", () => {
    writeFileSync(path(articlePath(4)), articleText(4, { category: "Internasional" }));
    step();
  });

  it("move an article to the top by date (pagination shifts)", () => {
    writeFileSync(path(articlePath(20)), articleText(20, { date: "2024-09-30T23:00:00+07:00" }));
    step();
  });

  it("add an article", () => {
    writeFileSync(path(articlePath(30)), articleText(30));
    step();
  });

  it("delete an article", () => {
    rmSync(path(articlePath(11)));
    step();
  });

  it("rename an article file (its URL changes)", () => {
    renameSync(path(articlePath(12)), path("articles/2024/berita-dua-belas.md"));
    step();
  });

  it("a new first spelling of an author's name shows on every page, and goes back", () => {
    // Names are shown as first spelt in file-path order: a file that sorts first and spells one
    // otherwise renames it on every page that lists the author's articles, not only on its own.
    // (A category's name too; the corpus's categories are all in the menu, whose change renders every page.)
    const text = "---\ntitle: Ejaan lain\ndate: 2024-01-02T08:00:00+07:00\nauthor: RINA SIREGAR\n---\nIsi.\n";
    writeFileSync(path("articles/0000-ejaan.md"), text);
    step();
    expect(readFileSync(join(out, "indeks/2024/07/07/index.html"), "utf8")).toContain("RINA SIREGAR"); // article 6 only
    renameSync(path("articles/0000-ejaan.md"), path("articles/zzzz-ejaan.md"));
    step();
  });

  it("edit an author profile", () => {
    writeFileSync(path("authors/rina-siregar.md"), "---\nname: Rina Siregar\nbio: \"Kini redaktur pelaksana desk hukum.\"\nrole: Redaktur Pelaksana\n---\n");
    step();
  });

  it("add an author profile", () => {
    writeFileSync(path("authors/citra-lestari.md"), "---\nname: Citra Lestari\nbio: \"Wartawan daerah.\"\n---\n");
    step();
  });

  it("turn an article into a draft", () => {
    writeFileSync(path(articlePath(5)), articleText(5, { draft: true }));
    step();
  });

  it("touch a file without changing it", () => {
    const f = path(articlePath(9));
    const t = new Date(Date.now() + 5000);
    utimesSync(f, t, t);
    step();
  });

  it("change one character, keeping the file size", () => {
    const f = path(articlePath(10));
    const text = readFileSync(f, "utf8");
    writeFileSync(f, text.replace("butir pertama", "butir Pertama"));
    expect(statSync(f).size).toBe(Buffer.byteLength(text));
    step();
  });

  it("change one character, keeping the file size and setting the mtime back (cp -p, rsync -a)", () => {
    const f = path(articlePath(13));
    const past = 1_700_000_000; // whole seconds: set twice, the mtime is exactly the same
    utimesSync(f, past, past);
    step();
    const before = statSync(f);
    writeFileSync(f, readFileSync(f, "utf8").replace("butir pertama", "butir Kedua!!"));
    utimesSync(f, past, past);
    expect([statSync(f).size, statSync(f).mtimeMs]).toEqual([before.size, before.mtimeMs]);
    step();
    expect(readFileSync(join(out, "berita/berita-13/index.html"), "utf8")).toContain("butir Kedua!!");
  });

  it("change the site config", () => {
    writeFileSync(path("warta.config.yaml"), "title: Warta Uji Baru\nbaseUrl: https://warta.example/\nperPage: 4\nrelatedCount: 2\nfeedItems: 10\n");
    step();
  });

  it("override a built-in template", () => {
    mkdirSync(path("templates"), { recursive: true });
    writeFileSync(path("templates/404.njk"), '{% extends "layout.njk" %}{% block main %}<h1>Tidak ada</h1>{% endblock %}');
    step();
    expect(readFileSync(join(out, "404.html"), "utf8")).toContain("Tidak ada");
  });
});

describe("build options and time with a warm cache", () => {
  it("--base-url, --drafts and a later build time give the same output as a fresh build", () => {
    const root = newSite();
    writeFileSync(join(root, articlePath(2)), articleText(2, { draft: true }));
    // Published only once "now" passes 2025-06-01.
    writeFileSync(join(root, articlePath(31)), articleText(31, { date: "2025-06-01T08:00:00+07:00", title: "Artikel Dari Masa Depan" }));
    const out = join(newDir(), "out");
    build(root, out);

    build(root, out, ["--base-url", "https://contoh.example/berita/"]);
    expectSameOutput(snapshotDir(out), freshBuild(root, ["--base-url", "https://contoh.example/berita/"]));

    build(root, out, ["--drafts"]);
    expectSameOutput(snapshotDir(out), freshBuild(root, ["--drafts"]));

    const later = { SOURCE_DATE_EPOCH: String(Number(NOW_EPOCH) + 400 * 86400) };
    build(root, out, [], later);
    const fresh = freshBuild(root, [], later);
    expectSameOutput(snapshotDir(out), fresh);
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("Artikel Dari Masa Depan");
  });
});

describe("output changed by hand", () => {
  it("a deleted output file is restored by the next warm build", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    const before = snapshotDir(out);
    for (const f of ["berita/berita-05/index.html", "index.html", "feed.xml"]) rmSync(join(out, f));
    build(root, out);
    expectSameOutput(snapshotDir(out), before);
  });

  it("a deleted output folder is rebuilt in full from the cache", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    const before = snapshotDir(out);
    rmSync(out, { recursive: true });
    build(root, out);
    expectSameOutput(snapshotDir(out), before);
  });

  it("a stray file in the output folder does not break the next build", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    writeFileSync(join(out, "catatan-tangan.txt"), "manual");
    build(root, out);
    const copy = snapshotDir(out);
    copy.delete("catatan-tangan.txt");
    expectSameOutput(copy, freshBuild(root));
  });
});

describe("two sites that take turns building into one output folder", () => {
  it("each build gives that site's own output, not a mix (the folder is not the one the cache describes)", () => {
    const a = newSite();
    const files = siteFiles();
    for (let i = 1; i <= 24; i++) files[articlePath(i)] = articleText(i, { title: `Situs kedua, berita ${i}` });
    const b = newSite(files);
    const out = join(newDir(), "out");
    build(a, out);
    build(b, out);
    build(a, out);
    expectSameOutput(snapshotDir(out), freshBuild(a));
    build(b, out);
    expectSameOutput(snapshotDir(out), freshBuild(b));
  });
});

describe("a copied site folder", () => {
  it("whose cache travelled with it builds correct output (mtimes differ after copying)", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    const copy = copySite(root);
    writeFileSync(join(copy, articlePath(6)), articleText(6, { title: "Disunting Setelah Disalin" }));
    const out2 = join(newDir(), "out2");
    build(copy, out2);
    expectSameOutput(snapshotDir(out2), freshBuild(copy));
  });
});

describe("a local lead image or author photo that is not there", () => {
  const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000030000000208060000009db74f6b0000000d4944415478da63f8cfc0f01f0005fe02fe0d3a46d00000000049454e44ae426082", "hex");
  const withImage = (image: string): string => articleText(2, { title: "Berita bergambar lokal" }).replace("---\n\n", `image: ${image}\nimage_caption: "Foto: Redaksi"\n---\n\n`);

  it("is left out of the article, the lists, the feeds and the previews (never a broken image), and shown once the file is added", () => {
    const files = siteFiles();
    files[articlePath(2)] = withImage("/foto/belum-ada.png");
    files["authors/rina-siregar.md"] = "---\nname: Rina Siregar\nphoto: /foto/rina.png\n---\n";
    const root = newSite(files);
    const out = join(newDir(), "out");
    const r = build(root, out);
    expect(r.stderr).toMatch(/^articles\/2024\/berita-02\.md:\d+:1: warning missing-image image: /m);
    expect(r.stderr).toMatch(/^authors\/rina-siregar\.md:3:1: warning missing-image photo: /m);
    const page = (): string => readFileSync(join(out, "berita/berita-02/index.html"), "utf8");
    const texts = (): [string, string][] => listFiles(out).filter((f) => /\.(html|xml|json|txt)$/.test(f)).map((f) => [f, readFileSync(join(out, f), "utf8")]);
    const everything = (): string => texts().map(([, text]) => text).join("\n");
    expect(everything()).not.toContain("belum-ada.png");
    expect(everything()).not.toContain("rina.png");
    expect(page()).not.toContain("Foto: Redaksi");
    expect(page()).toContain("Berita bergambar lokal");
    expectSameOutput(snapshotDir(out), freshBuild(root));

    // The files arrive: the cached build shows them wherever a fresh build does.
    mkdirSync(join(root, "static/foto"), { recursive: true });
    writeFileSync(join(root, "static/foto/belum-ada.png"), png);
    writeFileSync(join(root, "static/foto/rina.png"), png);
    const again = build(root, out);
    expect(again.stderr).not.toMatch(/missing-image/);
    expect(page()).toMatch(/<img src="\/foto\/belum-ada\.png"[^>]* width="3" height="2"/);
    const lists = texts().filter(([path, html]) => /^(tag|kategori|penulis)\/.*\.html$/.test(path) && html.includes("/foto/belum-ada.png"));
    expect(lists.length).toBeGreaterThan(0);
    expect(readFileSync(join(out, "penulis/citra-lestari/feed.xml"), "utf8")).toContain("https://warta.example/foto/belum-ada.png");
    expect(readFileSync(join(out, "penulis/rina-siregar/index.html"), "utf8")).toContain("/foto/rina.png");
    expectSameOutput(snapshotDir(out), freshBuild(root));

    // And gone again, with the article edited in the same build (the same-shape path is not taken).
    rmSync(join(root, "static/foto/belum-ada.png"));
    writeFileSync(join(root, articlePath(2)), withImage("/foto/belum-ada.png").replace("Paragraf pembuka", "Paragraf pembuka yang diperbarui"));
    build(root, out);
    expect(everything()).not.toContain("belum-ada.png");
    expectSameOutput(snapshotDir(out), freshBuild(root));
    // An edit of its text alone (the model is patched, not made anew) keeps it out too.
    writeFileSync(join(root, articlePath(2)), withImage("/foto/belum-ada.png").replace("Paragraf pembuka", "Paragraf pembuka kedua"));
    build(root, out);
    expect(page()).toContain("Paragraf pembuka kedua");
    expect(everything()).not.toContain("belum-ada.png");
    expectSameOutput(snapshotDir(out), freshBuild(root));
  });
});

describe("a favicon in static/", () => {
  it("is linked from every page once it is there, and no longer once it is gone (cached builds as fresh ones)", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    const icons = (): string[] => listFiles(out).filter((f) => f.endsWith(".html")).map((f) => /<link rel="icon" href="([^"]*)">/.exec(readFileSync(join(out, f), "utf8"))?.[1] ?? "");
    expect(new Set(icons())).toEqual(new Set([""]));
    mkdirSync(join(root, "static"), { recursive: true });
    writeFileSync(join(root, "static/favicon.svg"), '<svg xmlns="http://www.w3.org/2000/svg"><circle r="8" cx="8" cy="8"/></svg>');
    build(root, out);
    expect(new Set(icons())).toEqual(new Set(["/favicon.svg"]));
    expectSameOutput(snapshotDir(out), freshBuild(root));
    rmSync(join(root, "static/favicon.svg"));
    build(root, out);
    expect(new Set(icons())).toEqual(new Set([""]));
    expectSameOutput(snapshotDir(out), freshBuild(root));
    // Under a sub-path the link carries it.
    writeFileSync(join(root, "static/favicon.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    build(root, out, ["--base-url", "https://warta.example/berita/"]);
    expect(new Set(icons())).toEqual(new Set(["/berita/favicon.svg"]));
  });
});

describe("day pages", () => {
  it("link the days before and after that have articles; a new day in between re-links both (cached as fresh)", () => {
    const files = siteFiles(0);
    files[articlePath(1)] = articleText(1, { date: "2024-03-01T10:00:00+07:00" });
    files[articlePath(2)] = articleText(2, { date: "2024-03-05T10:00:00+07:00" });
    files[articlePath(3)] = articleText(3, { date: "2024-03-09T10:00:00+07:00" });
    const root = newSite(files);
    const out = join(newDir(), "out");
    build(root, out);
    const around = (day: string): string[] => {
      const html = readFileSync(join(out, `indeks/${day}/index.html`), "utf8");
      return [...html.matchAll(/<a class="prevnext__link[^"]*" href="([^"]*)">/g)].map((m) => m[1]!);
    };
    expect(around("2024/03/01")).toEqual(["/indeks/2024/03/05/"]);
    expect(around("2024/03/05")).toEqual(["/indeks/2024/03/01/", "/indeks/2024/03/09/"]);
    expect(around("2024/03/09")).toEqual(["/indeks/2024/03/05/"]);
    // (In a category already first in the menu, so the menu, which every page shows, stays as it is.)
    writeFileSync(join(root, articlePath(4)), articleText(4, { date: "2024-03-07T10:00:00+07:00", category: "Daerah" }));
    build(root, out);
    expect(around("2024/03/05")).toEqual(["/indeks/2024/03/01/", "/indeks/2024/03/07/"]);
    expect(around("2024/03/09")).toEqual(["/indeks/2024/03/07/"]);
    expect(readFileSync(join(out, "indeks/2024/03/07/index.html"), "utf8")).toContain("Selasa, 05 Maret 2024");
    expectSameOutput(snapshotDir(out), freshBuild(root));
  });
});

describe("the report of a cached build", () => {
  it("is a fresh build's: a future `updated` warning comes and goes with time (also under --future), a renamed config file is named", () => {
    const files = siteFiles(3);
    files[articlePath(1)] = articleText(1, { date: "2024-09-30T10:00:00+07:00" }).replace("---\n\n", "updated: 2024-10-01T08:00:00+07:00\n---\n\n");
    files[articlePath(2)] = articleText(2, { date: "2024-10-01T09:00:00+07:00" }).replace("---\n\n", "updated: 2024-10-01T12:00:00+07:00\n---\n\n");
    files["warta.config.yaml"] = "title: Warta Uji\nmenu: [Ekonomi, Tidak Ada]\n";
    const root = newSite(files);
    const out = join(newDir(), "out");
    const report = (r: { stderr: string }): string[] => r.stderr.split("\n").filter((l) => / (warning|error) /.test(l)).sort();
    const both = (epoch: number, extra: string[] = []): void => {
      const env = { SOURCE_DATE_EPOCH: String(epoch) };
      const cached = build(root, out, extra, env);
      const fresh = build(root, join(newDir(), "fresh"), ["--no-cache", ...extra], env);
      expect(report(cached), `${epoch} ${extra.join(" ")}`).toEqual(report(fresh));
    };
    const hour = 3600;
    const t0 = 1727740800; // 2024-10-01T00:00Z = 07:00 in Jakarta
    both(t0); // article 1's `updated` (08:00) is ahead: a warning
    both(t0 + 2 * hour); // 09:00: passed
    both(t0, ["--future"]);
    both(t0 + 2 * hour + 1800, ["--future"]); // 09:30: article 2's date has come, its `updated` (12:00) is ahead
    renameSync(join(root, "warta.config.yaml"), join(root, "warta.config.yml"));
    both(t0 + 2 * hour + 1800, ["--future"]);
  });
});

describe("full-content feeds follow how bodies are rendered", () => {
  it("a config change to the table label, linkify or raw HTML rewrites them in a cached build, as a fresh one has them", () => {
    const files = siteFiles();
    const first = Object.keys(files).find((f) => f.startsWith("articles/"))!;
    files[first] = files[first]!.replace(/\n---\n/, "\n---\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nLihat https://contoh.id/x ya, <b>tebal</b>.\n\n");
    files["warta.config.yaml"] = "title: Uji\nfeedContent: full\nfeedItems: 100\n";
    const root = newSite(files);
    const out = join(newDir(), "out");
    build(root, out);
    for (const config of ["strings:\n  table: Tabel data\n", "linkify: true\n", "allowRawHtml: true\n"]) {
      writeFileSync(join(root, "warta.config.yaml"), `title: Uji\nfeedContent: full\nfeedItems: 100\n${config}`);
      build(root, out);
      expectSameOutput(snapshotDir(out), freshBuild(root));
    }
    expect(readFileSync(join(out, "feed.xml"), "utf8")).toContain("&lt;b&gt;tebal&lt;/b&gt;");
  });
});
