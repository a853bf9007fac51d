/**
 * `warta dev` watcher + incremental builds, on real files in temp folders (no mocks): after each
 * kind of save and `settled()`, the dev output equals a fresh build of the same files byte for byte.
 */
import { readFileSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BuildOutcome } from "../../src/dev/dev-server.ts";
import { loadCache, saveCache } from "../../src/build/cache.ts";
import { build } from "../../src/build/pipeline.ts";
import { cleanup } from "../support/site.ts";
import { articlePath, compareWithFresh, diffDirs, fixtureArticle, freshBuild, headline, makeSite, move, NOW_MS, remove, TEMPLATES, useDevServers, write, type TestDev } from "./helpers.ts";

const devOn = useDevServers();

describe("warta dev: incremental output equals a fresh build", () => {
  it("add, edit, rename, delete, draft, author, template and config changes", async () => {
    const dev = await devOn(makeSite(6));
    expect(await compareWithFresh(dev)).toEqual([]);
    // The initial output is written by the dev server with its own origin as base URL.
    expect(readFileSync(join(dev.out, "index.html"), "utf8")).toContain(`<link rel="canonical" href="${dev.url}">`);
    // Not on disk: the live-reload client is injected only into responses.
    expect(readFileSync(join(dev.out, "index.html"), "utf8")).not.toContain("__warta");

    write(dev.root, articlePath(1), fixtureArticle(1, "Judul Baru Sekali"));
    await dev.settled();
    expect(headline(dev, "berita-nomor-1")).toBe("Judul Baru Sekali");
    expect(await compareWithFresh(dev)).toEqual([]);

    write(dev.root, articlePath(20), fixtureArticle(20, "Artikel Tambahan"));
    expect(await compareWithFresh(dev)).toEqual([]);

    move(dev.root, articlePath(2), "articles/lain/nama-baru.md");
    expect(await compareWithFresh(dev)).toEqual([]);
    expect(() => readFileSync(join(dev.out, "berita", "berita-nomor-2", "index.html"))).toThrow();

    remove(dev.root, articlePath(3));
    expect(await compareWithFresh(dev)).toEqual([]);

    write(dev.root, articlePath(4), fixtureArticle(4, "Berita Nomor 4", { draft: "true" }));
    expect(await compareWithFresh(dev)).toEqual([]);
    write(dev.root, articlePath(4), fixtureArticle(4));
    expect(await compareWithFresh(dev)).toEqual([]);

    write(dev.root, "authors/rina-kusuma.md", "---\nname: Rina Kusuma\nbio: Kini menulis tentang kota.\n---\n");
    expect(await compareWithFresh(dev)).toEqual([]);

    // A site template overriding a built-in one, then removed again.
    write(dev.root, "templates/article.njk", '{% extends "layout.njk" %}{% block main %}<h1>{{ page.title }}</h1><p>templat situs</p>{% endblock %}\n');
    expect(await compareWithFresh(dev)).toEqual([]);
    expect(readFileSync(join(dev.out, "berita", "berita-nomor-1", "index.html"), "utf8")).toContain("templat situs");
    remove(dev.root, "templates");
    expect(await compareWithFresh(dev)).toEqual([]);

    write(dev.root, "warta.config.yaml", "title: Warta Uji Dua\nperPage: 3\n");
    expect(await compareWithFresh(dev)).toEqual([]);

    write(dev.root, "static/robots-extra.txt", "halo\n");
    expect(await compareWithFresh(dev)).toEqual([]);

    expect(dev.counters().missed).toBe(0);
  });

  it("folders renamed, deleted and recreated; editor temp files and atomic saves", async () => {
    const dev = await devOn(makeSite(6));
    move(dev.root, "articles/2024/02", "articles/2024/dua");
    expect(await compareWithFresh(dev)).toEqual([]);

    const saved = readFileSync(join(dev.root, articlePath(3)), "utf8");
    remove(dev.root, "articles/2024/04");
    expect(await compareWithFresh(dev)).toEqual([]);
    write(dev.root, articlePath(3), saved);
    expect(await compareWithFresh(dev)).toEqual([]);

    // Editor droppings never reach a batch and never become pages; an atomic save (temp file
    // renamed over the article) is one change that shows the new text with one reload.
    const batches: string[][] = [];
    const built: BuildOutcome[] = [];
    dev.events.on("change", (paths) => batches.push(paths));
    dev.events.on("build", (o) => built.push(o));
    write(dev.root, "articles/2024/01/.berita-nomor-0.md.swp", "garbage");
    write(dev.root, "articles/2024/01/berita-nomor-0.md~", "garbage");
    write(dev.root, "articles/2024/01/4913", "");
    write(dev.root, "articles/2024/01/.#berita-nomor-0.md", "garbage");
    write(dev.root, "articles/2024/01/#berita-nomor-0.md#", "garbage");
    write(dev.root, "catatan.md", "not a source");
    const tmp = "articles/2024/01/.berita-nomor-0.md.tmp123";
    write(dev.root, tmp, fixtureArticle(0, "Disimpan Secara Atomik"));
    move(dev.root, tmp, articlePath(0));
    const o = await dev.settled();
    expect(o.ok).toBe(true);
    expect(headline(dev, "berita-nomor-0")).toBe("Disimpan Secara Atomik");
    expect(batches.flat()).toContain(articlePath(0));
    expect(batches.flat()).toEqual(batches.flat().map(() => articlePath(0)));
    expect(built.filter((b) => b.changed.length > 0).length).toBe(1);
    expect(built.filter((b) => b.sent === "reload").length).toBe(1);
    expect(await compareWithFresh(dev), "after atomic save").toEqual([]);

    // A symlink loop inside the site does not hang or crash.
    symlinkSync(".", join(dev.root, "articles", "loop"));
    write(dev.root, articlePath(5), fixtureArticle(5, "Setelah Lingkaran"));
    expect(await compareWithFresh(dev)).toEqual([]);
    expect(dev.counters().missed).toBe(0);
  });
});

