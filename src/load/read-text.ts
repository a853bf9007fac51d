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
    return { diagnostics: [error(CODES.encoding, rel, utf16 ? "file is UTF-16 text, not UTF-8 (save it as UTF-8)" : "file is not valid UTF-8 text (save it as UTF-8)", { line: 1, column: 1 })] };
  }
  if (text.includes("\0")) return { diagnostics: [error(CODES.encoding, rel, "file contains NUL bytes: it is not a text file", { line: 1, column: 1 })] };
  if (text.includes("\r")) text = text.replace(/\r\n?/g, "\n");
  return { text, diagnostics: [] };
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
