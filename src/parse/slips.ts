/**
 * Slips of the pen that YAML reads without complaint but that publish something the reporter did
 * not mean: a ` #` that ends a headline (the rest is a comment), co-authors written as one name
 * with a comma, tags written as one text with commas; and the one it refuses in its own words, a
 * headline with `: ` or quotes in it. Read from the front matter's lines as written, since only
 * there does a quoted value differ from a plain one. Pure.
 */
import { CODES, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { fieldLine } from "./zod-diagnostics.ts";

/** Keys whose value is text a reader sees (a comment cut from it is lost words). */
const TEXT_KEYS = ["title", "summary", "image_caption", "image_alt", "author", "authors", "category", "tags", "source"] as const;

/** Whether the front matter (`text` up to `end`) has a ` #` at all: nearly none has, and then no line is looked at. */
export const mayHaveComment = (text: string, end: number): boolean => [" #", "\t#"].some((mark) => {
  const at = text.lastIndexOf(mark, end);
  return at !== -1 && at < end;
});

/** The first `count` lines of `text` (the front matter's, without splitting the body). */
export function firstLines(text: string, count: number): string[] {
  let end = -1;
  for (let n = 0; n < count; n++) {
    const next = text.indexOf("\n", end + 1);
    if (next === -1) return text.split("\n");
    end = next;
  }
  return text.slice(0, end).split("\n");
}

/** The value written after `key:` on a line, or after `- ` on a list item; undefined on other lines. */
function valueOn(line: string, key?: string): string | undefined {
  if (key !== undefined && !line.startsWith(key)) return undefined;
  const m = key === undefined ? LIST_ITEM.exec(line) : AFTER_KEY.exec(line.slice(key.length));
  return m ? m[1] : undefined;
}

const LIST_ITEM = /^[ \t]*-[ \t]+([^\r\n]*)\r?$/;
const AFTER_KEY = /^[ \t]*:[ \t]+([^\r\n]*)\r?$/;

/** A plain (unquoted, not flow, not block) scalar: YAML reads ` #` in it as the start of a comment. */
const isPlain = (value: string): boolean => value !== "" && !/^["'[{|>&*!#]/.test(value);

/** Whether the value of top-level `key` is written plain on its own line (`tags: a, b`, not `tags: "a, b"`). */
export function writtenPlain(lines: readonly string[], keyLine: number | undefined, key: string): boolean {
  if (keyLine === undefined) return false;
  const value = valueOn(lines[keyLine - 1] ?? "", key);
  return value !== undefined && isPlain(value);
}

/**
 * A `yaml-comment` warning for each text value a ` #` cut short: `title: Harga Cabai #1 Naik`
 * publishes "Harga Cabai". On the key's line and on the list items (`- …`) and `name:` lines
 * under it.
 */
export function commentCuts(file: string, lines: readonly string[], keyLines: Readonly<Record<string, number>>): Diagnostic[] {
  const found: Diagnostic[] = [];
  const check = (value: string | undefined, line: number, field: string): void => {
    if (value === undefined || !isPlain(value)) return;
    const hash = /[ \t]#/.exec(value);
    if (!hash) return;
    const kept = value.slice(0, hash.index).trim();
    const lost = value.slice(hash.index).trim();
    const column = lines[line - 1]!.replace(/\r$/, "").length - value.length + hash.index + 2;
    found.push(warning(CODES.yamlComment, file, `"${lost.slice(0, 60)}" is a YAML comment, not part of the value, which is only "${kept.slice(0, 60)}": put the whole value in double quotes, or the comment on a line of its own`, { line, column, field }));
  };
  for (const key of TEXT_KEYS) {
    const at = keyLines[key];
    if (at === undefined) continue;
    check(valueOn(lines[at - 1] ?? "", key), at, key);
    // The lines that belong to the key: indented, or list items at its own column.
    for (let i = at; i < lines.length && /^(?:[ \t]|-[ \t]|-$)/.test(lines[i]!); i++) {
      const line = lines[i]!;
      check(valueOn(line) ?? valueOn(line.trimStart(), "name"), i + 1, key);
    }
  }
  return found;
}

/** Front-matter keys whose value is one name or a list of names of people. */
const NAME_KEYS: ReadonlySet<string> = new Set(["author", "authors", "editor", "editors"]);

/**
 * `author: Rina Sari, Budi Santoso` names one reporter "Rina Sari, Budi Santoso", with a page of
 * their own: an `author-comma` warning, unless the name is quoted (a name that has a comma).
 */
export function commaAuthors(file: string, data: Readonly<Record<string, unknown>>, lines: () => readonly string[], keyLines: Readonly<Record<string, number>>): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const key of NAME_KEYS) {
    const value = data[key];
    if (typeof value !== "string" || !value.includes(",") || !writtenPlain(lines(), keyLines[key], key)) continue;
    const names = splitList(value);
    if (names.length < 2) continue;
    const [one, many, list] = key.startsWith("editor") ? ["editor", "editors", "editors"] : ["author", "reporters", "authors"];
    found.push(warning(CODES.authorComma, file, `"${value.slice(0, 80)}" is one ${one} with a comma in the name: for ${names.length} ${many} write \`${list}: [${names.join(", ")}]\`; for one name that has a comma, put it in double quotes`, { line: keyLines[key]!, column: 1, field: key }));
  }
  return found;
}

