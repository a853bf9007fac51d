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
 *   delays `unlink` by 100 ms to fold editors' atomic saves (`atomic: true`). A batch waits for
 *   QUIET ms (10 by default) without events *and* without fresh mtimes on the changed files, then
 *   goes to the build. A write chokidar swallowed can only come within 50 ms of the last event it
 *   reported for that file, so 60 ms after that event the batch's files are stat'ed once more
 *   (inode, size, mtime): any difference from what was handed over is a new batch. A short quiet
 *   period therefore never loses a save, and a stylesheet save reaches the tab in tens of ms.
 *   An empty file waits 150 ms instead: a plain save truncates before it writes, and on a busy
 *   machine the gap between the two can outlast the quiet period (a false "no front matter").
 * - `awaitWriteFinish` polls every file for 2 s by default; we use the mtime check above instead.
 * - Symlinks are not followed (no loops such as `articles/loop → .`); the build follows links that
 *   stay inside the site and do not lead back to it or its output (load/walk.ts), and refuses the others.
 */
import { readdirSync, statSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
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
  if (parts.some((part) => isTempName(part, top))) return undefined;
  return parts.join("/");
}

/** chokidar drops a second `change` of a path within this many ms of the last one it reported. */
const THROTTLE_MS = 50;

/** mtime, and inode + size + mtime: what tells a rewritten file (also one replaced by rename) from the one handed over. */
function stamp(abs: string): { mtimeMs: number; size: number; signature: string } | undefined {
  try {
    const st = statSync(abs);
    return { mtimeMs: st.mtimeMs, size: st.size, signature: `${st.ino}:${st.size}:${st.mtimeMs}` };
  } catch {
    return undefined;
  }
}

/** A new folder is read again this long after chokidar's last event, and again after RESCAN_AGAIN (ms): see `rescan`. */
const RESCAN_QUIET_MS = 100;
const RESCAN_AGAIN_MS = 1000;

/** The files (and links) under `dir`, as absolute paths; none when it is gone. */
function filesUnder(dir: string): string[] {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => join(e.parentPath ?? e.path, e.name));
  } catch {
    return [];
  }
}

/** How long an empty file may stay empty before the build takes it as it is (see `check`). */
export const EMPTY_GRACE_MS = 150;

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
  /** The watcher stopped being `busy` without a new batch (its re-check found nothing). */
  onIdle?: () => void;
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
  const quiet = options.quietMs ?? 10;
  const maxWait = options.maxWaitMs ?? 2000;
  const pending = new Map<string, string>(); // rel → abs
  let timer: NodeJS.Timeout | undefined;
  let lastEventAt = 0;
  // Files handed over in the last batch → their stat signature then; re-checked once (see header).
  let handed = new Map<string, string>();
  let recheckTimer: NodeJS.Timeout | undefined;
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

  const handOver = (signatures: Map<string, string>): void => {
    timer = undefined;
    if (closed || pending.size === 0) return;
    const paths = [...pending.keys()].sort();
    const info = { added };
    pending.clear();
    added = false;
    const recheckIn = lastEventAt + THROTTLE_MS + 10 - Date.now();
    if (recheckIn > 0) {
      for (const [abs, sig] of signatures) handed.set(abs, sig);
      if (recheckTimer) clearTimeout(recheckTimer);
      recheckTimer = setTimeout(recheck, recheckIn);
    }
    options.onBatch(paths, info);
  };

  const recheck = (): void => {
    recheckTimer = undefined;
    const files = handed;
    handed = new Map();
    if (closed) return;
    let missed = false;
    for (const [abs, sig] of files) {
      if ((stamp(abs)?.signature ?? "") !== sig) {
        onEvent(abs, "change");
        missed = true;
      }
    }
    if (!missed) options.onIdle?.();
  };

  const check = (): void => {
    timer = undefined;
    if (closed) return;
    // Still being written? Hold the batch until the newest mtime is QUIET ms old (bounded).
    const now = Date.now();
    let newest = 0;
    const signatures = new Map<string, string>();
    for (const abs of pending.values()) {
      if (signatures.size >= 2000) break;
      const st = stamp(abs); // undefined: deleted, nothing to wait for
      // A file emptied moments ago is most likely a save between its truncation and its write
      // (a plain `writeFile` on a busy machine): it is given EMPTY_GRACE ms, not QUIET.
      const since = st && st.size === 0 ? st.mtimeMs + EMPTY_GRACE_MS - quiet : st?.mtimeMs;
      if (since !== undefined && st!.mtimeMs <= now + 5 && since > newest) newest = since;
      signatures.set(abs, st?.signature ?? "");
    }
    const wait = newest + quiet - now;
    if (wait > 0 && now - batchStart < maxWait) {
      timer = setTimeout(check, Math.ceil(wait));
      return;
    }
    handOver(signatures);
  };

  const onEvent = (path: string, event: string): void => {
    const rel = watchedRel(root, path, out);
    if (rel === undefined || rel === "" || closed) return;
    if (event === "add") added = true;
    lastEventAt = Date.now();
    if (pending.size === 0 && timer === undefined) batchStart = lastEventAt;
    pending.set(rel, path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, quiet);
  };

  // chokidar reports a new folder, then reads it, and only then watches it: a file made between
  // the read and the watch is never reported (paulmillr/chokidar#1471, #1112; here once in ~180
  // tries of `mkdir templates/static && save warta.css`, and every time a file is saved into a
  // folder of 3,000 just moved in). So new folders are read again once chokidar has gone quiet
  // (it reports the files it read as it reads them, and watches right after), and once more a
  // second later: a file there that no event named is reported as added.
  const freshDirs = new Set<string>();
  const namedWhileFresh = new Set<string>();
  let rescanTimer: NodeJS.Timeout | undefined;
  let rescanned = false;
  const rescanIn = (ms: number): void => {
    if (rescanTimer) clearTimeout(rescanTimer);
    rescanTimer = setTimeout(rescan, ms);
  };
  const rescan = (): void => {
    rescanTimer = undefined;
    if (closed) return;
    for (const dir of freshDirs) for (const abs of filesUnder(dir)) if (!namedWhileFresh.has(abs)) onEvent(abs, "add");
    if (!rescanned) {
      rescanned = true;
      rescanIn(RESCAN_AGAIN_MS);
    } else {
      freshDirs.clear();
      namedWhileFresh.clear();
    }
  };
  // Folder events carry nothing else a build needs: chokidar reports every file of a folder that
  // appears (`add`) or goes (`unlink`, recursively). Skipping them avoids a second build when the
  // files of a new folder are reported a little after the folder itself.
  watcher.on("all", (event, path) => {
    if (event === "add" || event === "change" || event === "unlink") {
      if (freshDirs.size) {
        namedWhileFresh.add(path);
        if (!rescanned) rescanIn(RESCAN_QUIET_MS);
      }
      onEvent(path, event);
    } else if (event === "addDir" && watchedRel(root, path, out) !== undefined) {
      freshDirs.add(path);
      rescanned = false;
      rescanIn(RESCAN_QUIET_MS);
    }
  });
  watcher.on("error", (e) => options.onError?.(e instanceof Error ? e : new Error(String(e))));

  const ready = new Promise<void>((resolveReady) => watcher.once("ready", () => resolveReady()));

  return {
    ready,
    get busy() {
      return timer !== undefined || recheckTimer !== undefined || pending.size > 0;
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      if (recheckTimer) clearTimeout(recheckTimer);
      if (rescanTimer) clearTimeout(rescanTimer);
      timer = undefined;
      recheckTimer = undefined;
      pending.clear();
      await watcher.close();
    },
  };
}
