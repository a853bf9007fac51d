/**
 * A fingerprint of everything a build reads (same walk as the build: same ignore rules, symlinks
 * followed inside the site), used by `settled()` to prove that the last build saw the files as
 * they are now, instead of trusting that the watcher has already reported every write.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import { CONFIG_FILES } from "../config/schema.ts";
import { walk } from "../load/walk.ts";
import { hash } from "../util/hash.ts";
import { WATCHED_DIRS } from "./watch.ts";

export function scanSources(root: string): string {
  const lines: string[] = [];
  for (const dir of WATCHED_DIRS) for (const e of walk(root, dir, [])) lines.push(`${e.rel}\t${e.size}\t${e.mtimeMs}`);
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
