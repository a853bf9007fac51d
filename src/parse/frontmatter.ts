/**
 * The one adapter for gray-matter. Wired safely:
 * - `---js` / `---javascript` front matter is eval'ed by gray-matter's defaults: both throw here;
 * - options are always passed, which turns gray-matter's by-text cache off (it would return `{}`
 *   for a text that failed before, and grow forever in `dev`);
 * - YAML goes through `yaml` (core schema, unique keys) instead of js-yaml 3, so dates stay strings
 *   and `2024-02-30` is never rolled over to March.
 * gray-matter hands the engine the text after the opening `---` *including* its newline, so a
 * YAML line number is already the file line number (pinned by a unit test).
 *
 * Speed: `yaml`'s Document API costs ~140 µs per article, a quarter of a cold build's parse
 * time. Plain front matter (no anchors, aliases, tags or directives; leaves that are strings,
 * booleans or null) is read with js-yaml's core schema first (~11 µs), its key lines found by
 * scanning. Anything else, and every front matter js-yaml rejects, goes through `yaml`, which
 * gives the diagnostics; a unit test pins that both paths give the same data.
 */
import matter from "gray-matter";
import jsYaml from "js-yaml";
import { CODES, error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { lineTable, readYamlDocument, type YamlProblem } from "./yaml-document.ts";
import { listIndentFix, quotingFix, unclosedQuoteFix } from "./slips.ts";

export const MAX_FRONT_MATTER_BYTES = 64 * 1024;

export interface FrontMatter {
  data: Record<string, unknown>;
  /** 1-based file line of each top-level key. */
  keyLines: Record<string, number>;
  /** Markdown after the closing `---`. */
  body: string;
  /** 1-based file line where the body starts. */
  bodyLine: number;
}

class ScriptFrontMatter extends Error {}

const noScript = (): never => {
  throw new ScriptFrontMatter("script front matter (---js) is disabled");
};

export function parseFrontMatter(file: string, text: string): { value?: FrontMatter; diagnostics: Diagnostic[] } {
  const opening = /^---[^\S\n]*([a-z]*)[^\S\n]*\n/i.exec(text);
  if (!opening) {
    return { diagnostics: [error(CODES.frontMatterMissing, file, "no front matter: the file must start with a `---` line", { line: 1, column: 1 })] };
  }
  // `---json`, `---toml`…: gray-matter would pick another parser, without the size limit and the
  // key lines of YAML. Only YAML is front matter here (`---yaml` says so); `---js` is refused below.
  const language = opening[1]!.toLowerCase();
  if (language !== "" && language !== "yaml" && language !== "js" && language !== "javascript") {
    return { diagnostics: [error(CODES.yamlSyntax, file, `front matter in "${opening[1]}" is not read: write YAML between two \`---\` lines`, { line: 1, column: 1 })] };
  }
  let yamlErrors: YamlProblem[] | undefined;
  let keyLines: Record<string, number> = lineTable();
  const readYaml = (src: string): object => {
    if (Buffer.byteLength(src) > MAX_FRONT_MATTER_BYTES) throw new RangeError("front matter too large");
    const read = readPlainYaml(src) ?? readYamlDocument(src, { warnings: true, numbersAsText: true });
    if ("problem" in read) {
      yamlErrors = [read.problem, ...read.more];
      return {};
    }
    keyLines = read.keyLines;
    return (read.data ?? {}) as object;
  };
  // gray-matter copies its whole input into a Buffer (`file.orig`) before it looks for the
  // closing `---`: a tenth of the parse time on long articles. It gets the block up to and
  // including its closing delimiter (found as gray-matter finds it: the first "\n---" after the
  // opening line); the body is cut from the text as gray-matter cuts it.
  const close = text.indexOf("\n---", 3);
  // Without its closing line the whole article would be read as front matter: a body-less page,
  // or body lines taken into the last value.
  if (close === -1) {
    return { diagnostics: [error(CODES.yamlSyntax, file, "the front matter that starts here never ends: add a line of exactly `---` after it", { line: 1, column: 1 })] };
  }
  // The closing line is `---` and nothing else: `----` would end the front matter and start the
  // body with a stray `-` (an empty list item).
  if (!/^[^\S\n]*(?:\n|$)/.test(text.slice(close + 4, close + 4 + 256))) {
    return { diagnostics: [error(CODES.yamlSyntax, file, "the front matter must end with a line of exactly `---`", { line: countLines(text, close) + 2, column: 1 })] };
  }
  const head = language === "yaml" ? `---${text.slice(opening[0].length - 1, close + 4)}` : text.slice(0, close + 4);
  let parsed: matter.GrayMatterFile<string>;
  try {
    parsed = matter(head, { engines: { yaml: readYaml, js: noScript, javascript: noScript } } as never);
  } catch (e) {
    if (e instanceof ScriptFrontMatter) return { diagnostics: [error(CODES.frontMatterScript, file, e.message, { line: 1, column: 1 })] };
    if (e instanceof RangeError && e.message === "front matter too large") {
      return { diagnostics: [error(CODES.frontMatterTooLarge, file, `front matter is larger than ${MAX_FRONT_MATTER_BYTES / 1024} KiB`, { line: 1, column: 1 })] };
    }
    if (e instanceof RangeError) return { diagnostics: [error(CODES.yamlSyntax, file, "front matter is nested too deeply", { line: 1, column: 1 })] };
    const message = e instanceof Error ? firstLine(e.message) : String(e);
    return { diagnostics: [error(CODES.yamlSyntax, file, message, { line: 1, column: 1 })] };
  }
  if (yamlErrors) {
    // Two problems the same fix answers (the quoting of one line) are said once.
    const said = new Set<string>();
    return {
      diagnostics: (yamlErrors as YamlProblem[]).flatMap(({ line, column, message, field }) => {
        const fix = quotingFix(text, line) ?? (/Missing closing/i.test(message) ? unclosedQuoteFix(text, line) : undefined);
        const indent = fix ? undefined : listIndentFix(text, line);
        const words = fix ? `${message}: ${fix.advice}` : indent ? `${indent} (${message})` : message;
        const key = fix?.key ?? field;
        const d = error(CODES.yamlSyntax, file, words, { line: fix?.line ?? line, column: fix ? 1 : column, ...(key ? { field: key } : {}) });
        const id = `${d.line}|${d.message}`;
        if (said.has(id)) return [];
        said.add(id);
        return [d];
      }),
    };
  }
  const data = parsed.data as unknown;
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    return { diagnostics: [error(CODES.yamlSyntax, file, "front matter must be a mapping of `key: value` lines", { line: 2, column: 1 })] };
  }
  const body = afterDelimiter(text.slice(close + 4));
  const bodyLine = countLines(text, text.length - body.length) + 1;
  return { value: { data: data as Record<string, unknown>, keyLines, body, bodyLine }, diagnostics: [] };
}

