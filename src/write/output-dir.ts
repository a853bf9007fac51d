/**
 * All writes to the output folder go through here.
 * - Full build: fill a sibling temp folder, then swap it in by rename; a failed build never
 *   touches the previous output.
 * - Incremental build: everything is rendered first; only then each changed file is written to
 *   a temp name and renamed over, and outputs that no page claims any more are deleted.
 * - No path may resolve outside the output folder.
 */
import { chmodSync, closeSync, copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, join, resolve, sep } from "node:path";
import { isInside, realPathOf } from "../load/walk.ts";
import { ChangedError, copyListed, OutsideSiteError, type Listed } from "../load/read-listed.ts";
import { CACHE_DIR, CONFIG_FILES } from "../config/files.ts";

export class UnsafeOutputError extends Error {}

/**
 * Refuse output folders whose cleaning would destroy sources: `.`, the site root, a parent of it,
 * `/`, home; and any folder that holds files but is not warta's earlier output (see `MARKS`):
 * a full build replaces its output folder whole.
 */
export function checkOutputDir(root: string, out: string, lastOutput = false): string | undefined {
  const link = brokenLink(out);
  if (link) return `the output path ${out} is a symbolic link that ${link}: remove it, or point it at a folder`;
  if (existsSync(out) && !statSync(out).isDirectory()) return `the output path ${out} exists and is not a folder`;
  // A mount point (a Docker volume, a bind mount) cannot be renamed, and a build swaps its output folder whole.
  if (existsSync(out) && dirname(out) !== out && statSync(out).dev !== statSync(dirname(out)).dev) {
    return `the output folder ${out} is a mount point, which a build cannot replace (it swaps in its output folder whole): build into another folder and copy it there (rsync -a --delete dist/ ${out}/)`;
  }
  const file = fileAbove(out);
  if (file) return `the output path ${out} is inside ${file}, which is a file, not a folder`;
  const repository = versionControl(out);
  if (repository) return `the output folder ${out} is a ${repository} working copy: a build replaces its output folder whole, and would delete its history; build into another folder and copy the site into the working copy (rsync --delete --exclude ${repository === "git" ? ".git" : `.${repository}`})`;
  const held = lastOutput ? undefined : foreignFiles(out);
  if (held) return `the output folder ${out} holds files that are not warta's output (${held}): a build replaces its output folder whole, so choose a new or empty folder`;
  // Both as written and with symbolic links resolved: `--root link/site --out real/site/articles`
  // names the sources through another path.
  for (const [o, r] of [[resolve(out), resolve(root)], [realPathOf(out), realPathOf(root)]] as const) {
    if (o === resolve("/") || o === resolve(process.env.HOME ?? "/nonexistent-home") || o === realPathOf(process.env.HOME ?? "/nonexistent-home")) return `refusing to use ${out} as the output folder`;
    if (isInside(o, r)) return `the output folder ${out} contains the site sources (${root}): choose a folder such as ${join(root, "dist")}`;
    // The build cache too: published, it would hold drafts' and future articles' text.
    for (const dir of ["articles", "authors", "pages", "templates", "static", CACHE_DIR]) {
      if (isInside(realPathOf(join(r, dir)), o) || isInside(join(r, dir), o)) return `the output folder ${out} is inside the site's ${dir}/ folder`;
    }
    for (const file of CONFIG_FILES) {
      if (isInside(join(r, file), o)) return `the output folder ${out} would take the place of the site's ${file}`;
    }
  }
  return undefined;
}

/** What is wrong with `p` when it is a symbolic link that leads nowhere or round in a loop, else undefined. */
function brokenLink(p: string): string | undefined {
  try {
    if (!lstatSync(p).isSymbolicLink()) return undefined;
  } catch {
    return undefined;
  }
  try {
    statSync(p);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ELOOP" ? "leads round in a loop (to itself)" : "leads nowhere";
  }
}

