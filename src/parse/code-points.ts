/**
 * Code points HTML forbids in text ("Forbidden code point" in the Nu checker): C0 controls other
 * than tab, line feed, form feed and carriage return; DEL and the C1 controls; noncharacters
 * (U+FDD0–U+FDEF and the last two code points of every plane). A reporter's text cannot carry
 * them into a page: they are dropped from front-matter values and from Markdown bodies, but for
 * the two that break a line (vertical tab, NEL), which become a space.
 */
const astralNoncharacters = Array.from({ length: 16 }, (_, i) => `\\u{${(i + 1).toString(16)}FFFE}-\\u{${(i + 1).toString(16)}FFFF}`).join("");
const FORBIDDEN = new RegExp(`[\\u0000-\\u0008\\u000B\\u000E-\\u001F\\u007F-\\u009F\\uFDD0-\\uFDEF\\uFFFE\\uFFFF${astralNoncharacters}]`, "gu");

/** In a `u` pattern a surrogate pair is one code point: what this matches is a half of one, alone. */
const LONE_SURROGATE = /[\uD800-\uDFFF]/gu;

/**
 * Without the forbidden code points, and with every lone surrogate (which no UTF-8 file can hold,
 * but a YAML `"\uD800"` escape can) replaced by U+FFFD, as the HTML and XML outputs would show it:
 * JSON outputs (JSON Feed, JSON-LD) would carry it raw, and strict readers refuse that.
 */
export const stripForbidden = (s: string): string => {
  // The ones that break a line (Word's Shift+Enter is a vertical tab; NEL) become a space: dropped, they glue two words into one.
  const kept = s.replace(FORBIDDEN, (c) => (c === "\u000B" || c === "\u0085" ? " " : ""));
  return (kept as { isWellFormed?: () => boolean }).isWellFormed?.() === true ? kept : kept.replace(LONE_SURROGATE, "\uFFFD");
};
