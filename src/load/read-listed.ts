/**
 * Reading a file the walk listed, as it was listed. Between the listing (which refuses a
 * symbolic link out of the site) and the read, a file can be swapped for such a link: read by its
 * path, a secret from outside the site would be published. The file is opened first and its
 * open handle compared with the listing (size and change stamp, see walk.ts); one that changed is
 * read only if what was opened is still inside the site folder. A file copied as it is must be the
 * file that was checked (see active-content.ts): one that changed is not copied at all.
 */
import { closeSync, copyFileSync, fstatSync, openSync, readFileSync, readlinkSync, readSync, realpathSync, statSync, writeSync, type Stats } from "node:fs";
import { changeStamp, isInside, privateTarget, type SourceEntry } from "./walk.ts";

export type Listed = Pick<SourceEntry, "rel" | "abs" | "size" | "stampMs">;

const COPY_CHUNK = 8 * 1024 * 1024;
let chunk: Buffer | undefined;

/** A listed file that became a link out of the site folder before it was read. */
export class OutsideSiteError extends Error {
  readonly code = "EOUTSIDE";
}

/** A file copied as it is that changed after it was listed (and checked). */
export class ChangedError extends Error {
  readonly code = "ECHANGED";
  /** The file, as the listing names it (`static/foto.jpg`). */
  readonly rel: string;
  constructor(rel: string) {
    super(`${rel} changed while the build read it: build again`);
    this.rel = rel;
  }
}

/**
 * The bytes of `e` (its first `limit` bytes, if given), refused (OutsideSiteError) when the file opened is not the
 * one listed and lies outside the site folder.
 */
export function readListed(e: Listed, limit?: number): Buffer {
  return withListed(e, (fd, st) => {
    if (!same(e, st)) insideSite(e, fd, st);
    if (limit === undefined) return readFileSync(fd);
    const head = Buffer.alloc(Math.min(limit, st.size));
    return head.subarray(0, readSync(fd, head, 0, head.length, 0));
  });
}

/** Copy `e` to `to` byte for byte, refused (ChangedError) when the file opened is not the one listed. */
export function copyListed(e: Listed, to: string): void {
  withListed(e, (fd, st) => {
    if (!same(e, st)) throw new ChangedError(e.rel);
    // Copied from the handle that was compared, not by the path again: on Linux by the kernel, through the
    // handle's own name; elsewhere a piece at a time, through one buffer.
    try {
      copyFileSync(`/proc/self/fd/${fd}`, to);
      if (statSync(to).size === st.size) return;
    } catch {
      // no /proc: read below
    }
    chunk ??= Buffer.allocUnsafe(COPY_CHUNK);
    const out = openSync(to, "w");
    try {
      for (let at = 0; at < st.size; ) {
        const n = readSync(fd, chunk, 0, Math.min(chunk.length, st.size - at), at);
        if (n === 0) throw new ChangedError(e.rel);
        for (let w = 0; w < n; ) w += writeSync(out, chunk, w, n - w);
        at += n;
      }
    } finally {
      closeSync(out);
    }
  });
}

function withListed<T>(e: Listed, use: (fd: number, st: Stats) => T): T {
  const fd = openSync(e.abs, "r");
  try {
    return use(fd, fstatSync(fd));
  } finally {
    closeSync(fd);
  }
}

const same = (e: Listed, st: Stats): boolean => st.size === e.size && changeStamp(st) === e.stampMs;

/** Throws unless the file open at `fd` is inside the folder the listing was made in. */
function insideSite(e: Listed, fd: number, st: Stats): void {
  const root = e.abs.slice(0, e.abs.length - e.rel.length);
  let realRoot: string;
  let opened: string | undefined;
  try {
    realRoot = realpathSync(root);
  } catch {
    realRoot = root;
  }
  try {
    // Linux names the file behind a handle; elsewhere its path now, if it is still the same file.
    opened = readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    try {
      const real = realpathSync(e.abs);
      const now = statSync(real);
      if (now.ino === st.ino && now.dev === st.dev) opened = real;
    } catch {
      opened = undefined;
    }
  }
  if (opened === undefined || !isInside(realRoot, opened) || privateTarget(realRoot, opened, e.abs)) throw new OutsideSiteError(`${e.rel} was replaced by a symbolic link out of the site folder (or to a file that is never content) while the build read it: not read`);
}