/** The nearest existing path above `out` (which does not exist yet), when it is not a folder. */
export function fileAbove(out: string): string | undefined {
  for (let d = dirname(resolve(out)); dirname(d) !== d; d = dirname(d)) {
    if (!existsSync(d)) continue;
    return statSync(d).isDirectory() ? undefined : d;
  }
  return undefined;
}

/**
 * What marks a folder as warta's earlier output, in the first bytes of a file at its top: the
 * RSS feed's `<generator>` (written by code, whatever the templates), or the pages' generator
 * meta (one of them may have been deleted by hand). Another generator's output, a web root with
 * uploads, has neither: a build would delete it whole.
 */
const MARKS: readonly [name: string, mark: string][] = [["feed.xml", "<generator>warta "], ["index.html", '<meta name="generator" content="warta">'], ["404.html", '<meta name="generator" content="warta">']];
/** The feed's generator follows the site's description, which may be long. */
const MARK_BYTES = 65536;

/**
 * Version control's own folder (or, for a git worktree, file) at the top of `out`: a `gh-pages`
 * checkout used as the output folder, which earlier output may have marked as warta's. Never
 * warta's to delete.
 */
function versionControl(out: string): string | undefined {
  for (const [name, tool] of [[".git", "git"], [".hg", "hg"], [".svn", "svn"], [".bzr", "bzr"]] as const) {
    if (existsSync(join(out, name))) return tool;
  }
  return undefined;
}

/** A few names from `out` when it is a folder with files that is not warta's earlier output; else undefined. */
function foreignFiles(out: string): string | undefined {
  let names: string[];
  try {
    names = readdirSync(out);
  } catch {
    return undefined;
  }
  if (names.length === 0 || MARKS.some(([name, mark]) => names.includes(name) && startOf(join(out, name)).includes(mark))) return undefined;
  const shown = names.sort().slice(0, 3).join(", ");
  return names.length > 3 ? `${shown}…` : shown;
}

/** The first bytes of a file, as text; "" for a folder or anything unreadable. */
function startOf(path: string): string {
  let fd: number | undefined;
  try {
    if (!statSync(path).isFile()) return "";
    fd = openSync(path, "r");
    const buf = Buffer.alloc(MARK_BYTES);
    return buf.toString("latin1", 0, readSync(fd, buf, 0, MARK_BYTES, 0));
  } catch {
    return "";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * One writer per output folder: a build (or a `warta dev` session) holds `<out>.warta-lock`,
 * beside the folder, while it writes. Returns the release, or the reason it cannot write now.
 * A lock whose process is gone, or that names another folder (copied with the site), is taken over; one this process holds is shared (a `dev`
 * session's builds), and only its first taker releases it.
 */
export function lockOutput(out: string, writer: "build" | "dev" = "build"): (() => void) | string {
  // One lock whatever path names the folder (`dist`, a link to it).
  const real = realPathOf(out);
  const file = `${real}${LOCK_MARK}`;
  mkdirSync(dirname(out), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      // The process's start time too: a number the system gave a new process since is not a holder.
      // Then the folder it locks (the lock sits in the site folder, beside `dist`: a copy of the site
      // made while `warta dev` runs, `cp -r situs situs-uji`, copies the lock too, which is no lock of
      // the copy's output), and what writes, to say.
      writeFileSync(file, `${process.pid} ${startTime(process.pid) ?? ""}\n${real}\n${writer}\n`, { flag: "wx" });
      return () => rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
        // Made, then not written (a full disk): an empty lock file is no lock, and none is left.
        try {
          if (statSync(file).size === 0) rmSync(file);
        } catch {
          // not made
        }
        return `cannot lock the output folder: ${(e as Error).message}`;
      }
    }
    const [first = "", locked = "", by = ""] = readText(file).split("\n");
    const [pidText = "", started] = first.trim().split(" ");
    const holder = Number.parseInt(pidText, 10);
    if (holder === process.pid) return () => {};
    const now = started ? startTime(holder) : undefined;
    if (Number.isInteger(holder) && holder > 0 && alive(holder) && (now === undefined || now === started) && (!locked || locked === real)) {
      // A dev session is never "done": it writes until it is stopped.
      return by.trim() === "dev" ? `warta dev (process ${holder}) is writing ${out}: stop it (Ctrl+C) first, or build into another folder with --out` : `another warta (process ${holder}) is writing ${out}: wait until it is done`;
    }
    try {
      rmSync(file, { force: true }); // its process is gone
    } catch (e) {
      // A folder of that name (made by hand, or by another program) is not warta's to delete.
      return `cannot lock the output folder: ${file} is in the way and is not warta's lock (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}): remove it`;
    }
  }
  return `cannot lock the output folder ${out}`;
}

const readText = (file: string): string => {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
};

/** When process `pid` started (clock ticks since boot, /proc/<pid>/stat's 22nd field), where the system says. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/**
 * Whether process `pid` runs and may be a warta (a Node process; a process of another user
 * counts). A lock or leftover whose number now belongs to another program is stale.
 */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, "latin1");
  } catch {
    return true; // no /proc to ask: take it as running
  }
  return /node|warta/i.test(cmdline);
}

