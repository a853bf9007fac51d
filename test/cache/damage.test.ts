/**
 * A damaged, truncated, foreign or otherwise untrustworthy cache is detected and rebuilt: the
 * build succeeds, its output equals a fresh `--no-cache` build, nothing stale shows, and the
 * next build has a valid cache again.
 */
import { cpSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, truncateSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { serialize } from "node:v8";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, snapshotDir } from "../support/site.ts";
import { articlePath, articleText, BODY_MARKER, bodiesFile, build, cacheFile, cleanupAll, copySite, deltaFile, expectSameOutput, freshBuild, newDir, newSite, readCache, shapeFile } from "./corpus.ts";

afterAll(cleanupAll);

/** The compiled cache module, as the CLI runs it (its identity covers lib/, not src/). */
interface CacheModule {
  loadCache(root: string): { sources: Map<string, { bodyHtml?: string; article?: { title: string } }>; outputs: Map<string, unknown> };
  saveCache(root: string, state: unknown, id?: { version: string; code: string }): void;
  currentIdentity(): { version: string; code: string };
  markOutputChanging(root: string): void;
}
let cache: CacheModule;
let expected: Map<string, string>;
const VERSION = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;

beforeAll(async () => {
  cache = (await import(join(REPO, "lib", "build", "cache.js"))) as CacheModule;
  expected = freshBuild(newSite());
});

/**
 * Replace `from` with `to` (same length) everywhere in the cache's files (the state, the bodies
 * and the shape, or only `files`), in Latin-1 and UTF-16 strings; false if absent.
 */
function patchCache(root: string, from: string, to: string, files = [cacheFile(root), bodiesFile(root), shapeFile(root)]): boolean {
  expect(to.length).toBe(from.length);
  let found = false;
  for (const file of files) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const enc of ["latin1", "utf16le"] as const) {
      const f = Buffer.from(from, enc);
      const t = Buffer.from(to, enc);
      for (let i = bytes.indexOf(f); i >= 0; i = bytes.indexOf(f, i + 1)) {
        t.copy(bytes, i);
        found = true;
      }
    }
    writeFileSync(file, bytes);
  }
  return found;
}

/** Flip one bit at several places (used when a compressed format hides the marker). */
function flipBits(root: string, file = cacheFile(root)): void {
  const bytes = readFileSync(file);
  for (const at of [0.25, 0.5, 0.75]) bytes[Math.floor(bytes.length * at)]! ^= 0x04;
  writeFileSync(file, bytes);
}

