/**
 * The smaller copies of a site's photos (see variants.ts), kept in an image cache folder
 * (`.warta-cache/images/` by default): each copy is made once per source content, width, quality
 * and sharp version, and a build publishes it from there like any other file it copies.
 *
 * `index.json` there remembers each source's SHA-256 and size by its path, byte size and change
 * stamp, so a build reads only new or changed photos. It is a hint: a damaged or foreign index is
 * read as empty, and a copy missing from the folder is made again. Copies no build uses any more
 * are removed when the index is rewritten.
 */
import { createHash, randomBytes } from "node:crypto";
import { closeSync, lstatSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CODES, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { dimsOf } from "../load/image-size.ts";
import { claimFolder, isOwnFolder } from "../util/own-folder.ts";
import { resizeAll, type ResizeBatch } from "./resize-thread.ts";
import { RESIZABLE, variantsOf, type ImageFacts, type Variant } from "./variants.ts";

/** A file the build publishes that may get copies. */
export interface ImageSource {
  /** Published path under the output root. */
  path: string;
  abs: string;
  /** Site-relative source, for diagnostics. */
  source: string;
  /** Size and change stamp (`size:stampMs`). */
  key: string;
}

export interface VariantCopy {
  path: string;
  /** The copy's file in the image cache. */
  abs: string;
  source: string;
  /** Its cache name: content, width, quality and engine in one (a changed copy is copied again). */
  key: string;
}

export interface ImageVariants {
  copies: VariantCopy[];
  /** The copies of each image that has them, by the image's published path, narrowest first. */
  byImage: Map<string, Variant[]>;
  diagnostics: Diagnostic[];
}

export interface ImageOptions {
  /** The image cache folder. */
  dir: string;
  /** `warta check`: read the photos for their problems; make and write nothing. */
  check?: boolean;
  widths: readonly number[];
  quality: number;
  progress?: (done: number, total: number) => void;
}

const INDEX = "index.json";
const INDEX_VERSION = 2;
const STALE_TMP_MS = 10 * 60 * 1000;

/** Facts by `abs\0key`, per cache folder: read from its index once per process. */
const known = new Map<string, Map<string, ImageFacts>>();

export function imageVariants(files: readonly ImageSource[], options: ImageOptions): ImageVariants {
  const result: ImageVariants = { copies: [], byImage: new Map(), diagnostics: [] };
  const sources = files.filter((f) => RESIZABLE.test(f.path) && f.source.startsWith("articles/"));
  if (!sources.length || !options.widths.length) return result;
  const engine = engineVersion();
  if (!engine) {
    result.diagnostics.push(warning(CODES.badImage, sources[0]!.source, "sharp is not installed: photos are published without smaller copies (run npm ci)"));
    return result;
  }
  // The folder is the cache's own: a link or a file of that name (a site folder can come with one) is replaced, never followed.
  const usable = options.check ? isOwnFolder(options.dir) : claimFolder(options.dir);
  const facts = usable ? factsOf(options.dir) : new Map<string, ImageFacts>();
  const seen = new Map<string, ImageFacts>();
  const wanted: Wanted[] = [];
  for (const image of sources) {
    const f = photoFacts(image, facts, result.diagnostics);
    if (!f) continue;
    seen.set(factsId(image), f);
    // An animated PNG would lose its motion in a WebP copy (its first frame): published as it is, as GIFs are.
    if (f.animated) continue;
    const variants = variantsOf(image.path, f, options.widths, options.quality, engine);
    if (variants.length) wanted.push({ image, sha: f.sha, variants });
  }
  // `warta check` writes nothing: what it can tell without making copies is said. Nor is anything
  // written where the folder could not be made the cache's own.
  if (options.check) return result;
  if (!usable) {
    result.diagnostics.push(warning(CODES.badImage, sources[0]!.source, `${options.dir} cannot be made a folder for the photos' copies: photos are published without smaller copies`));
    return result;
  }

  const { made, failed } = makeMissing(wanted, options, result.diagnostics);
  // Two files with one content and one name but for its case or extension (`Foto.jpg`, `foto.jpg`) share their copies.
  const published = new Set<string>();
  for (const w of wanted) {
    if (failed.has(w)) continue;
    result.byImage.set(w.image.path, w.variants);
    for (const v of w.variants) {
      if (published.has(v.path)) continue;
      published.add(v.path);
      result.copies.push({ path: v.path, abs: join(options.dir, v.cacheName), source: w.image.source, key: v.cacheName });
    }
  }
  // What this build made replaces what no photo has any more (other widths, another quality).
  if (made || !sameFacts(facts, seen)) {
    known.set(options.dir, seen);
    saveIndex(options.dir, seen, new Set(result.copies.map((c) => c.key)));
  }
  return result;
}

interface Wanted {
  image: ImageSource;
  sha: string;
  variants: Variant[];
}

const factsId = (image: ImageSource): string => `${image.abs}\0${image.key}`;

/** What the index knows of the photo, else what reading it tells; undefined (and a warning) for a file that is no image. */
function photoFacts(image: ImageSource, facts: ReadonlyMap<string, ImageFacts>, diagnostics: Diagnostic[]): ImageFacts | undefined {
  const remembered = facts.get(factsId(image));
  if (remembered) return remembered;
  const bytes = readOrNothing(image.abs);
  // A file that cannot be read at all is the build's error already (see `unreadable` in pipeline.ts): not told twice.
  if (!bytes) return undefined;
  const dims = dimsOf(bytes);
  if (!dims) {
    diagnostics.push(warning(CODES.badImage, image.source, "is not an image warta can read: published as it is, without smaller copies"));
    return undefined;
  }
  return { sha: sha256(bytes), ...dims, ...(isAnimatedPng(bytes) ? { animated: true } : {}) };
}

/** Make the copies the cache does not have (or has damaged), in one batch; the photos that got none. */
function makeMissing(wanted: readonly Wanted[], options: ImageOptions, diagnostics: Diagnostic[]): { made: boolean; failed: Set<Wanted> } {
  const batch: ResizeBatch = { quality: options.quality, sources: [] };
  const batchOf: Wanted[] = [];
  for (const w of wanted) {
    const missing = w.variants.filter((v) => !cachedCopyOk(join(options.dir, v.cacheName)));
    if (!missing.length) continue;
    batch.sources.push({ src: w.image.abs, sha: w.sha, outputs: missing.map((v) => ({ width: v.width, file: join(options.dir, v.cacheName) })) });
    batchOf.push(w);
  }
  const failed = new Set<Wanted>();
  if (!batch.sources.length) return { made: false, failed };
  try {
    resizeAll(batch, options.progress).forEach((o, i) => {
      if (o.ok) return;
      failed.add(batchOf[i]!);
      // libvips repeats a decoder's complaint once per pass ("vipspng: libpng read error vipspng: libpng read error"): said once.
      const said = [...new Set(o.error.split(/\n|(?<=error)\s+(?=\w+: )/).map((l) => l.trim()).filter(Boolean))].join("; ");
      diagnostics.push(warning(CODES.badImage, batchOf[i]!.image.source, `cannot be made smaller (${said}): published as it is`));
    });
  } catch (e) {
    for (const w of batchOf) failed.add(w);
    diagnostics.push(warning(CODES.badImage, batchOf[0]!.image.source, `photos are published without smaller copies: ${e instanceof Error ? e.message : String(e)}`));
  }
  return { made: true, failed };
}

const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/**
 * A copy in the cache that can be published: a file of its own (not a link to something else), a
 * whole WebP (its RIFF header's length is the file's). A copy cut short by a crash, or junk, is made again.
 */
function cachedCopyOk(path: string): boolean {
  let fd: number | undefined;
  try {
    const st = lstatSync(path);
    if (!st.isFile() || st.size < 20) return removed(path);
    fd = openSync(path, "r");
    const head = Buffer.alloc(12);
    readSync(fd, head, 0, 12, 0);
    return (head.toString("latin1", 0, 4) === "RIFF" && head.toString("latin1", 8, 12) === "WEBP" && head.readUInt32LE(4) === st.size - 8) || removed(path);
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function removed(path: string): false {
  rmSync(path, { force: true });
  return false;
}

/** An image cache for one run that uses no cache (`--no-cache`): a temp folder, made when a photo needs it and removed after. */
export function tempImageCache(): { dir: string; remove: () => void } {
  const dir = join(tmpdir(), `warta-images-${process.pid}-${randomBytes(6).toString("hex")}`);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** sharp's version (its copies change with it), or undefined where it is not installed. */
let engine: string | null | undefined;
function engineVersion(): string | undefined {
  if (engine === undefined) {
    try {
      const require = createRequire(import.meta.url);
      // sharp exports no package.json: found from its main file, two folders up.
      const main = require.resolve("sharp");
      const pkg = JSON.parse(readFileSync(join(dirname(dirname(main)), "package.json"), "utf8")) as { name?: string; version?: string };
      engine = pkg.name === "sharp" && pkg.version ? `sharp${pkg.version}` : null;
    } catch {
      engine = null;
    }
  }
  return engine ?? undefined;
}

function readOrNothing(abs: string): Buffer | undefined {
  try {
    return readFileSync(abs);
  } catch {
    return undefined;
  }
}

function factsOf(dir: string): Map<string, ImageFacts> {
  let facts = known.get(dir);
  if (!facts) {
    facts = readIndex(dir);
    known.set(dir, facts);
  }
  return facts;
}

function readIndex(dir: string): Map<string, ImageFacts> {
  const facts = new Map<string, ImageFacts>();
  try {
    const data = JSON.parse(readFileSync(join(dir, INDEX), "utf8")) as { version?: unknown; entries?: unknown };
    if (data.version !== INDEX_VERSION || !Array.isArray(data.entries)) return facts;
    for (const e of data.entries as unknown[]) {
      if (!Array.isArray(e) || e.length !== 5) continue;
      const [id, sha, width, height, animated] = e as unknown[];
      if (typeof id === "string" && typeof sha === "string" && /^[0-9a-f]{64}$/.test(sha) && isSize(width) && isSize(height)) facts.set(id, { sha, width, height, ...(animated === 1 ? { animated: true } : {}) });
    }
  } catch {
    // no index, or not one: every photo is read again
  }
  return facts;
}

/** A PNG with an animation control chunk (`acTL`, before the image data): an APNG. */
function isAnimatedPng(bytes: Buffer): boolean {
  if (bytes.length < 16 || bytes.readUInt32BE(0) !== 0x89504e47) return false;
  // Chunks: length (4), type (4), data, CRC (4); acTL must come before the first IDAT.
  for (let at = 8; at + 8 <= bytes.length; ) {
    const type = bytes.toString("latin1", at + 4, at + 8);
    if (type === "acTL") return true;
    if (type === "IDAT" || type === "IEND") return false;
    at += 12 + bytes.readUInt32BE(at);
  }
  return false;
}

const isSize = (n: unknown): n is number => typeof n === "number" && Number.isInteger(n) && n > 0;

function sameFacts(a: ReadonlyMap<string, ImageFacts>, b: ReadonlyMap<string, ImageFacts>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, f] of b) if (a.get(id) !== f) return false;
  return true;
}

/** Write the index (temp file + rename) into the cache's own folder, and remove the copies no image has any more. */
function saveIndex(dir: string, facts: ReadonlyMap<string, ImageFacts>, used: ReadonlySet<string>): void {
  try {
    const tmp = join(dir, `${INDEX}.tmp-${process.pid}`);
    writeFileSync(tmp, JSON.stringify({ version: INDEX_VERSION, entries: [...facts].map(([id, f]) => [id, f.sha, f.width, f.height, f.animated ? 1 : 0]) }));
    renameSync(tmp, join(dir, INDEX));
    const now = Date.now();
    for (const name of readdirSync(dir)) {
      // A copy no image has now, or the temp file of a build killed a while ago.
      const stale = name.endsWith(".webp") ? !used.has(name) : name.includes(".tmp-") && now - statSync(join(dir, name)).mtimeMs > STALE_TMP_MS;
      if (stale) rmSync(join(dir, name), { force: true });
    }
  } catch {
    // The index is a hint: without it the next build reads the photos again.
  }
}
