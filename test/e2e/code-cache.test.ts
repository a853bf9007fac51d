/**
 * The `warta` bin starts the CLI through a V8 code cache in `lib/.code-cache/` (src/cli/launcher.ts).
 * The cache is only ever a faster start: a missing, damaged or foreign one must give the same
 * site, and be replaced by one V8 takes. These runs use Node flags no other test uses, so the
 * cache files they make are theirs alone (a file's name covers Node's flags).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, fixtureSites, listFiles, NOW_EPOCH, REPO, SMALL_ARTICLE as ARTICLE, tempDir } from "../support/site.ts";

const LIB = join(REPO, "lib");
const CACHE_DIR = join(LIB, ".code-cache");
const { site, track } = fixtureSites();
// V8 flags that change nothing a build does, and that V8 counts in a cache's flags.
const FLAG = "--stack-size=937";
const OTHER_FLAG = "--stack-size=938";
/** The cache file's magic and SHA-256 before the bytes V8 reads (src/cli/launcher.ts). */
const HEAD = 16 + 32;

/** The cache file of a run with `flag`, named as the launcher names it. */
function cacheFileFor(flag: string): string {
  const bundle = readdirSync(join(LIB, "chunks")).find((n) => /^warta-[A-Z0-9]+\.cjs$/.test(n))!;
  const source = createHash("sha256").update(readFileSync(join(LIB, "chunks", bundle), "utf8")).digest("hex");
  const key = createHash("sha256").update([source, process.version, process.arch, process.env.NODE_OPTIONS ?? "", flag].join("\0")).digest("hex").slice(0, 16);
  return join(CACHE_DIR, `${key}.bin`);
}

function build(root: string, flag = FLAG): { status: number; stderr: string; out: string } {
  const out = join(track(tempDir()), "out");
  const r = spawnSync(process.execPath, [flag, CLI, "build", "--root", root, "--out", out, "--no-cache"], {
    env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stderr: r.stderr, out };
}

const read = (dir: string): Map<string, string> => new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), "latin1")]));

describe("the CLI's code cache", () => {
  const root = site({ "articles/a.md": ARTICLE });
  const file = cacheFileFor(FLAG);

  it("is written by a first run, taken as it is by the next; a damaged or foreign one gives the same site and is replaced", () => {
    const first = build(root);
    expect(first.status, first.stderr).toBe(0);
    expect(existsSync(file), "the first run wrote a cache").toBe(true);
    const written = readFileSync(file);
    expect(written.length).toBeGreaterThan(10_000);
    const site1 = read(first.out);
    expect([...site1.values()].some((html) => html.includes("<strong>mengesahkan</strong>"))).toBe(true);

    // A cache V8 takes is not written again by a short run.
    const second = build(root);
    expect(second.status).toBe(0);
    expect(readFileSync(file).equals(written)).toBe(true);
    expect(read(second.out)).toEqual(site1);

    const damaged = [Buffer.from("not a code cache"), written.subarray(0, written.length >> 1), Buffer.from(written.map((b, i) => (i > 64 && i % 97 === 0 ? b ^ 0xff : b)))];
    // A whole, checksummed cache V8 refuses: made under other flags.
    expect(build(root, OTHER_FLAG).status).toBe(0);
    damaged.push(readFileSync(cacheFileFor(OTHER_FLAG)));
    for (const bytes of damaged) {
      writeFileSync(file, bytes);
      const r = build(root);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe("");
      expect(read(r.out)).toEqual(site1);
      const now = readFileSync(file);
      expect(now.equals(bytes), "replaced").toBe(false);
      expect(now.length).toBeGreaterThan(10_000);
    }
  }, 120_000);

  it("is made again after a run that used it died (a crash leaves its marker)", () => {
    // A small cache V8 takes: made by `--version`, which compiles little. A short build keeps it as it is.
    rmSync(file, { force: true });
    expect(spawnSync(process.execPath, [FLAG, CLI, "--version"]).status).toBe(0);
    const small = statSync(file).size;
    expect(build(root).status).toBe(0);
    expect(statSync(file).size).toBe(small);
    // A run that used it and died left its marker: the cache is not tried, and the run makes a new one (a build's: larger).
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const marker = `${file}.${dead}.run`;
    writeFileSync(marker, "");
    const r = build(root);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(marker)).toBe(false);
    expect(statSync(file).size).toBeGreaterThan(small * 1.5);

    // The real case: bytes that pass the checksum but crash V8 (one byte flipped, the SHA-256
    // written again). Whether V8 crashes on them is its own affair; the run after is right.
    const tampered = Buffer.from(readFileSync(file));
    tampered[HEAD + 40]! ^= 0xff;
    createHash("sha256").update(tampered.subarray(HEAD)).digest().copy(tampered, HEAD - 32);
    writeFileSync(file, tampered);
    const once = build(root);
    const after = once.status === 0 ? once : build(root);
    expect(after.status, after.stderr).toBe(0);
    expect([...read(after.out).values()].some((html) => html.includes("<strong>mengesahkan</strong>"))).toBe(true);
  }, 120_000);
});
