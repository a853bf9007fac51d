/**
 * Helpers for the `warta dev` suites: a small fixture site, an in-process dev server on a random
 * port with a fixed clock, and a fresh `build()` of the same files to compare against.
 */
import { cpSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { EventEmitter } from "node:events";
import { afterAll, afterEach, expect } from "vitest";
import { build } from "../../src/build/pipeline.ts";
import { startDev, type DevEventMap, type DevOptions, type DevServer } from "../../src/dev/dev-server.ts";
import { BUILTIN_TEMPLATES } from "../../src/util/package.ts";
import { article, cleanup, NOW_EPOCH, snapshotDir, tempDir, writeSite } from "../support/site.ts";

export const NOW_MS = Number(NOW_EPOCH) * 1000;

/**
 * A private copy of the built-in templates, taken once per test file and used by the dev server and
 * by the fresh build alike: the comparison must not depend on edits to templates/ made meanwhile.
 */
export const TEMPLATES = join(tempDir("warta-builtin-"), "templates");
cpSync(BUILTIN_TEMPLATES, TEMPLATES, { recursive: true });
afterAll(() => cleanup(dirname(TEMPLATES)));

export const AUTHORS: Record<string, string> = {
  "authors/rina-kusuma.md": "---\nname: Rina Kusuma\nbio: Wartawan desk politik.\n---\n",
  "authors/budi-santoso.md": "---\nname: Budi Santoso\nbio: Wartawan desk ekonomi.\n---\n",
};

const CATEGORIES = ["Politik", "Ekonomi", "Nasional"];
const TAGS = ["Pemilu", "Inflasi", "Banjir", "DPR", "Pangan", "Transportasi"];
const WRITERS = ["Rina Kusuma", "Budi Santoso"];

/** An article whose fields vary with `i`, dated before the fixed "now". */
export function fixtureArticle(i: number, title = `Berita Nomor ${i}`, extra: Record<string, string> = {}, body?: string): string {
  const day = String(1 + (i % 27)).padStart(2, "0");
  const month = String(1 + (i % 9)).padStart(2, "0");
  return article(
    {
      title: JSON.stringify(title),
      date: `2024-${month}-${day}T${String(6 + (i % 12)).padStart(2, "0")}:15:00+07:00`,
      author: WRITERS[i % WRITERS.length]!,
      category: CATEGORIES[i % CATEGORIES.length]!,
      tags: `[${TAGS[i % TAGS.length]}, ${TAGS[(i + 2) % TAGS.length]}]`,
      summary: JSON.stringify(`Ringkasan berita ${i}.`),
      ...extra,
    },
    body ?? `Paragraf pembuka berita ${i}.\n\nParagraf kedua dengan **tebal** dan [tautan](https://contoh.id/${i}).`,
  );
}

export function articlePath(i: number, name = `berita-nomor-${i}`): string {
  return `articles/2024/${String(1 + (i % 9)).padStart(2, "0")}/${name}.md`;
}

/** A site with `n` articles, two authors and a config file. */
export function makeSite(n = 6, extra: Record<string, string> = {}): string {
  const files: Record<string, string> = { ...AUTHORS, "warta.config.yaml": "title: Warta Uji\nperPage: 4\n" };
  for (let i = 0; i < n; i++) files[articlePath(i)] = fixtureArticle(i);
  return writeSite({ ...files, ...extra });
}

export interface TestDev extends DevServer {
  root: string;
  /** Built-in templates folder the server builds with (the fresh build uses the same). */
  builtin: string;
  out: string;
  logs: string[];
  warnings: string[];
}

export async function startTestDev(root: string, extra: Partial<DevOptions> = {}): Promise<TestDev> {
  const out = join(root, "dist");
  const logs: string[] = [];
  const warnings: string[] = [];
  const dev = await startDev({
    root, out, port: 0, host: "127.0.0.1", drafts: false, future: false, open: false, fixedNowMs: NOW_MS,
    log: (s) => logs.push(s), warn: (s) => warnings.push(s), handleSignals: false, settleCheck: true, builtinTemplates: TEMPLATES, ...extra,
  });
  return Object.assign(dev, { root, out, logs, warnings, builtin: extra.builtinTemplates ?? TEMPLATES });
}

/** `devOn(root)` starts a dev server whose first build must pass; all are closed after each test. */
export function useDevServers(): (root: string, extra?: Partial<DevOptions>) => Promise<TestDev> {
  const running: TestDev[] = [];
  afterEach(async () => {
    for (const dev of running.splice(0)) {
      await dev.close();
      cleanup(dev.root);
    }
  });
  return async (root, extra = {}) => {
    const dev = await startTestDev(root, extra);
    running.push(dev);
    const first = await dev.settled();
    expect(first.ok, first.diagnostics.map((d) => `${d.file} ${d.code} ${d.message}`).join("\n")).toBe(true);
    return dev;
  };
}

/** The `<h1>` text of an article page in the dev output. */
export function headline(dev: TestDev, slug: string): string {
  const html = readFileSync(join(dev.out, "berita", slug, "index.html"), "utf8");
  return /<h1[^>]*>([^<]*)<\/h1>/.exec(html)?.[1] ?? "";
}

/** Build the same sources from scratch into a new folder with the dev server's base URL and clock. */
export function freshBuild(dev: TestDev): { ok: boolean; out: string; diagnostics: string[] } {
  const out = join(tempDir("warta-fresh-"), "dist");
  const r = build({ root: dev.root, out, baseUrl: dev.baseUrl, nowMs: NOW_MS, builtinTemplates: dev.builtin });
  return { ok: r.ok, out, diagnostics: r.diagnostics.map((d) => `${d.file}:${d.line ?? 1} ${d.code}`) };
}

/** Paths whose bytes differ (or exist on one side only). Empty means byte-identical folders. */
export function diffDirs(a: string, b: string): string[] {
  const sa = snapshotDir(a);
  const sb = snapshotDir(b);
  const diff: string[] = [];
  for (const [p, v] of sa) {
    const w = sb.get(p);
    if (w === v) continue;
    if (w === undefined) diff.push(`- ${p} (only in dev)`);
    else diff.push(`~ ${p}${firstDifference(v, w)}`);
  }
  for (const p of sb.keys()) if (!sa.has(p)) diff.push(`+ ${p} (only in fresh build)`);
  return diff.sort();
}

function firstDifference(a64: string, b64: string): string {
  const a = Buffer.from(a64, "base64").toString("utf8").split("\n");
  const b = Buffer.from(b64, "base64").toString("utf8").split("\n");
  const lines = a.flatMap((l, n) => (l !== b[n] ? [n] : [])).slice(0, 5);
  if (a.length !== b.length) lines.push(Math.min(a.length, b.length));
  return lines.map((i) => `\n    line ${i + 1}: dev ${JSON.stringify(a[i]?.slice(0, 200))}\n           fresh ${JSON.stringify(b[i]?.slice(0, 200))}`).join("");
}

/** Settle, then compare with a fresh build; returns the differences (expect []). */
export async function compareWithFresh(dev: TestDev): Promise<string[]> {
  const outcome = await dev.settled();
  const fresh = freshBuild(dev);
  try {
    if (!fresh.ok) return [`fresh build failed: ${fresh.diagnostics.join(", ")}`];
    if (!outcome.ok) return [`dev build failed: ${outcome.diagnostics.map((d) => `${d.file} ${d.code}`).join(", ")}`];
    return diffDirs(dev.out, fresh.out);
  } finally {
    rmSync(dirname(fresh.out), { recursive: true, force: true });
  }
}

export function write(root: string, rel: string, content: string): void {
  const abs = join(root, rel);
  mkdirSync(dirname(abs), { recursive: true });
  writeFileSync(abs, content);
}

export function move(root: string, from: string, to: string): void {
  mkdirSync(dirname(join(root, to)), { recursive: true });
  renameSync(join(root, from), join(root, to));
}

export function remove(root: string, rel: string): void {
  rmSync(join(root, rel), { recursive: true, force: true });
}

/** Resolve with the next `name` event that passes `filter`, or fail after `ms`. */
export function nextEvent<K extends keyof DevEventMap>(events: EventEmitter<DevEventMap>, name: K, ms = 15_000, filter: (...args: DevEventMap[K]) => boolean = () => true): Promise<DevEventMap[K]> {
  return new Promise((resolve, reject) => {
    const on = (...args: DevEventMap[K]): void => {
      if (!filter(...args)) return;
      clearTimeout(timer);
      (events.off as (n: string, f: unknown) => void)(name, on);
      resolve(args);
    };
    const timer = setTimeout(() => {
      (events.off as (n: string, f: unknown) => void)(name, on);
      reject(new Error(`no "${String(name)}" event within ${ms} ms`));
    }, ms);
    (events.on as (n: string, f: unknown) => void)(name, on);
  });
}

/** Poll `fn` until it returns a truthy value, or fail after `ms`. */
export async function until<T>(fn: () => T | Promise<T>, ms = 15_000, what = "condition"): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A deterministic PRNG (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}


/**
 * A `progress` hook that runs one callback when a build has rendered its last page: after the
 * build read its sources, before it writes. `then(fn)` arms it for the next build that gets there.
 */
export function afterRender(): { progress: NonNullable<DevOptions["progress"]>; then(fn: () => void): void } {
  let armed: (() => void) | undefined;
  return {
    progress: (stage, done, total) => {
      if (stage === "render" && done === total && armed) {
        const f = armed;
        armed = undefined;
        f();
      }
    },
    then: (fn) => {
      armed = fn;
    },
  };
}
