import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { z } from "zod";
import { CODES, error, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { CONFIG_FILES, configSchema, resolveConfig, type ResolvedConfig } from "./schema.ts";

export interface ConfigResult {
  config?: ResolvedConfig;
  /** The file read, relative to the root; undefined when defaults apply. */
  file?: string;
  /** Raw text, hashed into cache keys. */
  text: string;
  diagnostics: Diagnostic[];
}

export function loadConfig(root: string, overrides: { baseUrl?: string } = {}): ConfigResult {
  const found = CONFIG_FILES.filter((f) => existsSync(join(root, f)));
  const file = found[0];
  // Only the first is read: a second one is almost always a forgotten copy.
  const warnings = found.slice(1).map((f) => warning(CODES.config, f, `is ignored: only ${file} is read`, { line: 1 }));
  let raw: unknown = {};
  let text = "";
  let keyLine = (_key: string): number => 1;
  if (file) {
    try {
      text = readFileSync(join(root, file), "utf8");
      if (file.endsWith(".json")) raw = JSON.parse(text);
      else {
        const lines = new LineCounter();
        const doc = parseDocument(text, { schema: "core", uniqueKeys: true, lineCounter: lines, prettyErrors: true });
        const problem = doc.errors[0];
        if (problem) {
          const at = problem.linePos?.[0];
          return { file, text, diagnostics: [error(CODES.config, file, `cannot read config: ${(problem.message.split("\n")[0] ?? "").replace(/ at line \d+, column \d+:?$/, "")}`, { line: at?.line ?? 1, column: at?.col ?? 1 })] };
        }
        raw = doc.toJS({ maxAliasCount: 50 }) ?? {};
        keyLine = (key) => {
          if (!isMap(doc.contents)) return 1;
          const pair = doc.contents.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
          return pair && isScalar(pair.key) && pair.key.range ? lines.linePos(pair.key.range[0]).line : 1;
        };
      }
    } catch (e) {
      return { file, text, diagnostics: [error(CODES.config, file, `cannot read config: ${(e as Error).message.split("\n")[0]}`, { line: 1 })] };
    }
  }
  if (overrides.baseUrl !== undefined) raw = { ...(raw as object), baseUrl: overrides.baseUrl };
  const parsed = configSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      file,
      text,
      diagnostics: parsed.error.issues.map((i) =>
        error(CODES.config, file ?? "(config)", z.prettifyError(new z.ZodError([i])).replace(/^✖\s*/, "").split("\n")[0] ?? i.message, {
          field: i.path.join("."),
          line: keyLine(String(i.path[0] ?? "")),
        }),
      ),
    };
  }
  return { config: resolveConfig(parsed.data), file, text: text + JSON.stringify(overrides), diagnostics: warnings };
}
