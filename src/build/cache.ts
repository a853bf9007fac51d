/**
 * The persistent build cache: one v8-serialized file under `<root>/.warta-cache/`.
 * Keyed by warta's version inside the file; anything unreadable, truncated or foreign is
 * treated as no cache at all (a full build), never as an error and never as stale data.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { deserialize, serialize } from "node:v8";
import { VERSION } from "../util/package.ts";
import { emptyState, type BuildState } from "./state.ts";

export const CACHE_DIR = ".warta-cache";
const FILE = "state.bin";
const MAGIC = "warta-cache-1";

interface CacheFile {
  magic: string;
  version: string;
  state: BuildState;
}

export function loadCache(root: string): BuildState {
  try {
    const data = deserialize(readFileSync(join(root, CACHE_DIR, FILE))) as CacheFile;
    if (data?.magic !== MAGIC || data.version !== VERSION || !(data.state?.sources instanceof Map) || !(data.state.outputs instanceof Map)) return emptyState();
    return data.state;
  } catch {
    return emptyState();
  }
}

export function saveCache(root: string, state: BuildState): void {
  const dir = join(root, CACHE_DIR);
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `${FILE}.${process.pid}.tmp`);
    writeFileSync(tmp, serialize({ magic: MAGIC, version: VERSION, state } satisfies CacheFile));
    renameSync(tmp, join(dir, FILE));
  } catch {
    // A cache that cannot be written only costs speed next time.
  }
}

export function clearCache(root: string): void {
  rmSync(join(root, CACHE_DIR), { recursive: true, force: true });
}
