/**
 * The disk cache keeps the last good build's model and plan: a build after an edit that moved no
 * article (text, title, summary) patches them instead of making them anew, as `dev` does in
 * memory, and its output equals a fresh build. Anything that moves an article makes them anew.
 */
import { readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadCache, saveCache } from "../../src/build/cache.ts";
import { build } from "../../src/build/pipeline.ts";
import { NOW_EPOCH, snapshotDir } from "../support/site.ts";
import { articlePath, articleText, bodiesFile, cleanupAll, expectSameOutput, freshBuild, newDir, newSite, TAGS } from "./corpus.ts";

afterAll(cleanupAll);

const NOW_MS = Number(NOW_EPOCH) * 1000;

/** One `warta build` as the CLI runs it: load the cache, build, save it. */
function cliBuild(root: string, out: string): ReturnType<typeof build> {
  const previous = loadCache(root);
  const r = build({ root, out, nowMs: NOW_MS }, previous);
  expect(r.ok, r.diagnostics.map((d) => `${d.file} ${d.message}`).join("\n")).toBe(true);
  saveCache(root, r.state);
  return r;
}

/** The cache's model and plan: `shape.bin` (see cache.ts for the layout). */
function shapeBytes(root: string): Buffer {
  return readFileSync(join(root, ".warta-cache", "shape.bin"));
}

describe("the cached model and plan", () => {
  it("are patched by a build after a text edit, made anew after a move; each equals a fresh build", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    expect(cliBuild(root, out).stats.patched).toBe(false);
    expect(loadCache(root).live?.cachedShape, "the state on disk carries its shape").toBeDefined();

    const steps: { name: string; edit: () => void; patched: boolean }[] = [
      { name: "a body edit", edit: () => writeFileSync(join(root, articlePath(3)), articleText(3, { extra: "Paragraf tambahan setelah terbit." })), patched: true },
      { name: "a title edit", edit: () => writeFileSync(join(root, articlePath(8)), articleText(8, { title: "Judul baru setelah ralat" })), patched: true },
      { name: "a tag change", edit: () => writeFileSync(join(root, articlePath(5)), articleText(5, { tags: [TAGS[9]!] })), patched: false },
      { name: "another body edit after it", edit: () => writeFileSync(join(root, articlePath(3)), articleText(3, { extra: "Ralat kedua." })), patched: true },
      // Saved as the cached shape it was patched from plus the records edited since: a third edit
      // patches the three of them from there.
      { name: "a third body edit", edit: () => writeFileSync(join(root, articlePath(11)), articleText(11, { extra: "Pembaruan." })), patched: true },
      { name: "a new article", edit: () => writeFileSync(join(root, articlePath(40)), articleText(40)), patched: false },
      { name: "a body edit after it", edit: () => writeFileSync(join(root, articlePath(40)), articleText(40, { extra: "Tambahan." })), patched: true },
      { name: "a deleted article", edit: () => rmSync(join(root, articlePath(11))), patched: false },
    ];
    let lastShape = shapeBytes(root);
    const shapeFile = join(root, ".warta-cache", "shape.bin");
    for (const step of steps) {
      const inode = statSync(shapeFile).ino;
      step.edit();
      const r = cliBuild(root, out);
      expect(r.stats.patched, step.name).toBe(step.patched);
      expect(r.stats.full, step.name).toBe(false);
      expectSameOutput(snapshotDir(out), freshBuild(root));
      // A patched shape is saved as the bytes it was patched from (plus the records edited since).
      const shape = shapeBytes(root);
      if (step.patched) expect(shape.equals(lastShape), step.name).toBe(true);
      // …and the file is left as it is (at 10k articles, 17 MB not written again per edit).
      if (step.patched) expect(statSync(shapeFile).ino, step.name).toBe(inode);
      lastShape = shape;
    }
  });
});

describe("the state and the shape", () => {
  const holds = (bytes: Buffer, text: string): boolean => bytes.includes(Buffer.from(text, "latin1")) || bytes.includes(Buffer.from(text, "utf16le"));

  it("do not both keep an article: the state takes it from the shape, unless it was edited since", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    cliBuild(root, out);
    const state = (): Buffer => readFileSync(join(root, ".warta-cache", "state.bin"));
    expect(holds(shapeBytes(root), "Berita nomor 5:")).toBe(true);
    expect(holds(state(), "Berita nomor 5:")).toBe(false);
    expect(loadCache(root).sources.get(articlePath(5))?.article?.title).toBe("Berita nomor 5: DPR dan pemerintah membahas anggaran");

    // A patched build keeps the shape file as it was: the edited record is stored whole, in the
    // delta saved beside the state.
    writeFileSync(join(root, articlePath(8)), articleText(8, { title: "Judul baru setelah ralat" }));
    expect(cliBuild(root, out).stats.patched).toBe(true);
    const delta = (): Buffer => readFileSync(join(root, ".warta-cache", "delta.bin"));
    expect(holds(delta(), "Judul baru setelah ralat")).toBe(true);
    expect(holds(state(), "Judul baru setelah ralat")).toBe(false);
    expect(holds(Buffer.concat([state(), delta()]), "Berita nomor 5:")).toBe(false);
    const loaded = loadCache(root);
    expect(loaded.sources.get(articlePath(8))?.article?.title).toBe("Judul baru setelah ralat");
    expect(loaded.sources.get(articlePath(5))?.article?.title).toBe("Berita nomor 5: DPR dan pemerintah membahas anggaran");
    expectSameOutput(snapshotDir(out), freshBuild(root));
  });
});

describe("the bodies file", () => {
  it("takes a new body by appending, and does not keep the old bodies of a full re-parse", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    cliBuild(root, out);
    const size = (): number => statSync(bodiesFile(root)).size;
    const first = size();
    writeFileSync(join(root, articlePath(3)), articleText(3, { extra: "Paragraf tambahan setelah terbit." }));
    cliBuild(root, out);
    expect(size(), "one body appended").toBeGreaterThan(first);
    expect(size()).toBeLessThan(first * 1.2);
    // Another Markdown option: every article is parsed again, every stored body is garbage.
    const config = join(root, "warta.config.yaml");
    writeFileSync(config, `${readFileSync(config, "utf8")}linkify: true\n`);
    cliBuild(root, out);
    expect(size(), "written anew, not doubled").toBeLessThan(first * 1.2);
    expectSameOutput(snapshotDir(out), freshBuild(root));
  });
});
