/**
 * Load + parse stage: stat every source, re-read only files whose size or change stamp (see walk.ts) changed,
 * re-parse only files whose content hash changed. The rest comes from the previous state.
 */
import { posix } from "node:path";
import { CODES, error, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { decodeText } from "../load/read-text.ts";
import { OutsideSiteError, readListed } from "../load/read-listed.ts";
import type { SourceEntry } from "../load/walk.ts";
import { AUTHOR_KEYS, authorSchema, clean, LINK_KEYS, PAGE_KEYS, pageSchema } from "../parse/article-schema.ts";
import { parseArticle, pathLikeSlug, renderChecked, truncate, unknownItemKeys, unknownKeys, type ParseOptions } from "../parse/article.ts";
import { firstLines } from "../parse/slips.ts";
import { stripForbidden } from "../parse/code-points.ts";
import { parseFrontMatter } from "../parse/frontmatter.ts";
import { contentImage, type MarkdownOptions } from "../parse/markdown.ts";
import { zodDiagnostics } from "../parse/zod-diagnostics.ts";
import { hash } from "../util/hash.ts";
import { asciiSlug, SAFE_SLUG, slugify } from "../util/slug.ts";
import type { SourceRecord } from "./state.ts";

export const isMarkdown = (rel: string): boolean => rel.endsWith(".md") || /\.(md|markdown)$/i.test(rel);

export type ParseFn = (rel: string, text: string, hash: string) => Omit<SourceRecord, "rel" | "size" | "stampMs" | "hash">;

/** Read, hash and parse one file. */
export function parseEntry(e: SourceEntry, parse: ParseFn, bytes?: Buffer): SourceRecord {
  if (!bytes) {
    try {
      bytes = readListed(e);
    } catch (err) {
      const diagnostic = err instanceof OutsideSiteError ? error(CODES.symlinkOutside, e.rel, err.message, { line: 1, column: 1 }) : error(CODES.encoding, e.rel, `cannot read file: ${(err as NodeJS.ErrnoException).code ?? "error"}`, { line: 1 });
      return { rel: e.rel, size: e.size, stampMs: e.stampMs, hash: "", diagnostics: [diagnostic] };
    }
  }
  const h = hash(bytes);
  const decoded = decodeText(e.rel, bytes);
  const result = decoded.text === undefined ? { diagnostics: decoded.diagnostics } : parse(e.rel, decoded.text, h);
  return { rel: e.rel, size: e.size, stampMs: e.stampMs, hash: h, ...result };
}

/**
 * Reuse what did not change; hand the rest to `parseMany` (in-thread, or the helper thread for
 * large batches). The records come in path order.
 */
export function loadSources(
  entries: readonly SourceEntry[],
  previous: ReadonlyMap<string, SourceRecord>,
  parse: ParseFn,
  parseMany?: (entries: SourceEntry[]) => SourceRecord[],
): Map<string, SourceRecord> {
  const records = new Map<string, SourceRecord>();
  const todo: SourceEntry[] = [];
  for (const e of entries) {
    const kept = unchanged(e, previous.get(e.rel));
    if (kept) {
      records.set(e.rel, kept);
      continue;
    }
    records.set(e.rel, undefined as unknown as SourceRecord); // keep path order
    todo.push(e);
  }
  const parsed = parseMany && todo.length ? parseMany(todo) : todo.map((e) => parseEntry(e, parse));
  for (const r of parsed) records.set(r.rel, r);
  return records;
}

/** The previous record when the file did not change (same size and change stamp, or same bytes), else undefined. */
function unchanged(e: SourceEntry, prev: SourceRecord | undefined): SourceRecord | undefined {
  if (!prev) return undefined;
  if (prev.size === e.size && prev.stampMs === e.stampMs) return prev;
  let bytes: Buffer | undefined;
  try {
    bytes = readListed(e);
  } catch {
    return undefined;
  }
  return prev.hash === hash(bytes) ? { ...prev, size: e.size, stampMs: e.stampMs } : undefined;
}

/**
 * A `dev` save: the last build's records with only the watcher's paths looked at again, instead
 * of a pass over every source. Undefined when a path is new to the records: where it goes in
 * path order is `loadSources`' job.
 */
export function patchSources(
  previous: ReadonlyMap<string, SourceRecord>,
  paths: readonly string[],
  listed: (rel: string) => SourceEntry | undefined,
  parserFor: (rel: string) => ParseFn | undefined,
): Map<string, SourceRecord> | undefined {
  const records = new Map(previous);
  for (const rel of paths) {
    const parse = parserFor(rel);
    if (!parse) continue;
    const e = listed(rel);
    const prev = records.get(rel);
    if (!e) {
      records.delete(rel);
      continue;
    }
    if (!prev) return undefined;
    records.set(rel, unchanged(e, prev) ?? parseEntry(e, parse));
  }
  return records;
}

export function parseArticleSource(options: ParseOptions) {
  return (rel: string, text: string): Omit<SourceRecord, "rel" | "size" | "stampMs" | "hash"> => {
    const parsed = parseArticle(rel, text, options);
    if (!parsed.record) return { diagnostics: parsed.diagnostics, ...(parsed.claim ? { claim: parsed.claim } : {}), ...(parsed.unchecked ? { unchecked: parsed.unchecked } : {}) };
    const r = parsed.record;
    const teaserHash = hash(JSON.stringify([r.title, r.slug, r.dateMs, r.dateOnly, r.updatedMs, r.updatedDateOnly, r.authors, r.category, r.tags, r.image, r.imageAlt, r.imageCaption, r.summary, r.sponsored]));
    return { diagnostics: parsed.diagnostics, article: r, teaserHash, bodyHtml: parsed.bodyHtml ?? "" };
  };
}

const authorSchemaInstance = authorSchema();

/** Author profiles: front matter, and the text below it as Markdown (rendered as articles are). */
export function parseAuthorSource(options: MarkdownOptions): ParseFn {
  return (rel, text, h) => parseAuthor(rel, text, h, options);
}

function parseAuthor(rel: string, text: string, h: string, options: MarkdownOptions): Omit<SourceRecord, "rel" | "size" | "stampMs" | "hash"> {
  const fm = parseFrontMatter(rel, text);
  if (!fm.value) return { diagnostics: fm.diagnostics };
  // The photo follows the lead image's rules (a site path from the site's root, or an http(s)
  // URL), checked on its raw value: a schema error elsewhere must not hide it.
  const diagnostics: Diagnostic[] = unknownKeys(rel, fm.value.data, AUTHOR_KEYS, fm.value.keyLines, "profile");
  let headLines: string[] | undefined;
  const head = (): string[] => (headLines ??= firstLines(text, fm.value!.bodyLine - 1));
  diagnostics.push(...unknownItemKeys(rel, fm.value.data.links, "links", LINK_KEYS, fm.value.keyLines.links, head));
  const rawPhoto = typeof fm.value.data.photo === "string" || typeof fm.value.data.photo === "number" ? clean(String(fm.value.data.photo)).replace(/\s+/g, " ") : "";
  const photoLine = fm.value.keyLines.photo ?? 1;
  const found = rawPhoto ? contentImage(rawPhoto, "") : undefined;
  if (found && "unsafe" in found) diagnostics.push(error(CODES.invalidUrl, rel, `"${rawPhoto}" must be a site path or an absolute http(s) URL`, { line: photoLine, column: 1, field: "photo" }));
  // The text below the front matter is read even when the front matter has errors, as an article's body is.
  const body = stripForbidden(fm.value.body);
  const rendered = body.trim() ? renderChecked(rel, body, "", options, fm.value.bodyLine, "authors", diagnostics) : undefined;
  const parsed = authorSchemaInstance.safeParse(fm.value.data);
  if (!parsed.success) return { diagnostics: [...diagnostics, ...zodDiagnostics(rel, parsed.error.issues, fm.value.keyLines, fm.value.data, text)] };
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  const d = parsed.data;
  const photo = !found ? {} : "url" in found ? { photo: found.url } : "href" in found ? { photo: found.href, photoLocal: { file: found.file, line: photoLine } } : {};
  // With a `bio:` (the short line), the text below is the longer profile, in Markdown. Without
  // one, a short text of one paragraph (as plain text) is the bio; a longer one (paragraphs, a
  // list, links: a reporter's CV) is the longer profile, and its first paragraph, cut as an
  // article's summary is, the bio: the page, its description and its JSON-LD had it whole on one
  // line (25 KB), its links lost.
  // Footnotes (`[^1]`) are not the bio's words: no "[1]", no notes, no "↩︎" back links (see renderMarkdown).
  const bare = rendered ? withoutNotes(rendered.html) : undefined;
  const plain = bare === undefined ? undefined : plainText(bare);
  const long = !d.bio && bare !== undefined && (plain!.length > BIO_MAX || /<(?:a|h\d|ul|ol|table|blockquote|img|pre)\b|<\/p>\s*<p\b/.test(bare));
  const bio = d.bio ?? (long ? truncate(rendered!.lead || plain!, BIO_MAX) : plain);
  const aboutHtml = (d.bio || long) && rendered ? rendered.html : undefined;
  return {
    diagnostics,
    profile: {
      file: rel, hash: h, name: d.name, nameLine: fm.value.keyLines.name ?? 1, ...(bio ? { bio } : {}), ...(aboutHtml ? { aboutHtml } : {}), ...(long ? { bioInAbout: true } : {}), ...photo, ...(d.role ? { role: d.role } : {}), links: d.links,
      ...(aboutHtml && rendered?.articleLinks.length ? { articleLinks: rendered.articleLinks } : {}),
      ...(aboutHtml && rendered?.fileLinks.length ? { fileLinks: rendered.fileLinks } : {}),
    },
  };
}

/** The longest bio made from a profile's text, as long as an article's summary made from its body. */
const BIO_MAX = 220;

const pageSchemaInstance = pageSchema();

/** Pages of the newsroom's own (`pages/redaksi.md` → `/redaksi/`): front matter, and a Markdown body read as a profile's text is. */
export function parsePageSource(options: MarkdownOptions): ParseFn {
  return (rel, text, h) => parsePage(rel, text, h, options);
}

function parsePage(rel: string, text: string, h: string, options: MarkdownOptions): Omit<SourceRecord, "rel" | "size" | "stampMs" | "hash"> {
  const fm = parseFrontMatter(rel, text);
  if (!fm.value) return { diagnostics: fm.diagnostics };
  const { data, keyLines } = fm.value;
  const diagnostics: Diagnostic[] = unknownKeys(rel, data, PAGE_KEYS, keyLines, "page");
  // A page lives at the site's root (`/redaksi/`): its slug is one safe segment, from `slug:` or the file's name.
  const slugLine = keyLines.slug ?? 1;
  const written = data.slug === undefined || data.slug === null ? undefined : clean(String(data.slug));
  const slug = written === undefined ? slugify(posix.basename(rel).replace(/\.(md|markdown)$/i, "")) : pathLikeSlug(written) ? "" : asciiSlug(written);
  if (!slug || !SAFE_SLUG.test(slug)) {
    diagnostics.push(error(CODES.unsafeSlug, rel, written === undefined ? "the file name gives no address: rename the file or set `slug:`" : `"${written.slice(0, 80)}" is not a safe address for a page: use letters, digits and hyphens`, { line: slugLine, column: 1, field: "slug" }));
  }
  const body = stripForbidden(fm.value.body);
  // Its links are read from its own folder (`pedoman.md` is the page beside it), as its editor's file tree shows them.
  const rendered = renderChecked(rel, body, posix.dirname(rel).slice("pages".length + 1), options, fm.value.bodyLine, "pages", diagnostics);
  if (!body.trim()) diagnostics.push(warning(CODES.emptyValue, rel, "the page has no text below its front matter", { line: fm.value.bodyLine, column: 1 }));
  const parsed = pageSchemaInstance.safeParse(data);
  // A page with errors still takes its address: another page's (or an article's, a file's) clash with it is reported in the same run.
  const claim = slug && SAFE_SLUG.test(slug) ? { claim: { slug, line: slugLine, ...(data.draft === true ? { draft: true as const } : {}) } } : {};
  if (!parsed.success) return { diagnostics: [...diagnostics, ...zodDiagnostics(rel, parsed.error.issues, keyLines, data, text)], ...claim };
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics, ...claim };
  const d = parsed.data;
  return {
    diagnostics,
    page: {
      // By its NFC name, as links name it (a name typed on a Mac or unzipped is NFD).
      file: rel.normalize("NFC"), hash: h, ...(d.draft ? { draft: true } : {}), title: d.title, ...(d.summary ? { summary: d.summary } : {}), slug, slugLine, ...(d.order !== undefined ? { order: d.order } : {}), footer: d.footer, html: rendered.html,
      ...(rendered.articleLinks.length ? { articleLinks: rendered.articleLinks } : {}),
      ...(rendered.fileLinks.length ? { fileLinks: rendered.fileLinks } : {}),
    },
  };
}

/** `authors/alifia-dwi-ramandhita.md` → `alifia-dwi-ramandhita`. */
export const authorId = (rel: string): string => posix.basename(rel).replace(/\.(md|markdown)$/i, "").toLowerCase();

const ENTITIES: Record<string, string> = { "&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&#39;": "'" };

/** Rendered Markdown without its footnotes: their citations (`[1]`), the notes, the "↩︎" back links. */
const withoutNotes = (html: string): string => html.replace(/\u2060?<sup class="footnote-ref">.*?<\/sup>|<section class="footnotes"[\s\S]*<\/section>/g, "");

/** The text of rendered Markdown (its notes taken out) on one line (a bio made from a profile's text: `*miring*` is not shown as asterisks). */
function plainText(html: string): string {
  return html.replace(/<\/?(?:p|h\d|li|ul|ol|blockquote|pre|table|tr|td|th|div|br|hr)\b[^>]*>/g, " ").replace(/<[^>]*>/g, "").replace(/&(?:amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e] ?? e).replace(/\s+/g, " ").trim();
}
