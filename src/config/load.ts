import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CODES, error, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { decodeText } from "../load/read-text.ts";
import { isInside, realPathOf } from "../load/walk.ts";
import { lineTable, readYamlDocument, type YamlProblem } from "../parse/yaml-document.ts";
import { resolveSitePath } from "../parse/markdown.ts";
import { previewable } from "../render/feeds.ts";
import { DEFAULT_STRINGS } from "../render/strings.ts";
import { fieldLine } from "../parse/zod-diagnostics.ts";
import { isHttpUrl, isSiteUrl, SITE_URL_RULE } from "../util/http-url.ts";
import { closestKey, didYouMean } from "../util/suggest.ts";
import { abbreviatedZone, formatDate, hasDateNames, offsetsOf } from "../util/dates.ts";
import { CONFIG_FILES, configMessage, configSchema, resolveConfig, siteBase, type ResolvedConfig } from "./schema.ts";
import { CONFIG_LIKE_NAME } from "./files.ts";

export interface ConfigResult {
  config?: ResolvedConfig;
  /** The file read, relative to the root; undefined when defaults apply. */
  file?: string;
  /** Raw text, hashed into cache keys. */
  text: string;
  /** Line of each top-level key of a YAML config. */
  keyLines?: Record<string, number>;
  diagnostics: Diagnostic[];
  /** An invalid config with its bad keys left out: what the articles are read with to report their problems too. */
  fallback?: ConfigResult;
}

