/**
 * The "nothing changed" check of a warm `warta build`, made before the rest of warta is loaded
 * and before the cache's records are decoded. The last good build left, beside its state, the
 * key of everything it read as listed (each source's path, size and change stamp, the config's and the
 * templates' bytes, the options) and the moment from which time alone changes the site (a
 * future article is published, an article leaves the news sitemap). When the key is the same,
 * "now" lies between that build's and that moment, and its output folder is still the one it
 * wrote with every file in it, the output is already right.
 * Anything else goes to the full pipeline, which decides with the records in hand.
 */
import { existsSync, readdirSync, readFileSync, statSync, utimesSync } from "node:fs";
import { join, sep } from "node:path";
import { CONFIG_FILES, CONFIG_LIKE_NAME } from "../config/files.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import { walk, type SourceEntry } from "../load/walk.ts";
import { hash } from "../util/hash.ts";
import { BUILTIN_TEMPLATES, VERSION } from "../util/package.ts";
import { listSources, type Listing } from "./listing.ts";

/** What a build that changed nothing reports, and what decides that it changed nothing. */
export interface QuickRecord {
  /** `listedKey` of the last good build. */
  key: string;
  /** The build's "now": before it (a `SOURCE_DATE_EPOCH` set back) the site may differ. */
  validFromMs: number;
  /** From this moment time alone changes the site (Infinity: never). */
  validUntilMs: number;
  /** `folderId` of the output folder it wrote. */
  outId: string;
  articles: number;
  pages: number;
  /** Everything that build reported (warnings), sorted, replayed by an unchanged build. */
  diagnostics: Diagnostic[];
}

export interface QuickOptions {
  /** Resolved site and output folders. */
  root: string;
  out: string;
  baseUrl?: string;
  drafts?: boolean;
  future?: boolean;
  builtinTemplates?: string;
}

/** The built-in theme's files (templates and static), paths relative to its folder. */
export function themeFiles(builtin: string): SourceEntry[] {
  return walk(builtin, ".", []).map((e) => ({ ...e, rel: e.rel.slice("./".length) }));
}

/**
 * Everything a build reads, as listed: sources by path, size and change stamp (a build re-reads no
 * other file either), the config and every template by content, the options and the output
 * folder. Equal keys mean the build would read the same inputs.
 */
export function listedKey(options: QuickOptions, listing: Listing, theme: readonly SourceEntry[]): string {
  const read = (abs: string): string => {
    try {
      // Only a regular file: reading a FIFO named warta.config.yaml would wait forever.
      if (!statSync(abs).isFile()) return "\0not a file";
      return readFileSync(abs, "latin1");
    } catch {
      return "\0unreadable";
    }
  };
  const listed = (entries: readonly SourceEntry[]): string => entries.map((e) => `${e.rel}\t${e.size}\t${e.stampMs}`).join("\n");
  const withContent = (entries: readonly SourceEntry[]): string => entries.map((e) => `${e.rel}\t${e.size}\t${read(e.abs)}`).join("\0");
  const configFile = CONFIG_FILES.find((f) => existsSync(join(options.root, f)));
  // Every name the build warns about beside the config it reads (`warta.config.yml` beside the
  // `.yaml`, `warta.toml`): one that comes or goes changes the report, not the output.
  let configNames: string[];
  try {
    configNames = readdirSync(options.root).filter((n) => CONFIG_LIKE_NAME.test(n)).sort();
  } catch {
    configNames = [];
  }
  const d = listing.dirs;
  return hash(
    "inputs-1", VERSION, options.out, options.builtinTemplates ?? BUILTIN_TEMPLATES, options.baseUrl ?? "\0none", `${!!options.drafts}|${!!options.future}`,
    configFile ?? "", configFile ? read(join(options.root, configFile)) : "", configNames.join("\0"),
    listed(d.articles), listed(d.authors), listed(d.pages), listed(d.static), withContent(d.templates), withContent(theme),
  );
}

export interface QuickCheck {
  /** The last good build's report, when its output is still right. */
  unchanged?: QuickRecord;
  /** The listing the check made, for the build that follows (none when the walk found problems). */
  listing?: Listing;
}

/** Is the output of the build `record` describes still right for these options at `nowMs`? `outputs`: every file it wrote. */
export function checkUnchanged(options: QuickOptions & { nowMs: number }, record: QuickRecord, outputs: readonly string[]): QuickCheck {
  const problems: Diagnostic[] = [];
  const listing = listSources(options.root, options.out, problems);
  // A problem of the listing (a link out of the site) is reported by the full build.
  if (problems.length) return {};
  if (!(options.nowMs >= record.validFromMs && options.nowMs < record.validUntilMs)) return { listing };
  if (listedKey(options, listing, themeFiles(options.builtinTemplates ?? BUILTIN_TEMPLATES)) !== record.key) return { listing };
  return outputIntact(options.out, record.outId, outputs) ? { unchanged: record, listing } : { listing };
}

/**
 * Which folder `dir` is, and which build wrote it last: device, inode, birth time and
 * modification time. A full build swaps a new folder in, so after another site's (or a
 * `--no-cache`) build into the same place this differs from what the cache recorded, and the
 * output there is not taken as this site's. Every build that writes ends by setting the folder's
 * modification time (`markWritten`): a cache put back from before a later build (a backup, a CI
 * cache restored over a kept output folder) names an older one, and its manifest is not trusted
 * either. (Not the change time: a deploy's `chown -R` or `chmod` would make every next build a
 * full one.) Undefined when missing.
 */
export function folderId(dir: string): string | undefined {
  try {
    const st = statSync(dir);
    return st.isDirectory() ? `${st.dev}:${st.ino}:${st.birthtimeMs}:${st.mtimeMs}` : undefined;
  } catch {
    return undefined;
  }
}

/** Mark `dir` as written by this build (its modification time moves on; see `folderId`). */
export function markWritten(dir: string): void {
  try {
    const now = new Date();
    utimesSync(dir, now, now);
  } catch {
    // A folder warta may not set times on: its id is its id; only a restored cache goes unnoticed.
  }
}

/**
 * `out` is the folder the last build wrote (the same folder, not one swapped in since; its
 * modification time may differ): whatever it holds now, from a half-done build or a hand that emptied
 * it, is that site's output.
 */
export function isLastOutput(previous: { outDir?: string | undefined; outId?: string | undefined }, out: string): boolean {
  return previous.outDir === out && previous.outId !== undefined && sameFolder(folderId(out), previous.outId);
}

/** Two `folderId`s of one folder, whatever was written into it since. */
export const sameFolder = (a: string | undefined, b: string): boolean => a !== undefined && a.slice(0, a.lastIndexOf(":")) === b.slice(0, b.lastIndexOf(":"));

/**
 * `out` is still the folder a build wrote (`outId`, its `folderId` then) and, when `paths` are
 * given, every one of them is still in it (nobody deleted output by hand).
 */
export function outputIntact(out: string, outId: string | undefined, paths?: Iterable<string>): boolean {
  if (outId === undefined || folderId(out) !== outId) return false;
  // Concatenated, not `join`ed: the paths are warta's own, already normal, and `join` cost a
  // third as much again as the 17k existence checks of a 10k site.
  const prefix = out.endsWith(sep) ? out : out + sep;
  if (paths) for (const path of paths) if (!existsSync(prefix + path)) return false;
  return true;
}
