/**
 * The front-matter contract, as a zod schema. Each issue carries a stable `code` in its params,
 * so diagnostics never depend on zod's wording.
 */
import { z } from "zod";
import { CODES, type Code } from "../diagnostics/diagnostic.ts";
import { isHttpUrl } from "../util/http-url.ts";
import { stripForbidden } from "./code-points.ts";
import { parseIsoDate } from "../util/dates.ts";

// Code points HTML forbids, and vertical tab and form feed: stripped from every string.
export const clean = (s: string): string => stripForbidden(s).replace(/[\v\f]/g, "").trim();

const issue = (code: Code, message: string) => ({ code: "custom" as const, message, params: { code } });

/** A non-empty line of text; YAML numbers (`title: 1984`) are read as text. */
const text = z
  .union([z.string(), z.number()])
  .transform((v, ctx) => {
    const s = clean(String(v)).replace(/\s+/g, " ");
    if (!s) ctx.addIssue(issue(CODES.emptyValue, "must not be empty"));
    return s;
  });

const textList = z
  .union([text, z.array(text)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

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
  .transform((s) => new URL(s).href); // percent-encodes " < > space ` so the href is valid HTML

export const KNOWN_KEYS = new Set([
  "title", "date", "author", "authors", "source", "category", "tags", "image", "image_caption", "image_alt", "summary", "slug", "updated", "draft",
]);

export function articleSchema(timeZone: string) {
  return z.object({
    title: text,
    date: dateField(timeZone),
    updated: dateField(timeZone).optional(),
    author: textList.optional(),
    authors: textList.optional(),
    source: z.union([text.transform((name) => ({ name, url: undefined as string | undefined })), z.object({ name: text, url: httpUrl.optional() }).strict()]).optional(),
    category: text.optional(),
    tags: textList.default([]),
    image: text.optional(),
    image_caption: text.optional(),
    image_alt: text.optional(),
    summary: text.optional(),
    slug: z.union([z.string(), z.number()]).transform((v) => String(v)).optional(),
    draft: z.boolean({ error: "must be true or false" }).default(false),
  });
}

export type ArticleFrontMatter = z.infer<ReturnType<typeof articleSchema>>;

export function authorSchema() {
  return z.object({
    name: text,
    bio: text.optional(),
    photo: text.optional(),
    role: text.optional(),
    links: z.array(z.object({ label: text, url: httpUrl }).strict()).default([]),
  });
}

export type AuthorFrontMatter = z.infer<ReturnType<typeof authorSchema>>;