export function loadConfig(root: string, overrides: { baseUrl?: string } = {}): ConfigResult {
  const found = CONFIG_FILES.filter((f) => existsSync(join(root, f)));
  const file = found[0];
  // Only the first is read: a second one is almost always a forgotten copy.
  const warnings = found.slice(1).map((f) => warning(CODES.config, f, `is ignored: only ${file} is read`, { line: 1 }));
  // A config in another form or spelling (`warta.config.toml`, `Warta.config.YAML`, `warta.yaml`) is read by nothing: the site would build with the defaults.
  for (const name of otherConfigNames(root, file)) warnings.push(warning(CODES.config, name, file ? `is not read: the config is ${file}` : `is not read: a config is named ${CONFIG_FILES.join(", ").replace(/, ([^,]+)$/, " or $1")}, so the site is built with the defaults`, { line: 1 }));
  let raw: unknown = {};
  let text = "";
  // Line of each top-level key (YAML only; a JSON config reports line 1).
  let keyLines = lineTable();
  // A config that cannot be read at all: the articles are read with the defaults (and the
  // command line's base URL), for their own problems (see `ConfigResult.fallback`).
  const unread = (diagnostics: Diagnostic[]): ConfigResult => {
    const defaults = configSchema.safeParse(overrides.baseUrl !== undefined ? { baseUrl: overrides.baseUrl } : {});
    return { file, text, diagnostics, ...(defaults.success ? { fallback: { config: resolveConfig(defaults.data), file, text, diagnostics: [] } } : {}) };
  };
  if (file) {
    try {
      // A FIFO or a device would block the read for good; a folder is no config either.
      if (!statSync(join(root, file)).isFile()) return unread([error(CODES.config, file, "cannot read config: it is not a regular file", { line: 1 })]);
      // Links are followed inside the site folder only, as for every other source: a config linked to a file
      // elsewhere (`/etc/passwd`) is not read, and none of its text is printed.
      if (!isInside(realPathOf(root), realPathOf(join(root, file)))) return unread([error(CODES.symlinkOutside, file, "symbolic link points outside the site folder: move the config into the site folder, or remove the link", { line: 1, column: 1 })]);
      // Strict UTF-8, as articles: a Latin-1 `Café` would be `Caf\uFFFD` on every page.
      const decoded = decodeText(file, readFileSync(join(root, file)));
      if (decoded.text === undefined) return unread(decoded.diagnostics);
      text = decoded.text;
      // JSON is checked as JSON, then read as the YAML it also is: duplicate keys are an error
      // (JSON.parse keeps the last silently) and every problem gets its key's line.
      const notJson = file.endsWith(".json") ? jsonProblem(text) : undefined;
      const read = notJson ? { problem: notJson } : readYamlDocument(text, { warnings: false });
      if ("problem" in read) {
        const problems = [read.problem, ..."more" in read ? read.more : []];
        return unread(problems.map(({ line, column, message, field }) => error(CODES.config, file, `cannot read config: ${message}`, { line, column, ...(field ? { field } : {}) })));
      }
      raw = read.data ?? {};
      keyLines = read.keyLines;
    } catch (e) {
      return unread([error(CODES.config, file, `cannot read config: ${(e as Error).message.split("\n")[0]}`, { line: 1 })]);
    }
  }
  if (overrides.baseUrl !== undefined) {
    // The config's own address is not used (`--base-url`, or `warta dev`'s address), but a build
    // without the flag refuses a bad one: said now, not at publishing time.
    const own = typeof raw === "object" && raw !== null ? (raw as { baseUrl?: unknown }).baseUrl : undefined;
    if (own !== undefined && !(typeof own === "string" && isSiteUrl(own))) {
      warnings.push(warning(CODES.config, file ?? "(config)", `${SITE_URL_RULE}: this build uses ${overrides.baseUrl} instead, and warta build without --base-url refuses it`, { line: keyLines.baseUrl ?? 1, field: "baseUrl" }));
    }
    raw = { ...(raw as object), baseUrl: overrides.baseUrl };
  }
  // The line of a problem: its field's own (`url:` under `publisher:`, a `menu` item), or, for an
  // unknown key, that key's (`logoo:` under `publisher:`); its top-level key's when not on a line of its own.
  const lines = text.split("\n");
  const issueLine = (i: z.core.$ZodIssue): number => {
    const path = [...i.path, ...(i.code === "unrecognized_keys" ? i.keys.slice(0, 1) : [])];
    const line = keyLines[String(path[0] ?? "")];
    return line === undefined ? 1 : fieldLine(lines, line, path.slice(1));
  };
  // Read from the keys as written, so that a typo is reported even when another key under
  // `strings:` is invalid (and so the whole of `strings` is left out of the fallback below).
  warnings.push(...unusedStrings(rawStringKeys(raw)));
  const parsed = configSchema.safeParse(raw, { error: configMessage });
  if (!parsed.success) {
    // The config without the keys that have problems (their defaults instead), so that the
    // articles' own problems are reported in the same run too (see `ConfigResult.fallback`).
    const bad = new Set(parsed.error.issues.flatMap((i) => (i.path.length ? [String(i.path[0])] : i.code === "unrecognized_keys" ? i.keys : [])));
    const kept = typeof raw === "object" && raw !== null && !Array.isArray(raw) ? configSchema.safeParse(Object.fromEntries(Object.entries(raw).filter(([k]) => !bad.has(k)))) : undefined;
    return {
      file,
      text,
      ...(kept?.success ? { fallback: { config: resolveConfig(kept.data), file, text, keyLines, diagnostics: [] } } : {}),
      // Every problem in one run: the warnings too.
      diagnostics: [...warnings, ...firstPerField(parsed.error.issues.flatMap((i) => perUnknownKey(i, raw))).map((i) => {
        // A bad `--base-url` is the flag's, not the config file's.
        const fromFlag = i.path[0] === "baseUrl" && overrides.baseUrl !== undefined;
        return error(CODES.config, fromFlag ? "(--base-url)" : (file ?? "(config)"), z.prettifyError(new z.ZodError([i])).replace(/^✖\s*/, "").split("\n")[0] ?? i.message, {
          field: [...i.path, ...(i.code === "unrecognized_keys" ? [i.keys[0]] : [])].join("."),
          line: fromFlag ? 1 : issueLine(i),
        });
      })],
    };
  }
  const config = resolveConfig(parsed.data);
  if (!hasDateNames(config.locale)) {
    const example = formatDate(Date.UTC(2022, 9, 4, 12), config.locale, "UTC");
    warnings.push(warning(CODES.config, file ?? "(config)", `Node has no date names for "${config.locale}": pages are marked as "${config.language}" but dates print as "${example}"`, { line: keyLines.locale ?? 1, field: "locale" }));
  }
  const standsFor = abbreviatedZone(config.timeZone);
  if (standsFor) {
    warnings.push(warning(CODES.config, file ?? "(config)", `"${config.timeZone}" is read as ${standsFor}, ${offsetsOf(config.timeZone)}: write the zone of the city whose clocks the newsroom keeps, such as America/New_York or Asia/Jakarta`, { line: keyLines.timeZone ?? 1, field: "timeZone" }));
  }
  const { dropped } = siteBase(parsed.data.baseUrl);
  if (dropped.length) {
    const fromFlag = overrides.baseUrl !== undefined;
    warnings.push(warning(CODES.config, fromFlag ? "(--base-url)" : (file ?? "(config)"), `${dropped.join(", ")}: pages are published under ${config.baseUrl}`, { line: fromFlag || keyLines.baseUrl === undefined ? 1 : keyLines.baseUrl, field: "baseUrl" }));
  }
  return { config, file, text: text + JSON.stringify(overrides), keyLines, diagnostics: warnings };

  /**
   * A key under `strings:` the built-in templates do not use is most likely a typo (`relatd`); a
   * site's own templates may still read it, so it is a warning.
   */
  function unusedStrings(keys: readonly string[]): Diagnostic[] {
    const unknown = keys.filter((key) => !Object.hasOwn(DEFAULT_STRINGS, key));
    // A key the site's own templates read (`{{ strings.iklan }}`) is theirs, not a typo.
    const own = unknown.length ? siteTemplatesText(root) : "";
    return unknown.filter((key) => !readsString(own, key)).map((key) => {
      const line = keyLines.strings === undefined ? 1 : fieldLine(lines, keyLines.strings, [key]);
      return warning(CODES.unknownKey, file ?? "(config)", `unknown key "${key}" in strings: no template uses it${didYouMean(closestKey(key, Object.keys(DEFAULT_STRINGS).filter((k) => !keys.includes(k))))}`, { line, field: `strings.${key}` });
    });
  }
}

