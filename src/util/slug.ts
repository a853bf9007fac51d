/**
 * Slugs for URLs: one function for articles, authors, tags and categories.
 * @sindresorhus/slugify transliterates (é → e, ß → ss) and lowercases; Indonesian replacements
 * read naturally (`&` → `dan`, `%` → `persen`); in term names `+` is `plus`, a `#` after a letter `sharp` (`C++`, `C#`). Emoji and CJK vanish: an empty slug is the
 * caller's diagnostic. Memoized: tag and author names repeat thousands of times.
 */
import { createHash } from "node:crypto";
import slugifyLib from "@sindresorhus/slugify";
import { memoize } from "./memo.ts";

/** Longer slugs are cut, at a word's end when there is one. */
export const MAX_SLUG = 120;

/** A slug a reporter typed: a safe single path segment or nothing. */
export const SAFE_SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export function slugify(text: string): string {
  return asciiSlug(text) || fallbackSlug(text);
}

/**
 * Names without a single Latin letter or digit (中文, العربية, 😀) still need a URL: a short,
 * stable hash of the name, so `tag/中文/` becomes `tag/x-1a2b3c4d/` on every machine.
 * Names made only of punctuation or spaces give nothing (the caller reports it).
 */
function fallbackSlug(text: string): string {
  const name = nameKey(text);
  return /[\p{L}\p{N}\p{So}]/u.test(name) ? `x-${createHash("sha1").update(name).digest("hex").slice(0, 8)}` : "";
}

/** Transliterated, lowercase, hyphenated; empty when nothing Latin is left. */
export const asciiSlug = memoize((text: string): string => {
  // Already a slug (most file names): slugify would return it as it is, at ~30 µs a call.
  if (text.length <= MAX_SLUG && SAFE_SLUG.test(text)) return text;
  const s = wholeSlug(text);
  return s.length > MAX_SLUG ? s.slice(0, MAX_SLUG).replace(/-+[^-]*$/, "") || s.slice(0, MAX_SLUG) : s;
}, (text) => text, 200_000);

/** The slug before it is cut to MAX_SLUG characters. */
export function wholeSlug(text: string): string {
  return slugifyLib(text.normalize("NFC"), { customReplacements: [["&", " dan "], ["%", " persen "], ["'", ""], ["\u2019", ""]] });
}

/**
 * The URL key of a tag, category or author name: made from its identity (`nameKey`), so that
 * spellings that are one name are one page. From the name as written, case would split words:
 * `iPhone` was `i-phone` but `IPHONE` `iphone`, `ÜLKER` `ue-lker` but `Ülker` `uelker`.
 */
export function termKey(name: string, identity = nameKey(name)): string {
  return slugify(spellSigns(identity));
}

/** A term's URL key before it is cut to MAX_SLUG characters: two names that give one key only past the cut differ there. */
export const wholeTermSlug = (name: string): string => wholeSlug(spellSigns(nameKey(name)));

/**
 * `C++` and `C#` are two topics, not both `c`: in a tag, category or author name the signs are
 * spelt out (`c-plus-plus`, `c-sharp`, `f-sharp`); a `#` before a word is a hashtag's and goes
 * (`#Pemilu2024`: `pemilu2024`). Only there: articles' addresses and headings' ids keep the
 * slugs they had.
 */
const spellSigns = (name: string): string =>
  name.includes("+") || name.includes("#") ? name.replace(/\+/g, " plus ").replace(/(?<=\p{L})#(?![\p{L}\p{N}_])/gu, " sharp ") : name;

/**
 * Identity of a tag, category or author name: case, spacing and Unicode form do not matter.
 * Case is folded through upper case, so that letters whose capital is two letters meet their
 * lower case: `Straße` and `STRASSE` are one tag, as are `ΟΔΟΣ` and `οδος`. Turkish `İ` lowers to
 * `i` plus a combining dot: the dot is dropped, so `İzmir` and `izmir` are one tag (as `ISTANBUL`
 * and `ıstanbul` already are).
 */
/**
 * Whether two names are one for their URL: the same identity (`nameKey`), accents aside.
 * `José` and `Jose`, `Café` and `Cafe` share a URL: one name typed with and without its accent,
 * not two that clash. (The URL itself keeps what slugify makes of the accent: `Müller` is `mueller`.)
 */
export const sameName = (a: string, b: string): boolean => a === b || withoutAccents(a) === withoutAccents(b);
const withoutAccents = (identity: string): string => identity.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");

export function nameKey(name: string): string {
  return name.normalize("NFC").toUpperCase().toLowerCase().replace(/i\u0307/g, "i").normalize("NFC").replace(/\s+/g, " ").trim();
}
