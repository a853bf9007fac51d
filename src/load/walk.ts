/**
 * Lists the site's source files. Symlinks are followed only when they resolve inside the site
 * root; loops are cut; editor droppings (`.x.swp`, `x~`, `4913`, `#x#`) are never content.
 * Order is sorted by path, so `readdir` order never reaches the output.
 */
import { lstatSync, readdirSync, realpathSync, statSync, type Stats } from "node:fs";
import { join, relative, sep } from "node:path";
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

export const isIgnoredName = (name: string): boolean =>
  name.startsWith(".") || name.endsWith("~") || name === "4913" || (name.startsWith("#") && name.endsWith("#")) || name === "node_modules";

export function isInside(parent: string, child: string): boolean {
  const r = relative(parent, child);
  return r === "" || (!r.startsWith("..") && !r.startsWith(sep) && !/^[a-zA-Z]:/.test(r));
}

/** Walk `root/dir` recursively. Missing folders give no entries. `info.links` is set when a symbolic link was met. */
export function walk(root: string, dir: string, diagnostics: Diagnostic[], info?: { links: boolean }): SourceEntry[] {
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
      if (isIgnoredName(name)) continue;
      const childAbs = join(abs, name);
      const childRel = `${rel}/${name}`;
      let st: Stats;
      try {
        st = lstatSync(childAbs);
        if (st.isSymbolicLink()) {
          if (info) info.links = true;
          const target = safeRealpath(childAbs);
          if (!target || !isInside(realRoot, target)) {
            diagnostics.push(error(CODES.symlinkOutside, childRel, "symbolic link points outside the site folder (or nowhere) and is ignored", { line: 1, column: 1 }));
            continue;
          }
          st = statSync(childAbs);
        }
      } catch {
        continue;
      }
      if (st.isDirectory()) visit(childAbs, childRel);
      else if (st.isFile()) out.push({ rel: childRel, abs: childAbs, size: st.size, stampMs: changeStamp(st) });
    }
  };
  // The folder itself (`articles/`) may be a link too.
  const top = join(root, dir);
  const topReal = safeRealpath(top);
  if (info && topReal && topReal !== join(realRoot, dir)) info.links = true;
  if (topReal && !isInside(realRoot, topReal)) {
    diagnostics.push(error(CODES.symlinkOutside, dir, "symbolic link points outside the site folder and is ignored", { line: 1, column: 1 }));
    return out;
  }
  visit(top, dir);
  return out;
}

function safeRealpath(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined;
  }
}
