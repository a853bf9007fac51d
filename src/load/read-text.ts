import { readFileSync } from "node:fs";
import { CODES, error, type Diagnostic } from "../diagnostics/diagnostic.ts";

export const MAX_ARTICLE_BYTES = 10 * 1024 * 1024;
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** Strict UTF-8, BOM dropped, CRLF and CR turned into LF. */
export function decodeText(rel: string, bytes: Uint8Array): { text?: string; diagnostics: Diagnostic[] } {
  if (bytes.length > MAX_ARTICLE_BYTES) {
    return { diagnostics: [error(CODES.fileTooLarge, rel, `file is larger than ${MAX_ARTICLE_BYTES / 1024 / 1024} MiB`, { line: 1, column: 1 })] };
  }
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    // Notepad's "Unicode" is UTF-16 with a byte order mark: said as such, with what to choose instead.
    const utf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
    if (utf16) return { diagnostics: [error(CODES.encoding, rel, "file is UTF-16 text, not UTF-8 (save it as UTF-8)", { line: 1, column: 1 })] };
    const bad = firstInvalidUtf8(bytes);
    return { diagnostics: [error(CODES.encoding, rel, "file is not valid UTF-8 text (save it as UTF-8): the first bytes that are not are here", positionOf(bytes, bad))] };
  }
  const nul = text.indexOf("\0");
  if (nul >= 0) return { diagnostics: [error(CODES.encoding, rel, "file contains NUL bytes: it is not a text file (the first is here)", positionOf(text, nul))] };
  if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
  return { text, diagnostics: [] };
}

/** Line and column (from 1; columns in characters) of `at`, a byte offset in `bytes` or an index in `text`. */
function positionOf(source: Uint8Array | string, at: number): { line: number; column: number } {
  const before = typeof source === "string" ? source.slice(0, at) : utf8Lenient.decode(source.subarray(0, at));
  const lines = before.split(/\r\n?|\n/);
  return { line: lines.length, column: [...lines[lines.length - 1]!].length + 1 };
}

const utf8Lenient = new TextDecoder("utf-8");

/** The byte offset of the first sequence that is not UTF-8 (overlong, surrogate, past U+10FFFF, cut off, or a stray continuation byte). */
function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0 || i + n >= b.length + (n ? 0 : 1)) return i;
    const second = b[i + 1] ?? 0;
    // The second byte's range rules out overlong forms, surrogates and code points past U+10FFFF.
    const lo = c === 0xe0 ? 0xa0 : c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xed ? 0x9f : c === 0xf4 ? 0x8f : 0xbf;
    if (n && (second < lo || second > hi)) return i;
    for (let k = 2; k <= n; k++) if ((b[i + k]! & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return b.length;
}

export function readText(abs: string, rel: string): { text?: string; bytes?: Buffer; diagnostics: Diagnostic[] } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(abs);
  } catch (e) {
    return { diagnostics: [error(CODES.encoding, rel, `cannot read file: ${(e as NodeJS.ErrnoException).code ?? "error"}`, { line: 1, column: 1 })] };
  }
  return { ...decodeText(rel, bytes), bytes };
}