/** The text of the site's own templates (every `.njk` and `.html` under `templates/`), for the `strings` keys they read. */
function siteTemplatesText(root: string): string {
  const dir = join(root, "templates");
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: "utf8" });
  } catch {
    return "";
  }
  let text = "";
  for (const name of names) {
    if (!/\.(njk|html?)$/i.test(name)) continue;
    try {
      const st = statSync(join(dir, name));
      if (st.isFile() && st.size < 1 << 20) text += `${readFileSync(join(dir, name), "utf8")}\n`;
    } catch {
      // unreadable: the build reports it as a template problem
    }
  }
  return text;
}

/** `strings.key`, `strings["key"]` or `strings['key']` in template text. */
const readsString = (text: string, key: string): boolean => text.includes(`strings.${key}`) || text.includes(`strings["${key}"]`) || text.includes(`strings['${key}']`);

/**
 * What `JSON.parse` refuses in `text`, at its line and column: from its `at position 34`, or,
 * where it names no position (`Unexpected token '}', "…" is not valid JSON`), from the YAML
 * reader's. Its message without the position or the quoted text.
 */
function jsonProblem(text: string): YamlProblem | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (e) {
    const message = (e as Error).message.replace(/ in JSON at position \d+[^]*$/, "").replace(/, (?:\.\.\.)?"[^]*" is not valid JSON$/, "");
    const at = /at position (\d+)/.exec((e as Error).message);
    if (at) {
      const before = text.slice(0, Number(at[1])).split("\n");
      return { line: before.length, column: before.at(-1)!.length + 1, message };
    }
    const read = readYamlDocument(text, { warnings: false });
    return "problem" in read ? { ...read.problem, message } : { line: 1, column: 1, message };
  }
}

/** The keys under the config's `strings:` as written, whatever their values. */
function rawStringKeys(raw: unknown): string[] {
  const strings = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).strings : undefined;
  return typeof strings === "object" && strings !== null && !Array.isArray(strings) ? Object.keys(strings) : [];
}

/**
 * Each unknown key a problem of its own, at its own line, with the key it most likely meant
 * (`baseURL` → `baseUrl`, `timezone` → `timeZone`), among the keys not written already.
 */
function perUnknownKey(i: z.core.$ZodIssue, raw: unknown): z.core.$ZodIssue[] {
  if (i.code !== "unrecognized_keys") return [i];
  let written: unknown = raw;
  for (const key of i.path) written = typeof written === "object" && written !== null ? (written as Record<PropertyKey, unknown>)[key] : undefined;
  const unwritten = configKeysAt(i.path).filter((k) => typeof written !== "object" || written === null || !Object.hasOwn(written, k));
  return i.keys.map((key) => ({ ...i, keys: [key], message: `unknown key "${key}"${didYouMean(closestKey(key, unwritten, CONFIG_ALIASES))}` }));
}

