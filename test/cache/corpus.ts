/**
 * A small deterministic news site for the cache tests, and helpers to compare builds.
 * Big enough to have pagination (perPage 5), shared tags/categories, co-authors, related
 * articles, author profiles and feeds, small enough that a build takes about a second.
 */
import { cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import { buildSite, cleanup, snapshotDir, tempDir, writeSite, type CliRun } from "../support/site.ts";

export const AUTHORS = ["Rina Siregar", "Budi Santoso", "Citra Lestari", "Dimas Wicaksono", "Eka Putri", "Fajar Hidayat"];
export const CATEGORIES = ["Politik", "Ekonomi", "Hukum", "Daerah"];
export const TAGS = ["Pemilu 2024", "DPR", "KPK", "Inflasi", "Banjir", "Pilkada", "APBN", "Mahkamah Konstitusi", "Jakarta", "Subsidi"];

/** A marker that appears in every article body once, so tests can find bodies in cache bytes. */
export const BODY_MARKER = "PENANDA-ISI";

const pad = (n: number): string => String(n).padStart(2, "0");

export function articleText(i: number, overrides: { title?: string; extra?: string; tags?: string[]; category?: string; date?: string; draft?: boolean } = {}): string {
  const day = 1 + (i % 27);
  const month = 1 + (i % 9);
  const date = overrides.date ?? `2024-${pad(month)}-${pad(day)}T${pad(6 + (i % 12))}:${pad((i * 7) % 60)}:00+07:00`;
  const tags = overrides.tags ?? [TAGS[i % TAGS.length]!, TAGS[(i * 3 + 1) % TAGS.length]!];
  const byline = i % 5 === 0 ? `authors: [${AUTHORS[i % AUTHORS.length]}, ${AUTHORS[(i + 1) % AUTHORS.length]}]` : `author: ${AUTHORS[i % AUTHORS.length]}`;
  const fm = [
    "---",
    `title: "${overrides.title ?? `Berita nomor ${i}: DPR dan pemerintah membahas anggaran`}"`,
    `date: ${date}`,
    byline,
    `category: ${overrides.category ?? CATEGORIES[i % CATEGORIES.length]}`,
    `tags: [${tags.join(", ")}]`,
    `summary: "Ringkasan berita nomor ${i}."`,
    ...(i % 3 === 0 ? [`image: https://img.example.id/2024/${i}.jpg`, `image_caption: "Foto ${i}"`] : []),
    ...(overrides.draft ? ["draft: true"] : []),
    "---",
  ].join("\n");
  const body = [
    `Paragraf pembuka berita ${i} dengan **huruf tebal** dan *miring*. ${BODY_MARKER}-${pad(i)}.`,
    "",
    "## Latar belakang",
    "",
    `> "Kami akan mengawal proses ini," ujar narasumber ${i}.`,
    "",
    "- butir pertama",
    "- butir kedua",
    "",
    `Tautan ke [sumber data](https://data.example.go.id/${i}) dan https://warta.example/berita/${i}.`,
    ...(overrides.extra ? ["", overrides.extra] : []),
  ].join("\n");
  return `${fm}\n\n${body}\n`;
}

export const articlePath = (i: number): string => `articles/2024/berita-${pad(i)}.md`;

export function siteFiles(count = 24): Record<string, string> {
  const files: Record<string, string> = {
    "warta.config.yaml": "title: Warta Uji\nbaseUrl: https://warta.example/\nperPage: 5\nrelatedCount: 3\nfeedItems: 10\n",
    "authors/rina-siregar.md": "---\nname: Rina Siregar\nbio: \"Wartawan desk politik.\"\nrole: Redaktur\n---\n",
    "authors/budi-santoso.md": "---\nname: Budi Santoso\nbio: \"Wartawan ekonomi.\"\n---\n",
  };
  for (let i = 1; i <= count; i++) files[articlePath(i)] = articleText(i);
  return files;
}

/** The folders a test made, removed by `cleanupAll`. */
const made: string[] = [];
export function newSite(files: Record<string, string> = siteFiles()): string {
  const d = writeSite(files);
  made.push(d);
  return d;
}
export function newDir(prefix = "warta-cache-out-"): string {
  const d = tempDir(prefix);
  made.push(d);
  return d;
}
export function cleanupAll(): void {
  for (const d of made.splice(0)) cleanup(d);
}

export function copySite(root: string): string {
  const d = newDir("warta-cache-copy-");
  cpSync(root, d, { recursive: true });
  return d;
}

/** Build and insist on success, showing stderr otherwise. */
export function build(root: string, out: string, extra: string[] = [], env: Record<string, string | undefined> = {}): CliRun {
  const r = buildSite(root, ["--out", out, ...extra], env);
  // No crash: a stack trace on stderr means an exception escaped.
  expect(r.stderr).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
  expect(r.status, r.stderr).toBe(0);
  return r;
}

/** A from-scratch build of `root` (no cache read, none written) into a new folder. */
export function freshBuild(root: string, extra: string[] = [], env: Record<string, string | undefined> = {}): Map<string, string> {
  const out = join(newDir("warta-cache-fresh-"), "out");
  build(root, out, ["--no-cache", ...extra], env);
  return snapshotDir(out);
}

/** Paths whose bytes differ (or exist on one side only): a short, readable failure. */
export function differences(a: Map<string, string>, b: Map<string, string>): string[] {
  const diff: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) diff.push(b.has(k) ? `changed ${k}` : `only in first ${k}`);
  for (const k of b.keys()) if (!a.has(k)) diff.push(`only in second ${k}`);
  return diff.sort();
}

export function expectSameOutput(actual: Map<string, string>, expected: Map<string, string>): void {
  expect(differences(actual, expected)).toEqual([]);
  expect(actual.size).toBeGreaterThan(10);
}

export const cacheFile = (root: string): string => join(root, ".warta-cache", "state.bin");
export const bodiesFile = (root: string): string => join(root, ".warta-cache", "bodies.bin");
export const shapeFile = (root: string): string => join(root, ".warta-cache", "shape.bin");
export const deltaFile = (root: string): string => join(root, ".warta-cache", "delta.bin");
export const readCache = (root: string): Buffer => readFileSync(cacheFile(root));
