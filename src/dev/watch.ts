/**
 * The only chokidar import (architecture rule 5). Watches what a build reads — `articles/`,
 * `authors/`, `templates/`, `static/` and `warta.config.{yaml,yml,json}` — and hands over
 * batches of changed paths once the writes have gone quiet.
 *
 * chokidar 5 traps, handled here:
 * - No globs since v4: we watch the site root itself and filter with a function, so folders that
 *   do not exist yet (`static/`, `templates/`) are picked up when created, and `dist/`,
 *   `node_modules/`, `.git/` are never descended into.
 * - It drops a second `change` of the same path within 50 ms (`_throttle(change, 50)`), and
 *   delays `unlink` by 100 ms to fold editors' atomic saves (`atomic: true`). A batch therefore
 *   waits for at least QUIET ms without events *and* without fresh mtimes on the changed files:
 *   a build never starts inside the window in which a later write could have been swallowed.
 * - `awaitWriteFinish` polls every file for 2 s by default; we use the mtime check above instead.
 * - Symlinks are not followed (no loops such as `articles/loop → .`); the build follows links that
 *   stay inside the site, and refuses the others.
 */
import { statSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import { watch, type FSWatcher } from "chokidar";
import { LISTED_DIRS } from "../build/listing.ts";
import { CONFIG_FILES } from "../config/schema.ts";
import { isIgnoredName } from "../load/walk.ts";

/** The folders a build lists (and the config files): what is watched. */
const TOP = new Set<string>(LISTED_DIRS);
const CONFIGS = new Set<string>(CONFIG_FILES);

/**
 * Editor droppings: `.x.swp`, `x~`, vim's `4913`, emacs' `.#x` and `#x#`. Exactly the names the
 * build's walk skips: ignoring a name the build reads would leave its output stale (a deleted temp
 * file copied as an asset would never be removed).
 */
export const isTempName = isIgnoredName;

/** Site-root-relative POSIX path of a watched source, or undefined when the build never reads it. */
export function watchedRel(root: string, path: string, out?: string): string | undefined {
  // chokidar asks this for every entry each time it re-reads a folder (10k articles in one
  // folder: 10k calls per save), so the common case avoids path.relative.
  let rel: string;
  if (path.startsWith(root) && path[root.length] === sep) rel = path.slice(root.length + 1);
  else {
    rel = relative(root, path);
    if (rel === "") return "";
    if (rel.startsWith("..") || isAbsolute(rel)) return undefined;
  }
  if (out !== undefined && (path === out || (path.startsWith(out) && path[out.length] === sep))) return undefined;
  const parts = rel.split(sep);
  const top = parts[0] ?? "";
  if (CONFIGS.has(top)) return parts.length === 1 ? top : undefined;
  if (!TOP.has(top)) return undefined;
  if (parts.some(isTempName)) return undefined;
  return parts.join("/");
}

export interface WatchOptions {
  root: string;
  out: string;
  /** Quiet period before a batch is handed over (ms). */
  quietMs?: number;
  /** Longest a batch may be held back by files that keep changing (ms). */
  maxWaitMs?: number;
  /** A batch of site-relative POSIX paths, sorted. */
  /** `added`: a file appeared in the batch (then the build lists folders again instead of trusting the paths). */
  onBatch: (paths: string[], info: { added: boolean }) => void;
  onError?: (error: Error) => void;
}

export interface SourceWatcher {
  /** Resolves once the initial scan is done: changes after this are reported. */
  ready: Promise<void>;
  /** True while a batch is being collected (an event came in and the batch is not handed over). */
  readonly busy: boolean;
  close(): Promise<void>;
}

export function watchSources(options: WatchOptions): SourceWatcher {
  const root = resolve(options.root);
  const out = resolve(options.out);
  const quiet = options.quietMs ?? 50;
  const maxWait = options.maxWaitMs ?? 2000;
  const pending = new Map<string, string>(); // rel → abs
  let timer: NodeJS.Timeout | undefined;
  let batchStart = 0;
  let added = false;
  let closed = false;

  const watcher: FSWatcher = watch(root, {
    ignoreInitial: true,
    followSymlinks: false,
    // Our own quiet-period check replaces awaitWriteFinish (see the header).
    awaitWriteFinish: false,
    atomic: true,
    ignored: (path: string) => watchedRel(root, path, out) === undefined,
  });

  const handOver = (): void => {
    timer = undefined;
    if (closed || pending.size === 0) return;
    const paths = [...pending.keys()].sort();
    const info = { added };
    pending.clear();
    added = false;
    options.onBatch(paths, info);
  };

  const check = (): void => {
    timer = undefined;
    if (closed) return;
    // Still being written? Hold the batch until the newest mtime is QUIET ms old (bounded).
    const now = Date.now();
    let newest = 0;
    let n = 0;
    for (const abs of pending.values()) {
      if (++n > 2000) break;
      try {
        const m = statSync(abs).mtimeMs;
        if (m <= now + 5 && m > newest) newest = m;
      } catch {
        // deleted: nothing to wait for
      }
    }
    const wait = newest + quiet - now;
    if (wait > 0 && now - batchStart < maxWait) {
      timer = setTimeout(check, Math.ceil(wait));
      return;
    }
    handOver();
  };

  const onEvent = (path: string, event: string): void => {
    const rel = watchedRel(root, path, out);
    if (rel === undefined || rel === "" || closed) return;
    if (event === "add") added = true;
    if (pending.size === 0 && timer === undefined) batchStart = Date.now();
    pending.set(rel, path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, quiet);
  };

  // Folder events carry nothing a build needs: chokidar reports every file of a folder that
  // appears (`add`) or goes (`unlink`, recursively). Skipping them avoids a second build when the
  // files of a new folder are reported a little after the folder itself.
  watcher.on("all", (event, path) => {
    if (event === "add" || event === "change" || event === "unlink") onEvent(path, event);
  });
  watcher.on("error", (e) => options.onError?.(e instanceof Error ? e : new Error(String(e))));

  const ready = new Promise<void>((resolveReady) => watcher.once("ready", () => resolveReady()));

  return {
    ready,
    get busy() {
      return timer !== undefined || pending.size > 0;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending.clear();
      await watcher.close();
    },
  };
}
