/**
 * The rendered article bodies of the build cache, kept apart from the state in
 * `.warta-cache/bodies.bin` so that a build reads only the bodies of the pages it renders (an
 * edit: one or a few) instead of deserializing every body of the site on each start.
 *
 *   bytes 0–15   magic "WARTA-BODIES-1\n\0"
 *   bytes 16–31  the file's id (random): refs name it, a rewritten file gets a new one
 *   then         bodies, UTF-8, back to back, appended as builds parse new ones
 *
 * A record points at its body with `[offset, length, sha1]`. Every read is checked against the
 * hash; a body that is missing, cut short or altered is no body, and the build parses its source
 * again. The file only grows by appending (a killed build leaves bytes nobody points at); when
 * too much of it is no longer pointed at, the next save writes it anew.
 */
import { randomBytes } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { hash } from "../util/hash.ts";
import type { BodyRef, SourceRecord } from "./state.ts";

export const BODIES_FILE = "bodies.bin";
const MAGIC = Buffer.from("WARTA-BODIES-1\n\0", "latin1");
const ID_BYTES = 16;
const START = MAGIC.length + ID_BYTES;

/** An open bodies file: reads checked bodies by ref. */
export class BodyStore {
  readonly file: string;
  readonly id: string;
  private fd: number | undefined;

  private constructor(file: string, id: string, fd: number) {
    this.file = file;
    this.id = id;
    this.fd = fd;
  }

  /** The store in `dir`, or undefined when there is none or it is not one. */
  static open(dir: string): BodyStore | undefined {
    const file = join(dir, BODIES_FILE);
    let fd: number | undefined;
    try {
      fd = openSync(file, "r");
      const head = Buffer.alloc(START);
      if (readSync(fd, head, 0, START, 0) !== START || !head.subarray(0, MAGIC.length).equals(MAGIC)) throw new Error("not a bodies file");
      return new BodyStore(file, head.toString("hex", MAGIC.length, START), fd);
    } catch {
      if (fd !== undefined) closeSync(fd);
      return undefined;
    }
  }

  /** The body `ref` points at, if it is there unchanged. */
  read(ref: BodyRef): string | undefined {
    if (this.fd === undefined) return undefined;
    const [off, len, sha] = ref;
    if (!Number.isSafeInteger(off) || !Number.isSafeInteger(len) || off < START || len < 0 || len > 1 << 30) return undefined;
    try {
      const bytes = Buffer.allocUnsafe(len);
      if (readSync(this.fd, bytes, 0, len, off) !== len || hash(bytes) !== sha) return undefined;
      return bytes.toString("utf8");
    } catch {
      return undefined;
    }
  }

  size(): number {
    try {
      return this.fd === undefined ? 0 : fstatSync(this.fd).size;
    } catch {
      return 0;
    }
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Where each record's body is after `writeBodies`, and in which file. */
export interface StoredBodies {
  id: string;
  refs: Map<SourceRecord, BodyRef>;
}

/** Refs this process wrote or checked, per file id: a record is not stored twice. */
const known = new WeakMap<SourceRecord, { id: string; ref: BodyRef }>();

/**
 * Store the bodies of `records` in `dir`: append the ones the file lacks, or write the file anew
 * when most of it would be garbage. `currentId`: the id of the file the records' refs were
 * written for. Records whose body is neither in memory nor in the file get no ref: their source
 * is parsed again when a page needs it. Throws on IO errors (the caller then writes no state).
 */
export function writeBodies(dir: string, records: Iterable<SourceRecord>, currentId: string | undefined): StoredBodies {
  // The file as it is now (another build may have written it anew since this state was loaded).
  const current = BodyStore.open(dir);
  try {
    return store(dir, records, current, currentId);
  } finally {
    current?.close();
  }
}

function store(dir: string, records: Iterable<SourceRecord>, current: BodyStore | undefined, currentId: string | undefined): StoredBodies {
  // A body in memory is the record's body, unless this process already stored it in this file.
  const inFile = (r: SourceRecord): BodyRef | undefined => {
    const k = known.get(r);
    if (k && current && k.id === current.id) return k.ref;
    return r.bodyHtml === undefined && r.bodyRef && current && currentId === current.id ? r.bodyRef : undefined;
  };
  const fresh: { r: SourceRecord; bytes: Buffer }[] = [];
  const kept: [SourceRecord, BodyRef][] = [];
  let liveBytes = 0;
  let freshBytes = 0;
  for (const r of records) {
    if (!r.article) continue;
    const ref = inFile(r);
    if (ref) {
      kept.push([r, ref]);
      liveBytes += ref[1];
    } else if (r.bodyHtml !== undefined) {
      const bytes = Buffer.from(r.bodyHtml, "utf8");
      fresh.push({ r, bytes });
      freshBytes += bytes.length;
    }
  }
  // Appending leaves what no record points at any more in the file: up to a quarter of what
  // they do point at, then the file is written anew.
  const garbage = (current?.size() ?? 0) - START - liveBytes;
  const append = current !== undefined && garbage <= (liveBytes + freshBytes) / 4;
  const refs = new Map<SourceRecord, BodyRef>();

  if (append) {
    // Nothing new (a warm build): the file is not touched.
    if (fresh.length) {
      const fd = openSync(current.file, "a");
      try {
        let off = fstatSync(fd).size;
        const parts: Buffer[] = [];
        for (const b of fresh) {
          refs.set(b.r, [off, b.bytes.length, hash(b.bytes)]);
          parts.push(b.bytes);
          off += b.bytes.length;
        }
        writeAll(fd, Buffer.concat(parts));
      } finally {
        closeSync(fd);
      }
    }
    for (const [r, ref] of kept) refs.set(r, ref);
    remember(refs, current.id);
    return { id: current.id, refs };
  }

  // Anew: every body we can get, into a temp file renamed over the old one.
  const idBytes = randomBytes(ID_BYTES);
  const id = idBytes.toString("hex");
  const tmp = join(dir, `${BODIES_FILE}.${process.pid}.tmp`);
  const fd = openSync(tmp, "w");
  try {
    const parts: Buffer[] = [MAGIC, idBytes];
    let off = START;
    const add = (r: SourceRecord, bytes: Buffer): void => {
      refs.set(r, [off, bytes.length, hash(bytes)]);
      parts.push(bytes);
      off += bytes.length;
    };
    for (const [r, ref] of kept) {
      const text = r.bodyHtml ?? current?.read(ref);
      if (text !== undefined) add(r, Buffer.from(text, "utf8"));
    }
    for (const b of fresh) add(b.r, b.bytes);
    writeAll(fd, Buffer.concat(parts));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(dir, BODIES_FILE));
  remember(refs, id);
  return { id, refs };
}

function remember(refs: ReadonlyMap<SourceRecord, BodyRef>, id: string): void {
  for (const [r, ref] of refs) known.set(r, { id, ref });
}

/** Write all of `bytes` at the file's position (`writeSync` may write less than asked). */
export function writeAll(fd: number, bytes: Uint8Array): void {
  for (let off = 0; off < bytes.length; ) off += writeSync(fd, bytes, off, bytes.length - off);
}
