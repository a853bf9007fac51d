/**
 * YAML read with `yaml`'s Document API, for front matter that is not plain and for the site
 * config: core schema (dates stay strings), unique keys, aliases capped. It gives the value and
 * the line of each top-level key, or the first problem at its line and column.
 */
import { isMap, isScalar, LineCounter, Parser, parseDocument, visit } from "yaml";

export interface YamlProblem {
  line: number;
  column: number;
  message: string;
  /** The key the problem is at, where it is one (a key written twice). */
  field?: string;
}

/** At most this many problems of one document are told (one per line): the rest follow once those are fixed. */
const MAX_PROBLEMS = 20;

/** Key → line, with no prototype: a key named `__proto__` or `constructor` is a key like any other. */
export const lineTable = (): Record<string, number> => Object.create(null) as Record<string, number>;

/**
 * `warnings`: also stop at the parser's first warning (front matter does; the config only at errors).
 * `numbersAsText`: a plain scalar that reads as a number is the text as written (`title: 007`
 * is "007", `tags: [1e3]` is "1e3"), for documents where every value is text (front matter).
 */
export function readYamlDocument(src: string, options: { warnings: boolean; numbersAsText?: boolean }): { data: unknown; keyLines: Record<string, number> } | { problem: YamlProblem; more: YamlProblem[] } {
  const lines = new LineCounter();
  // `resolveKnownTags: false`: `!!binary`, `!!timestamp`, `!!set`… are not turned into bytes, dates
  // or maps (front matter and config take text, lists and mappings); their tag is left unresolved.
  const doc = parseDocument(src, { schema: "core", uniqueKeys: true, lineCounter: lines, prettyErrors: true, resolveKnownTags: false });
  // A tag left unresolved (`!!binary`, see above) is a problem for every reader: its value would
  // be taken as the text written.
  const found = [...doc.errors, ...(options.warnings ? doc.warnings : doc.warnings.filter((w) => w.code === "TAG_RESOLVE_FAILED"))];
  if (found.length) {
    // Every line's first problem, in the order of the lines: one run tells them all.
    const problems = new Map<number, YamlProblem>();
    for (const e of found) {
      let pos = e.linePos?.[0] ?? { line: 1, col: 1 };
      let message = plainMessage((e.message.split("\n")[0] ?? "").trim().replace(/ at line \d+, column \d+:?$/, ""));
      // Where the engine's stack ran out depends on how deep the stack already was (check and build
      // differ): the value that nests too deeply is named at its start instead.
      if (/call stack/i.test(e.message)) {
        const start = valueStart(src, e.pos[0]);
        if (start !== undefined) pos = lines.linePos(start);
      }
      const twice = e.code === "DUPLICATE_KEY" ? writtenTwice(src, pos.line, pos.col) : undefined;
      if (twice) message = twice.message;
      // An unclosed `[` or `{` is met where the next key starts: said where it was opened.
      const unclosed = e.code === "BAD_INDENT" ? unclosedFlow(src, pos.line, message) : undefined;
      if (unclosed) {
        pos = { line: unclosed.line, col: unclosed.column };
        message = unclosed.message;
      }
      const field = twice?.field ?? unclosed?.field;
      if (!problems.has(pos.line)) problems.set(pos.line, { line: pos.line, column: pos.col, message, ...(field !== undefined ? { field } : {}) });
    }
    // A top-level key written twice, which YAML does not say once it met another error: said too.
    const seen = new Set<string>();
    src.split("\n").forEach((text, i) => {
      const key = /^(["']?)([A-Za-z_][\w-]*)\1[ \t]*:(?:[ \t]|\r?$)/.exec(text)?.[2];
      if (key === undefined) return;
      if (!seen.has(key)) seen.add(key);
      else if (!problems.has(i + 1)) {
        const twice = writtenTwice(src, i + 1, 1)!;
        problems.set(i + 1, { line: i + 1, column: 1, message: twice.message, field: twice.field });
      }
    });
    const [problem, ...more] = [...problems.values()].sort((a, b) => a.line - b.line || a.column - b.column).slice(0, MAX_PROBLEMS);
    return { problem: problem!, more };
  }
  if (options.numbersAsText) {
    visit(doc, {
      Scalar(_key, node) {
        if (typeof node.value === "number" && node.type === "PLAIN" && typeof node.source === "string") node.value = node.source;
      },
    });
  }
  const keyLines = lineTable();
  if (isMap(doc.contents)) {
    for (const pair of doc.contents.items) {
      if (isScalar(pair.key) && pair.key.range) keyLines[String(pair.key.value)] = lines.linePos(pair.key.range[0]).line;
    }
  }
  return { data: doc.toJS({ maxAliasCount: 50 }), keyLines };
}

/**
 * The offset where the top-level value holding `offset` starts (the value of a top-level key, or
 * the key itself when `offset` is in it, else the document's), read from the parser's token
 * tree, which is built without recursion.
 */
function valueStart(src: string, offset: number): number | undefined {
  try {
    let found: number | undefined;
    for (const token of new Parser().parse(src)) {
      if (token.type !== "document" || token.offset > offset || !token.value) continue;
      found = token.value.offset;
      if (token.value.type !== "block-map") continue;
      for (const item of token.value.items) {
        const at = item.key?.offset ?? item.start[0]?.offset;
        if (at === undefined || at > offset) break;
        // In the value, or in the key itself (an explicit `? [[[…` key, lines above its value).
        found = item.value && item.value.offset <= offset ? item.value.offset : (item.key?.offset ?? at);
      }
    }
    return found;
  } catch {
    return undefined;
  }
}

/**
 * YAML's "Flow sequence in block collection must be sufficiently indented and end with a ]" is
 * met at the line after a list left open (`tags: [Politik, Ekonomi` with no `]`), and names that
 * line. The `[` (or `{`) is found instead: the nearest line above that opens a top-level key's
 * value with it; its key is the field.
 */
function unclosedFlow(src: string, line: number, message: string): { line: number; column: number; field: string; message: string } | undefined {
  const kind = /^Flow (sequence|map) in block collection must be sufficiently indented and end with an? ([\]}])/.exec(message);
  if (!kind) return undefined;
  const close = kind[2]!;
  const open = close === "]" ? "[" : "{";
  const all = src.split("\n");
  for (let i = line - 2; i >= 0; i--) {
    const m = /^(["']?)([^"':#\s-][^"':#]*?)\1[ \t]*:[ \t]*/.exec(all[i]!);
    if (!m) continue;
    const at = all[i]!.indexOf(open, m[0].length);
    // Closed further on (`tags: [a,` then `b]` at the margin): a line not indented, which YAML's words say.
    if (at < 0 || !leftOpen(all.slice(i).join("\n").slice(at), open, close)) return undefined;
    const what = open === "[" ? "list" : "mapping";
    return { line: i + 1, column: at + 1, field: m[2]!.trim(), message: `the ${what} opened here with ${open} is never closed: end it with ${close}` };
  }
  return undefined;
}

/** Whether the `open` that `text` starts with has no matching `close` in it (brackets inside quotes are text). */
function leftOpen(text: string, open: string, close: string): boolean {
  let depth = 0;
  let quote: string | undefined;
  for (const c of text) {
    if (quote) {
      if (c === quote || c === "\n") quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return false;
  }
  return true;
}

/** The parser's words where they name its own API or the engine's limits. */
function plainMessage(message: string): string {
  if (/call stack/i.test(message)) return "is nested too deeply";
  if (/multiple documents/i.test(message)) return "must be one YAML document: a `...` or `---` line inside it starts another";
  const tag = /^Unresolved tag: (?:tag:yaml\.org,2002:)?(\S+)/.exec(message);
  if (tag) return `YAML tag ${tag[1]!.startsWith("!") ? "" : "!!"}${tag[1]} is not read here: write the value as plain text, a list or a mapping`;
  return message;
}

/**
 * A key written a second time (YAML's "Map keys must be unique"), at `line` and `column`: its name,
 * the top-level key it is in (the field), and for a top-level key the line it was first written at.
 */
function writtenTwice(src: string, line: number, column: number): { key: string; field: string; message: string } | undefined {
  const all = src.split("\n", line);
  const m = /^(["']?)([^"':#\s,{}[\]][^"':#,{}[\]]*?)\1[ \t]*:(?:[ \t]|$)/.exec((all[line - 1] ?? "").slice(column - 1));
  if (!m) return undefined;
  const key = m[2]!.trim();
  const escaped = key.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  let first: number | undefined;
  let field = key;
  // The first copy: a key at the same column in the same mapping, looked for upwards until a line
  // further left (the mapping's parent, or the `- ` of its list item) ends it.
  const same = new RegExp(`^(["']?)${escaped}\\1[ \t]*:(?:[ \t]|$)`);
  for (let i = line - 2; i >= 0; i--) {
    const l = all[i]!;
    if (!l.trim() || l.trim().startsWith("#")) continue;
    const prefix = l.slice(0, column - 1);
    if (/^[ \t]*$/.test(prefix) || /^[ \t]*-[ \t]+$/.test(prefix)) {
      if (same.test(l.slice(column - 1))) {
        first = i + 1;
        break;
      }
      if (/-/.test(prefix)) break;
      continue;
    }
    break;
  }
  if (column > 1) {
    // Inside a top-level key's value: that key is the field.
    for (let i = line - 1; i >= 0; i--) {
      const top = /^(["']?)([^"':#\s-][^"':#]*?)\1[ \t]*:/.exec(all[i]!);
      if (top) {
        field = top[2]!.trim();
        break;
      }
    }
  }
  return { key, field, message: `"${key}" is written twice${first !== undefined ? ` (first at line ${first})` : ""}: keep one` };
}
