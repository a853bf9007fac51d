/**
 * `warta dev` scheduling: save storms coalesce, builds never overlap, an edit during a build gets
 * exactly one follow-up build, events go out only after the writes, stylesheets hot-swap.
 */
import { closeSync, cpSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { BuildOutcome } from "../../src/dev/dev-server.ts";
import { afterRender, articlePath, compareWithFresh, fixtureArticle, headline, makeSite, nextEvent, remove, TEMPLATES, until, useDevServers, write } from "./helpers.ts";

const devOn = useDevServers();

describe("warta dev: scheduling", () => {
  it("a save storm of 200 files gives few builds and the right final state", async () => {
    // Long list pages: the storm is about the watcher, not about rendering hundreds of pagers.
    const dev = await devOn(makeSite(4, { "warta.config.yaml": "title: Warta Uji\nperPage: 100\n" }));
    const builds: BuildOutcome[] = [];
    dev.events.on("build", (o) => builds.push(o));
    const t0 = Date.now();
    for (let i = 0; i < 200; i++) write(dev.root, `articles/2024/badai/badai-${i}.md`, fixtureArticle(i, `Badai ${i}`));
    const spent = Date.now() - t0;
    const last = await dev.settled();
    expect(last.ok).toBe(true);
    expect(last.stats?.articles).toBe(204);
    expect(builds.length, `writing took ${spent} ms`).toBeGreaterThanOrEqual(1);
    expect(builds.length).toBeLessThanOrEqual(3);
    expect(await compareWithFresh(dev)).toEqual([]);
    console.log(`save storm: 200 files written in ${spent} ms → ${builds.length} build(s)`);

    // A branch switch: 30 % rewritten, 10 % deleted, in one burst.
    builds.length = 0;
    for (let i = 0; i < 200; i++) {
      if (i % 10 === 0) remove(dev.root, `articles/2024/badai/badai-${i}.md`);
      else if (i % 10 < 4) write(dev.root, `articles/2024/badai/badai-${i}.md`, fixtureArticle(i + 1, `Cabang Lain ${i}`));
    }
    expect((await dev.settled()).stats?.articles).toBe(184);
    expect(builds.length).toBeLessThanOrEqual(3);
    expect(await compareWithFresh(dev)).toEqual([]);
    expect(dev.counters().missed).toBe(0);
  });

  it("a file written slowly in chunks is built once, complete", async () => {
    // A writer pausing between chunks for less than the quiet period: no build sees half a file.
    const dev = await devOn(makeSite(3), { debounceMs: 250 });
    const builds: BuildOutcome[] = [];
    dev.events.on("build", (o) => builds.push(o));
    const text = fixtureArticle(7, "Ditulis Pelan-pelan");
    const fd = openSync(join(dev.root, articlePath(1)), "w");
    const third = Math.ceil(text.length / 3);
    for (let i = 0; i < 3; i++) {
      writeSync(fd, text.slice(i * third, (i + 1) * third));
      await new Promise((r) => setTimeout(r, 40));
    }
    closeSync(fd);
    const last = await dev.settled();
    expect(builds.map((b) => b.ok)).toEqual([true]);
    expect(last.ok).toBe(true);
    expect(headline(dev, "berita-nomor-1")).toBe("Ditulis Pelan-pelan");
  });

  it("a plain save that stalls between truncating and writing is built once, complete: no false \"no front matter\"", async () => {
    // `writeFile` truncates, then writes; on a busy machine the gap can outlast the 10 ms quiet
    // period. An empty file is given 150 ms before the build takes it as it is.
    const dev = await devOn(makeSite(3));
    const builds: BuildOutcome[] = [];
    dev.events.on("build", (o) => builds.push(o));
    writeFileSync(join(dev.root, articlePath(1)), "");
    await new Promise((r) => setTimeout(r, 60));
    writeFileSync(join(dev.root, articlePath(1)), fixtureArticle(1, "Disimpan Biasa"));
    const last = await dev.settled();
    expect(builds.map((b) => b.ok)).toEqual([true]);
    expect(last.ok).toBe(true);
    expect(headline(dev, "berita-nomor-1")).toBe("Disimpan Biasa");
    // An article emptied for good is still reported, once its grace is over.
    writeFileSync(join(dev.root, articlePath(2)), "");
    const emptied = await dev.settled();
    expect(emptied.ok).toBe(false);
    expect(emptied.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual([`${articlePath(2)} frontmatter-missing`]);
  });

  it("an edit during a build causes exactly one follow-up build, and reloads only after writing", async () => {
    const hook = afterRender();
    const dev = await devOn(makeSite(4), { progress: hook.progress });
    const builds: BuildOutcome[] = [];
    dev.events.on("build", (o) => builds.push(o));
    const reloads: string[] = [];
    // When the reload event is sent, the new page must already be on disk.
    dev.events.on("reload", () => reloads.push(headline(dev, "berita-nomor-1")));
    hook.then(() => write(dev.root, articlePath(1), fixtureArticle(1, "Versi Tiga")));
    write(dev.root, articlePath(1), fixtureArticle(1, "Versi Dua"));
    await nextEvent(dev.events, "build");
    await dev.settled();
    expect(builds.map((b) => b.ok)).toEqual([true, true]);
    expect(reloads).toEqual(["Versi Dua", "Versi Tiga"]);
    expect(headline(dev, "berita-nomor-1")).toBe("Versi Tiga");
    expect(await compareWithFresh(dev)).toEqual([]);
  });

  it("a rewrite chokidar swallows (inside its 50 ms throttle, after the build read the file) is built anyway", async () => {
    // The quiet period (10 ms) is shorter than chokidar's change throttle: the watcher re-checks
    // the batch's files 60 ms after their last event. Without that, this save would be noticed
    // only by settled()'s scan, as a "missed" change.
    const hook = afterRender();
    const dev = await devOn(makeSite(3), { progress: hook.progress });
    const swallowed: number[] = [];
    let changedAt = 0;
    dev.events.on("change", () => (changedAt ||= Date.now()));
    hook.then(() => {
      swallowed.push(Date.now() - changedAt);
      write(dev.root, articlePath(2), fixtureArticle(2, "Kedua Kali"));
    });
    write(dev.root, articlePath(2), fixtureArticle(2, "Pertama Kali"));
    await nextEvent(dev.events, "build");
    await until(() => headline(dev, "berita-nomor-2") === "Kedua Kali", 2000, "the second save built");
    await dev.settled();
    expect(dev.counters().missed).toBe(0);
    expect(await compareWithFresh(dev)).toEqual([]);
    console.log(`second save written ${swallowed[0]} ms after the batch was handed over`);
  });

  it("a save made during the first build (before the watcher has scanned the site) is built", async () => {
    const root = makeSite(3);
    const hook = afterRender();
    hook.then(() => write(root, articlePath(3), fixtureArticle(3, "Ditulis Saat Mulai")));
    const dev = await devOn(root, { progress: hook.progress });
    await dev.settled();
    expect(headline(dev, "berita-nomor-3")).toBe("Ditulis Saat Mulai");
    expect(dev.counters().missed).toBe(0);
    expect(await compareWithFresh(dev)).toEqual([]);
  });

  it("a stylesheet-only change sends `css` with the stylesheet's URL, not `reload`", async () => {
    const dev = await devOn(makeSite(3, { "static/tambahan.css": "body { color: black }\n" }));
    const css = nextEvent(dev.events, "css");
    writeFileSync(join(dev.root, "static/tambahan.css"), "body { color: navy }\n");
    const [ev] = await css;
    expect(ev.paths).toEqual(["/tambahan.css"]);
    expect((await dev.settled()).sent).toBe("css");
  });

  it("a stylesheet under templates/ (how the repository's own site is laid out) hot-swaps too", async () => {
    // The repository's site uses templates/ as both its site templates and the built-in ones:
    // its CSS change also changes the template hash and re-writes every page with equal bytes.
    const root = makeSite(3);
    cpSync(TEMPLATES, join(root, "templates"), { recursive: true });
    const dev = await devOn(root, { builtinTemplates: join(root, "templates") });
    const css = nextEvent(dev.events, "css");
    writeFileSync(join(root, "templates/static/warta.css"), `${readFileSync(join(root, "templates/static/warta.css"), "utf8")}\nbody { outline: 0; }\n`);
    const [ev] = await css;
    expect(ev.paths).toEqual(["/assets/warta.css"]);
    expect(await compareWithFresh(dev)).toEqual([]);
  });
});
