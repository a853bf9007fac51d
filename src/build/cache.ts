/**
 * The persistent build cache: one file, `<root>/.warta-cache/state.bin`.
 *
 *   bytes 0–15   magic "WARTA-CACHE-V2\n\0"
 *   bytes 16–19  header length H (uint32 LE)
 *   H bytes      header JSON: { version, code, length, sha256 }
 *   length bytes the BuildState, v8-serialized
 *
 * A cache is used only if every check passes: magic, warta's version, the fingerprint of
 * warta's own code and runtime (`code`: compiled files, installed dependency versions, Node, ICU),
 * exact length, SHA-256 of the payload, and the shape of the state. Anything else (missing,
 * truncated, garbage, bit-flipped, foreign, written by another warta build) is no cache at all:
 * a full build, never an error and never stale data.
 *
 * Saving is skipped when the state equals the one loaded (a warm build with nothing changed
 * writes nothing), and the file is replaced atomically (temp file + rename).
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { PACKAGE_ROOT, VERSION } from "../util/package.ts";
import { emptyState, type BuildState } from "./state.ts";

export const CACHE_DIR = ".warta-cache";
const FILE = "state.bin";
const MAGIC = Buffer.from("WARTA-CACHE-V2\n\0", "latin1");
const PREFIX = MAGIC.length + 4;
const MAX_HEADER = 64 * 1024;
/** Temp files of killed builds older than this are removed on the next save. */
const STALE_TMP_MS = 10 * 60 * 1000;

export interface CacheIdentity {
  version: string;
  code: string;
}

interface Header extends CacheIdentity {
  length: number;
  sha256: string;
}

let identity: CacheIdentity | undefined;

/**
 * What must match for a cache to be trusted. `VERSION` alone is not enough: during development
 * (and with `npm link`) the code changes while the version stays, and a changed Markdown rule
 * would then serve bodies rendered by the old code.
 */
export function currentIdentity(): CacheIdentity {
  if (identity) return identity;
  const h = createHash("sha256");
  const add = (s: string | Uint8Array): void => {
    h.update(s);
    h.update("\0");
  };
  add(VERSION);
  add(`${process.version} icu ${process.versions.icu ?? ""} tz ${process.versions.tz ?? ""} unicode ${process.versions.unicode ?? ""}`);
  // warta's own compiled code: the folder above this module (lib/ when built, src/ under tests).
  const codeDir = dirname(dirname(fileURLToPath(import.meta.url)));
  for (const file of listCode(codeDir)) {
    add(file.slice(codeDir.length));
    add(readFileSync(file));
  }
  // Installed versions of the runtime dependencies (markdown-it, yaml, nunjucks…).
  try {
    const pkg = JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies ?? {}).sort()) add(`${dep}@${installedVersion(dep)}`);
  } catch {
    add("no package.json");
  }
  identity = { version: VERSION, code: h.digest("hex").slice(0, 32) };
  return identity;
}

function listCode(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const p = join(d, name);
      if (/\.(m?js|ts|cjs)$/.test(name)) out.push(p);
      else if (!name.includes(".") && name !== "node_modules") visit(p);
    }
  };
  visit(dir);
  return out;
}

function installedVersion(dep: string): string {
  for (let d = PACKAGE_ROOT; ; d = dirname(d)) {
    try {
      return (JSON.parse(readFileSync(join(d, "node_modules", dep, "package.json"), "utf8")) as { version?: string }).version ?? "?";
    } catch {
      // not installed here: look one folder up
    }
    if (dirname(d) === d) return "missing";
  }
}

/** The last state loaded per root, to skip saving an unchanged one. */
const loaded = new Map<string, BuildState>();

export function loadCache(root: string): BuildState {
  loaded.delete(root);
  try {
    const state = decode(readFileSync(join(root, CACHE_DIR, FILE)), currentIdentity());
    if (!state) return emptyState();
    loaded.set(root, state);
    return state;
  } catch {
    return emptyState();
  }
}