const damages: Record<string, (root: string) => void> = {
  "truncated to half": (root) => truncateSync(cacheFile(root), Math.floor(readCache(root).length / 2)),
  "truncated to 10 bytes": (root) => truncateSync(cacheFile(root), 10),
  "missing its last byte": (root) => truncateSync(cacheFile(root), readCache(root).length - 1),
  "empty": (root) => writeFileSync(cacheFile(root), ""),
  "random garbage of the same size": (root) => {
    const n = readCache(root).length;
    let x = 12345;
    const bytes = Buffer.alloc(n);
    for (let i = 0; i < n; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
    writeFileSync(cacheFile(root), bytes);
  },
  "text garbage": (root) => writeFileSync(cacheFile(root), "{\"bukan\": \"cache\"}\n"),
  "trailing junk appended": (root) => writeFileSync(cacheFile(root), Buffer.concat([readCache(root), Buffer.from("sampah di ujung")])),
  "one bit flipped in an article body": (root) => {
    if (!patchCache(root, `${BODY_MARKER}-07`, `${BODY_MARKER.slice(0, -1)}J-07`)) flipBits(root);
  },
  "one letter changed in an article title": (root) => {
    if (!patchCache(root, "Berita nomor 14:", "Berita nomoR 14:")) flipBits(root);
  },
  "bodies.bin truncated to half": (root) => truncateSync(bodiesFile(root), Math.floor(readFileSync(bodiesFile(root)).length / 2)),
  // force: a build that found nothing changed did not need (or write) the bodies again.
  "bodies.bin deleted": (root) => rmSync(bodiesFile(root), { force: true }),
  "bodies.bin replaced by garbage of the same size": (root) => writeFileSync(bodiesFile(root), Buffer.alloc(readFileSync(bodiesFile(root)).length, 0x5a)),
  // The state keeps most articles in the shape file: without a good shape it is no cache at all.
  "shape.bin deleted": (root) => rmSync(shapeFile(root), { force: true }),
  "shape.bin truncated to half": (root) => truncateSync(shapeFile(root), Math.floor(readFileSync(shapeFile(root)).length / 2)),
  // A build that finds nothing changed does not read the shape: the second damage finds it damaged.
  "shape.bin with one letter changed in an article title": (root) => {
    if (!patchCache(root, "Berita nomor 14:", "Berita nomoR 14:", [shapeFile(root)])) flipBits(root, shapeFile(root));
  },
  "state.bin replaced by a folder": (root) => {
    rmSync(cacheFile(root), { recursive: true, force: true });
    mkdirSync(join(cacheFile(root), "isi"), { recursive: true });
  },
  "the cache folder replaced by a file": (root) => {
    rmSync(join(root, ".warta-cache"), { recursive: true, force: true });
    writeFileSync(join(root, ".warta-cache"), "bukan folder");
  },
};

const renderedCount = (stdout: string): number | undefined => {
  const m = stdout.match(/\((\d+) rendered/);
  return m ? Number(m[1]) : undefined;
};

describe.each(Object.entries(damages))("a cache file %s", (name, damage) => {
  it("is rebuilt: correct output in the same and in a new output folder, valid cache afterwards", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);

    damage(root);
    build(root, out);
    expectSameOutput(snapshotDir(out), expected);

    // Damaged again, built into a folder it knows nothing about: every page renders from
    // whatever the cache claims, so a trusted corrupt record would show here.
    damage(root);
    const out2 = join(newDir(), "out2");
    build(root, out2);
    const snap = snapshotDir(out2);
    expectSameOutput(snap, expected);
    const all = [...snap.values()].map((b) => Buffer.from(b, "base64").toString("utf8")).join("\n");
    expect(all).not.toContain(`${BODY_MARKER.slice(0, -1)}J-07`);
    expect(all).not.toContain("Berita nomoR 14");

    // The build wrote a good cache again: it loads, and a warm build renders nothing.
    expect(cache.loadCache(root).sources.size).toBeGreaterThan(0);
    const warm = build(root, out2);
    const n = renderedCount(warm.stdout);
    if (n !== undefined) expect(n).toBe(0);
  });
});

describe("an edited article and a damaged cache", () => {
  it.each(["truncated to half", "random garbage of the same size", "one bit flipped in an article body", "bodies.bin deleted", "shape.bin deleted", "shape.bin with one letter changed in an article title"])("(%s) show the new title, nothing stale", (kind) => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    writeFileSync(join(root, articlePath(17)), articleText(17, { title: "Judul Setelah Cache Rusak" }));
    damages[kind]!(root);
    build(root, out);
    const snap = snapshotDir(out);
    expectSameOutput(snap, freshBuild(root));
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("Judul Setelah Cache Rusak");
    expect(readFileSync(join(out, "berita/berita-17/index.html"), "utf8")).toContain("Judul Setelah Cache Rusak");
  });
});

describe("a cache put back from before a later build (a backup, a CI cache restored over a kept output folder)", () => {
  it("is not taken to describe the output: an article put back as it was shows as it was, also when another changed", () => {
    for (const alsoEdit of [false, true]) {
      const root = newSite();
      const out = join(newDir(), "out");
      build(root, out);
      const backup = join(newDir(), "cache");
      cpSync(join(root, ".warta-cache"), backup, { recursive: true });
      const original = readFileSync(join(root, articlePath(7)), "utf8");
      writeFileSync(join(root, articlePath(7)), articleText(7, { title: "Judul Sementara" }));
      build(root, out);
      expect(readFileSync(join(out, "index.html"), "utf8")).toContain("Judul Sementara");
      // Cache and article put back: every check of the cache itself passes.
      rmSync(join(root, ".warta-cache"), { recursive: true });
      cpSync(backup, join(root, ".warta-cache"), { recursive: true });
      writeFileSync(join(root, articlePath(7)), original);
      if (alsoEdit) writeFileSync(join(root, articlePath(3)), articleText(3, { title: "Judul Lain" }));
      build(root, out);
      const snap = snapshotDir(out);
      expectSameOutput(snap, freshBuild(root));
      expect(readFileSync(join(out, "index.html"), "utf8"), `alsoEdit=${alsoEdit}`).not.toContain("Judul Sementara");
    }
  });
});

