/**
 * The persistent build cache, in `<root>/.warta-cache/`:
 *
 * `state.bin`, the BuildState:
 *   bytes 0–15   magic "WARTA-CACHE-V5\n\0"
 *   bytes 16–19  header length H (uint32 LE)
 *   H bytes      header JSON: { version, code, quickLength, quickSha256, length, sha256, shape, delta }
 *   quickLength bytes  JSON: the last good build's quick record and the paths of its output
 *                files: all a warm build with nothing changed reads (see quick.ts)
 *   length bytes the state (records, manifest…), v8-serialized
 * `shape.bin`, the last good build's model and plan (its "shape"), v8-serialized on their own:
 *   magic "WARTA-SHAPE-V1\n\0", header length, header JSON { version, code, key, id, length }, bytes.
 *   The state's header names it by key and SHA-256 (`shape`). A build reads it only when it can
 *   use it (an edit that moved no article), and a build that patched it leaves the file as it
 *   is: the state keeps the records edited since (see `shapeOf`).
 * The state does not repeat what the shape holds: a record whose article is in the shape's model,
 *   made from the same content (same hash), is stored without it and listed in `inShape`; the
 *   loader takes it from the shape (read then, and checked as always). At 10k articles the state
 *   file is then 6.6 MB instead of 12.7, and its records decode in a third of the time. A state
 *   whose shape file is gone or damaged is no cache at all.
 * `bodies.bin`, the rendered article bodies the records point at (see body-store.ts): read one
 *   by one, for the pages a build renders.
 * `delta.bin`, what changed since `state.bin` was written (see `StoredDelta`): a build after a
 *   few edits writes kilobytes there instead of the whole state; past a size, a whole state again.
 *   The state's header names its delta (last field, rewritten in place), so a delta that is gone
 *   or damaged makes the cache no cache, never an older one. The same field marks the state while
 *   a build changes the output in place (`markOutputChanging`): killed before it saved, the build
 *   leaves no cache that takes the old output as current.
 *
 * A state is used only if every check passes: magic, warta's version, the fingerprint of
 * warta's own code and runtime (`code`: compiled files, installed dependency versions, Node, ICU),
 * exact length, SHA-256 of the payload, and the shape of the state. Anything else (missing,
 * truncated, garbage, bit-flipped, foreign, written by another warta build) is no cache at all:
 * a full build, never an error and never stale data. A body is used only if its SHA-1 matches;
 * else its source is parsed again.
 *
 * Saving is skipped when the state equals the one loaded (a warm build with nothing changed
 * writes nothing), and the file is replaced atomically (temp file + rename).
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fstatSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CACHE_DIR } from "../config/files.ts";
import { deserialize, serialize } from "node:v8";
import { clearNonFolder, isOwnFolder } from "../util/own-folder.ts";
import { PACKAGE_ROOT, VERSION } from "../util/package.ts";
import type { OutputFile } from "../render/site-files.ts";
import { BODIES_FILE, BodyStore, writeAll, writeBodies, type StoredBodies } from "./body-store.ts";
import type { QuickRecord } from "./quick.ts";
import type { Shape } from "./shape.ts";
import { emptyState, type BuildState, type CachedShape, type OutputRecord, type SourceRecord } from "./state.ts";

export { CACHE_DIR };
const FILE = "state.bin";
const MAGIC = Buffer.from("WARTA-CACHE-V5\n\0", "latin1");
const PREFIX = MAGIC.length + 4;
const MAX_HEADER = 64 * 1024;
/** Temp files of killed builds older than this are removed on the next save. */
const STALE_TMP_MS = 10 * 60 * 1000;

export interface CacheIdentity {
  version: string;
  code: string;
}

interface Header extends CacheIdentity {
  /** Bytes of the quick part, and their SHA-256. */
  quickLength: number;
  quickSha256: string;
  /** Bytes of the state, and their SHA-256. */
  length: number;
  sha256: string;
  /** The shape file that goes with the state: its key (see shape.ts), so that a build that cannot use it never reads it, and the SHA-256 of its bytes. */
  shape?: ShapeRef;
  /**
   * SHA-256 of the delta payload saved since (see `StoredDelta`), or `NO_DELTA`. Always the last
   * field, 64 characters wide: a delta save rewrites it in place, so that a state whose delta is
   * gone (deleted, lost) is no cache instead of an older one.
   */
  delta: string;
}

const NO_DELTA = "0".repeat(64);

interface ShapeRef {
  key: string;
  id: string;
}