/** Names other tools give the config's keys. */
const CONFIG_ALIASES: Readonly<Record<string, string>> = { url: "baseUrl", baseurl: "baseUrl", base_url: "baseUrl", lang: "locale", language: "locale", languagecode: "locale", tz: "timeZone", name: "title", sitename: "title", paginate: "perPage", pagesize: "perPage", per_page: "perPage", itemsperpage: "perPage", related: "relatedCount", author: "publisher", logo: "publisher", i18n: "strings", menus: "menu", nav: "menu" };

/** The keys the config takes at `path` (`[]`: the top; `["publisher"]`). */
function configKeysAt(path: readonly PropertyKey[]): string[] {
  type Node = { shape?: Record<string, Node>; _zod?: { def?: { innerType?: Node } } };
  const unwrap = (n: Node | undefined): Node | undefined => {
    let cur = n;
    while (cur?._zod?.def?.innerType) cur = cur._zod.def.innerType;
    return cur;
  };
  let node: Node | undefined = configSchema as unknown as Node;
  for (const key of path) node = unwrap(node)?.shape?.[String(key)];
  const shape = unwrap(node)?.shape;
  return shape ? Object.keys(shape) : [];
}

/** One problem per field: the first (a number too big for `int` and for `max` is one problem). */
function firstPerField(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const key = JSON.stringify([...i.path.map(String), ...(i.code === "unrecognized_keys" ? i.keys : [])]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The line of a field of the config (`["publisher", "logo"]`, `["menu", 2]`): its own, else the nearest above it. */
export function configLine(cfg: ConfigResult, path: readonly PropertyKey[]): number {
  const line = cfg.keyLines?.[String(path[0] ?? "")];
  return line === undefined ? 1 : fieldLine(cfg.text.split("\n"), line, path.slice(1));
}

/**
 * A `missing-image` warning for the publisher logo and the share image when one is a site path
 * the site does not publish (`published`: the output paths of the copied files, as for lead
 * images and author photos).
 */
export function missingSiteImages(cfg: ConfigResult, config: ResolvedConfig, published: ReadonlySet<string>): Diagnostic[] {
  const images: [string | undefined, string[], string][] = [
    [config.publisher.logo, ["publisher", "logo"], "logo"],
    [config.shareImage, ["shareImage"], "share image"],
  ];
  return images.flatMap(([image, path, what]) => {
    if (image === undefined || !unpublished(image, published)) return [];
    const { file } = resolveSitePath(image, "");
    return [warning(CODES.missingImage, cfg.file ?? "(config)", `${what} "${file}" is not in static/ or articles/`, { line: configLine(cfg, path), column: 1, field: path.join(".") })];
  });
}

/** A site path of the config's that names no file the site publishes (an http(s) URL is taken as it is). */
function unpublished(image: string, published: ReadonlySet<string>): boolean {
  return !isHttpUrl(image) && !published.has(resolveSitePath(image, "").file);
}

/**
 * The config without a site-path `publisher.logo` the site does not publish: JSON-LD and the
 * feeds name no missing file (the `missing-image` warning says which), as for a lead image.
 */
export function withoutMissingLogo(config: ResolvedConfig, published: ReadonlySet<string>): ResolvedConfig {
  const { logo, ...publisher } = config.publisher;
  return logo !== undefined && unpublished(logo, published) ? { ...config, publisher } : config;
}

/**
 * The picture of link previews for a page with none of its own: `shareImage`, else the logo;
 * never an SVG (X, Facebook and WhatsApp show none) and never a file the site does not publish
 * (a broken preview, as a missing lead image would be).
 */
export function previewImage(config: ResolvedConfig, published: ReadonlySet<string>): string | undefined {
  return [config.shareImage, config.publisher.logo].find((src) => src !== undefined && previewable(src) && !unpublished(src, published));
}

/** Files at the site's top named like a config warta does not read. */
function otherConfigNames(root: string, read: string | undefined): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  // (On a case-insensitive disk `Warta.config.YAML` is the file read.)
  return names.filter((n) => CONFIG_LIKE_NAME.test(n) && !(CONFIG_FILES as readonly string[]).includes(n) && n.toLowerCase() !== read && !/\.(lock|md|txt|log)$/i.test(n)).sort();
}
