import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { CODES, error, type Diagnostic } from "../diagnostics/diagnostic.ts";
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
  const file = CONFIG_FILES.find((f) => existsSync(join(root, f)));
  let raw: unknown = {};
  let text = "";
  if (file) {
    try {
      text = readFileSync(join(root, file), "utf8");
      raw = file.endsWith(".json") ? JSON.parse(text) : (parseYaml(text, { schema: "core", uniqueKeys: true }) ?? {});
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
        }),
      ),
    };
  }
  return { config: resolveConfig(parsed.data), file, text: text + JSON.stringify(overrides), diagnostics: [] };
}