function sameAsFresh(dev: TestDev, path: string): void {
  const fresh = freshBuild(dev);
  try {
    expect(readFileSync(join(dev.out, path), "utf8")).toBe(readFileSync(join(fresh.out, path), "utf8"));
  } finally {
    cleanup(dirname(fresh.out));
  }
}

describe("same-shape saves patch the last model and plan", () => {
  it("text edits are patched, moves are not; both equal a fresh build", async () => {
    // 30 articles, perPage 4: an article sits on home, tag, category, author and day pages, in
    // its neighbours' prev/next links, in related lists and perhaps on the 404 page.
    const dev = await devOn(makeSite(30));
    const save = async (i: number, title: string, extra: Record<string, string> = {}, body?: string): Promise<BuildOutcome> => {
      write(dev.root, articlePath(i), fixtureArticle(i, title, extra, body));
      return dev.settled();
    };
    let o = await save(7, "Judul Diperbarui Saja");
    expect(o.stats?.patched, "a title edit keeps every article in place").toBe(true);
    expect(o.stats?.rendered).toBeGreaterThan(1); // its page and the lists showing it
    expect(await compareWithFresh(dev)).toEqual([]);

    o = await save(7, "Judul Diperbarui Saja", {}, "Isi yang sama sekali baru.\n\n## Subjudul\n\nDengan [tautan](/berita/lain/).");
    expect(o.stats?.patched).toBe(true);
    expect(await compareWithFresh(dev)).toEqual([]);

    o = await save(29, "Yang Terbaru Diubah", { summary: JSON.stringify("Ringkasan baru untuk 404.") });
    expect(o.stats?.patched).toBe(true);
    expect(await compareWithFresh(dev)).toEqual([]);

    o = await save(7, "Judul Diperbarui Saja", { tags: "[Pemilu, Cuaca]" });
    expect(o.stats?.patched, "a tag change moves the article into another list").toBe(false);
    expect(await compareWithFresh(dev)).toEqual([]);

    o = await save(8, "Tanggal Berubah", { date: "2024-12-01T10:00:00+07:00" });
    expect(o.stats?.patched, "a date change reorders the lists").toBe(false);
    expect(await compareWithFresh(dev)).toEqual([]);

    // A broken save, then a text fix: the fix patches the last *good* build.
    o = await save(9, "Rusak", { date: "bukan-tanggal" });
    expect(o.ok).toBe(false);
    o = await save(9, "Diperbaiki Lagi");
    expect(o.ok).toBe(true);
    expect(o.stats?.patched).toBe(true);
    expect(await compareWithFresh(dev)).toEqual([]);

    // A stylesheet save changes no article: the plan is reused and only the stylesheet is written.
    write(dev.root, "templates/static/warta.css", "body { color: #111; }\n");
    o = await dev.settled();
    expect(await compareWithFresh(dev)).toEqual([]);
    write(dev.root, "templates/static/warta.css", "body { color: #222; }\n");
    o = await dev.settled();
    expect(o.stats?.patched).toBe(true);
    expect(o.stats?.rendered).toBe(0);
    expect(o.changed).toEqual(["assets/warta.css"]);
    expect(await compareWithFresh(dev)).toEqual([]);
    expect(dev.counters().missed).toBe(0);
  });
});