/**
 * A byline's own label written into a name, as a portal's page shows it (`LAPORAN: ALIFIA DWI
 * RAMANDHITA`, `Oleh: Rina Sari`): the site prints its label before the names itself.
 */
const BYLINE_LABEL = /^(laporan|oleh|penulis|reporter|wartawan|pewarta|kontributor|editor|redaktur|penyunting|by)[ \t]*:[ \t]*(?=\S)/i;

/** A name's byline label and the name without it (`Laporan: Rina Sari` → `Laporan:`, `Rina Sari`), or undefined when it has none. */
function unlabelled(name: string): { label: string; name: string } | undefined {
  const m = BYLINE_LABEL.exec(name);
  return m ? { label: m[0].trim(), name: name.slice(m[0].length) } : undefined;
}

/**
 * `author: "Laporan: Rina Sari"` publishes "Laporan: Laporan: Rina Sari" and gives the reporter a
 * second page, `penulis/laporan-rina-sari/`: a `byline-label` warning for each such name of
 * `author(s)` and `editor(s)`, at its line, with the name alone.
 */
export function labelledNames(file: string, data: Readonly<Record<string, unknown>>, lines: () => readonly string[], keyLines: Readonly<Record<string, number>>): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const key of NAME_KEYS) {
    const value = data[key];
    const names = Array.isArray(value) ? value : [value];
    names.forEach((name, i) => {
      if (typeof name !== "string") return;
      const written = name.trim();
      const labelled = unlabelled(written);
      if (labelled === undefined) return;
      const { label, name: bare } = labelled;
      const line = Array.isArray(value) && keyLines[key] !== undefined ? fieldLine(lines(), keyLines[key], [i]) : keyLines[key] ?? 1;
      const editor = key.startsWith("editor");
      // (The site's own label is a site string, `Laporan` or `Oleh` by default: the message names none.)
      const twice = editor ? "the credit prints its own label: readers would see two" : "the byline prints its own label: readers would see two, and the reporter get a page of that name";
      found.push(warning(CODES.bylineLabel, file, `"${written.slice(0, 80)}" starts with "${label}" (${twice}): write the name alone, "${bare.slice(0, 80)}"`, { line, column: 1, field: Array.isArray(value) ? `${key}[${i}]` : key }));
    });
  }
  return found;
}

/** `tags: banjir, Jakarta Utara` (written plain) is two tags: the list it means, or the value as it is. */
export function tagsAsList(data: Readonly<Record<string, unknown>>, lines: () => readonly string[], keyLines: Readonly<Record<string, number>>): unknown {
  const tags = data.tags;
  if (typeof tags !== "string" || !tags.includes(",") || !writtenPlain(lines(), keyLines.tags, "tags")) return tags;
  return splitList(tags);
}

const splitList = (value: string): string[] => value.split(",").map((s) => s.trim()).filter((s) => s !== "");

/** Front-matter keys that take a list of names. */
const LIST_KEYS = new Set(["tags", "author", "authors", "editor", "editors", "aliases"]);

const ITEM = /^([ \t]*)-(?:[ \t]|\r?$)/;

/** Whether a list value holds an item that may have swallowed the next one (`Politik - Ekonomi`). */
const mayHaveSwallowed = (value: unknown): boolean =>
  (typeof value === "string" && value.includes(" - ")) || (Array.isArray(value) && value.some((v) => typeof v === "string" && v.includes(" - ")));

/**
 * A `list-indent` warning for each list item written further right than the first item of its
 * list: YAML reads `- Ekonomi` there as more words of the item above, so
 * `tags:\n- Politik\n  - Ekonomi` publishes one tag, "Politik - Ekonomi".
 */