/** The state in `bytes`, or undefined when anything about it is off. */
export function decode(bytes: Buffer, expected: CacheIdentity): BuildState | undefined {
  if (bytes.length < PREFIX || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const headerLength = bytes.readUInt32LE(MAGIC.length);
  if (headerLength > MAX_HEADER || PREFIX + headerLength > bytes.length) return undefined;
  let header: Header;
  try {
    header = JSON.parse(bytes.toString("utf8", PREFIX, PREFIX + headerLength)) as Header;
  } catch {
    return undefined;
  }
  if (header?.version !== expected.version || header.code !== expected.code) return undefined;
  const payload = bytes.subarray(PREFIX + headerLength);
  if (payload.length !== header.length || createHash("sha256").update(payload).digest("hex") !== header.sha256) return undefined;
  let state: unknown;
  try {
    state = deserialize(payload);
  } catch {
    return undefined;
  }
  return validState(state) ? state : undefined;
}

function validState(s: unknown): s is BuildState {
  if (typeof s !== "object" || s === null) return false;
  const st = s as Partial<BuildState>;
  if (typeof st.parseKey !== "string" || !(st.sources instanceof Map) || !(st.outputs instanceof Map)) return false;
  if (st.outDir !== undefined && typeof st.outDir !== "string") return false;
  for (const [k, r] of st.sources) {
    if (typeof r !== "object" || r === null || r.rel !== k || typeof r.size !== "number" || typeof r.mtimeMs !== "number" || typeof r.hash !== "string" || !Array.isArray(r.diagnostics)) return false;
  }
  for (const [k, o] of st.outputs) {
    if (typeof k !== "string" || typeof o !== "object" || o === null || typeof o.hash !== "string") return false;
  }
  return true;
}

export function encode(state: BuildState, id: CacheIdentity = currentIdentity()): Buffer[] {
  const payload = serialize(persisted(state));
  const header = Buffer.from(JSON.stringify({ version: id.version, code: id.code, length: payload.length, sha256: createHash("sha256").update(payload).digest("hex") } satisfies Header));
  const prefix = Buffer.alloc(PREFIX);
  MAGIC.copy(prefix);
  prefix.writeUInt32LE(header.length, MAGIC.length);
  return [prefix, header, payload];
}

/**
 * Write the state for the next build. `id` exists for tests (a cache from another warta).
 * Never throws: a cache that cannot be written only costs speed next time.
 */
export function saveCache(root: string, state: BuildState, id?: CacheIdentity): void {
  const dir = join(root, CACHE_DIR);
  const file = join(dir, FILE);
  try {
    const previous = loaded.get(root);
    if (!id && previous && sameValue(persisted(state), previous) && existsSync(file)) return;
    makeCacheDir(dir);
    removeStaleTemps(dir);
    const tmp = join(dir, `${FILE}.${process.pid}.tmp`);
    const fd = openSync(tmp, "w");
    try {
      for (const part of encode(state, id)) {
        for (let off = 0; off < part.length; ) off += writeSync(fd, part, off, part.length - off);
      }
    } finally {
      closeSync(fd);
    }
    try {
      renameSync(tmp, file);
    } catch (e) {
      // Something else is in the way (a folder named state.bin): the name is ours, replace it.
      if (!existsSync(file) || !statSync(file).isDirectory()) throw e;
      rmSync(file, { recursive: true, force: true });
      renameSync(tmp, file);
    }
    if (!id) loaded.set(root, persisted(state));
  } catch {
    // A cache that cannot be written only costs speed next time.
  }
}

/** `.warta-cache/`, replacing a plain file of that name (the name is reserved for the cache). */
function makeCacheDir(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    if (!existsSync(dir) || statSync(dir).isDirectory()) throw e;
    unlinkSync(dir);
    mkdirSync(dir, { recursive: true });
  }
}

function removeStaleTemps(dir: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(`${FILE}.`) || !name.endsWith(".tmp")) continue;
    try {
      if (now - statSync(join(dir, name)).mtimeMs > STALE_TMP_MS) unlinkSync(join(dir, name));
    } catch {
      // gone already
    }
  }
}

/** The part of a state that goes to disk: not what `dev` keeps in memory. */
function persisted(state: BuildState): BuildState {
  const { live: _live, ...rest } = state;
  return rest;
}

/** Structural equality of plain data (Maps, arrays, objects, primitives), by reference first. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return Number.isNaN(a) && Number.isNaN(b);
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !sameValue(v, b.get(k))) return false;
    return true;
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

export function clearCache(root: string): void {
  loaded.delete(root);
  rmSync(join(root, CACHE_DIR), { recursive: true, force: true });
}