const SHAPE_FILE = "shape.bin";
const SHAPE_MAGIC = Buffer.from("WARTA-SHAPE-V1\n\0", "latin1");
const DELTA_FILE = "delta.bin";
const DELTA_MAGIC = Buffer.from("WARTA-DELTA-V1\n\0", "latin1");

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
  // The bundles under chunks/ are named after a hash of their content (`chunks/warta-ABF2FBIX.cjs`,
  // see scripts/bundle.mjs): their names say what they hold, and the 4 MB of them are not read
  // again by every warm build (~40 ms of a 1k site's 0.26 s for 1.8 MB). Every other file is read.
  const codeDir = dirname(dirname(fileURLToPath(import.meta.url)));
  for (const file of listCode(codeDir)) {
    const rel = file.slice(codeDir.length);
    add(rel);
    if (!/^[\\/]chunks[\\/][\w-]+-[A-Z0-9]{8}\.c?js$/.test(rel)) add(readFileSync(file));
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

/**
 * What was loaded or saved last per root: the state (to skip saving it unchanged) and the state
 * file as it is on disk (to save only what changed since, as a delta).
 */
const loaded = new Map<string, { state: StoredState; shape: unknown; base?: BaseFile; delta?: string }>();

/** The state file `stored` was written as (its payload's SHA-256, its shape), kept to save deltas against; its maps copied. */
function baseFileOf(stored: StoredState, sha256: string, shapeId: string): BaseFile {
  return { sha256, shapeId, sources: new Map(stored.sources), outputs: new Map(stored.outputs), related: stored.related, inShape: stored.inShape ?? [] };
}

/** The state file on disk, as a later delta describes changes to it. */
interface BaseFile {
  /** SHA-256 of its state payload (the header's `sha256`): a delta names the file it extends. */
  sha256: string;
  /** The shape file it goes with: a build that saves another shape saves a whole state. */
  shapeId: string;
  /** Its records and manifest (copies: builds change the live maps in place). */
  sources: ReadonlyMap<string, SourceRecord>;
  outputs: ReadonlyMap<string, OutputRecord>;
  related: BuildState["related"];
  /** The records it stores without their article (taken from the shape). */
  inShape: readonly string[];
}

export function loadCache(root: string): BuildState {
  loaded.delete(root);
  try {
    const dir = readableCacheDir(root);
    if (!dir) return emptyState();
    const state = decode(readFileSync(join(dir, FILE)), currentIdentity(), dir);
    if (!state) return emptyState();
    const store = BodyStore.open(dir);
    if (store) state.bodyStore = store;
    const base = decodedBases.get(state);
    const delta = decodedDeltas.get(state);
    loaded.set(root, { state: { ...storedState(state, undefined), ...decodedExtras.get(state) }, shape: state.live?.cachedShape?.id, ...(base ? { base } : {}), ...(delta ? { delta } : {}) });
    return state;
  } catch {
    return emptyState();
  }
}

/** The quick part of a cache file: all that a warm build which changes nothing reads. */
export interface QuickPart {
  record: QuickRecord;
  /** Every output file of the last good build. */
  outputs: string[];
}

export interface CacheFile {
  /** When the file has a trustworthy quick part. */
  quick?: QuickPart;
  /** The whole state, read and decoded now (the empty state when there is none to trust). */
  state(): BuildState;
}

/**
 * The cache of `root` with only its header and quick part read: a warm build that finds nothing
 * changed never reads the rest (28 MB at 10k articles).
 */
export function openCache(root: string): CacheFile {
  const state = (): BuildState => loadCache(root);
  let fd: number | undefined;
  try {
    const dir = readableCacheDir(root);
    if (!dir) return { state };
    fd = openSync(join(dir, FILE), "r");
    const size = fstatSync(fd).size;
    const found = readHeader(readAt(fd, 0, Math.min(size, PREFIX + MAX_HEADER)), currentIdentity());
    if (!found || size !== PREFIX + found.headerLength + found.header.quickLength + found.header.length) return { state };
    // A delta saved since has the last build's quick part.
    const delta = deltaQuick(dir, found.header);
    if (delta !== undefined) return delta === "bad" || delta === "none" ? { state } : { quick: delta, state };
    if (!found.header.quickLength) return { state };
    const quick = decodeQuick(readAt(fd, PREFIX + found.headerLength, found.header.quickLength), found.header.quickSha256);
    return quick ? { quick, state } : { state };
  } catch {
    return { state };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The quick part of the delta the state names: undefined when it names none, "none" when the delta has no quick part, "bad" when it cannot be used. */
function deltaQuick(dir: string, state: Header): QuickPart | "none" | "bad" | undefined {
  if (state.delta === NO_DELTA) return unnamedDelta(dir, state) ? "bad" : undefined;
  let fd: number | undefined;
  try {
    fd = openSync(join(dir, DELTA_FILE), "r");
  } catch {
    return "bad";
  }
  try {
    const size = fstatSync(fd).size;
    const found = deltaHeader(readAt(fd, 0, Math.min(size, PREFIX + MAX_HEADER)), state, currentIdentity());
    if (found === "bad" || size !== PREFIX + found.headerLength + found.header.quickLength + found.header.length) return "bad";
    if (!found.header.quickLength) return "none";
    return decodeQuick(readAt(fd, PREFIX + found.headerLength, found.header.quickLength), found.header.quickSha256) ?? "bad";
  } catch {
    return "bad";
  } finally {
    closeSync(fd);
  }
}

function readAt(fd: number, position: number, length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, bytes, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return bytes.subarray(0, done);
}

/** The header at the start of `bytes` when it is one of this warta's, else undefined. */
function readHeader(bytes: Buffer, expected: CacheIdentity): { header: Header; headerLength: number } | undefined {
  const found = readFrame<Header>(bytes, MAGIC, expected);
  if (!found) return undefined;
  const { header } = found;
  const sizes = [header.length, header.quickLength];
  if (!sizes.every((n) => Number.isSafeInteger(n) && n! >= 0) || typeof header.quickSha256 !== "string" || !/^[0-9a-f]{64}$/.test(header.delta ?? "")) return undefined;
  return { header: header as Header, headerLength: found.headerLength };
}

/** The reverse of `framed`: the header JSON after `magic`, when this warta wrote it (version and code). */
function readFrame<H extends CacheIdentity>(bytes: Buffer, magic: Buffer, expected: CacheIdentity): { header: Partial<H> & CacheIdentity; headerLength: number } | undefined {
  if (bytes.length < PREFIX || !bytes.subarray(0, magic.length).equals(magic)) return undefined;
  const headerLength = bytes.readUInt32LE(magic.length);
  if (headerLength > MAX_HEADER || PREFIX + headerLength > bytes.length) return undefined;
  let header: Partial<H> | null;
  try {
    header = JSON.parse(bytes.toString("utf8", PREFIX, PREFIX + headerLength)) as Partial<H> | null;
  } catch {
    return undefined;
  }
  if (header?.version !== expected.version || header.code !== expected.code) return undefined;
  return { header: header as Partial<H> & CacheIdentity, headerLength };
}

function decodeQuick(bytes: Buffer, sha256: string): QuickPart | undefined {
  if (createHash("sha256").update(bytes).digest("hex") !== sha256) return undefined;
  try {
    const part = JSON.parse(bytes.toString("utf8")) as { record?: Partial<Omit<QuickRecord, "validUntilMs">> & { validUntilMs?: number | null }; outputs?: unknown };
    const r = part.record;
    if (!r || typeof r.key !== "string" || typeof r.outId !== "string" || typeof r.validFromMs !== "number" || !(r.validUntilMs === null || typeof r.validUntilMs === "number") || typeof r.articles !== "number" || typeof r.pages !== "number") return undefined;
    if (!Array.isArray(r.diagnostics) || !r.diagnostics.every((d) => typeof d?.file === "string" && typeof d.message === "string")) return undefined;
    if (!Array.isArray(part.outputs) || !part.outputs.every((p) => typeof p === "string")) return undefined;
    const record: QuickRecord = { key: r.key, outId: r.outId, validFromMs: r.validFromMs, validUntilMs: r.validUntilMs ?? Infinity, articles: r.articles, pages: r.pages, diagnostics: r.diagnostics };
    return { record, outputs: part.outputs as string[] };
  } catch {
    return undefined;
  }
}

/** The state in `bytes`, or undefined when anything about it is off. Its shape stays in `dir`'s shape file. */
export function decode(bytes: Buffer, expected: CacheIdentity, dir?: string): BuildState | undefined {
  const found = readHeader(bytes, expected);
  if (!found) return undefined;
  const { header, headerLength } = found;
  const quickAt = PREFIX + headerLength;
  const quick = header.quickLength ? decodeQuick(bytes.subarray(quickAt, quickAt + header.quickLength), header.quickSha256) : undefined;
  if (header.quickLength && !quick) return undefined;
  const payload = bytes.subarray(quickAt + header.quickLength);
  if (payload.length !== header.length) return undefined;
  if (createHash("sha256").update(payload).digest("hex") !== header.sha256) return undefined;
  let state: unknown;
  try {
    state = deserialize(payload);
  } catch {
    return undefined;
  }
  if (!validState(state)) return undefined;
  let stored = state as StoredState;
  let quickRecord = quick?.record;
  let ref = header.shape;
  let base: BaseFile | undefined;
  if (dir !== undefined) {
    // The state file as saved, for the next save's delta; then the delta saved since, if any.
    if (typeof ref?.id === "string") base = baseFileOf(stored, header.sha256, ref.id);
    const delta = readDelta(dir, header, expected);
    if (delta === "bad") return undefined;
    if (delta) {
      stored = applyDelta(stored, delta.delta);
      if (!validState(stored)) return undefined;
      quickRecord = delta.quick?.record;
      ref = delta.shape;
    }
  }
  const { shapeBase, inShape, ...rest } = stored;
  const result: BuildState = quickRecord ? { ...rest, quick: quickRecord } : rest;
  const shapeRef = ref;
  const usable = dir !== undefined && typeof shapeRef?.key === "string" && typeof shapeRef.id === "string" && (shapeBase === undefined || shapeBase instanceof Map);
  if (inShape?.length && !usable) return undefined;
  if (usable) {
    // The records the shape was made from: the state's, but for those that changed since.
    let sources = result.sources;
    if (shapeBase?.size) {
      sources = new Map(sources);
      for (const [rel, r] of shapeBase) {
        if (r === null) sources.delete(rel);
        else sources.set(rel, r);
      }
    }
    const cachedShape: CachedShape = { key: shapeRef.key, id: shapeRef.id, file: join(dir, SHAPE_FILE), sources };
    if (inShape?.length && !articlesFromShape(result.sources, inShape, cachedShape, expected)) return undefined;
    result.live = { cachedShape };
  }
  decodedExtras.set(result, { ...(shapeBase ? { shapeBase } : {}), ...(inShape ? { inShape } : {}) });
  if (base) decodedBases.set(result, base);
  if (header.delta !== NO_DELTA) decodedDeltas.set(result, header.delta);
  return result;
}

/** What a decoded state was stored with beyond its fields: a save of the same state compares equal. */
const decodedExtras = new WeakMap<BuildState, Pick<StoredState, "shapeBase" | "inShape">>();
const decodedBases = new WeakMap<BuildState, BaseFile>();
/** The delta a decoded state's file named (to name it again when a build saved nothing). */
const decodedDeltas = new WeakMap<BuildState, string>();

/**
 * Give the records listed in `inShape` their articles back from the shape file (read, checked and
 * decoded here; kept on `cached` for the build). False when the shape cannot give every one of
 * them, made from the same content: then the state is no cache at all.
 */
function articlesFromShape(records: ReadonlyMap<string, SourceRecord>, inShape: readonly string[], cached: CachedShape, expected: CacheIdentity): boolean {
  const stored = storedShape(cached, expected);
  if (!stored) return false;
  const { articles } = stored.model;
  for (const rel of inShape) {
    const r = records.get(rel) as SourceRecord | undefined;
    const index = stored.indexByFile.get(rel);
    const article = index === undefined ? undefined : articles[index];
    if (!r || r.article !== undefined || article?.file !== rel || cached.sources.get(rel)?.hash !== r.hash) return false;
    // The model's article is the record's plus what the model adds (index, keys, day): every
    // reader of a record's article takes the record's fields, and the model overwrites the rest.
    r.article = article;
  }
  return true;
}

/**
 * The shape `cached` names, read from its file, checked and decoded once (kept on `cached`: the
 * loader and the build both use it); undefined when it is not there or does not look right.
 */
function storedShape(cached: CachedShape, expected: CacheIdentity): StoredShape | undefined {
  if (cached.stored !== undefined) return cached.stored as StoredShape;
  try {
    const bytes = cached.bytes ?? readShapeFile(cached.file, cached, expected);
    if (!bytes) return undefined;
    const stored: unknown = deserialize(bytes);
    if (!validShape(stored)) return undefined;
    cached.bytes = bytes;
    cached.stored = stored;
    return stored;
  } catch {
    return undefined;
  }
}

/**
 * The shape of a cached state, decoded if its key is `key`; undefined when it is another or does
 * not look right (the build then makes its own).
 */
export function openShape(cached: CachedShape | undefined, key: string): Shape | undefined {
  if (!cached || cached.key !== key) return undefined;
  const stored = storedShape(cached, currentIdentity());
  return stored ? { ...restoreShape(stored, cached.sources), base: cached } : undefined;
}

/** The shape file's header when it is this warta's, or undefined. */
function shapeHeader(bytes: Buffer, expected: CacheIdentity): (ShapeRef & { length: number; headerLength: number }) | undefined {
  const found = readFrame<CacheIdentity & ShapeRef & { length: number }>(bytes, SHAPE_MAGIC, expected);
  const h = found?.header;
  if (!h || typeof h.key !== "string" || typeof h.id !== "string" || !Number.isSafeInteger(h.length)) return undefined;
  return { key: h.key, id: h.id, length: h.length!, headerLength: found.headerLength };
}

/** The bytes of the shape `ref` names in `file`, checked by its SHA-256; undefined when they are not there. */
function readShapeFile(file: string, ref: ShapeRef, expected: CacheIdentity): Buffer | undefined {
  const bytes = readFileSync(file);
  const h = shapeHeader(bytes, expected);
  if (!h || h.key !== ref.key || h.id !== ref.id || bytes.length !== PREFIX + h.headerLength + h.length) return undefined;
  const payload = bytes.subarray(PREFIX + h.headerLength);
  return createHash("sha256").update(payload).digest("hex") === ref.id ? payload : undefined;
}

/** Which shape the shape file in `dir` holds, from its header alone. */
function shapeOnDisk(dir: string, expected: CacheIdentity): ShapeRef | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(join(dir, SHAPE_FILE), "r");
    const h = shapeHeader(readAt(fd, 0, PREFIX + MAX_HEADER), expected);
    return h && fstatSync(fd).size === PREFIX + h.headerLength + h.length ? { key: h.key, id: h.id } : undefined;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * The state as it is on disk: no bodies (they are in the bodies file), no live part; when the
 * shape saved is an earlier one (`Shape.base`), the records it was made from that differ now.
 */
type StoredState = Omit<BuildState, "live" | "bodyStore"> & { shapeBase?: ShapeBase; inShape?: string[] };
/** Path → the record the saved shape was made from, or null: not one of its sources. */
type ShapeBase = Map<string, SourceRecord | null>;

/** Past this many edited records a patched shape is saved whole instead of as base + records. */
const MAX_SHAPE_BASE = 500;
/** The shape as it is on disk: without the sources it shares with the state, sitemaps as text. */
type StoredShape = Omit<Shape, "sources" | "sitemaps"> & { sitemaps: { path: string; text: string; fingerprint?: string }[] };

function storeShape(shape: Shape): StoredShape {
  const { sources: _sources, sitemaps, base: _base, ...rest } = shape;
  return { ...rest, sitemaps: sitemaps.map((f) => ({ path: f.path, text: f.content(), ...(f.fingerprint !== undefined ? { fingerprint: f.fingerprint } : {}) })) };
}

function restoreShape(stored: StoredShape, sources: ReadonlyMap<string, SourceRecord>): Shape {
  const sitemaps: OutputFile[] = stored.sitemaps.map(({ path, text, fingerprint }) => ({ path, content: () => text, ...(fingerprint !== undefined ? { fingerprint } : {}), sitemap: true }));
  return { ...stored, sources, sitemaps };
}

function validShape(s: unknown): s is StoredShape {
  if (typeof s !== "object" || s === null) return false;
  const sh = s as Partial<StoredShape>;
  const m = sh.model;
  return typeof sh.key === "string" && typeof sh.validFromMs === "number" && typeof sh.validUntilMs === "number" && typeof m === "object" && m !== null && Array.isArray(m.articles)
    && m.tags instanceof Map && m.categories instanceof Map && m.authors instanceof Map && m.days instanceof Map && Array.isArray(m.related)
    && typeof sh.related === "object" && sh.related !== null && Array.isArray(sh.plan?.pages) && Array.isArray(sh.plan?.nav) && typeof sh.plan?.chromeHash === "string"
    && sh.indexByFile instanceof Map && sh.imageDims instanceof Map && Array.isArray(sh.diagnostics)
    && Array.isArray(sh.sitemaps) && sh.sitemaps.every((f) => typeof f?.path === "string" && typeof f.text === "string");
}

const isRef = (x: unknown): boolean => Array.isArray(x) && x.length === 3 && typeof x[0] === "number" && typeof x[1] === "number" && typeof x[2] === "string";

function validState(s: unknown): s is BuildState {
  if (typeof s !== "object" || s === null) return false;
  const st = s as Partial<BuildState>;
  if (typeof st.parseKey !== "string" || !(st.sources instanceof Map) || !(st.outputs instanceof Map)) return false;
  if (st.outDir !== undefined && typeof st.outDir !== "string") return false;
  if (st.outId !== undefined && typeof st.outId !== "string") return false;
  if (st.bodiesId !== undefined && typeof st.bodiesId !== "string") return false;
  for (const [k, r] of st.sources) {
    if (typeof r !== "object" || r === null || r.rel !== k || typeof r.size !== "number" || typeof r.stampMs !== "number" || typeof r.hash !== "string" || !Array.isArray(r.diagnostics)) return false;
    if (r.bodyHtml !== undefined || (r.bodyRef !== undefined && !isRef(r.bodyRef))) return false;
  }
  for (const [k, o] of st.outputs) {
    if (typeof k !== "string" || typeof o !== "object" || o === null || typeof o.hash !== "string") return false;
  }
  const inShape = (s as StoredState).inShape;
  if (inShape !== undefined && (!Array.isArray(inShape) || !inShape.every((rel) => typeof rel === "string"))) return false;
  const base = (s as StoredState).shapeBase;
  if (base !== undefined) {
    if (!(base instanceof Map)) return false;
    for (const [k, r] of base) if (r !== null && (typeof r !== "object" || r.rel !== k || typeof r.hash !== "string")) return false;
  }
  return true;
}

/**
 * The state as it goes to disk, with the bodies where `bodies` put them. Records that are
 * already as stored stay the same objects (an unchanged state compares cheaply).
 */
function storedState(state: BuildState, bodies: StoredBodies | undefined, shapeBase?: ShapeBase): StoredState {
  const { live: _live, bodyStore: _store, ...plainState } = state;
  const rest: StoredState = shapeBase ? { ...plainState, shapeBase } : plainState;
  if (!bodies) return rest;
  const sources = new Map<string, SourceRecord>();
  for (const [rel, r] of state.sources) {
    const ref = bodies.refs.get(r);
    if (r.bodyHtml === undefined && r.bodyRef === ref) {
      sources.set(rel, r);
      continue;
    }
    const plain = withoutBody(r);
    sources.set(rel, ref ? { ...plain, bodyRef: ref } : plain);
  }
  return { ...rest, sources, bodiesId: bodies.id };
}

/** A record as stored: its body is in the bodies file, if anywhere. */
function withoutBody(r: SourceRecord): SourceRecord {
  const { bodyHtml: _body, bodyRef: _ref, ...plain } = r;
  return plain;
}

/**
 * The shape that goes with `state` on disk, and how the records it was made from differ from the
 * state's (`base`). A shape patched from cached bytes (`Shape.base`) is saved as those bytes, so
 * that the next build patches again from there, unless too many records changed since.
 */
function shapeOf(state: BuildState): { shape?: Shape | CachedShape; base?: ShapeBase; articlesAt?: ReadonlyMap<string, number> } {
  const made = state.live?.shape;
  const cached = made?.base ?? state.live?.cachedShape;
  if (cached) {
    const base = changedSince(cached.sources, state.sources);
    // Where the saved shape's model has each article: a patched shape keeps its base's places.
    const articlesAt = made?.indexByFile ?? (cached.stored as StoredShape | undefined)?.indexByFile;
    if (base.size <= MAX_SHAPE_BASE || !made) return { shape: cached, ...(base.size ? { base } : {}), ...(articlesAt ? { articlesAt } : {}) };
  }
  if (!made) return {};
  const base = changedSince(made.sources, state.sources);
  return { shape: { ...made, base: undefined }, ...(base.size ? { base } : {}), articlesAt: made.indexByFile };
}

/**
 * The stored records whose article the saved shape holds, made from the same content: they are
 * written without it (see `inShape`).
 */
function articlesInShape(records: ReadonlyMap<string, SourceRecord>, shapeSources: ReadonlyMap<string, SourceRecord>, articlesAt: ReadonlyMap<string, number>): SourceRecord[] {
  const found: SourceRecord[] = [];
  for (const [rel, r] of records) {
    if (r.article && articlesAt.has(rel) && shapeSources.get(rel)?.hash === r.hash) found.push(r);
  }
  return found;
}

/** The records of `from` that `now` does not have as they were (by content), and the paths only `now` has. */
function changedSince(from: ReadonlyMap<string, SourceRecord>, now: ReadonlyMap<string, SourceRecord>): ShapeBase {
  const base: ShapeBase = new Map();
  if (from === now) return base;
  for (const [rel, r] of from) {
    const current = now.get(rel);
    if (current === r || current?.hash === r.hash) continue;
    base.set(rel, withoutBody(r));
  }
  for (const rel of now.keys()) if (!from.has(rel)) base.set(rel, null);
  return base;
}

/** The state file's bytes, and the SHA-256 of its state payload (what a delta names as its base). */
export function encode(stored: StoredState, shape: ShapeRef | undefined, id: CacheIdentity = currentIdentity(), inShape: readonly SourceRecord[] = []): { parts: Buffer[]; sha256: string } {
  const { quick, ...plain } = stored;
  const quickPart = encodeQuick(stored);
  const statePart = serializeWithout(plain, inShape);
  const sha256 = createHash("sha256").update(statePart).digest("hex");
  const quickSha256 = createHash("sha256").update(quickPart).digest("hex");
  const header = { version: id.version, code: id.code, quickLength: quickPart.length, quickSha256, length: statePart.length, sha256, ...(shape ? { shape } : {}), delta: NO_DELTA } satisfies Header;
  return { parts: [...framed(MAGIC, header), quickPart, statePart], sha256 };
}

/** The quick part: the quick record and the paths of every output file, as JSON (none without a quick record). */
function encodeQuick(stored: StoredState): Buffer {
  const { quick } = stored;
  // JSON has no Infinity: a site where time changes nothing stores null.
  return !quick ? Buffer.alloc(0) : Buffer.from(JSON.stringify({ record: { ...quick, validUntilMs: Number.isFinite(quick.validUntilMs) ? quick.validUntilMs : null }, outputs: [...stored.outputs.keys()] }));
}

/**
 * `delta.bin`: what changed since the state file was written, so that an edit at 10k articles
 * writes a few kilobytes instead of the whole state (6 MB):
 *   magic "WARTA-DELTA-V1\n\0", header length, header JSON { version, code, base, quickLength,
 *   quickSha256, length, sha256, shape }, the quick part (as in the state file), the delta
 *   (v8-serialized): every field of the state but its maps, and of the records and the manifest
 *   the entries that differ (null: gone).
 * `base` is the SHA-256 of the state payload it extends. A delta that is there but does not fit
 * (damaged, foreign, another base: a save killed between writing a whole state and removing the
 * delta) makes the cache no cache at all: the state alone would describe older output.
 */
interface StoredDelta {
  fields: Omit<StoredState, "sources" | "outputs" | "inShape" | "quick" | "related"> & { related?: BuildState["related"] };
  /** The state file's `related` is still right. */
  sameRelated: boolean;
  sources: Map<string, SourceRecord | null>;
  outputs: Map<string, OutputRecord | null>;
}

interface DeltaHeader extends CacheIdentity {
  base: string;
  quickLength: number;
  quickSha256: string;
  length: number;
  sha256: string;
  shape: ShapeRef;
}

/** Past this many changed entries (or an eighth of all), a whole state is written instead. */
const MAX_DELTA = 4000;

/** The delta of `stored` against the state file `base`, or undefined when a whole state is due. */
function deltaFrom(base: BaseFile, stored: StoredState): StoredDelta | undefined {
  const limit = Math.min(MAX_DELTA, Math.max(64, (stored.sources.size + stored.outputs.size) / 8));
  const sources = new Map<string, SourceRecord | null>();
  const outputs = new Map<string, OutputRecord | null>();
  for (const [rel, r] of stored.sources) {
    const was = base.sources.get(rel);
    if (r !== was && !sameValue(r, was)) sources.set(rel, r);
  }
  for (const rel of base.sources.keys()) if (!stored.sources.has(rel)) sources.set(rel, null);
  if (sources.size > limit) return undefined;
  for (const [path, o] of stored.outputs) {
    const was = base.outputs.get(path);
    if (o !== was && (was === undefined || o.hash !== was.hash || o.fingerprint !== was.fingerprint)) outputs.set(path, o);
  }
  for (const path of base.outputs.keys()) if (!stored.outputs.has(path)) outputs.set(path, null);
  if (sources.size + outputs.size > limit) return undefined;
  const { sources: _s, outputs: _o, inShape: _i, quick: _q, related, ...fields } = stored;
  const sameRelated = related === base.related || sameValue(related, base.related);
  return { fields: sameRelated ? fields : { ...fields, ...(related ? { related } : {}) }, sameRelated, sources, outputs };
}

/** What a state names while its output folder is being changed: a delta that cannot exist. */
const CHANGING = "f".repeat(64);
/** Roots whose state this process marked as describing output being changed (cleared by a save). */
const marked = new Set<string>();

/**
 * Called before a build changes the output folder in place: until the cache is saved again, the
 * state names a delta that cannot exist, so a build killed before it saved leaves no cache rather
 * than one describing the output as it was (a page rewritten, then its source put back, would
 * otherwise be taken as current). A full build swaps in a new folder, which the state does not
 * name either. Never throws.
 */
export function markOutputChanging(root: string): void {
  if (marked.has(root)) return;
  try {
    const dir = readableCacheDir(root);
    if (dir && nameDelta(join(dir, FILE), undefined, CHANGING)) marked.add(root);
  } catch {
    // no state file: nothing describes the output
  }
}

/**
 * Write `delta` (a payload's SHA-256) into the header of the state file `file` in place, if the
 * file is still the state `base` (any state of this warta: undefined). False when it is not.
 */
function nameDelta(file: string, base: string | undefined, delta: string): boolean {
  const fd = openSync(file, "r+");
  try {
    const head = readAt(fd, 0, PREFIX + MAX_HEADER);
    const found = readHeader(head, currentIdentity());
    if (!found || (base !== undefined && found.header.sha256 !== base)) return false;
    // The header ends with `"delta":"<64 hex>"}`.
    const at = PREFIX + found.headerLength - 2 - 64;
    if (head.toString("latin1", at - 9, at) !== '"delta":"') return false;
    if (writeSync(fd, Buffer.from(delta, "latin1"), 0, 64, at) !== 64) return false;
    fsyncSync(fd);
    return true;
  } finally {
    closeSync(fd);
  }
}

/** The delta file's bytes, and the SHA-256 of its payload (what the state names). */
function encodeDelta(delta: StoredDelta, stored: StoredState, base: string, shape: ShapeRef, id: CacheIdentity): { parts: Buffer[]; sha256: string } {
  const quickPart = encodeQuick(stored);
  const payload = serialize(delta);
  const sha256 = createHash("sha256").update(payload).digest("hex");
  const header = {
    version: id.version, code: id.code, base, quickLength: quickPart.length, quickSha256: createHash("sha256").update(quickPart).digest("hex"),
    length: payload.length, sha256, shape,
  } satisfies DeltaHeader;
  return { parts: [...framed(DELTA_MAGIC, header), quickPart, payload], sha256 };
}

/** The header of the delta in `bytes` when it is the one the state names, extends that state and is this warta's; else "bad". */
function deltaHeader(bytes: Buffer, state: Header, expected: CacheIdentity): { header: DeltaHeader; headerLength: number } | "bad" {
  const found = readFrame<DeltaHeader>(bytes, DELTA_MAGIC, expected);
  const h = found?.header;
  if (!found || !h || h.base !== state.sha256 || h.sha256 !== state.delta || typeof h.shape?.key !== "string" || typeof h.shape.id !== "string" || typeof h.quickSha256 !== "string" || typeof h.sha256 !== "string") return "bad";
  if (![h.quickLength, h.length].every((n) => Number.isSafeInteger(n) && n! >= 0)) return "bad";
  return { header: h as DeltaHeader, headerLength: found.headerLength };
}

/**
 * A state that names no delta while a delta extending it is there has been put back or tampered
 * with (a whole save leaves a delta of the state before it, which extends another): no cache.
 */
function unnamedDelta(dir: string, state: Header): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(join(dir, DELTA_FILE), "r");
    const found = readFrame<DeltaHeader>(readAt(fd, 0, PREFIX + MAX_HEADER), DELTA_MAGIC, { version: state.version, code: state.code });
    return found?.header.base === state.sha256;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The delta the state names, from `dir`: undefined when it names none, "bad" when it is missing or cannot be used. */
function readDelta(dir: string, state: Header, expected: CacheIdentity): { delta: StoredDelta; quick?: QuickPart; shape: ShapeRef } | "bad" | undefined {
  if (state.delta === NO_DELTA) return unnamedDelta(dir, state) ? "bad" : undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(dir, DELTA_FILE));
  } catch {
    return "bad";
  }
  const found = deltaHeader(bytes, state, expected);
  if (found === "bad") return "bad";
  const { header, headerLength } = found;
  const quickAt = PREFIX + headerLength;
  if (bytes.length !== quickAt + header.quickLength + header.length) return "bad";
  const quick = header.quickLength ? decodeQuick(bytes.subarray(quickAt, quickAt + header.quickLength), header.quickSha256) : undefined;
  if (header.quickLength && !quick) return "bad";
  const payload = bytes.subarray(quickAt + header.quickLength);
  if (createHash("sha256").update(payload).digest("hex") !== header.sha256) return "bad";
  let delta: unknown;
  try {
    delta = deserialize(payload);
  } catch {
    return "bad";
  }
  const d = delta as Partial<StoredDelta> | null;
  if (typeof d !== "object" || d === null || typeof d.fields !== "object" || d.fields === null || typeof d.sameRelated !== "boolean" || !(d.sources instanceof Map) || !(d.outputs instanceof Map)) return "bad";
  return { delta: d as StoredDelta, ...(quick ? { quick } : {}), shape: header.shape };
}

/** The state file's content with the delta applied (its maps are changed in place: the caller keeps copies). */
function applyDelta(stored: StoredState, delta: StoredDelta): StoredState {
  const { sources, outputs } = stored;
  for (const [rel, r] of delta.sources) {
    if (r === null) sources.delete(rel);
    else sources.set(rel, r);
  }
  for (const [path, o] of delta.outputs) {
    if (o === null) outputs.delete(path);
    else outputs.set(path, o);
  }
  // Records in the delta are stored whole; the others keep how the state file stored them.
  const inShape = stored.inShape?.filter((rel) => !delta.sources.has(rel));
  const related = delta.sameRelated ? stored.related : delta.fields.related;
  return { ...delta.fields, sources, outputs, ...(inShape?.length ? { inShape } : {}), ...(related ? { related } : {}) } as StoredState;
}

/**
 * `value` serialized with the articles of `records` left out, without copying 10k records: each
 * is set to undefined for the call and put back after it, whatever happens.
 */
function serializeWithout(value: unknown, records: readonly SourceRecord[]): Buffer {
  const articles = records.map((r) => r.article);
  try {
    for (const r of records) r.article = undefined;
    return serialize(value);
  } finally {
    records.forEach((r, i) => {
      r.article = articles[i];
    });
  }
}

/** Magic, header length, header JSON. */
function framed(magic: Buffer, header: object): Buffer[] {
  const json = Buffer.from(JSON.stringify(header));
  const prefix = Buffer.alloc(PREFIX);
  magic.copy(prefix);
  prefix.writeUInt32LE(json.length, magic.length);
  return [prefix, json];
}

/**
 * Write the state for the next build: new bodies first (appended to the bodies file), then a new
 * shape file if the shape is new, then the state that points at both. `id` exists for tests (a
 * cache from another warta).
 * Never throws: a cache that cannot be written only costs speed next time.
 */
export function saveCache(root: string, state: BuildState, id?: CacheIdentity): void {
  const dir = join(root, CACHE_DIR);
  const file = join(dir, FILE);
  try {
    makeCacheDir(dir);
    removeStaleTemps(dir);
    const identity = id ?? currentIdentity();
    const bodies = writeBodies(dir, state.sources.values(), state.bodiesId);
    const { shape, base, articlesAt } = shapeOf(state);
    const ref = shape && saveShape(dir, shape, identity);
    const stored = storedState(state, bodies, ref ? base : undefined);
    const previous = loaded.get(root);
    // Which records go without their article follows from the records and the shape: equal
    // records with the same shape store the same way, so it stays out of the comparison.
    if (!id && previous && previous.shape === ref?.id && sameValue(stored, { ...previous.state, inShape: undefined }) && existsSync(file)) {
      // Nothing to save; the state names again what it named before the output was touched.
      if (marked.delete(root) && previous.base) nameDelta(file, previous.base.sha256, previous.delta ?? NO_DELTA);
      return;
    }
    marked.delete(root);
    // Few changes since the state file was written (a few edits): only they are written, as a
    // delta beside it; else the whole state, and the delta goes.
    const onDisk = id ? undefined : previous?.base;
    const delta = onDisk && ref?.id === onDisk.shapeId && existsSync(file) ? deltaFrom(onDisk, stored) : undefined;
    if (delta) {
      const { parts, sha256: named } = encodeDelta(delta, stored, onDisk!.sha256, ref!, identity);
      replaceFile(dir, DELTA_FILE, parts);
      // Then the state names it. Killed in between, the state names another delta (or none)
      // and the cache is no cache: a full build, never stale output.
      if (nameDelta(file, onDisk!.sha256, named)) {
        loaded.set(root, { state: stored, shape: ref!.id, base: onDisk!, delta: named });
        return;
      }
    }
    const inShape = ref && shape && articlesAt ? articlesInShape(stored.sources, shape.sources, articlesAt) : [];
    if (inShape.length) stored.inShape = inShape.map((r) => r.rel);
    const { parts, sha256 } = encode(stored, ref, identity, inShape);
    replaceFile(dir, FILE, parts);
    rmSync(join(dir, DELTA_FILE), { force: true });
    if (!id) {
      loaded.set(root, { state: stored, shape: ref?.id, ...(ref ? { base: baseFileOf(stored, sha256, ref.id) } : {}) });
    }
  } catch {
    // A cache that cannot be written only costs speed next time.
  }
}

/**
 * The shape file for `shape`: a shape read from it stays as it is (at 10k articles, 17 MB not
 * written again after every edit); one made by this build is written. Undefined: no shape saved.
 */
function saveShape(dir: string, shape: Shape | CachedShape, identity: CacheIdentity): ShapeRef | undefined {
  if ("id" in shape) {
    const ref = { key: shape.key, id: shape.id };
    const onDisk = shapeOnDisk(dir, identity);
    if (onDisk?.key === ref.key && onDisk.id === ref.id) return ref;
    // Removed or replaced since it was read: write it again if its bytes are here.
    return shape.bytes ? writeShapeFile(dir, ref, shape.bytes, identity) : undefined;
  }
  const bytes = serialize(storeShape(shape));
  return writeShapeFile(dir, { key: shape.key, id: createHash("sha256").update(bytes).digest("hex") }, bytes, identity);
}

function writeShapeFile(dir: string, ref: ShapeRef, bytes: Buffer, identity: CacheIdentity): ShapeRef {
  replaceFile(dir, SHAPE_FILE, [...framed(SHAPE_MAGIC, { version: identity.version, code: identity.code, ...ref, length: bytes.length }), bytes]);
  return ref;
}

/** Write `dir/name` atomically (a temp file, then rename), replacing a folder of that name. */
function replaceFile(dir: string, name: string, parts: readonly Buffer[]): void {
  const file = join(dir, name);
  const tmp = join(dir, `${name}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w");
  try {
    for (const part of parts) writeAll(fd, part);
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
}

/** `.warta-cache/`, replacing a plain file or a link of that name (the name is reserved for the cache). */
function makeCacheDir(dir: string): void {
  clearNonFolder(dir);
  mkdirSync(dir, { recursive: true });
}

/**
 * The site's cache folder, as a path this build may read and write: a symbolic link of that name
 * (a site folder may come with one, pointing anywhere) is removed, never followed, and so is a
 * plain file; what it pointed at is left alone. Not created here.
 */
export function ownCacheDir(root: string): string {
  const dir = join(root, CACHE_DIR);
  clearNonFolder(dir);
  return dir;
}

/** The cache folder to read from, or undefined when the name is a link or a file: a cache is only ever read from the site's own folder. */
function readableCacheDir(root: string): string | undefined {
  const dir = join(root, CACHE_DIR);
  return isOwnFolder(dir) ? dir : undefined;
}

/** What a build that saves nothing still does: remove temp files that killed builds left. */
export function tidyCache(root: string): void {
  try {
    const dir = readableCacheDir(root);
    if (dir) removeStaleTemps(dir);
  } catch {
    // no cache folder: nothing to tidy
  }
}

function removeStaleTemps(dir: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (![FILE, SHAPE_FILE, BODIES_FILE, DELTA_FILE].some((f) => name.startsWith(`${f}.`)) || !name.endsWith(".tmp")) continue;
    try {
      if (now - statSync(join(dir, name)).mtimeMs > STALE_TMP_MS) unlinkSync(join(dir, name));
    } catch {
      // gone already
    }
  }
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
  marked.delete(root);
  rmSync(join(root, CACHE_DIR), { recursive: true, force: true });
}
