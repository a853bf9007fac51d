/** Where warta itself lives: works from `src/` (tests) and from compiled `lib/` alike. */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const PACKAGE_ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const BUILTIN_TEMPLATES = join(PACKAGE_ROOT, "templates");
export const VERSION: string = (JSON.parse(readFileSync(join(PACKAGE_ROOT, "package.json"), "utf8")) as { version: string }).version;
export const GENERATOR = `warta ${VERSION}`;
