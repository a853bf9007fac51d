import type { z } from "zod";
import { CODES, error, type Code, type Diagnostic } from "../diagnostics/diagnostic.ts";

/** Map zod issues to diagnostics at the line of the offending top-level key. */
export function zodDiagnostics(file: string, issues: readonly z.core.$ZodIssue[], keyLines: Record<string, number>, data: Record<string, unknown>): Diagnostic[] {
  return issues.map((i) => {
    const key = String(i.path[0] ?? "");
    const field = i.path.map((p, n) => (typeof p === "number" ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`)).join("");
    const custom = (i as { params?: { code?: Code } }).params?.code;
    const missing = key !== "" && !(key in data);
    const dateField = key === "date" || key === "updated";
    const code: Code = custom ?? (missing ? CODES.required : dateField ? CODES.invalidDate : CODES.invalidType);
    const message = missing ? "is required" : i.message;
    return error(code, file, message, { line: keyLines[key] ?? 1, column: 1, field: field || undefined });
  });
}
