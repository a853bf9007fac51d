/**
 * The `warta` bin starts the CLI through a V8 code cache in `lib/.code-cache/` (src/cli/launcher.ts).
 * The cache is only ever a faster start: a missing, damaged or foreign one must give the same
 * site, and be replaced by one V8 takes. These runs use a Node flag no other test uses, so the
 * cache file they make is theirs alone (its name covers Node's flags).
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI, fixtureSites, listFiles, NOW_EPOCH, REPO, tempDir } from "../support/site.ts";

const CACHE_DIR = join(REPO, "lib", ".code-cache");
const { site, track } = fixtureSites();
// A V8 flag that changes nothing a build does, and that V8 counts in a cache's flags.
const FLAG = "--stack-size=937";
/** The cache file's magic and SHA-256 before the bytes V8 reads (src/cli/launcher.ts). */
const HEAD = 16 + 32;

const ARTICLE = `---
title: Rapat Paripurna DPR Sahkan RUU
author: Rina Sari
date: 2024-09-20 10:00
category: Nasional
tags: [DPR]
---
Rapat paripurna **mengesahkan** rancangan undang-undang itu.
`;

function build(root: string, out: string): { status: number; stderr: string } {
  const r = spawnSync(process.execPath, [FLAG, CLI, "build", "--root", root, "--out", out, "--no-cache"], {
    env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stderr: r.stderr };
}

const names = (): Set<string> => new Set(existsSync(CACHE_DIR) ? readdirSync(CACHE_DIR).filter((n) => n.endsWith(".bin")) : []);
const read = (dir: string): Map<string, string> => new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), "latin1")]));

describe("the CLI's code cache", () => {
  it("is written by a first run, taken as it is by the next, and a damaged one gives the same site and is replaced", () => {
    const root = site({ "articles/rapat.md": ARTICLE });
    const before = names();
    const first = build(root, track(tempDir()) + "/out");
    expect(first.status, first.stderr).toBe(0);
    const made = [...names()].filter((n) => !before.has(n));
    // A run with this flag before (a second test run against the same lib/) left its file.
    const file = join(CACHE_DIR, made[0] ?? [...names()].find((n) => statSync(join(CACHE_DIR, n)).mtimeMs >= Date.now() - 60_000) ?? "none");
    expect(existsSync(file), "the first run wrote a cache").toBe(true);
    const written = readFileSync(file);
    expect(written.length).toBeGreaterThan(10_000);

    // A cache V8 takes is not written again by a short run.
    const outTwo = track(tempDir()) + "/out";
    expect(build(root, outTwo).status).toBe(0);
    expect(readFileSync(file).equals(written)).toBe(true);
    const site2 = read(outTwo);

    for (const damaged of [Buffer.from("not a code cache"), written.subarray(0, written.length >> 1), Buffer.from(written.map((b, i) => (i > 64 && i % 97 === 0 ? b ^ 0xff : b)))]) {
      writeFileSync(file, damaged);
      const out = track(tempDir()) + "/out";
      const r = build(root, out);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe("");
      expect(read(out)).toEqual(site2);
      expect(read(out).get("berita/rapat-paripurna-dpr-sahkan-ruu/index.html") ?? read(out).get([...read(out).keys()].find((k) => k.startsWith("berita/"))!)).toContain("<strong>mengesahkan</strong>");
    }
    // The last damaged cache was rejected and replaced by one the next run takes as it is.
    const replaced = readFileSync(file);
    expect(replaced.length).toBeGreaterThan(10_000);
    expect(build(root, track(tempDir()) + "/out").status).toBe(0);
    expect(readFileSync(file).equals(replaced)).toBe(true);

    // A cache whose checksum is right but whose bytes crash V8 (tampered with: one byte flipped,
    // the SHA-256 written again) crashes one run, not every run after it.
    const tampered = Buffer.from(replaced);
    tampered[HEAD + 40]! ^= 0xff;
    createHash("sha256").update(tampered.subarray(HEAD)).digest().copy(tampered, HEAD - 32);
    writeFileSync(file, tampered);
    const crashed = build(root, track(tempDir()) + "/out");
    expect(crashed.status, "V8 crashes on these bytes (if it no longer does, flip another)").not.toBe(0);
    const out = track(tempDir()) + "/out";
    const after = build(root, out);
    expect(after.status, after.stderr).toBe(0);
    expect(read(out)).toEqual(site2);
    expect(readFileSync(file).equals(tampered)).toBe(false);
    expect(build(root, track(tempDir()) + "/out").status).toBe(0);
  }, 120_000);
});