describe("an edit saved as a delta beside the state", () => {
  const edited = "Kalimat yang hanya ada setelah suntingan.";
  /** A site built, then one article's body edited and built again: the second build saved a delta. */
  function editedSite(): { root: string; out: string; original: string } {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    const original = readFileSync(join(root, articlePath(7)), "utf8");
    const state = readCache(root);
    writeFileSync(join(root, articlePath(7)), articleText(7, { extra: edited }));
    build(root, out);
    expect(existsSync(deltaFile(root))).toBe(true);
    // The state file is the same but for the 64 characters that name the delta.
    const after = readCache(root);
    expect(after.length).toBe(state.length);
    expect([...after].filter((b, i) => b !== state[i]).length).toBeLessThanOrEqual(64);
    return { root, out, original };
  }

  it("is read back: the next build finds nothing to do, and a build after another edit equals a fresh one", () => {
    const { root, out } = editedSite();
    expect(readFileSync(join(out, "berita/berita-07/index.html"), "utf8")).toContain(edited);
    expect(renderedCount(build(root, out).stdout)).toBe(0);
    writeFileSync(join(root, articlePath(8)), articleText(8, { title: "Judul Kedua Yang Baru" }));
    build(root, out);
    expectSameOutput(snapshotDir(out), freshBuild(root));
  });

  const deltaDamages: Record<string, (root: string) => void> = {
    "deleted": (root) => rmSync(deltaFile(root)),
    "truncated": (root) => truncateSync(deltaFile(root), Math.floor(readFileSync(deltaFile(root)).length / 2)),
    "with one bit flipped": (root) => flipBits(root, deltaFile(root)),
    "replaced by garbage": (root) => writeFileSync(deltaFile(root), "bukan delta"),
    "named by no state (the state file rewritten as it was before the edit)": (root) => {
      const bytes = readCache(root);
      const at = bytes.indexOf('"delta":"') + 9;
      bytes.write("0".repeat(64), at, "latin1");
      writeFileSync(cacheFile(root), bytes);
    },
  };

  // The edit is then undone: a state that lost its delta would describe the output before the
  // edit and take the page as current, although the output still shows the edit.
  it.each(Object.keys(deltaDamages))("%s: no cache, and undoing the edit gives the page back", (kind) => {
    const { root, out, original } = editedSite();
    deltaDamages[kind]!(root);
    writeFileSync(join(root, articlePath(7)), original);
    build(root, out);
    const snap = snapshotDir(out);
    expectSameOutput(snap, freshBuild(root));
    expect(readFileSync(join(out, "berita/berita-07/index.html"), "utf8")).not.toContain(edited);
  });

  it.each([true, false])("a build killed after changing the output and before saving (marked: %s)", (mark) => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    const before = copySite(join(root, ".warta-cache"));
    const original = readFileSync(join(root, articlePath(7)), "utf8");
    writeFileSync(join(root, articlePath(7)), articleText(7, { extra: edited }));
    build(root, out);
    // As the killed build would leave it: the state before the edit, marked before the output changed.
    rmSync(join(root, ".warta-cache"), { recursive: true });
    cpSync(before, join(root, ".warta-cache"), { recursive: true });
    if (mark) cache.markOutputChanging(root);
    writeFileSync(join(root, articlePath(7)), original);
    build(root, out);
    // Unmarked, the output folder's change time tells (the build that wrote the edit set it).
    expect(readFileSync(join(out, "berita/berita-07/index.html"), "utf8")).not.toContain(edited);
    expectSameOutput(snapshotDir(out), freshBuild(root));
  });
});