describe("a repriced plan equals a plan made anew", () => {
  it("every page's fingerprint after a same-shape patch equals a fresh build's", () => {
    const root = makeSite(30);
    const opts = { root, out: join(root, "dist"), nowMs: NOW_MS, builtinTemplates: TEMPLATES, trustOutput: true };
    let state = build(opts).state;
    for (const [i, title, body] of [[7, "Judul Baru", undefined], [29, "Terbaru Diubah", "Isi baru sama sekali."], [0, "Yang Terlama", undefined]] as const) {
      write(root, articlePath(i), fixtureArticle(i, title, {}, body));
      const patched = build({ ...opts, changedSources: [articlePath(i)] }, state);
      expect(patched.stats.patched).toBe(true);
      state = patched.state;
      const fresh = build({ ...opts, out: join(root, "fresh"), trustOutput: false });
      const prints = (pages: readonly { path: string; fingerprint: string }[]): string[] => pages.map((p) => `${p.path} ${p.fingerprint}`);
      expect(prints(patched.state.live!.shape!.plan.pages)).toEqual(prints(fresh.state.live!.shape!.plan.pages));
    }
    cleanup(root);
  });
});

describe("time alone changes the shape", () => {
  it("a save after a future article's time (or after one left the news window) plans the site anew", () => {
    const iso = (ms: number): string => new Date(ms).toISOString();
    const root = makeSite(6, {
      [articlePath(40, "terbit-nanti")]: fixtureArticle(40, "Terbit Nanti", { date: iso(NOW_MS + 3600_000) }),
      [articlePath(41, "baru-saja")]: fixtureArticle(41, "Baru Saja", { date: iso(NOW_MS - 47 * 3600_000) }),
    });
    const opts = { root, out: join(root, "dist"), nowMs: NOW_MS, builtinTemplates: TEMPLATES, trustOutput: true };
    let state = build(opts).state;
    write(root, articlePath(1), fixtureArticle(1, "Sebelum Waktunya"));
    const early = build({ ...opts, nowMs: NOW_MS + 60_000, changedSources: [articlePath(1)] }, state);
    expect(early.stats.patched, "nothing crossed a time boundary yet").toBe(true);
    state = early.state;
    for (const [nowMs, title] of [[NOW_MS + 2 * 3600_000, "Sesudah Terbit"], [NOW_MS + 49 * 3600_000, "Sesudah Jendela Berita"]] as const) {
      write(root, articlePath(1), fixtureArticle(1, title));
      const late = build({ ...opts, nowMs, changedSources: [articlePath(1)] }, state);
      expect(late.ok).toBe(true);
      expect(late.stats.patched).toBe(false);
      state = late.state;
      const fresh = build({ ...opts, nowMs, out: join(root, "fresh"), trustOutput: false });
      expect(diffDirs(opts.out, join(root, "fresh"))).toEqual([]);
      expect(fresh.stats.articles).toBe(8);
    }
    cleanup(root);
  });
});

