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
}

/** Key → line, with no prototype: a key named `__proto__` or `constructor` is a key like any other. */
export const lineTable = (): Record<string, number> => Object.create(null) as Record<string, number>;

/**
 * `warnings`: also stop at the parser's first warning (front matter does; the config only at errors).
 * `numbersAsText`: a plain scalar that reads as a number is the text as written (`title: 007`
 * is "007", `tags: [1e3]` is "1e3"), for documents where every value is text (front matter).
 */
export function readYamlDocument(src: string, options: { warnings: boolean; numbersAsText?: boolean }): { data: unknown; keyLines: Record<string, number> } | { problem: YamlProblem } {
  const lines = new LineCounter();
  // `resolveKnownTags: false`: `!!binary`, `!!timestamp`, `!!set`… are not turned into bytes, dates
  // or maps (front matter and config take text, lists and mappings); their tag is left unresolved.
  const doc = parseDocument(src, { schema: "core", uniqueKeys: true, lineCounter: lines, prettyErrors: true, resolveKnownTags: false });
  // A tag left unresolved (`!!binary`, see above) is a problem for every reader: its value would
  // be taken as the text written.
  const first = doc.errors[0] ?? (options.warnings ? doc.warnings[0] : doc.warnings.find((w) => w.code === "TAG_RESOLVE_FAILED"));
  if (first) {
    let pos = first.linePos?.[0] ?? { line: 1, col: 1 };
    const message = plainMessage((first.message.split("\n")[0] ?? "").trim().replace(/ at line \d+, column \d+:?$/, ""));
    // Where the engine's stack ran out depends on how deep the stack already was (check and build
    // differ): the value that nests too deeply is named at its start instead.
    if (/call stack/i.test(first.message)) {
      const start = valueStart(src, first.pos[0]);
      if (start !== undefined) pos = lines.linePos(start);
    }
    return { problem: { line: pos.line, column: pos.col, message } };
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

/** The parser's words where they name its own API or the engine's limits. */
function plainMessage(message: string): string {
  if (/call stack/i.test(message)) return "is nested too deeply";
  if (/multiple documents/i.test(message)) return "must be one YAML document: a `...` or `---` line inside it starts another";
  const tag = /^Unresolved tag: (?:tag:yaml\.org,2002:)?(\S+)/.exec(message);
  if (tag) return `YAML tag ${tag[1]!.startsWith("!") ? "" : "!!"}${tag[1]} is not read here: write the value as plain text, a list or a mapping`;
  return message;
}
