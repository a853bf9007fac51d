/**
 * The front-matter contract, as a zod schema. Each issue carries a stable `code` in its params,
 * so diagnostics never depend on zod's wording.
 */
import { z } from "zod";
import { CODES, type Code } from "../diagnostics/diagnostic.ts";
import { isHttpUrl, normalUrl } from "../util/http-url.ts";
import { stripForbidden } from "./code-points.ts";
import { parseIsoDate } from "../util/dates.ts";

// Code points HTML forbids, and vertical tab and form feed: stripped from every string.
export const clean = (s: string): string => stripForbidden(s).replace(/[\v\f]/g, "").trim();

/**
 * Characters that show nothing and join nothing, pasted into names from Word or a CMS: a soft hyphen, a zero-width
 * space, a word joiner, a byte order mark, direction marks. In a name (an author, a tag, a category) they made a
 * second page for the same name (`Ja\u00ADkarta`) or a clash between two that look the same (`Jakarta\u200B`):
 * left out. (Joiners that shape a script or an emoji, U+200C and U+200D, stay.)
 */
const NOTHING_IN_NAMES = /[\u00AD\u180E\u200B\u200E\u200F\u2060\uFEFF]/g;
const withoutNothing = (s: string): string => s.replace(NOTHING_IN_NAMES, "").trim();
export const cleanName = (s: string): string => withoutNothing(clean(s));

const issue = (code: Code, message: string) => ({ code: "custom" as const, message, params: { code } });

/** What a value is, in a reporter's words: "must be text, not a list". */
export function kindOf(v: unknown): string {
  if (Array.isArray(v)) return "a list";
  if (typeof v === "boolean") return "true/false";
  if (typeof v === "object" && v !== null) return "a `key: value` mapping";
  if (typeof v === "string" || typeof v === "number") return "text";
  return typeof v;
}

/** A character that is neither a space nor a format character (zero-width space, joiner, direction mark). */
export const VISIBLE = /[^\s\p{Cf}]/u;

/** A non-empty line of text. YAML gives numbers as the text written (see frontmatter.ts); a number from elsewhere is text too. */
const text = z.any().transform((v: unknown, ctx): string => {
  if (v === undefined) {
    ctx.addIssue(issue(CODES.required, "is required"));
    return z.NEVER;
  }
  if (v === null) {
    ctx.addIssue(issue(CODES.emptyValue, "must not be empty"));
    return z.NEVER;
  }
  if (typeof v !== "string" && typeof v !== "number") {
    ctx.addIssue(issue(CODES.invalidType, `must be text, not ${kindOf(v)}`));
    return z.NEVER;
  }
  const s = clean(String(v)).replace(/\s+/g, " ");
  if (!s) ctx.addIssue(issue(CODES.emptyValue, "must not be empty"));
  // Only zero-width spaces, joiners, direction marks: a headline nobody sees.
  else if (!VISIBLE.test(s)) ctx.addIssue(issue(CODES.emptyValue, "must not be empty: it has only invisible characters"));
  return s;
});

/** `true` or `false`, and what was written instead (`sponsored: ya` → `must be true or false, not the text "ya"`). */
const trueOrFalse = { error: (i: { input?: unknown }) => (i.input === undefined || i.input === null ? "must be true or false" : `must be true or false, not ${typeof i.input === "string" ? `the text ${JSON.stringify(i.input.length > 40 ? `${i.input.slice(0, 40)}…` : i.input)}` : kindOf(i.input)}`) };

/** An optional key left empty (`category:` or `category: ""`) is as if it were not there. */
export const isEmpty = (v: unknown): boolean => v === null || v === undefined || ((typeof v === "string" || typeof v === "number") && !clean(String(v)));
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (isEmpty(v) ? undefined : v), schema.optional());

/** `value` checked by `schema`, its problems added to `ctx` under `path` (a key or a list index below the field). */
function checkInto<T>(schema: z.ZodType<T>, value: unknown, ctx: z.RefinementCtx, path: (string | number)[]): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  for (const i of r.error.issues) ctx.addIssue({ ...(i as object), code: "custom", message: i.message, path: [...path, ...i.path] } as never);
  return z.NEVER;
}

/** One name or a list of names. */
const textList = z.any().transform((v: unknown, ctx): string[] => {
  if (!Array.isArray(v)) {
    if (typeof v === "object" && v !== null) {
      ctx.addIssue(issue(CODES.invalidType, "must be a name or a list of names, not a `key: value` mapping"));
      return z.NEVER;
    }
    return [checkInto(text, v, ctx, [])];
  }
  return v.map((item, i) => checkInto(text, item, ctx, [i]));
});

/** Names (authors, tags, a category): as `text`, without what shows nothing (see `cleanName`). */
const nameList = textList.transform((names) => names.map(withoutNothing));
const name = text.transform(withoutNothing);

export const dateField = (timeZone: string) =>
  z.string({ error: (i) => (i.input === undefined ? "is required" : "must be an ISO 8601 date such as 2022-10-04T18:23:00+07:00") }).transform((v, ctx) => {
    const r = parseIsoDate(v, timeZone);
    if (!r.ok) {
      ctx.addIssue(issue(CODES.invalidDate, r.message));
      return z.NEVER;
    }
    return r.ms;
  });