describe("warta dev and the build cache", () => {
  it("starts from the cache of the last build, and leaves one for the next", async () => {
    const root = makeSite(8);
    const baseUrl = "https://contoh.id/";
    const built = build({ root, out: join(root, "dist"), baseUrl, nowMs: NOW_MS, builtinTemplates: TEMPLATES });
    expect(built.ok).toBe(true);
    saveCache(root, built.state);
    write(root, articlePath(2), fixtureArticle(2, "Diubah Sebelum Dev"));
    const dev = await devOn(root, { cache: true, baseUrl });
    const first = await dev.settled();
    // Only what the edit touched is rendered; everything else came from the cache and the output.
    expect(first.stats?.rendered).toBeGreaterThan(0);
    expect(first.stats?.rendered).toBeLessThan(built.stats.rendered / 2);
    expect(headline(dev, "berita-nomor-2")).toBe("Diubah Sebelum Dev");
    expect(await compareWithFresh(dev)).toEqual([]);
    expect(loadCache(root).sources.get(articlePath(2))?.article?.title).toBe("Diubah Sebelum Dev");
  });

  it("writes again, from a cache, an output file deleted by hand before the session", async () => {
    const root = makeSite(4);
    write(root, "static/favicon.ico", "ikon");
    const dev1 = await devOn(root, { cache: true });
    await dev1.close();
    rmSync(join(dev1.out, "favicon.ico"));
    const dev2 = await devOn(root, { cache: true });
    expect(readFileSync(join(dev2.out, "favicon.ico"), "utf8")).toBe("ikon");
  });

  it("leaves, when stopped, a cache that describes the output as the session left it", async () => {
    const root = makeSite(8);
    const original = readFileSync(join(root, articlePath(2)), "utf8");
    const dev = await devOn(root, { cache: true });
    write(root, articlePath(2), fixtureArticle(2, "Diubah Selama Dev"));
    await dev.settled();
    expect(headline(dev, "berita-nomor-2")).toBe("Diubah Selama Dev");
    await dev.close();
    // The edit is undone while no server runs; the next build starts from the cache. A cache that
    // still described the output before the session would take the page as current.
    write(root, articlePath(2), original);
    const next = build({ root, out: dev.out, baseUrl: dev.baseUrl, nowMs: NOW_MS, builtinTemplates: dev.builtin }, loadCache(root));
    expect(next.ok).toBe(true);
    expect(next.stats.rendered).toBeLessThan(20);
    expect(headline(dev, "berita-nomor-2")).not.toBe("Diubah Selama Dev");
    expect(diffDirs(dev.out, freshBuild(dev).out)).toEqual([]);
  });
});

/** Regression tests for incremental-build bugs these suites found in the page fingerprints. */
describe("fingerprints cover everything a page shows", () => {
  it("404.html follows article edits (it lists the latest articles)", async () => {
    const dev = await devOn(makeSite(3));
    write(dev.root, articlePath(1), fixtureArticle(1, "Judul Untuk Halaman 404"));
    await dev.settled();
    sameAsFresh(dev, "404.html");
  });

  it("page 2 of a tag follows the tag's article count", async () => {
    // Tags rotate over 6 names, two per article: with 30 articles and perPage 4 "pemilu" has pages 1–3.
    const dev = await devOn(makeSite(30));
    remove(dev.root, articlePath(0));
    await dev.settled();
    sameAsFresh(dev, "tag/pemilu/halaman/2/index.html");
  });
});
