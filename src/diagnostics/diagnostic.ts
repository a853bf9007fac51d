/**
 * Diagnostics: content problems are values, never exceptions.
 * Every stage returns them; the CLI prints them, the dev server shows them in an overlay.
 */
export type Severity = "error" | "warning";

/** Stable codes: tests and tooling match on these, never on wording. */
export const CODES = {
  yamlSyntax: "yaml-syntax",
  frontMatterScript: "frontmatter-script",
  frontMatterMissing: "frontmatter-missing",
  frontMatterTooLarge: "frontmatter-too-large",
  encoding: "encoding",
  fileTooLarge: "file-too-large",
  required: "required",
  invalidType: "invalid-type",
  invalidDate: "invalid-date",
  invalidUrl: "invalid-url",
  unknownKey: "unknown-key",
  yamlComment: "yaml-comment",
  authorComma: "author-comma",
  bylineLabel: "byline-label",
  listIndent: "list-indent",
  unknownAuthor: "unknown-author",
  emptyValue: "empty-value",
  unsafeSlug: "unsafe-slug",
  unsafeFile: "unsafe-file",
  duplicateUrl: "duplicate-url",
  movedArticle: "moved-article",
  missingImage: "missing-image",
  badImage: "bad-image",
  unsafeLink: "unsafe-link",
  rawHtml: "raw-html",
  brokenLink: "broken-link",
  symlinkOutside: "symlink-outside",
  symlinkLoop: "symlink-loop",
  symlinkPrivate: "symlink-private",
  noArticles: "no-articles",
  tooDeep: "too-deep",
  unclosedComment: "unclosed-comment",
  template: "template",
  config: "config",
} as const;
export type Code = (typeof CODES)[keyof typeof CODES];

export interface Diagnostic {
  code: Code;
  severity: Severity;
  /** Site-root-relative POSIX path, e.g. `articles/2022/10/x.md`. */
  file: string;
  line?: number;
  column?: number;
  /** The front-matter field, e.g. `date`, `tags[2]`. */
  field?: string;
  message: string;
}

export function error(code: Code, file: string, message: string, at: Partial<Pick<Diagnostic, "line" | "column" | "field">> = {}): Diagnostic {
  return { code, severity: "error", file, message, ...at };
}

export function warning(code: Code, file: string, message: string, at: Partial<Pick<Diagnostic, "line" | "column" | "field">> = {}): Diagnostic {
  return { code, severity: "warning", file, message, ...at };
}

export const hasErrors = (list: readonly Diagnostic[]): boolean => list.some((d) => d.severity === "error");

/** Sort by file, then line, then column, then code: one stable order for every run. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || cmp(a.code, b.code) || cmp(a.message, b.message),
  );
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * `articles/x.md:4:7: error invalid-date date: "2024-02-30" is not a calendar date`
 * Always one line, whatever a file name, a key or a value holds: line breaks and other control
 * characters are written as escapes (`\n`, `\x1b`), so no content can forge a diagnostic line
 * or send a terminal its escape sequences.
 */
export function formatDiagnostic(d: Diagnostic): string {
  const where = `${printable(d.file)}:${d.line ?? 1}:${d.column ?? 1}`;
  const field = d.field ? ` ${printable(d.field)}` : "";
  return `${where}: ${d.severity} ${d.code}${field}: ${printable(d.message.replace(/[\r\n]+/g, " ").trim())}`;
}

const ESCAPES: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * Control characters (C0, DEL, C1), the Unicode line and paragraph separators, and the bidi
 * controls (embeddings, overrides, isolates: a U+202E in a file name would show the rest of the
 * line reversed) as escapes.
 */
export const printable = (s: string): string =>
  s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => ESCAPES[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}` : `\\u${c.charCodeAt(0).toString(16)}`));

export function summarize(list: readonly Diagnostic[]): string {
  const errors = list.filter((d) => d.severity === "error").length;
  const warnings = list.length - errors;
  return `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
}