const httpUrl = z
  .string()
  .transform(clean)
  .refine(isHttpUrl, { message: "must be an absolute http(s) URL", params: { code: CODES.invalidUrl } })
  .transform(normalUrl); // percent-encodes " < > space ` | ^ { } so the href is valid HTML

/** A name (`source: Antara`) or `{name, url}`. */
const sourceObject = z.object({ name: text, url: optional(httpUrl) });
const source = z.any().transform((v: unknown, ctx): { name: string; url?: string | undefined } => {
  if (typeof v === "object" && v !== null && !Array.isArray(v)) return checkInto(sourceObject, v, ctx, []);
  if (Array.isArray(v) || typeof v === "boolean") {
    ctx.addIssue(issue(CODES.invalidType, `must be a name or \`{name, url}\`, not ${kindOf(v)}`));
    return z.NEVER;
  }
  return { name: checkInto(text, v, ctx, []) };
});

/**
 * `corrections:`: what was corrected after publication, and when: a list of `{date, text}` (one
 * mapping alone is a list of one). Indonesia's press council asks that a correction stay with
 * the article it corrects (Pedoman Pemberitaan Media Siber, 4).
 */
const corrections = (timeZone: string) => {
  // Other keys are warned about (unknown-key, see `unknownItemKeys`) and ignored, as at the top.
  return listOf(z.object({ date: dateField(timeZone), text }, { error: mappingOf("{date, text}", "write `- date: 2024-10-05 09:00` and below it `  text: …`, one item for each correction") }));
};

/** A list of `one`, each item's problems under its index; one item alone is a list of one. */
const listOf = <T>(one: z.ZodType<T>) =>
  z.any().transform((v: unknown, ctx): T[] => (Array.isArray(v) ? v.map((item, i) => checkInto(one, item, ctx, [i])) : [checkInto(one, v, ctx, [])]));

/** The message for a list item that is not the mapping it should be. */
const mappingOf = (shape: string, example: string) => (i: z.core.$ZodRawIssue): string | undefined =>
  i.code === "invalid_type" && !i.path?.length ? (i.input === null ? "must not be empty" : `must be \`${shape}\`, not ${kindOf(i.input)} (${example})`) : undefined;

/** Keys of a correction and of a profile's link; others are warned about and ignored. */
export const CORRECTION_KEYS = new Set(["date", "text"]);
export const LINK_KEYS = new Set(["label", "url"]);

/** Keys of `source: {…}`; others are warned about (unknown-key) and ignored. */
export const SOURCE_KEYS = new Set(["name", "url"]);
/** Keys of an author profile's front matter. */
export const AUTHOR_KEYS = new Set(["name", "bio", "photo", "role", "links"]);

export const KNOWN_KEYS = new Set([
  "title", "date", "author", "authors", "source", "category", "tags", "image", "image_caption", "image_alt", "summary", "slug", "updated", "draft", "corrections", "headline", "aliases", "editor", "editors", "sponsored",
]);

export function articleSchema(timeZone: string) {
  return z.object({
    title: text,
    date: dateField(timeZone),
    updated: optional(dateField(timeZone)),
    author: optional(nameList),
    authors: optional(nameList),
    source: optional(source),
    category: optional(name),
    tags: optional(nameList).transform((v) => v ?? []),
    image: optional(text),
    image_caption: optional(text),
    image_alt: optional(text),
    summary: optional(text),
    slug: optional(text),
    draft: z.boolean(trueOrFalse).default(false),
    corrections: optional(corrections(timeZone)),
    headline: optional(z.boolean(trueOrFalse)).transform((v) => v ?? false),
    aliases: optional(textList).transform((v) => v ?? []),
    sponsored: optional(z.boolean(trueOrFalse)).transform((v) => v ?? false),
    editor: optional(textList),
    editors: optional(textList),
  });
}

export type ArticleFrontMatter = z.infer<ReturnType<typeof articleSchema>>;

/** A profile's `links:`: a list of `{label, url}` (one mapping alone is a list of one). */
const links = listOf(z.object({ label: text, url: httpUrl }, { error: mappingOf("{label, url}", "write `- label: X` and below it `  url: https://…`, one item for each link") }));

export function authorSchema() {
  return z.object({
    name: text,
    bio: optional(text),
    photo: optional(text),
    role: optional(text),
    links: optional(links).transform((v) => v ?? []),
  });
}

export type AuthorFrontMatter = z.infer<ReturnType<typeof authorSchema>>;

/** The front matter of a page of the newsroom's own (`pages/redaksi.md`). */
export const PAGE_KEYS = new Set(["title", "summary", "slug", "order", "footer", "draft"]);

export function pageSchema() {
  return z.object({
    title: text,
    summary: optional(text),
    slug: optional(text),
    // Written as a number, read as the text it is (front matter keeps numbers as written).
    order: optional(text.pipe(z.string().regex(/^-?\d{1,6}$/, { error: "must be a whole number (the footer lists pages by it, then by title)" }))).transform((v) => (v === undefined ? undefined : Number(v))),
    footer: optional(z.boolean(trueOrFalse)).transform((v) => v ?? true),
    draft: optional(z.boolean(trueOrFalse)).transform((v) => v ?? false),
  });
}
