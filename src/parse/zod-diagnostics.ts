import type { z } from "zod";
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments, type Node } from "yaml";
import { CODES, error, type Code, type Diagnostic } from "../diagnostics/diagnostic.ts";

/**
 * Map zod issues to diagnostics at the line of the offending field: a top-level key's line, or,
 * for a field below one (`source.url`, `tags[2]`), its line in `text` (the file) when found there.
 */
export function zodDiagnostics(file: string, issues: readonly z.core.$ZodIssue[], keyLines: Record<string, number>, data: Record<string, unknown>, text?: string): Diagnostic[] {
  let lines: string[] | undefined;
  const lineOf = (key: string, below: readonly PropertyKey[]): number => {
    const line = keyLines[key] ?? 1;
    if (below.length === 0 || text === undefined || keyLines[key] === undefined) return line;
    return fieldLine((lines ??= text.split("\n")), line, below);
  };
  return issues.map((i) => {
    const key = String(i.path[0] ?? "");
    const field = i.path.map((p, n) => (typeof p === "number" ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`)).join("");
    const custom = (i as { params?: { code?: Code } }).params?.code;
    // A key that is not there, at the top (`title`) or below it (`url` of a profile link).
    const parent = i.path.slice(0, -1).reduce<unknown>((v, p) => (typeof v === "object" && v !== null ? (v as Record<PropertyKey, unknown>)[p] : undefined), data);
    const missing = key !== "" && typeof parent === "object" && parent !== null && !Object.hasOwn(parent, i.path.at(-1)!);
    const dateField = key === "date" || key === "updated" || (key === "corrections" && i.path.at(-1) === "date");
    const code: Code = custom ?? (missing ? CODES.required : dateField ? CODES.invalidDate : CODES.invalidType);
    const message = missing ? "is required" : i.message;
    // An unknown key of a `{…}` value is at its own line (`labl:` in a profile link).
    // (checkInto passes it on as a custom issue that keeps its `keys`).
    const keys = (i as { keys?: unknown }).keys;
    const unknown = Array.isArray(keys) ? keys.slice(0, 1).map(String) : [];
    return error(code, file, message, { line: lineOf(key, [...i.path.slice(1), ...unknown]), column: 1, field: field || undefined });
  });
}

/**
 * The 1-based line of the field at `path` (keys and list indexes, `["links", 0, "url"]`) below the
 * top-level key at `keyLine`, in the file's `lines`: each step is looked for in the block of the
 * one before, by indentation; a step inside a flow list or mapping written over several lines
 * (`menu: [` then `"Daerah",` on a line of its own, as a JSON config is written) from the YAML
 * itself. Where a step is not written on a line of its own (a flow list `[a, b]` on one line, a
 * flow mapping `{name: X}`, a key that is missing), the line of the last step found.
 */
export function fieldLine(lines: readonly string[], keyLine: number, path: PropertyKey | readonly PropertyKey[]): number {
  const steps = Array.isArray(path) ? (path as readonly PropertyKey[]) : [path as PropertyKey];
  // The node reached: its line (0-based), the column of its key or dash, and whether it is a list item.
  let at = keyLine - 1;
  if (lines[at] === undefined) return keyLine;
  let col = indentOf(lines[at]!);
  let item = false;
  let reached = 0;
  for (const step of steps) {
    const children: { line: number; indent: number; text: string }[] = [];
    // A list item's own line may hold its first key (`- label: Y`) or a nested list (`- - a`).
    if (item) {
      const rest = /^(\s*-\s+)(\S.*)?$/.exec(lines[at]!);
      if (rest?.[2] !== undefined) children.push({ line: at, indent: rest[1]!.length, text: rest[2] });
    }
    for (let i = at + 1; i < lines.length; i++) {
      const line = lines[i]!;
      const text = line.trim();
      if (text === "" || text.startsWith("#")) continue;
      const indent = indentOf(line);
      // A key's block is the lines indented below it, and a list written at its own column
      // (`tags:` then `- a` at column 0); an item's, the lines indented below its dash.
      const inside = indent > col || (!item && indent === col && /^-(\s|$)/.test(text));
      if (!inside || line === "---" || line === "...") break;
      children.push({ line: i, indent, text });
    }
    const level = Math.min(...children.map((c) => c.indent));
    const direct = children.filter((c) => c.indent === level);
    let hit: { line: number; indent: number; text: string } | undefined;
    if (typeof step === "number") hit = direct.filter((c) => /^-(\s|$)/.test(c.text))[step];
    else {
      const name = String(step).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const key = new RegExp(`^(["']?)${name}\\1\\s*:`);
      hit = direct.find((c) => key.test(c.text));
    }
    if (!hit) break;
    at = hit.line;
    col = hit.indent;
    item = typeof step === "number";
    reached++;
  }
  if (reached < steps.length) {
    const parsed = parsedLine(lines, keyLine, steps);
    if (parsed && parsed.reached > reached) return parsed.line;
  }
  return at + 1;
}

const parsedDocuments = new WeakMap<readonly string[], { docs: ReturnType<typeof parseAllDocuments>; counter: LineCounter }>();

/**
 * The line of `steps` below the top-level key at `keyLine`, read from the YAML's own nodes (a
 * front matter's block, up to its closing `---`, or a whole config), and how many steps it reached.
 */
function parsedLine(lines: readonly string[], keyLine: number, steps: readonly PropertyKey[]): { line: number; reached: number } | undefined {
  let parsed = parsedDocuments.get(lines);
  if (!parsed) {
    // Front matter: its block alone, not the Markdown below it.
    const end = lines[0]?.trimEnd() === "---" ? lines.findIndex((l, i) => i > 0 && /^(---|\.\.\.)\s*$/.test(l)) : -1;
    const counter = new LineCounter();
    const docs = parseAllDocuments((end === -1 ? lines : lines.slice(0, end)).join("\n"), { lineCounter: counter, uniqueKeys: false });
    parsed = { docs: Array.isArray(docs) ? docs : [], counter };
    parsedDocuments.set(lines, parsed);
  }
  const { counter } = parsed;
  const lineAt = (node: Node | null | undefined): number | undefined => (node?.range ? counter.linePos(node.range[0]).line : undefined);
  for (const doc of parsed.docs) {
    if (!isMap(doc.contents)) continue;
    const top = doc.contents.items.find((p) => isScalar(p.key) && lineAt(p.key) === keyLine);
    if (!top) continue;
    let node: unknown = top.value;
    let line = keyLine;
    let reached = 0;
    for (const step of steps) {
      let next: unknown;
      let at: number | undefined;
      if (isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(step));
        next = pair?.value;
        at = pair ? lineAt(pair.key as Node) : undefined;
      } else if (isSeq(node) && typeof step === "number") {
        next = node.items[step];
        at = lineAt(next as Node | undefined);
      }
      if (at === undefined) break;
      line = at;
      node = next;
      reached++;
    }
    return { line, reached };
  }
  return undefined;
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
