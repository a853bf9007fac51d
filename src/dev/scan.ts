/**
 * A fingerprint of everything a build reads (same walk as the build: same ignore rules, symlinks
 * followed inside the site), used by `settled()` to prove that the last build saw the files as
 * they are now, instead of trusting that the watcher has already reported every write.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_FILES } from "../config/schema.ts";
import type { Listing } from "../build/listing.ts";
import { walk, type SourceEntry } from "../load/walk.ts";
import { hash } from "../util/hash.ts";
import { WATCHED_DIRS } from "./watch.ts";

export function scanSources(root: string): string {
  return scanOf(root, (dir) => walk(root, dir, []));
}

/**
 * The same fingerprint of the files as a build saw them: its listing may have been patched from
 * the watcher's paths, and then this, not the disk, is what the output reflects.
 */
export function scanListing(root: string, listing: Listing): string {
  return scanOf(root, (dir) => listing.dirs[dir]);
}

function scanOf(root: string, entries: (dir: (typeof WATCHED_DIRS)[number]) => readonly SourceEntry[]): string {
  const lines: string[] = [];
  for (const dir of WATCHED_DIRS) for (const e of entries(dir)) lines.push(`${e.rel}\t${e.size}\t${e.mtimeMs}`);
  for (const f of CONFIG_FILES) {
    try {
      const st = statSync(join(root, f));
      lines.push(`${f}\t${st.size}\t${st.mtimeMs}`);
    } catch {
      // absent
    }
  }
  return hash(...lines);
}
