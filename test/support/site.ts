/**
 * Test helpers: write a fixture site into a fresh temp folder, run the real CLI on it, and read
 * the output back. No mocks: every test goes through the same code a newsroom runs.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import * as cheerio from "cheerio";
import { afterAll } from "vitest";

export const REPO = fileURLToPath(new URL("../..", import.meta.url));
export const CLI = join(REPO, "lib", "cli", "main.js");
export const FIXTURES = join(REPO, "test", "fixtures");
/** A fixed "now" for reproducible builds: 2024-10-01T00:00:00Z. */
export const NOW_EPOCH = "1727740800";

/** One small, valid article: for tests about how the CLI runs rather than what it makes of content. */
export const SMALL_ARTICLE = `---
title: Rapat Paripurna DPR Sahkan RUU
author: Rina Sari
date: 2024-09-20 10:00
category: Nasional
tags: [DPR]
---
Rapat paripurna **mengesahkan** rancangan undang-undang itu.
`;

export function tempDir(prefix = "warta-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write `{ "articles/a.md": "..." }` under a new temp folder (or `dir`). */
export function writeSite(files: Record<string, string | Uint8Array>, dir = tempDir()): string {
  for (const [path, content] of Object.entries(files)) {
    const abs = join(dir, path);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
  }
  return dir;
}

/**
 * Fixture sites for one test file: `site(files)` writes one into a new temp folder, `track(dir)`
 * adds any other folder a test makes; all are removed after the file's tests.
 */
export function fixtureSites(): { site: (files: Record<string, string | Uint8Array>) => string; track: (dir: string) => string } {
  const made: string[] = [];
  afterAll(() => made.forEach(cleanup));
  const track = (dir: string): string => {
    made.push(dir);
    return dir;
  };
  return { site: (files) => track(writeSite(files)), track };
}

export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? REPO,
    env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1", ...options.env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Build `root` into `out` (default `root/dist`). */
export function buildSite(root: string, extra: string[] = [], env: Record<string, string | undefined> = {}): CliRun & { out: string } {
  const outIdx = extra.indexOf("--out");
  const out = outIdx >= 0 ? extra[outIdx + 1]! : join(root, "dist");
  return { ...runCli(["build", "--root", root, ...extra], { env }), out };
}

/** Every file under `dir`, as sorted POSIX paths relative to it. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    for (const name of readdirSync(d)) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) visit(abs);
      else out.push(relative(dir, abs).split("\\").join("/"));
    }
  };
  visit(dir);
  return out.sort();
}

/** Path → bytes (as hex-free strings) for whole-folder comparisons. */
export function snapshotDir(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f)).toString("base64")]));
}

export function readHtml(out: string, path: string): cheerio.CheerioAPI {
  return cheerio.load(readFileSync(join(out, path), "utf8"));
}

/** Remove a folder a test made: one inside the system's temp folder, never that folder itself or anything outside it. */
export function cleanup(dir: string): void {
  const tmp = resolve(tmpdir());
  const abs = resolve(dir);
  if (!abs.startsWith(tmp + sep) || abs === tmp) throw new Error(`cleanup refuses ${dir}: not a folder inside ${tmp}`);
  rmSync(abs, { recursive: true, force: true });
}

/** A minimal valid article. */
export function article(fields: Record<string, string>, body = "Isi berita."): string {
  const fm = Object.entries(fields).map(([k, v]) => `${k}: ${v}`).join("\n");
  return `---\n${fm}\n---\n${body}\n`;
}
