import type { z } from "zod";
import { CODES, error, type Code, type Diagnostic } from "../diagnostics/diagnostic.ts";

/**
 * Map zod issues to diagnostics at the line of the offending field: a top-level key's line, or,
 * for a field below one (`source.url`, `tags[2]`), its line in `text` (the file) when found there.
 */
export function zodDiagnostics(file: string, issues: readonly z.core.$ZodIssue[], keyLines: Record<string, number>, data: Record<string, unknown>, text?: string): Diagnostic[] {
  let lines: string[] | undefined;
  const lineOf = (key: string, below: PropertyKey | undefined): number => {
    const line = keyLines[key] ?? 1;
    if (below === undefined || text === undefined || keyLines[key] === undefined) return line;
    return fieldLine((lines ??= text.split("\n")), line, below);
  };
  return issues.map((i) => {
    const key = String(i.path[0] ?? "");
    const field = i.path.map((p, n) => (typeof p === "number" ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`)).join("");
    const custom = (i as { params?: { code?: Code } }).params?.code;
    const missing = key !== "" && !(key in data);
    const dateField = key === "date" || key === "updated";
    const code: Code = custom ?? (missing ? CODES.required : dateField ? CODES.invalidDate : CODES.invalidType);
    const message = missing ? "is required" : i.message;
    return error(code, file, message, { line: lineOf(key, i.path[1]), column: 1, field: field || undefined });
  });
}

/**
 * The 1-based line of `below` (a key, or a list item's index) in the block of the top-level key at
 * `keyLine`, in the file's `lines`; `keyLine` when it is not written on a line of its own (a flow
 * list `[a, b]`, a flow mapping).
 */
export function fieldLine(lines: readonly string[], keyLine: number, below: PropertyKey): number {
  const block: number[] = [];
  for (let i = keyLine; i < lines.length; i++) {
    const line = lines[i]!;
    // The block ends at the next top-level key or the closing `---` (a list may sit at column 0).
    if (line === "---" || line === "...") break;
    if (line.trim() !== "" && !/^[\s#-]/.test(line)) break;
    block.push(i);
  }
  let hit: number | undefined;
  if (typeof below === "number") hit = block.filter((i) => /^\s*-(\s|$)/.test(lines[i]!))[below];
  else {
    const name = String(below).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const key = new RegExp(`^\\s*(?:-\\s+)?(["']?)${name}\\1\\s*:`);
    hit = block.find((i) => key.test(lines[i]!));
  }
  return hit === undefined ? keyLine : hit + 1;
}