/** Anything that may mean an anchor, alias, tag, directive or merge key: left to `yaml`. */
const NOT_PLAIN = /(?:^|[\s[{,])[&*!%]|<</;
const TOP_KEY = /^([A-Za-z0-9_][A-Za-z0-9_ -]*?)[ \t]*:(?:[ \t]|$)/;

/**
 * The fast path: plain front matter read by js-yaml, or undefined to use `yaml`.
 * `src` starts with the newline after `---`, so its line i is file line i + 1.
 */
export function readPlainYaml(src: string): { data: Record<string, unknown>; keyLines: Record<string, number> } | undefined {
  if (NOT_PLAIN.test(src)) return undefined;
  let data: unknown;
  try {
    data = jsYaml.load(src, { schema: jsYaml.CORE_SCHEMA });
  } catch {
    return undefined;
  }
  if (data === undefined || data === null) data = {};
  if (typeof data !== "object" || Array.isArray(data) || !plainLeaves(data, 0)) return undefined;
  // Every line at column 0 must be a key, a list item, a comment or blank, and every key must be
  // found once: else a line inside a quoted value looks like a key (its line would be wrong), or
  // js-yaml took a value `yaml` refuses (a flow list closed at column 0). `yaml` decides those.
  const keyLines = lineTable();
  const lines = src.split("\n");
  let found = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const m = TOP_KEY.exec(line);
    if (m) {
      if (Object.hasOwn(keyLines, m[1]!)) return undefined;
      keyLines[m[1]!] = i + 1;
      found++;
    } else if (line !== "" && !/^[ \t#-]/.test(line)) return undefined;
  }
  const keys = Object.keys(data as object);
  if (keys.length !== found || !keys.every((key) => Object.hasOwn(keyLines, key))) return undefined;
  return { data: data as Record<string, unknown>, keyLines };
}

function plainLeaves(value: unknown, depth: number): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value !== "object" || depth > 4) return false;
  if (Array.isArray(value)) return value.every((v) => plainLeaves(v, depth + 1));
  if (Object.getPrototypeOf(value as object) !== Object.prototype) return false;
  for (const key of Object.keys(value)) if (key === "__proto__" || !plainLeaves((value as Record<string, unknown>)[key], depth + 1)) return false;
  return true;
}

/** The body after the closing `---`: the rest of that line (spaces, a `\r`) and its line break dropped. */
const afterDelimiter = (rest: string): string => rest.replace(/^[^\S\n]*\n?/, "");

function countLines(text: string, end: number): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i !== -1 && i < end; i = text.indexOf("\n", i + 1)) n++;
  return n;
}

const firstLine = (s: string): string => s.split("\n")[0]?.trim() ?? s;
