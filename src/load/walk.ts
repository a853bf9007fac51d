/**
 * Lists the site's source files. Symlinks are followed only when they resolve inside the site
 * root, and never back to what holds them (see `Fence`); loops are cut; editor droppings
 * (`.x.swp`, `x~`, `4913`, `#x#`) are never content.
 * Order is sorted by path, so `readdir` order never reaches the output.
 */
import { lstatSync, readdirSync, readlinkSync, realpathSync, statSync, type Stats } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { CODES, error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { byString } from "../util/compare.ts";

export interface SourceEntry {
  /** POSIX path relative to the site root: `articles/2022/x.md`. */
  rel: string;
  abs: string;
  size: number;
  /** When the file last changed, as far as `stat` can tell (see `changeStamp`). */
  stampMs: number;
}

/**
 * The later of the file's modification and status-change times. Size and mtime alone miss an
 * edit that keeps both (`touch -d`, `cp -p`, `rsync -a` of a same-length fix); the status-change
 * time cannot be set back. A changed stamp only costs a read and a hash: the content decides.
 */
export const changeStamp = (st: Stats): number => Math.max(st.mtimeMs, st.ctimeMs);

/** `top`: the listed folder the name is in (`static`, `articles`…). */
export const isIgnoredName = (name: string, top?: string): boolean =>
  (name.startsWith(".") && !(top === "static" && PUBLISHED_DOT_NAMES.has(name))) || name.endsWith("~") || name === "4913" || (name.startsWith("#") && name.endsWith("#")) || name === "node_modules";

/**
 * Dot names a site publishes from `static/` (the web developer's folder), and only from there:
 * `.well-known/` (security.txt, app links), Apache's `.htaccess` and GitHub Pages' `.nojekyll`
 * (without it, a site published from a branch goes through Jekyll, which drops `.well-known/` and
 * every name starting with `_`; a `.nojekyll` put into the output by hand does not survive a full
 * build). Under `articles/` an `.htaccess` could serve a reporter's text file as HTML, round the
 * `unsafe-file` check.
 */
const PUBLISHED_DOT_NAMES = new Set([".well-known", ".htaccess", ".nojekyll"]);

/**
 * Why a link to `target` (a real path inside the site folder `realRoot`) must not be followed
 * although it stays inside the site: on its way from the site folder it passes a name that is
 * never content (`.git/config`, `.env`, `.ssh/`, `node_modules/`: see `isIgnoredName`), or it
 * gives a Markdown source another name (`embargo.txt → embargo.md`), which would publish the
 * source's text, a draft's too. The README's promise that such names are "not read, not copied"
 * holds for what links point at as for what the folders hold: a link is an ordinary file in git,
 * and on CI the site folder is the checkout, with the git token in `.git/config`.
 */
export function privateTarget(realRoot: string, target: string, linkName: string): string | undefined {
  const parts = relative(realRoot, target).split(sep);
  const hidden = parts.find((part) => isIgnoredName(part, parts[0]));
  if (hidden !== undefined) return `symbolic link points to ${parts.join("/")}, which is never content (a name starting with . or ending with ~, or node_modules/): not read, not copied`;
  if (MARKDOWN.test(target) && !MARKDOWN.test(linkName)) return `symbolic link gives the Markdown source ${parts.join("/")} a name that is not Markdown, which would publish its text as it is: not read, not copied (name the link .md to publish the article under it)`;
  return undefined;
}

const MARKDOWN = /\.(md|markdown)$/i;

export function isInside(parent: string, child: string): boolean {
  const r = relative(parent, child);
  return r === "" || (!r.startsWith("..") && !r.startsWith(sep) && !/^[a-zA-Z]:/.test(r));
}

/**
 * Where a symbolic link inside the site must not lead (real paths). A link to the site folder, or
 * to a folder holding `articles/` (or another listed folder), would list the whole site — its
 * config, its other files, its output — under the link; a link into the output folder or the build
 * cache (or to a folder holding one) would publish the last build's output, and every next build
 * would read its own. Such a link is a `symlink-loop` error and nothing under it is read. A link
 * to the listed folder it is in (`articles/x/loop → articles`) is a plain loop, cut silently.
 */
export interface Fence {
  /** The site folder. */
  root: string;
  /** The listed folders that exist (`articles/`…): a link must not hold one. */
  listed: readonly string[];
  /** The output folder and the build cache: a link must neither lead into one nor hold one. */
  own: readonly string[];
}

/** The fence of the site `root` whose listed folders are `dirs`, built into `out`, with its cache in `cache`. */
export function siteFence(root: string, dirs: readonly string[], out: string, cache: string): Fence {
  const realRoot = safeRealpath(root) ?? resolve(root);
  const listed = dirs.flatMap((d) => safeRealpath(join(root, d)) ?? []);
  return { root: realRoot, listed, own: [realPathOf(out), realPathOf(cache)] };
}

/** Why a link resolving to `target` (real) must not be followed, or undefined when it may. */
function fenced(target: string, fence: Fence): string | undefined {
  if (target === fence.root) return "symbolic link points to the site folder itself and is ignored (nothing under it is read)";
  if (fence.listed.some((d) => d !== target && isInside(target, d))) return "symbolic link points to a folder holding a source folder of the site and is ignored (nothing under it is read)";
  if (fence.own.some((o) => isInside(o, target) || isInside(target, o))) return "symbolic link points to the output folder or the build cache (or a folder holding one) and is ignored: the build would read its own output";
  return undefined;
}

/**
 * The error for a link named `linkName` (at `rel`) to `target` (real, inside the site folder) that
 * must not be followed: one that leads back to what holds it (`symlink-loop`, see `Fence`), else one
 * to what the site keeps private (`symlink-private`, see `privateTarget`). Undefined when it may be.
 */
function refusedLink(realRoot: string, target: string, linkName: string, rel: string, fence: Fence | undefined): Diagnostic | undefined {
  const loop = fence && fenced(target, fence);
  if (loop) return error(CODES.symlinkLoop, rel, loop, { line: 1, column: 1 });
  const secret = privateTarget(realRoot, target, linkName);
  return secret ? error(CODES.symlinkPrivate, rel, secret, { line: 1, column: 1 }) : undefined;
}

/**
 * Walk `root/dir` recursively. Missing folders give no entries. `info.links` is set when a
 * symbolic link was met. With a `fence`, links that lead back to what holds them are refused.
 */
export function walk(root: string, dir: string, diagnostics: Diagnostic[], info?: { links: boolean }, fence?: Fence): SourceEntry[] {
  const out: SourceEntry[] = [];
  const realRoot = safeRealpath(root) ?? root;
  const seen = new Set<string>();
  const visit = (abs: string, rel: string): void => {
    const real = safeRealpath(abs);
    if (!real || seen.has(real)) return;
    seen.add(real);
    let names: string[];
    try {
      names = readdirSync(abs);
    } catch (e) {
      // Gone since it was seen (a `dev` save): nothing to list. Unreadable: its articles would
      // vanish from every page without a word, so it is an error.
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") diagnostics.push(error(CODES.encoding, `${rel}/`, `cannot read folder: ${code ?? "error"}`, { line: 1, column: 1 }));
      return;
    }
    names.sort(byString);
    for (const name of names) {
      if (isIgnoredName(name, dir)) continue;
      const childAbs = join(abs, name);
      const childRel = `${rel}/${name}`;
      let st: Stats;
      try {
        st = lstatSync(childAbs);
        if (st.isSymbolicLink()) {
          if (info) info.links = true;
          const target = safeRealpath(childAbs);
          if (!target || !isInside(realRoot, target)) {
            diagnostics.push(error(CODES.symlinkOutside, childRel, "symbolic link points outside the site folder (or nowhere): move what it points at into the site folder, or remove the link", { line: 1, column: 1 }));
            continue;
          }
          const refused = refusedLink(realRoot, target, name, childRel, fence);
          if (refused) {
            diagnostics.push(refused);
            continue;
          }
          st = statSync(childAbs);
        }
      } catch (e) {
        // A name that is not UTF-8 is read back with U+FFFD: no path names that file, and its
        // content would vanish without a word. Anything but a file gone since the listing (a
        // `dev` save) is reported too.
        const code = (e as NodeJS.ErrnoException).code;
        if (name.includes("\uFFFD")) diagnostics.push(error(CODES.encoding, childRel, "the name is not valid UTF-8 (each \uFFFD stands for bytes that are not): rename it", { line: 1, column: 1 }));
        else if (code !== "ENOENT") diagnostics.push(error(CODES.encoding, childRel, `cannot read: ${code ?? "error"}`, { line: 1, column: 1 }));
        continue;
      }
      if (st.isDirectory()) visit(childAbs, childRel);
      else if (st.isFile()) out.push({ rel: childRel, abs: childAbs, size: st.size, stampMs: changeStamp(st) });
      // A named pipe, a socket or a device: reading one may never end, and skipping it would lose an article without a word.
      else diagnostics.push(error(CODES.encoding, childRel, "is not a regular file (a named pipe, socket or device): warta reads only files; remove it or put the file itself here", { line: 1, column: 1 }));
    }
  };
  // The folder itself (`articles/`) may be a link too.
  const top = join(root, dir);
  const topReal = safeRealpath(top);
  const topLinked = topReal !== undefined && topReal !== join(realRoot, dir);
  if (info && topLinked) info.links = true;
  if (topReal && !isInside(realRoot, topReal)) {
    diagnostics.push(error(CODES.symlinkOutside, dir, "symbolic link points outside the site folder: move what it points at into the site folder, or remove the link", { line: 1, column: 1 }));
    return out;
  }
  const refused = topLinked ? refusedLink(realRoot, topReal, dir, dir, fence) : undefined;
  if (refused) {
    diagnostics.push(refused);
    return out;
  }
  visit(top, dir);
  return out;
}

/**
 * `p` with every symbolic link resolved; for a path that does not exist yet, its nearest existing
 * ancestor's real path plus the rest. A link to a path that does not exist yet (`dist -> /srv/www`
 * before its first build) is followed there too: that is where the link says the folder is.
 */
export function realPathOf(p: string, hops = 0): string {
  const abs = resolve(p);
  let rest = "";
  for (let d = abs; ; d = dirname(d)) {
    const real = safeRealpath(d);
    if (real !== undefined) return join(real, rest);
    const target = hops < 40 ? danglingTarget(d) : undefined;
    if (target !== undefined) return realPathOf(join(target, rest), hops + 1);
    if (dirname(d) === d) return abs;
    rest = rest ? join(basename(d), rest) : basename(d);
  }
}

/** Where the symbolic link `p` points, when it is one (its target does not exist, or realpath would have resolved it). */
function danglingTarget(p: string): string | undefined {
  try {
    return lstatSync(p).isSymbolicLink() ? resolve(dirname(p), readlinkSync(p)) : undefined;
  } catch {
    return undefined;
  }
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