export function contained(out: string, path: string): string {
  const target = resolve(out, path);
  if (!target.startsWith(out.endsWith(sep) ? out : out + sep)) throw new UnsafeOutputError(`refusing to write outside the output folder: ${path}`);
  return target;
}

const TMP_MARK = ".warta-tmp-";
const OLD_MARK = ".warta-old-";
const LOCK_MARK = ".warta-lock";

/**
 * Remove leftovers of builds that were killed half-way (their process is gone; names carry its id). A staging
 * folder of a build stopped half-way is put out of the way at once (renamed) and deleted in the background, by any
 * build: one that has nothing to do does not wait seconds for it. A previous output being deleted (`.warta-old-`)
 * is left to its own remover, and removed here only by a full build (`full`), as it always was.
 */
export function removeLeftovers(out: string, full: boolean): void {
  const parent = dirname(out);
  const name = basename(out);
  let names: string[] = [];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  const restored = restoreSwappedOut(out, names);
  if (restored) names = names.filter((n) => n !== restored);
  for (const n of names) {
    const mark = n.startsWith(name + TMP_MARK) ? TMP_MARK : n.startsWith(name + OLD_MARK) ? OLD_MARK : undefined;
    if (!mark || (mark === OLD_MARK && !full)) continue;
    const pid = Number.parseInt(n.slice(name.length + mark.length), 10);
    if (mark === TMP_MARK && Number.isInteger(pid) && (pid === process.pid || alive(pid))) continue; // another build's, still writing
    // Tidying, not the build's work: what cannot be removed now (another user's, a file made immutable) stays.
    if (mark === OLD_MARK) {
      removeQuietly(join(parent, n));
      continue;
    }
    const aside = join(parent, `${name}${OLD_MARK}${process.pid}-${Date.now().toString(36)}-${n.slice(name.length + mark.length)}`);
    try {
      renameSync(join(parent, n), aside);
      removeInBackground(aside);
    } catch {
      // another build took it first, or it is not ours to move
    }
  }
}

/**
 * A full build swaps its staged folder in with two renames (`StagedOutput#commit`): the output
 * aside, then the new one in its place. A build killed between them (SIGKILL: the OOM killer, a
 * cancelled CI job) left no output at all, the previous one beside it under its `.warta-old-`
 * name. When there is no output and such a folder of a process that is gone is there, it is put
 * back (the newest, if more), with the mode a new folder gets, before anything else: the output
 * is as it was. Returns the name it had.
 */
