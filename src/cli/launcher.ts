#!/usr/bin/env -S node --max-semi-space-size=16
/**
 * The `warta` command: starts the CLI (`main.ts`, bundled by scripts/bundle.mjs into one
 * CommonJS file) through a V8 code cache, so that a start does not compile again what the last
 * build compiled. Compiling the ~2 MB bundle and the functions a build calls took ~60–90 ms of
 * every run (an edit at 1k articles: 0.34 s without the cache, 0.28 s with it), which a warm or
 * one-edit build pays in full.
 *
 * The cache lives in the package (`lib/.code-cache/`), never in a site folder: it is code, as
 * trusted as the bundle beside it. Its file is named after the bundle (whose name is a hash of its
 * content), Node's version and architecture and Node's flags, and V8 checks it again before
 * using it (version, flags, source); a cache V8 refuses is only a slower start. V8 does not check
 * the bytes themselves (one flipped byte crashed the process), so the file carries their SHA-256,
 * checked first (~1 ms): a damaged or cut-off cache is no cache. It is written
 * when there was none or V8 refused it, and again after a long run (a full build) that compiled
 * much more than it held. A package folder that cannot be written to keeps working without one.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from "node:fs";
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
const key = createHash("sha256").update([WARTA_BUNDLE, process.version, process.arch, ...process.execArgv].join("\0")).digest("hex").slice(0, 16);
const cacheFile = join(lib, ".code-cache", `${key}.bin`);

const MAGIC = Buffer.from("WARTA-V8-CODE-1\n", "latin1");
const HEAD = MAGIC.length + 32;
const digest = (data: Uint8Array): Buffer => createHash("sha256").update(data).digest();

/** The cache's bytes, if the file is whole: magic, then the SHA-256 of what follows it. */
function readCache(): Buffer | undefined {
  try {
    const file = readFileSync(cacheFile);
    const data = file.subarray(HEAD);
    return file.length > HEAD && file.subarray(0, MAGIC.length).equals(MAGIC) && digest(data).equals(file.subarray(MAGIC.length, HEAD)) ? data : undefined;
  } catch {
    return undefined; // none yet
  }
}

const cached = readCache();
// The bundle is a CommonJS module: wrapped as Node wraps one, run with its own require (and
// `import()` as in any module: it imports nothing that way today).
const script = new Script(Module.wrap(readFileSync(bundle, "utf8")), { filename: bundle, importModuleDynamically: constants.USE_MAIN_CONTEXT_DEFAULT_LOADER, ...(cached ? { cachedData: cached } : {}) });
const usable = cached !== undefined && !script.cachedDataRejected;

process.on("exit", () => {
  // A long run (a full build) compiled most of the build; a short one keeps a cache V8 took.
  if (usable && performance.now() < 1000) return;
  try {
    const data = script.createCachedData();
    if (usable && data.length < cached!.length * 1.1) return;
    mkdirSync(dirname(cacheFile), { recursive: true });
    const tmp = `${cacheFile}.${process.pid}.tmp`;
    try {
      writeFileSync(tmp, Buffer.concat([MAGIC, digest(data), data]));
      renameSync(tmp, cacheFile);
    } catch {
      try {
        unlinkSync(tmp);
      } catch {
        // not written
      }
    }
  } catch {
    // a read-only install: no cache, a slower start
  }
});

const run = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: object, filename: string, dirname: string) => void;
const module = { exports: {}, filename: bundle, id: bundle, loaded: false };
run.call(module.exports, module.exports, createRequire(bundle), module, bundle, dirname(bundle));
