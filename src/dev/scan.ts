/**
 * A fingerprint of everything a build reads (same walk as the build: same ignore rules, symlinks
 * followed inside the site), used by `settled()` to prove that the last build saw the files as
 * they are now, instead of trusting that the watcher has already reported every write.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { LISTED_DIRS, listSources, type Listing } from "../build/listing.ts";
import { CONFIG_FILES } from "../config/schema.ts";
import { hash } from "../util/hash.ts";

export function scanSources(root: string, out: string): string {
  return scanListing(root, listSources(root, out, []));
}

/**
 * The same fingerprint of the files as a build saw them: its listing may have been patched from
 * the watcher's paths, and then this, not the disk, is what the output reflects.
 */
export function scanListing(root: string, listing: Listing): string {
  const lines: string[] = [];
  for (const dir of LISTED_DIRS) for (const e of listing.dirs[dir]) lines.push(`${e.rel}\t${e.size}\t${e.stampMs}`);
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
