/**
 * Compiled templates kept between runs. nunjucks compiles a template's text into the source of a
 * JavaScript function, which every process made again: ~20–35 ms for the article page's
 * templates, a twentieth of a one-article build at 10k articles and of `warta dev`'s start.
 * That source is kept here, named after everything it is compiled from (see `templateCodeKey`).
 *
 * It lives in the package (`lib/.code-cache/templates/`, beside the CLI's V8 code cache), never in
 * a site folder: it is code, run as the templates are, and a site's cache may come from a CI cache
 * anyone could have written. Each file is `// sha256 <hex of the rest>` and the source: a damaged
 * or cut-off file is no entry (compiled again and replaced). The `KEEP` most recently written stay.
 * A package folder that cannot be written keeps working without it.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { threadId } from "node:worker_threads";
import { PACKAGE_ROOT } from "../util/package.ts";

export interface TemplateCodeCache {
  get(key: string): string | undefined;
  set(key: string, code: string): void;
}

export const TEMPLATE_CODE_DIR = join(PACKAGE_ROOT, "lib", ".code-cache", "templates");
/** Entries kept: each template's current text, and those of earlier edits while there is room. */
const KEEP = 64;
const HEAD = "// sha256 ";

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

let compilerVersion: string | undefined;
/** The installed nunjucks, whose compiler made the source. */
function nunjucksVersion(): string {
  if (compilerVersion !== undefined) return compilerVersion;
  try {
    const require = createRequire(import.meta.url);
    compilerVersion = (JSON.parse(readFileSync(require.resolve("nunjucks/package.json"), "utf8")) as { version?: string }).version ?? "?";
  } catch {
    compilerVersion = "?";
  }
  return compilerVersion;
}

/**
 * The name of a template's compiled source: the compiler's version, the options it compiled with,
 * the template's path (its errors name it) and its text.
 */
export function templateCodeKey(path: string, text: string, options: unknown): string {
  return sha256(JSON.stringify(["warta-template-code-1", nunjucksVersion(), options, path, text])).slice(0, 40);
}

/** The compiled templates in `dir`. */
export function templateCodeCache(dir = TEMPLATE_CODE_DIR): TemplateCodeCache {
  let writable = true;
  return {
    get(key) {
      let file: string;
      try {
        file = readFileSync(join(dir, `${key}.js`), "utf8");
      } catch {
        return undefined;
      }
      const eol = file.indexOf("\n");
      if (eol < 0 || !file.startsWith(HEAD)) return undefined;
      const code = file.slice(eol + 1);
      return file.slice(HEAD.length, eol) === sha256(code) ? code : undefined;
    },
    set(key, code) {
      if (!writable) return;
      const target = join(dir, `${key}.js`);
      // Both threads of a large build may compile the same template at once.
      const tmp = `${target}.${process.pid}-${threadId}.tmp`;
      try {
        mkdirSync(dir, { recursive: true });
        writeFileSync(tmp, `${HEAD}${sha256(code)}\n${code}`);
        renameSync(tmp, target);
      } catch {
        writable = false; // a read-only install: compiled in every run
        removeQuietly(tmp);
        return;
      }
      prune(dir);
    },
  };
}

/** Keep the `KEEP` most recently written entries, and no temp file of a run killed while writing. */
function prune(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const now = Date.now();
  const entries: { name: string; mtimeMs: number }[] = [];
  for (const name of names) {
    let mtimeMs: number;
    try {
      mtimeMs = statSync(join(dir, name)).mtimeMs;
    } catch {
      continue;
    }
    if (name.endsWith(".tmp")) {
      if (now - mtimeMs > 10 * 60 * 1000) removeQuietly(join(dir, name));
    } else if (name.endsWith(".js")) entries.push({ name, mtimeMs });
  }
  if (entries.length <= KEEP) return;
  entries.sort((a, b) => b.mtimeMs - a.mtimeMs);
  for (const e of entries.slice(KEEP)) removeQuietly(join(dir, e.name));
}

function removeQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // gone already
  }
}