export function swallowedItems(file: string, data: Readonly<Record<string, unknown>>, lines: () => readonly string[], keyLines: Readonly<Record<string, number>>): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const key of LIST_KEYS) {
    const at = keyLines[key];
    if (at === undefined || !mayHaveSwallowed(data[key])) continue;
    const all = lines();
    let first: number | undefined;
    for (let i = at; i < all.length && /^(?:[ \t]|-[ \t]|-\r?$)/.test(all[i]!); i++) {
      const m = ITEM.exec(all[i]!);
      if (!m) continue;
      const column = m[1]!.length + 1;
      first ??= column;
      if (column > first) {
        const item = all[i]!.trim();
        found.push(warning(CODES.listIndent, file, `"${item.slice(0, 60)}" is read as more words of the item above it, not as an item of its own: start every \`-\` of the \`${key}\` list in the same column (column ${first}, as the first one)`, { line: i + 1, column, field: key }));
      }
    }
  }
  return found;
}

/**
 * Advice for a YAML error on a list item that starts in another column than the one before it
 * (`  - Politik` then ` - Ekonomi`): YAML's own words ("A block sequence may not be used as an
 * implicit map key") do not say so.
 */
export function listIndentFix(text: string, errorLine: number): string | undefined {
  const lines = text.split("\n", errorLine);
  const here = ITEM.exec(lines[errorLine - 1] ?? "");
  if (!here) return undefined;
  for (let i = errorLine - 2; i >= 0; i--) {
    const before = ITEM.exec(lines[i]!);
    if (!before) return undefined;
    if (before[1]!.length !== here[1]!.length) return `the items of a list must start in the same column: line ${i + 1} starts its \`-\` at column ${before[1]!.length + 1}, line ${errorLine} at column ${here[1]!.length + 1}`;
  }
  return undefined;
}

/**
 * The usual cause of a YAML error in a reporter's front matter: a value with `: ` in it
 * (`title: Jokowi: Kita Bersatu`) or one that starts with a quote that does not end it
 * (`title: "Kami Siap," Kata Prabowo`). When the error's line holds such a
 * `key: value`, the fix: the value quoted as a whole (a list of names with a quoted one in it:
 * brackets).
 */

/**
 * For YAML's "Missing closing quote", which it reports where the front matter ends: the nearest
 * `key: "value` at or above `errorLine` whose quote its line does not close, and the fix there.
 */
export function unclosedQuoteFix(text: string, errorLine: number): { line: number; key: string; advice: string } | undefined {
  const lines = text.split("\n", errorLine);
  for (let l = errorLine; l >= 1; l--) {
    const m = /^[A-Za-z_][\w-]*[ \t]*:[ \t]+(["'])(.*?)[ \t\r]*$/.exec(lines[l - 1] ?? "");
    if (m && !(m[2]!.length > 0 && m[2]!.endsWith(m[1]!))) return quotingFix(text, l);
  }
  return undefined;
}

export function quotingFix(text: string, errorLine: number): { line: number; key: string; advice: string } | undefined {
  const m = /^([A-Za-z_][\w-]*)[ \t]*:[ \t]+(.*?)[ \t\r]*$/.exec(text.split("\n", errorLine)[errorLine - 1] ?? "");
  if (!m) return undefined;
  const [, key, value] = m as unknown as [string, string, string];
  const plainWithColon = isPlain(value) && /:[ \t]/.test(value);
  const quoteNotClosing = /^["']/.test(value) && !(value.length > 1 && value.endsWith(value[0]!));
  if (!plainWithColon && !quoteNotClosing) return undefined;
  // `tags: "a, b", c`: a list with a quoted name in it, which brackets make one (quoting it all would be one tag).
  if (LIST_KEYS.has(key) && /^(["'])[^"']*\1[ \t]*,/.test(value)) return { line: errorLine, key, advice: `write the list in brackets: ${key}: [${value}]` };
  // `author: LAPORAN: ALIFIA`, copied from a portal's byline: the label goes, not into quotes (the byline prints its own).
  const labelled = NAME_KEYS.has(key) && plainWithColon ? unlabelled(value) : undefined;
  if (labelled !== undefined) {
    const bare = labelled.name;
    return { line: errorLine, key, advice: `write the name without "${labelled.label}", which the site prints itself: ${key}: ${/:[ \t]|^["']/.test(bare) ? `"${bare.replace(/[\\"]/g, "\\$&")}"` : bare}` };
  }
  const quoted = value.includes('"') && !value.includes("'") ? `'${value}'` : `"${value.replace(/[\\"]/g, "\\$&")}"`;
  return { line: errorLine, key, advice: `put the whole value in quotes: ${key}: ${quoted}` };
}
