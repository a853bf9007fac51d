#!/usr/bin/env -S node --max-semi-space-size=16
/**
 * The `warta` command: starts the CLI (`main.ts`, bundled by scripts/bundle.mjs into one
 * CommonJS file) through a V8 code cache, so that a start does not compile again what the last
 * build compiled. Compiling the ~2 MB bundle and the functions a build calls took ~60–90 ms of
 * every run (an edit at 1k articles: 0.34 s without the cache, 0.28 s with it), which a warm or
 * one-edit build pays in full.
 *
 * The cache lives in the package (`lib/.code-cache/`), never in a site folder: it is code, as
 * trusted as the bundle beside it. Its file is named after the bundle's content (its SHA-256),
 * Node's version and architecture and Node's flags (given and in NODE_OPTIONS), and V8 checks it
 * again before using it (its version, flags, the source's length); a cache V8 refuses is only a
 * slower start. V8 does not check the bytes themselves (one flipped byte crashed the process), so the
 * file carries their SHA-256, checked first (~1 ms): a damaged or cut-off cache is no cache, and
 * one that passes but crashed a run is not tried again (see `crashedOnCache`). It is written when
 * there was none or V8 refused it, and again after a long run (a full build) that compiled much
 * more than it held; the 16 most recently used are kept. A package folder that cannot be
 * written to keeps working without one.
 */
import { createHash } from "node:crypto";
import { accessSync, constants as fsConstants, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { constants, Script } from "node:vm";

/** The bundle's file name under `lib/chunks/`, set by scripts/bundle.mjs. */
declare const WARTA_BUNDLE: string;

// The render loops turn on `--expose-gc` (src/util/heap.ts). V8 refuses a cache made under other
// flags than its own: turned on here, before the bundle is compiled, both sides have it.
setFlagsFromString("--expose-gc");

const lib = dirname(dirname(fileURLToPath(import.meta.url)));
const bundle = join(lib, "chunks", WARTA_BUNDLE);
const cacheDir = join(lib, ".code-cache");
const source = readFileSync(bundle, "utf8");
// The bundle's content, not only its name: V8 compares a cache with the source's length alone, and
// a bundle patched in place to the same length would otherwise run the old code (~1.5 ms for 2.3 MB).
const key = createHash("sha256").update([createHash("sha256").update(source).digest("hex"), process.version, process.arch, process.env.NODE_OPTIONS ?? "", ...process.execArgv].join("\0")).digest("hex").slice(0, 16);
const cacheFile = join(cacheDir, `${key}.bin`);
/** Present while this process runs from the cache (see `crashedOnCache`). */
const marker = `${cacheFile}.${process.pid}.run`;
/** Cache files kept (one per set of Node flags), the most recently used. */
const KEEP = 16;

const MAGIC = Buffer.from("WARTA-V8-CODE-1\n", "latin1");
const HEAD = MAGIC.length + 32;
const digest = (data: Uint8Array): Buffer => createHash("sha256").update(data).digest();

/** The cache's bytes, if the file is whole: magic, then the SHA-256 of what follows it. */
function readCache(): Buffer | undefined {
  if (crashedOnCache()) {
    removeQuietly(cacheFile);
    return undefined;
  }
  try {
    const file = readFileSync(cacheFile);
    const data = file.subarray(HEAD);
    return file.length > HEAD && file.subarray(0, MAGIC.length).equals(MAGIC) && digest(data).equals(file.subarray(MAGIC.length, HEAD)) ? data : undefined;
  } catch {
    return undefined; // none yet
  }
}

/**
 * Whether a run that used this cache ended without its exit handler (a crash; also a kill, or
 * Ctrl+C in a build): its marker is still there and its process gone. V8 trusts a cache it
 * accepts, and bytes that pass the checksum but crash V8 (a tampered file, a V8 bug) would crash
 * every run; such a cache is tried once, then made again. The markers found are removed.
 */
function crashedOnCache(): boolean {
  let names: string[];
  try {
    names = readdirSync(cacheDir);
  } catch {
    return false;
  }
  const prefix = `${key}.bin.`;
  let crashed = false;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(".run")) continue;
    const pid = Number(name.slice(prefix.length, -".run".length));
    if (Number.isSafeInteger(pid) && pid > 0 && alive(pid)) continue;
    crashed = true;
    removeQuietly(join(cacheDir, name));
  }
  return crashed;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

// (This module stays small and imports nothing of warta's: the helpers it needs are its own.)
function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // gone already, or not ours
  }
}

/** Write the cache for the next run (its folder is there): atomically, then keep the `KEEP` most recently used files and no old temp file. */
function writeCache(data: Buffer): void {
  const tmp = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, Buffer.concat([MAGIC, digest(data), data]));
    renameSync(tmp, cacheFile);
  } catch {
    removeQuietly(tmp);
    return;
  }
  const now = Date.now();
  const files = readdirSync(cacheDir).flatMap((name) => {
    try {
      return [{ name, mtimeMs: statSync(join(cacheDir, name)).mtimeMs }];
    } catch {
      return [];
    }
  });
  // Temp files of runs killed while writing, and markers of runs killed (or run in another PID namespace) long ago.
  for (const f of files) if ((f.name.endsWith(".tmp") && now - f.mtimeMs > 10 * 60 * 1000) || (f.name.endsWith(".run") && now - f.mtimeMs > 24 * 3600 * 1000)) removeQuietly(join(cacheDir, f.name));
  const caches = files.filter((f) => f.name.endsWith(".bin")).sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const f of caches.slice(KEEP)) removeQuietly(join(cacheDir, f.name));
}

const cached = readCache();
if (cached) {
  try {
    writeFileSync(marker, "");
    // Kept by use, not by when it was written (see `writeCache`).
    const now = new Date();
    utimesSync(cacheFile, now, now);
  } catch {
    // a read-only install: nothing to mark, nothing written either
  }
}
// The bundle is a CommonJS module: wrapped as Node wraps one, run with its own require (and
// `import()` as in any module: it imports nothing that way today).
const script = new Script(Module.wrap(source), { filename: bundle, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER, ...(cached ? { cachedData: cached } : {}) });
const usable = cached !== undefined && !script.cachedDataRejected;

process.on("exit", () => {
  if (cached) removeQuietly(marker);
  // A long run (a full build) compiled most of the build; a short one keeps a cache V8 took.
  if (usable && performance.now() < 1000) return;
  try {
    // A read-only install would make the data (~10 ms) at every exit, to write nothing.
    mkdirSync(cacheDir, { recursive: true });
    accessSync(cacheDir, fsConstants.W_OK);
    const data = script.createCachedData();
    if (usable && data.length < cached!.length * 1.1) return;
    writeCache(data);
  } catch {
    // a read-only install: no cache, a slower start
  }
});

const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