function restoreSwappedOut(out: string, names: readonly string[]): string | undefined {
  if (existsSync(out)) return undefined;
  const name = basename(out);
  const swapped = names
    .map((n) => ({ n, m: n.startsWith(name + OLD_MARK) ? /^(\d+)-([0-9a-z]+)$/.exec(n.slice(name.length + OLD_MARK.length)) : null }))
    .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null && Number(x.m[1]) !== process.pid && !alive(Number(x.m[1])))
    .sort((a, b) => Number.parseInt(b.m[2]!, 36) - Number.parseInt(a.m[2]!, 36));
  for (const { n } of swapped) {
    const from = join(dirname(out), n);
    try {
      if (!lstatSync(from).isDirectory()) continue;
      renameSync(from, out);
    } catch {
      continue; // not ours to move: the build makes a new output
    }
    try {
      chmodSync(out, 0o777 & ~process.umask());
    } catch {
      // its mode stays the one the swap gave it
    }
    return n;
  }
  return undefined;
}

/**
 * Deleting a large previous output takes seconds on slow disks and nobody waits for it: a
 * detached process does it, and the next build removes whatever it left (removeLeftovers).
 */
function removeInBackground(dir: string): void {
  try {
    // Loaded here, not at the top: a warm build that changes nothing never needs it (~17 ms).
    const { spawn } = createRequire(import.meta.url)("node:child_process") as typeof import("node:child_process");
    const child = spawn(process.execPath, ["-e", "require('node:fs').rmSync(process.argv[1], { recursive: true, force: true })", dir], { detached: true, stdio: "ignore" });
    child.on("error", () => rmSync(dir, { recursive: true, force: true }));
    child.unref();
  } catch {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes new files into an existing folder (a staged output, possibly from another thread). */
export class AttachedOutput {
  readonly dir: string;
  /** The output folder the files are for, as errors name it (a staged folder is not what the user asked for). */
  private readonly shownAs: string;
  private dirs = new Set<string>();

  constructor(dir: string, shownAs = dir) {
    this.dir = dir;
    this.shownAs = shownAs;
    this.dirs.add(dir);
  }

  write(path: string, content: string | Uint8Array): void {
    this.fill(path, (target) => writeFileSync(target, content));
  }

  /** Copy a file the walk listed, as it was listed (see read-listed.ts), or a file of warta's own (a photo's copy in the image cache). */
  copy(path: string, from: Listed | string): void {
    this.fill(path, (target) => copyFrom(from, target));
  }

  private fill(path: string, make: (target: string) => void): void {
    try {
      const target = contained(this.dir, path);
      this.ensureDir(dirname(target));
      make(target);
    } catch (e) {
      throw writeFailure(path, this.shownAs, e, this.dir);
    }
  }

  private ensureDir(d: string): void {
    if (this.dirs.has(d)) return;
    mkdirSync(d, { recursive: true });
    for (let p = d; p.length > this.dir.length && !this.dirs.has(p); p = dirname(p)) this.dirs.add(p);
  }
}

/**
 * A failure to write `path` into the output folder `out` (written in `dir`), said as the build's,
 * with the system's code (ENOSPC, EACCES…), which the CLI reports as an IO failure, not a crash.
 * What is not a failure to write passes as it is: a source saved again, gone, unreadable or
 * swapped for a link out of the site while it was copied (an error naming a file outside `dir`),
 * an unsafe path.
 */
function writeFailure(path: string, out: string, e: unknown, dir: string): unknown {
  if (e instanceof UnsafeOutputError || e instanceof ChangedError || e instanceof OutsideSiteError) return e;
  const named = (e as NodeJS.ErrnoException).path;
  if (typeof named === "string" && (e as { dest?: unknown }).dest === undefined && !isInside(resolve(dir), resolve(named))) return e;
  return Object.assign(new Error(`cannot write ${path} in ${out}: ${e instanceof Error ? e.message : String(e)}; the output is as it was`, { cause: e }), { code: (e as NodeJS.ErrnoException).code });
}

/** Writes into a fresh folder beside the output; `commit()` swaps it in, `abort()` throws it away. */
export class StagedOutput extends AttachedOutput {
  private readonly out: string;
  /** The mode the folder was made with. */
  private readonly mode: number;

  constructor(out: string) {
    const dir = `${out}${TMP_MARK}${process.pid}-${Date.now().toString(36)}`;
    // Readable by its owner only until it is the output: under a web root, a build stopped half-way
    // (Ctrl+C, a crash) must not leave a site there for others to read (a `--drafts` build's drafts).
    // It gets back the mode it was made with (the umask's, a setgid parent's group bit) when it becomes the output.
    // Made so, not changed to it after: a folder that was others' to read for a moment was seen by a test.
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    // The mode a folder made there gets: the umask's bits, and the group bit of a setgid parent, which it inherits.
    const mode = (0o777 & ~process.umask()) | (statSync(dir).mode & 0o7000);
    super(dir, out);
    this.out = out;
    this.mode = mode;
  }

  commit(): void {
    const old = `${this.out}${OLD_MARK}${process.pid}-${Date.now().toString(36)}`;
    const hadOld = existsSync(this.out);
    chmodSync(this.dir, this.mode);
    if (hadOld) {
      renameSync(this.out, old);
      // Until it is gone (seconds; the next build's, if the remover dies), the previous site sits
      // beside the new one: under a web root, a web server of another user must not serve it
      // (an article taken down would still be there).
      try {
        chmodSync(old, 0o700);
      } catch {
        // not ours to change: it is removed all the same
      }
    }
    renameSync(this.dir, this.out);
    if (!hadOld) return;
    // Named as done first: only a swap cut off between its two renames leaves the bare name,
    // which the next build puts back (see `restoreSwappedOut`), never a folder being deleted.
    const done = `${old}-done`;
    try {
      renameSync(old, done);
    } catch {
      removeInBackground(old);
      return;
    }
    removeInBackground(done);
  }

  abort(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The old bytes of the page at `target`, kept beside it to put it back by: a hard link (no copy, and the page's own
 * name never goes missing), else a copy (a file system without hard links, a page another user owns);
 * `"new"` when there is no page there yet; `"lost"` when it could be neither linked nor copied (a folder in the way).
 */
function keep(target: string): string | "new" | "lost" {
  const kept = `${target}${OLD_MARK}${process.pid}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      linkSync(target, kept);
      return kept;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT") return "new";
      if (code !== "EEXIST") break;
      unlinkQuietly(kept); // a killed build's, of the same name: only then one more call per page
    }
  }
  try {
    copyFileSync(target, kept);
    return kept;
  } catch {
    removeQuietly(kept);
    return "lost";
  }
}

/** A page's old bytes were kept (see `keep`): there is a file to put back, or to remove once all is renamed. */
const wasKept = (kept: string): boolean => kept !== "new" && kept !== "lost";

const copyFrom = (from: Listed | string, to: string): void => (typeof from === "string" ? copyFileSync(from, to) : copyListed(from, to));

/** Remove a file, if it can (one call: `rmSync` would look at it first). */
function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already, or the next full build's to remove
  }
}

/** Remove a file or folder this build made, if it can: cleaning up after a failure must not hide it. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { recursive: true, force: true });
  } catch {
    // the failure being reported says more
  }
}

/** In-place updates of an existing output folder: every file written first, then all renamed over their targets. */
export class InPlaceOutput {
  private readonly out: string;
  private dirs = new Set<string>();
  /** Called once, before the first change. */
  private beforeChange: (() => void) | undefined;
  /** Files written beside their targets, renamed over them by `commit()`. */
  private staged: [tmp: string, target: string][] = [];
  private removals: string[] = [];
  /** Folders this build made (the first of each `mkdir -p`), removed again by `abort()`. */
  private made: string[] = [];

  constructor(out: string, beforeChange?: () => void) {
    this.out = out;
    this.beforeChange = beforeChange;
  }

  /** Write `content` beside `path`; it replaces `path` at `commit()`. */
  write(path: string, content: string | Uint8Array): void {
    this.stage(path, (tmp) => writeFileSync(tmp, content));
  }

  copy(path: string, from: Listed | string): void {
    this.stage(path, (tmp) => copyFrom(from, tmp));
  }

  /** Remove `path` at `commit()`. */
  remove(path: string): void {
    this.removals.push(contained(this.out, path));
  }

  /**
   * Every file is written (beside its target) before the first is renamed over it: a disk that
   * fills up, or a folder that refuses a write, stops the build with the output as it was.
   * Renames and removals in one folder tree do not need space.
   */
  commit(): void {
    if (!this.staged.length && !this.removals.length) return;
    this.changing();
    // Each page replaced keeps its old bytes under a second name (a hard link: no copy, and the
    // page's own name never goes missing) until every rename is done. A rename that fails (a folder
    // where a page goes, a file made immutable) puts back the pages already replaced.
    const done: [target: string, kept: string][] = [];
    const relOf = (target: string): string => target.slice(this.out.length + 1).split(sep).join("/");
    for (const [tmp, target] of this.staged) {
      const kept = keep(target);
      try {
        renameSync(tmp, target);
      } catch (e) {
        if (wasKept(kept)) unlinkQuietly(kept);
        const lost = this.undo(done);
        const state = lost.length ? `the pages already replaced are put back but for ${lost.map(relOf).join(", ")}, which could not be kept` : "the output is as it was";
        throw Object.assign(new Error(`cannot write ${relOf(target)} in ${this.out}: ${e instanceof Error ? e.message : String(e)}; ${state}`, { cause: e }), { code: (e as NodeJS.ErrnoException).code });
      }
      done.push([target, kept]);
    }
    for (const [, kept] of done) if (wasKept(kept)) unlinkQuietly(kept);
    this.staged = [];
    for (const target of this.removals) this.unlinkAndTidy(target);
    this.removals = [];
  }

  /** Put back the pages `done` replaced (their kept bytes), remove the new ones, then what `abort()` removes; the pages it could not put back. */
  private undo(done: readonly (readonly [target: string, kept: string])[]): string[] {
    const lost: string[] = [];
    for (const [target, kept] of [...done].reverse()) {
      if (kept === "lost") {
        lost.push(target);
        continue;
      }
      try {
        if (kept === "new") unlinkSync(target);
        else renameSync(kept, target);
      } catch {
        lost.push(target);
      }
    }
    this.abort();
    return lost.reverse();
  }

  /** Remove what was written and made so far; the output is as it was. */
  abort(): void {
    for (const [tmp] of this.staged) removeQuietly(tmp);
    this.staged = [];
    this.removals = [];
    for (const d of this.made.reverse()) removeQuietly(d);
    this.made = [];
  }

  /**
   * Before the first file is written beside its page: from then on Ctrl+C waits for the last
   * rename (the CLI's handler), so a stop leaves no temp files among the pages.
   */
  private changing(): void {
    const call = this.beforeChange;
    this.beforeChange = undefined;
    call?.();
  }

  private stage(path: string, fill: (tmp: string) => void): void {
    this.changing();
    let tmp: string | undefined;
    let target: string;
    try {
      target = contained(this.out, path);
      tmp = `${target}${TMP_MARK}${process.pid}`;
      this.ensureDir(dirname(target));
      fill(tmp);
    } catch (e) {
      if (tmp) removeQuietly(tmp);
      throw writeFailure(path, this.out, e, this.out);
    }
    this.staged.push([tmp, target]);
  }

  private unlinkAndTidy(target: string): void {
    try {
      unlinkSync(target);
    } catch {
      return;
    }
    // Drop folders left empty, up to the output root.
    for (let d = dirname(target); d.length > this.out.length && isInside(this.out, d); d = dirname(d)) {
      try {
        if (readdirSync(d).length) break;
        rmdirSync(d);
        this.dirs.delete(d);
      } catch {
        break;
      }
    }
  }

  private ensureDir(d: string): void {
    if (this.dirs.has(d)) return;
    const first = mkdirSync(d, { recursive: true });
    if (first) this.made.push(first);
    this.dirs.add(d);
  }
}