describe("a cache from another warta", () => {
  /** The real cache of `root`, with every body and title replaced by a STALE marker. */
  function staleState(root: string): unknown {
    const state = cache.loadCache(root);
    expect(state.sources.size).toBeGreaterThan(0);
    for (const r of state.sources.values()) {
      if (r.article) r.bodyHtml = "<p>STALEBODY</p>\n";
      if (r.article) r.article.title = "STALETITLE";
    }
    return state;
  }
  const text = (snap: Map<string, string>): string => [...snap.values()].map((b) => Buffer.from(b, "base64").toString("utf8")).join("\n");

  it("control: a valid cache is trusted (so the checks below can see stale data)", () => {
    const root = newSite();
    build(root, join(newDir(), "out"));
    cache.saveCache(root, staleState(root), cache.currentIdentity());
    const out = join(newDir(), "out");
    build(root, out);
    expect(text(snapshotDir(out))).toContain("STALEBODY");
  });

  const foreign: Record<string, (root: string, state: unknown) => void> = {
    "another version": (root, state) => cache.saveCache(root, state, { version: "0.0.9-lama", code: cache.currentIdentity().code }),
    "the same version but other code": (root, state) => cache.saveCache(root, state, { version: VERSION, code: "0123456789abcdef0123456789abcdef" }),
    "the old single-object format": (root, state) => writeFileSync(cacheFile(root), serialize({ magic: "warta-cache-1", version: VERSION, state })),
  };

  it.each(Object.keys(foreign))("written by %s is ignored and replaced", (kind) => {
    const root = newSite();
    build(root, join(newDir(), "out"));
    foreign[kind]!(root, staleState(root));
    const out = join(newDir(), "out");
    build(root, out);
    const snap = snapshotDir(out);
    expect(text(snap)).not.toContain("STALE");
    expectSameOutput(snap, expected);
    expect(cache.loadCache(root).sources.size).toBeGreaterThan(0);
  });
});

describe("leftovers of a killed build", () => {
  it("temp files next to the cache do not matter", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    writeFileSync(join(root, ".warta-cache", "state.bin.99999.tmp"), readCache(root).subarray(0, 100));
    build(root, out);
    expectSameOutput(snapshotDir(out), expected);
  });

  it("old temp files of the state and of the bodies file are removed, recent ones left to their writer", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    const cacheDir = join(root, ".warta-cache");
    const hourAgo = new Date(Date.now() - 3600_000);
    for (const name of ["state.bin.99998.tmp", "bodies.bin.99998.tmp"]) {
      writeFileSync(join(cacheDir, name), "sisa build yang dihentikan");
      utimesSync(join(cacheDir, name), hourAgo, hourAgo);
    }
    writeFileSync(join(cacheDir, "bodies.bin.99997.tmp"), "sedang ditulis");
    build(root, out);
    expect(readdirSync(cacheDir).filter((n) => n.endsWith(".tmp")).sort()).toEqual(["bodies.bin.99997.tmp"]);
    expectSameOutput(snapshotDir(out), expected);
  });
});

describe("a .warta-cache that is a link (a site folder can come with one)", () => {
  it("is never followed: what it points at is untouched, and the cache becomes a folder of the site's own", () => {
    const root = newSite();
    const victim = newDir("warta-cache-victim-");
    mkdirSync(join(victim, "state.bin", "berharga"), { recursive: true });
    writeFileSync(join(victim, "state.bin", "berharga", "dokumen.txt"), "DATA");
    writeFileSync(join(victim, "images"), "bukan folder");
    symlinkSync(victim, join(root, ".warta-cache"));
    const out = newDir();
    build(root, out);
    expect(snapshotDir(out)).toEqual(expected);
    expect(readFileSync(join(victim, "state.bin", "berharga", "dokumen.txt"), "utf8")).toBe("DATA");
    expect(readdirSync(victim).sort()).toEqual(["images", "state.bin"]);
    expect(lstatSync(join(root, ".warta-cache")).isDirectory()).toBe(true);
    // The site's own cache is used from then on.
    expect(build(root, out).stdout).toMatch(/\(0 rendered, 0 files written, 0 removed\)/);
  });
});
