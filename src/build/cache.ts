/**
 * The persistent build cache, in `<root>/.warta-cache/`:
 *
 * `state.bin`, the BuildState:
 *   bytes 0–15   magic "WARTA-CACHE-V4\n\0"
 *   bytes 16–19  header length H (uint32 LE)
 *   H bytes      header JSON: { version, code, quickLength, quickSha256, length, sha256, shape }
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
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import { PACKAGE_ROOT, VERSION } from "../util/package.ts";
import type { OutputFile } from "../render/site-files.ts";
import { BODIES_FILE, BodyStore, writeAll, writeBodies, type StoredBodies } from "./body-store.ts";
import type { QuickRecord } from "./quick.ts";
import type { Shape } from "./shape.ts";
import { emptyState, type BuildState, type CachedShape, type SourceRecord } from "./state.ts";

export const CACHE_DIR = ".warta-cache";
const FILE = "state.bin";
const MAGIC = Buffer.from("WARTA-CACHE-V4\n\0", "latin1");
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
}

interface ShapeRef {
  key: string;
  id: string;
}

const SHAPE_FILE = "shape.bin";
const SHAPE_MAGIC = Buffer.from("WARTA-SHAPE-V1\n\0", "latin1");

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

/** What was loaded or saved last per root, to skip saving an unchanged state. */
const loaded = new Map<string, { state: StoredState; shape: unknown }>();

export function loadCache(root: string): BuildState {
  loaded.delete(root);
  try {
    const state = decode(readFileSync(join(root, CACHE_DIR, FILE)), currentIdentity(), join(root, CACHE_DIR));
    if (!state) return emptyState();
    const store = BodyStore.open(join(root, CACHE_DIR));
    if (store) state.bodyStore = store;
    loaded.set(root, { state: { ...storedState(state, undefined), ...decodedExtras.get(state) }, shape: state.live?.cachedShape?.id });
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
    fd = openSync(join(root, CACHE_DIR, FILE), "r");
    const size = fstatSync(fd).size;
    const found = readHeader(readAt(fd, 0, Math.min(size, PREFIX + MAX_HEADER)), currentIdentity());
    if (!found || size !== PREFIX + found.headerLength + found.header.quickLength + found.header.length || !found.header.quickLength) return { state };
    const quick = decodeQuick(readAt(fd, PREFIX + found.headerLength, found.header.quickLength), found.header.quickSha256);
    return quick ? { quick, state } : { state };
  } catch {
    return { state };
  } finally {
    if (fd !== undefined) closeSync(fd);
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
  if (!sizes.every((n) => Number.isSafeInteger(n) && n! >= 0) || typeof header.quickSha256 !== "string") return undefined;
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
  const { shapeBase, inShape, ...rest } = state as StoredState;
  const result: BuildState = quick ? { ...rest, quick: quick.record } : rest;
  const ref = header.shape;
  const usable = dir !== undefined && typeof ref?.key === "string" && typeof ref.id === "string" && (shapeBase === undefined || shapeBase instanceof Map);
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
    const cachedShape: CachedShape = { key: ref.key, id: ref.id, file: join(dir, SHAPE_FILE), sources };
    if (inShape?.length && !articlesFromShape(result.sources, inShape, cachedShape, expected)) return undefined;
    result.live = { cachedShape };
  }
  decodedExtras.set(result, { ...(shapeBase ? { shapeBase } : {}), ...(inShape ? { inShape } : {}) });
  return result;
}

/** What a decoded state was stored with beyond its fields: a save of the same state compares equal. */
const decodedExtras = new WeakMap<BuildState, Pick<StoredState, "shapeBase" | "inShape">>();

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

export function encode(stored: StoredState, shape: ShapeRef | undefined, id: CacheIdentity = currentIdentity(), inShape: readonly SourceRecord[] = []): Buffer[] {
  const { quick, ...plain } = stored;
  // JSON has no Infinity: a site where time changes nothing stores null.
  const quickPart = !quick ? Buffer.alloc(0) : Buffer.from(JSON.stringify({ record: { ...quick, validUntilMs: Number.isFinite(quick.validUntilMs) ? quick.validUntilMs : null }, outputs: [...stored.outputs.keys()] }));
  const statePart = serializeWithout(plain, inShape);
  const sha256 = createHash("sha256").update(statePart).digest("hex");
  const quickSha256 = createHash("sha256").update(quickPart).digest("hex");
  const header = { version: id.version, code: id.code, quickLength: quickPart.length, quickSha256, length: statePart.length, sha256, ...(shape ? { shape } : {}) } satisfies Header;
  return [...framed(MAGIC, header), quickPart, statePart];
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
    const inShape = ref && shape && articlesAt ? articlesInShape(stored.sources, shape.sources, articlesAt) : [];
    if (inShape.length) stored.inShape = inShape.map((r) => r.rel);
    const previous = loaded.get(root);
    if (!id && previous && previous.shape === ref?.id && sameValue(stored, previous.state) && existsSync(file)) return;
    replaceFile(dir, FILE, encode(stored, ref, identity, inShape));
    if (!id) loaded.set(root, { state: stored, shape: ref?.id });
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

/** What a build that saves nothing still does: remove temp files that killed builds left. */
export function tidyCache(root: string): void {
  try {
    removeStaleTemps(join(root, CACHE_DIR));
  } catch {
    // no cache folder: nothing to tidy
  }
}

function removeStaleTemps(dir: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (![FILE, SHAPE_FILE, BODIES_FILE].some((f) => name.startsWith(`${f}.`)) || !name.endsWith(".tmp")) continue;
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
  rmSync(join(root, CACHE_DIR), { recursive: true, force: true });
}
