/**
 * One article file → an ArticleRecord, or diagnostics. Pure: the text comes in, nothing is read.
 */
import { posix } from "node:path";
import { CODES, error, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { asciiSlug, MAX_SLUG, SAFE_SLUG, slugify, termKey, wholeSlug } from "../util/slug.ts";
import { closestFrontMatterKey, closestKey, didYouMean } from "../util/suggest.ts";
import { articleSchema, clean, cleanName, CORRECTION_KEYS, isEmpty, KNOWN_KEYS, SOURCE_KEYS, VISIBLE } from "./article-schema.ts";
import { parseFrontMatter } from "./frontmatter.ts";
import { commaAuthors, commentCuts, labelledNames, firstLines, mayHaveComment, swallowedItems, tagsAsList } from "./slips.ts";
import { stripForbidden } from "./code-points.ts";
import type { LocalLink } from "../model/article-links.ts";
import { oldAddress } from "./aliases.ts";
import { collisionKey, outputPath, routes } from "../pages/routes.ts";
import { contentImage, renderMarkdown, type DroppedLink, type MarkdownOptions, type RenderedBody } from "./markdown.ts";
import { fieldLine, zodDiagnostics } from "./zod-diagnostics.ts";
import { dayKey } from "../util/dates.ts";
import type { z } from "zod";

export interface ArticleRecord {
  /** `articles/2022/10/x.md` */
  file: string;
  slug: string;
  title: string;
  dateMs: number;
  updatedMs?: number;
  /** `date:` (or `updated:`) gave a day without a time: pages print the day alone, not "00:00". */
  dateOnly?: true;
  updatedDateOnly?: true;
  authors: string[];
  source?: { name: string; url?: string };
  category?: string;
  tags: string[];
  /** Resolved href (absolute URL, or site path with the base path). */
  image?: string;
  /** Site path relative to the output root when the image is local, for existence checks. */
  imageLocal?: string;
  imageCaption?: string;
  imageAlt?: string;
  summary: string;
  /** The summary is the body's first paragraph, cut (no `summary:`): lists show it, the article page does not repeat it. */
  summaryFromBody?: true;
  draft: boolean;
  /** The editors' pick for the home page's lead story (`headline: true`): the newest such article leads. */
  headline?: true;
  words: number;
  keyLines: Record<string, number>;
  /** Corrections made after publication, oldest first (see `corrections` in article-schema.ts). */
  corrections?: Correction[];
  /** Paid content (`sponsored: true`): labelled wherever it is shown, its links marked `rel="sponsored"`. */
  sponsored?: true;
  /** The editors who handled it (`editor:` / `editors:`), credited under the byline. */
  editors?: string[];
  /** Its old addresses (`aliases:`): site-relative URLs at their file lines, each a page that sends readers on to it. */
  aliases?: { url: string; line: number }[];
  /** Links in the body to other articles' source files (`[baca juga](dua.md)`), at their file lines. */
  articleLinks?: LocalLink[];
  /** Links and images in the body to files of the site (`lampiran.pdf`), at their file lines: checked to be there. */
  fileLinks?: LocalLink[];
}

export interface Correction {
  dateMs: number;
  /** Given as a day without a time: printed as the day alone. */
  dateOnly?: true;
  text: string;
}

export interface ParsedArticle {
  record?: ArticleRecord;
  bodyHtml?: string;
  diagnostics: Diagnostic[];
  /** An article with errors: the slug it would have, and the line to report a clash at. */
  claim?: SlugClaim;
  /** An article with errors: what is still checked against the site (see `Unchecked`). */
  unchecked?: Unchecked;
}

/**
 * What the build checks of an article with errors against the rest of the site, so that every
 * problem of the file is reported in one run: its lead image (`missing-image`) and its body links
 * (`broken-link`).
 */
export interface Unchecked {
  /** Its author, tag and category names that give a URL: another spelling of one elsewhere is a `duplicate-url` error. */
  terms?: TermName[];
  imageLocal?: string;
  imageLine?: number;
  articleLinks?: LocalLink[];
  fileLinks?: LocalLink[];
}

export interface TermName {
  kind: "author" | "tag" | "category";
  name: string;
  field: string;
  line: number;
}

export interface SlugClaim {
  slug: string;
  line: number;
  /** Its valid old addresses: each would be a page of its own. */
  aliases?: { url: string; line: number }[];
  /** Marked `draft: true` (an article, a page of `pages/`): its address is taken only in a `--drafts` build. */
  draft?: true;
}

export interface ParseOptions extends MarkdownOptions {
  timeZone: string;
}

// A `%` is a path's only when it encodes something (`%2F`, `%2e%2e`): "Naik 50% Lagi" is a headline's.
const looksLikePath = (s: string): boolean => /[/\\\0]|%[0-9a-f]{2}|\.\./i.test(s) || s === ".";
/** A `slug:` written as a path (`../x`, `a/b`, `%2F`, also in full-width `．．／`): refused, not slugged into something else. */
export const pathLikeSlug = (raw: string): boolean => looksLikePath(raw) || looksLikePath(raw.normalize("NFKC"));
const schemas = new Map<string, ReturnType<typeof articleSchema>>();
const TERM_FIELDS = [["author", "author"], ["authors", "author"], ["category", "category"], ["tags", "tag"]] as const;

export function parseArticle(file: string, text: string, options: ParseOptions): ParsedArticle {
  const fm = parseFrontMatter(file, text);
  if (!fm.value) return { diagnostics: fm.diagnostics };
  const { keyLines, body, bodyLine } = fm.value;
  // The front matter's lines, split only when a check needs them (most files: never).
  let headLines: string[] | undefined;
  const head = (): string[] => (headLines ??= firstLines(text, bodyLine - 1));
  const tags = tagsAsList(fm.value.data, head, keyLines);
  const data = tags === fm.value.data.tags ? fm.value.data : { ...fm.value.data, tags };
  const diagnostics: Diagnostic[] = [];
  diagnostics.push(...unknownKeys(file, data, KNOWN_KEYS, keyLines, "front-matter"), ...commaAuthors(file, data, head, keyLines), ...labelledNames(file, data, head, keyLines), ...swallowedItems(file, data, head, keyLines));
  if (mayHaveComment(text, text.length - body.length)) diagnostics.push(...commentCuts(file, head(), keyLines));
  // `source` is one mapping (a list there is the schema's to refuse); `corrections` a list of them.
  if (!Array.isArray(data.source)) diagnostics.push(...unknownItemKeys(file, data.source, "source", SOURCE_KEYS, keyLines.source, head, { nama: "name", link: "url", tautan: "url", href: "url" }));
  for (const d of unknownItemKeys(file, data.corrections, "corrections", CORRECTION_KEYS, keyLines.corrections, head)) diagnostics.push(d);
  const at = (key: string) => ({ line: keyLines[key] ?? 1, column: 1, field: key });
  // Checks on the raw values run even when the schema fails, so one run reports every problem.
  const hasAuthor = [data.author, data.authors].some((v) => !isEmpty(v) && !(Array.isArray(v) && v.length === 0));
  // At the key when one is written but empty (`author: []`), else at the top of the file.
  const authorKey = ["author", "authors"].find((k) => keyLines[k] !== undefined);
  if (!hasAuthor) diagnostics.push(error(CODES.required, file, "is required (a name or a list of names; `authors` also works)", { line: authorKey ? keyLines[authorKey]! : 1, column: 1, field: authorKey ?? "author" }));
  let slug: string;
  if (data.slug !== undefined && data.slug !== null) {
    const raw = clean(String(data.slug));
    const unsafe = pathLikeSlug(raw);
    slug = asciiSlug(raw);
    if (unsafe) diagnostics.push(error(CODES.unsafeSlug, file, `"${raw.slice(0, 80)}" is not a safe slug: use letters, digits and hyphens`, at("slug")));
    else if (!slug || !SAFE_SLUG.test(slug)) diagnostics.push(error(CODES.unsafeSlug, file, `"${raw.slice(0, 80)}" gives an empty slug: use letters, digits and hyphens`, at("slug")));
    // Cut at MAX_SLUG characters: said, as the reporter typed it whole.
    else if (wholeSlug(raw).length > MAX_SLUG) diagnostics.push(warning(CODES.unsafeSlug, file, `is longer than ${MAX_SLUG} characters: the address is cut to /berita/${slug}/ (give a shorter slug)`, at("slug")));
  } else {
    slug = slugify(posix.basename(file).replace(/\.(md|markdown)$/i, ""));
    if (!slug || !SAFE_SLUG.test(slug)) diagnostics.push(error(CODES.unsafeSlug, file, "the file name gives an empty slug: rename the file or set `slug:`", { line: 1, column: 1, field: "slug" }));
  }
  // Author, tag and category names that give no URL (`???`), on the raw values: a schema error
  // elsewhere in the file must not hide them.
  const termNames: TermName[] = [];
  for (const [field, kind] of TERM_FIELDS) {
    const value = data[field];
    const names = (Array.isArray(value) && field !== "category" ? value : [value]).flatMap((v) => (typeof v === "string" || typeof v === "number" ? [cleanName(String(v)).replace(/\s+/g, " ")] : []));
    for (const name of new Set(names)) {
      // Only invisible characters: the schema says "must not be empty" at its item already.
      if (name && !VISIBLE.test(name)) continue;
      if (name && !termKey(name)) diagnostics.push(error(CODES.unsafeSlug, file, `${kind} ${JSON.stringify(name)} gives an empty URL slug: use letters or digits`, at(field)));
      else if (name) termNames.push({ kind, name, field, line: keyLines[field] ?? 1 });
    }
  }
  // Old addresses, checked on the raw values too (a schema error elsewhere must not hide them).
  const aliases: { url: string; line: number }[] = [];
  const ownPage = collisionKey(outputPath(routes.article(slug)));
  const taken = new Map<string, { url: string; line: number }>();
  const aliasValues = Array.isArray(data.aliases) ? data.aliases : isEmpty(data.aliases) ? [] : [data.aliases];
  aliasValues.forEach((v, i) => {
    if (typeof v !== "string" && typeof v !== "number") return; // the schema says what it is
    const raw = clean(String(v));
    if (!raw) return;
    const where = { line: keyLines.aliases === undefined ? 1 : Array.isArray(data.aliases) ? fieldLine(head(), keyLines.aliases, [i]) : keyLines.aliases, column: 1, field: Array.isArray(data.aliases) ? `aliases[${i}]` : "aliases" };
    const found = oldAddress(raw, routes.articles());
    if ("problem" in found) diagnostics.push(error(CODES.invalidUrl, file, found.problem, where));
    else {
      // Compared as outputs are: `/berita/x/index.html` and `/Berita/X/` are the page `/berita/x/` too.
      const key = collisionKey(outputPath(found.url));
      if (key === ownPage) diagnostics.push(warning(CODES.duplicateUrl, file, `${JSON.stringify(raw)} is this article's own address: nothing to send on, left out`, where));
      else {
        const first = taken.get(key);
        if (!first) {
          taken.set(key, { url: found.url, line: where.line });
          aliases.push({ url: found.url, line: where.line });
        } else if (outputPath(first.url).normalize("NFC") !== outputPath(found.url).normalize("NFC")) {
          // Another spelling of an address already given: one folder on a host that ignores case, so one page; said, not dropped unseen.
          diagnostics.push(warning(CODES.duplicateUrl, file, `${JSON.stringify(raw)} differs from /${first.url} (line ${first.line}) only in capitals: a host that ignores case serves one page for both, and only that one is published (left out)`, where));
        }
      }
    }
  });
  // Where the article would go even if it has errors: a clash with another is reported in the same run.
  // A draft (written `draft: true`, whatever else is wrong) takes its address only in a `--drafts` build, as a valid draft does.
  const claim = diagnostics.some((d) => d.field === "slug") ? {} : { claim: { slug, line: keyLines.slug ?? 1, ...(aliases.length ? { aliases } : {}), ...(data.draft === true ? { draft: true as const } : {}) } };

  // The lead image is checked on its raw value too: a schema error elsewhere must not hide it.
  const dir = posix.dirname(posix.relative("articles", file));
  const articleDir = dir === "." ? "" : dir;
  let image: string | undefined;
  let imageLocal: string | undefined;
  const src = typeof data.image === "string" || typeof data.image === "number" ? clean(String(data.image)).replace(/\s+/g, " ") : "";
  if (src) {
    const found = contentImage(src, articleDir);
    if ("url" in found) image = found.url;
    else if ("unsafe" in found) diagnostics.push(error(CODES.invalidUrl, file, `"${src}" must be a site path or an absolute http(s) URL`, at("image")));
    else {
      imageLocal = found.file;
      image = options.basePath + found.href;
    }
  }

  // A caption with no image under which to stand is shown nowhere.
  if (!isEmpty(data.image_caption) && isEmpty(data.image)) diagnostics.push(warning(CODES.missingImage, file, "a caption with no `image:` is shown nowhere: add the lead image, or remove the caption", at("image_caption")));

  // The body is read even when the front matter has errors: its problems belong to the same run.
  const rendered = renderChecked(file, stripForbidden(body), articleDir, options, bodyLine, "articles", diagnostics, { sponsored: data.sponsored === true });
  // Published all the same (a photo story, a headline whose text follows), as a page of `pages/` is.
  if (!body.trim()) diagnostics.push(warning(CODES.emptyValue, file, "the article has no text below its front matter: readers see its headline alone", { line: bodyLine, column: 1, field: "body" }));

  let schema = schemas.get(options.timeZone);
  if (!schema) schemas.set(options.timeZone, (schema = articleSchema(options.timeZone)));
  const parsed = schema.safeParse(data);
  // The dates are compared with one another on whatever of them parsed: an error elsewhere in
  // the front matter must not hide a warning about them.
  const own = <K extends "date" | "updated" | "corrections">(key: K): z.infer<typeof schema>[K] | undefined =>
    parsed.success ? parsed.data[key] : (schema.shape[key].safeParse(data[key]).data as z.infer<typeof schema>[K] | undefined);
  const dateMs = own("date");
  const updatedMs = own("updated");
  // A day alone (`updated: 2024-03-03`) on the article's own day is not earlier: it says nothing newer.
  const sameDay = (ms: number, written: unknown): boolean => isDay(written) && dayKey(ms, options.timeZone) === dayKey(dateMs!, options.timeZone);
  if (dateMs !== undefined && updatedMs !== undefined && updatedMs < dateMs && !sameDay(updatedMs, data.updated)) {
    diagnostics.push(warning(CODES.invalidDate, file, "`updated` is earlier than `date`", at("updated")));
  }
  // Each correction's date on its own when the list did not parse: another item's error must not hide its warning.
  const written = data.corrections === null || data.corrections === undefined ? [] : Array.isArray(data.corrections) ? (data.corrections as unknown[]) : [data.corrections];
  const writtenDate = (i: number): unknown => (written[i] as { date?: unknown } | null | undefined)?.date;
  const parsedCorrections = own("corrections");
  written.forEach((_, i) => {
    const ms = parsedCorrections ? parsedCorrections[i]!.date : schema.shape.date.safeParse(writtenDate(i)).data;
    if (dateMs !== undefined && ms !== undefined && ms < dateMs && !sameDay(ms, writtenDate(i))) {
      const path = Array.isArray(data.corrections) ? [i, "date"] : ["date"];
      diagnostics.push(warning(CODES.invalidDate, file, "a correction dated before the article's `date`", { line: fieldLine(head(), keyLines.corrections!, path), column: 1, field: `corrections${Array.isArray(data.corrections) ? `[${i}]` : ""}.date` }));
    }
  });
  const corrections = (parsedCorrections ?? []).map((c, i): Correction => ({ dateMs: c.date, ...(isDay(writtenDate(i)) ? { dateOnly: true as const } : {}), text: c.text }));
  // An article with errors is not published, but its lead image and body links are still checked
  // against what the site publishes (see `Unchecked`).
  const unchecked = (): { unchecked?: Unchecked } => {
    const u: Unchecked = { ...(termNames.length ? { terms: termNames } : {}), ...(imageLocal !== undefined ? { imageLocal, imageLine: keyLines.image ?? 1 } : {}), ...(rendered.articleLinks.length ? { articleLinks: rendered.articleLinks } : {}), ...(rendered.fileLinks.length ? { fileLinks: rendered.fileLinks } : {}) };
    return Object.keys(u).length ? { unchecked: u } : {};
  };
  if (!parsed.success) return { diagnostics: [...diagnostics, ...zodDiagnostics(file, parsed.error.issues, keyLines, data, text)], ...claim, ...unchecked() };
  const fmData = parsed.data;
  const authors = dedupe([...(fmData.author ?? []), ...(fmData.authors ?? [])]);
  const editors = dedupe([...(fmData.editor ?? []), ...(fmData.editors ?? [])]);
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics, ...claim, ...unchecked() };

  const record: ArticleRecord = {
    file,
    slug,
    title: fmData.title,
    dateMs: fmData.date,
    ...(isDay(data.date) ? { dateOnly: true as const } : {}),
    ...(fmData.updated !== undefined && fmData.updated > fmData.date ? { updatedMs: fmData.updated, ...(isDay(data.updated) ? { updatedDateOnly: true as const } : {}) } : {}),
    authors,
    ...(fmData.source ? { source: fmData.source.url ? { name: fmData.source.name, url: fmData.source.url } : { name: fmData.source.name } } : {}),
    ...(fmData.category ? { category: fmData.category } : {}),
    tags: dedupe(fmData.tags),
    ...(image ? { image } : {}),
    // `/` or `.` names the site's root folder (""): no file, so reported missing and left out, as any other.
    ...(imageLocal !== undefined ? { imageLocal } : {}),
    ...(fmData.image_caption ? { imageCaption: fmData.image_caption } : {}),
    ...(fmData.image_alt ? { imageAlt: fmData.image_alt } : {}),
    summary: fmData.summary ?? truncate(rendered.lead, 220),
    ...(fmData.summary === undefined ? { summaryFromBody: true as const } : {}),
    draft: fmData.draft,
    ...(fmData.headline ? { headline: true as const } : {}),
    ...(aliases.length ? { aliases } : {}),
    ...(editors.length ? { editors } : {}),
    ...(fmData.sponsored ? { sponsored: true as const } : {}),
    words: rendered.words,
    keyLines,
    ...(corrections.length ? { corrections: corrections.sort((a, b) => a.dateMs - b.dateMs) } : {}),
    ...(rendered.articleLinks.length ? { articleLinks: rendered.articleLinks } : {}),
    ...(rendered.fileLinks.length ? { fileLinks: rendered.fileLinks } : {}),
  };
  return { record, bodyHtml: rendered.html, diagnostics };
}

/** A date without a time of day (`2024-09-16`): it names a day, not its first minute. */
const isDay = (v: unknown): boolean => typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v.trim());

/** Same name written twice (case, spacing) counts once; first spelling wins. */
function dedupe(names: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const n of names) {
    const k = n.normalize("NFC").toLowerCase();
    if (!seen.has(k)) {
      seen.add(k);
      out.push(n.normalize("NFC"));
    }
  }
  return out;
}

// Made when first needed: most sites never cut a summary outside Latin letters.
let graphemes: Intl.Segmenter | undefined;
let wordSegments: Intl.Segmenter | undefined;

/**
 * At most `max` characters as a reader counts them (a flag, an accent written as a combining
 * mark, a family emoji is one), cut between words, before escaping. Words are found as ICU finds
 * them, so Thai, Lao, Khmer and Chinese, written without spaces, are cut between words too.
 * Text of Latin letters without combining marks (nearly every Indonesian summary) takes the
 * short way: there a character is a code unit and a word ends at a space.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const head = text.slice(0, max + 1);
  if (!/[^\u0000-\u02ff]/.test(head)) {
    const cut = head.slice(0, max);
    const space = cut.lastIndexOf(" ");
    return ellipsis(space > max * 0.6 ? cut.slice(0, space) : cut);
  }
  let end = 0;
  let count = 0;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const g of graphemes.segment(text)) {
    if (count === max) break;
    end = g.index + g.segment.length;
    count++;
  }
  if (end >= text.length) return text;
  // The start of the word the cut falls in (the cut itself when it falls between two).
  let wordStart = end;
  wordSegments ??= new Intl.Segmenter(undefined, { granularity: "word" });
  for (const w of wordSegments.segment(text.slice(0, end + 64))) {
    if (w.index >= end) break;
    if (w.index + w.segment.length > end) wordStart = w.index;
  }
  return ellipsis(wordStart > end * 0.6 ? text.slice(0, wordStart) : text.slice(0, end));
}

const ellipsis = (cut: string): string => `${cut.replace(/[\s,.;:!?-]+$/u, "")}…`;

/**
 * Unknown keys in the mapping of a field (`source`), or in the mappings of a list field
 * (`corrections`, a profile's `links`; one mapping alone is a list of one): warnings at their
 * lines, ignored, as unknown keys at the top are. `aliases`: other names for the known keys.
 */
export function unknownItemKeys(file: string, value: unknown, field: string, known: ReadonlySet<string>, keyLine: number | undefined, head: () => readonly string[], aliases?: Readonly<Record<string, string>>): Diagnostic[] {
  const found: Diagnostic[] = [];
  const list = Array.isArray(value);
  const takes = [...known].join(" and ");
  (list ? value : [value]).forEach((item: unknown, i: number) => {
    if (typeof item !== "object" || item === null || Array.isArray(item)) return;
    for (const key of Object.keys(item)) {
      if (known.has(key)) continue;
      const path = list ? [i, key] : [key];
      found.push(warning(CODES.unknownKey, file, `unknown key "${key}" in ${field} is ignored (it takes ${takes})${didYouMean(closestKey(key, known, aliases))}`, { line: keyLine === undefined ? 1 : fieldLine(head(), keyLine, path), column: 1, field: `${field}${list ? `[${i}]` : ""}.${key}` }));
    }
  });
  return found;
}

/** Text nested past what Markdown reads: from `line` on, it is not on the page. */
/** Lists or quotes nested past markdown-it's 100 levels, lost from `line` to the end of the body, or to `until` when text after them is shown. */
export function tooDeep(file: string, line: number, until?: number): Diagnostic {
  const lost = until === undefined ? "from this line to the end, the text is not shown" : until === line ? "the text nested deeper on this line is not shown" : `the text nested deeper, from this line to line ${until}, is not shown`;
  return warning(CODES.tooDeep, file, `lists or quotes are nested too deeply here (Markdown reads 100 levels, and each list in a list takes two: a list and its item): ${lost} (nest less deeply)`, { line, column: 1, field: "body" });
}

/** An `unknown-key` warning for each key of `data` that `known` lacks (`what`: "front-matter", "profile"). */
export function unknownKeys(file: string, data: Record<string, unknown>, known: ReadonlySet<string>, keyLines: Record<string, number>, what: "front-matter" | "profile" | "page"): Diagnostic[] {
  const unknown = Object.keys(data).filter((key) => !known.has(key));
  if (!unknown.length) return [];
  const suggest = what === "front-matter" ? closestFrontMatterKey : closestKey;
  // A key written is not suggested again (`title` and `tittle` both there: only "is ignored").
  const unused = [...known].filter((k) => !Object.hasOwn(data, k));
  return unknown.map((key) =>
    warning(CODES.unknownKey, file, key === "<<" ? `YAML merge keys (<<: *name) are not read: write the keys themselves (the keys it would bring in are not set)` : `unknown ${what} key "${key}" is ignored${didYouMean(suggest(key, unused))}`, { line: keyLines[key] ?? 1, column: 1, field: key }),
  );
}

/**
 * Markdown text (an article's body, a profile's or a page's text) as HTML, its dropped unsafe links,
 * the line it was cut at (nested too deep) and a comment never closed said in `diagnostics`.
 */
export function renderChecked(file: string, text: string, dir: string, options: MarkdownOptions, bodyLine: number, from: "articles" | "authors" | "pages", diagnostics: Diagnostic[], of: { sponsored?: boolean } = {}): RenderedBody {
  const rendered = renderMarkdown(text, dir, options, bodyLine, from, of);
  // One at a time: spread, 160k of them overflow the stack.
  for (const d of unsafeLinks(file, text, bodyLine, rendered.droppedLinks)) diagnostics.push(d);
  if (rendered.cutAt !== undefined) diagnostics.push(tooDeep(file, rendered.cutAt, rendered.cutUntil));
  if (rendered.htmlCutAt !== undefined) {
    diagnostics.push(warning(CODES.tooDeep, file, "HTML in the text is nested more than 512 elements deep (browsers build a page no deeper): what is nested deeper is not shown (nest less deeply)", { line: rendered.htmlCutAt, column: 1, field: "body" }));
  }
  if (rendered.htmlAsText) {
    diagnostics.push(warning(CODES.rawHtml, file, `HTML written in the text (${rendered.htmlAsText.tag}) is shown to readers as text: this site publishes no HTML written in Markdown (allowRawHtml is off; an embed can be a link to the video or post instead)`, { line: rendered.htmlAsText.line, column: 1, field: "body" }));
  }
  // One warning per part named (a heading renamed leaves every link to it broken: the first says it).
  const said = new Set<string>();
  for (const m of rendered.missingFragments ?? []) {
    if (said.has(m.fragment)) continue;
    said.add(m.fragment);
    diagnostics.push(warning(CODES.brokenLink, file, `links to #${m.fragment.slice(0, 80)}, which no heading of this article is: the link goes nowhere (a heading's link is its text, \`#latar-belakang\` for "Latar Belakang")`, { line: m.line, column: 1, field: "body" }));
  }
  for (const n of rendered.unwrittenNotes ?? []) {
    const label = n.label.slice(0, 40);
    const fix = n.written === undefined ? `write \`[^${label}]: …\` on a line of its own below the text` : `the note written is [^${n.written.slice(0, 40)}]: a note's name takes the same capitals where it is cited and where it is written`;
    diagnostics.push(warning(CODES.brokenLink, file, `cites the note [^${label}], which is not written: readers see "[^${label}]" as it is (${fix})`, { line: n.line, column: 1, field: "body" }));
  }
  for (const n of rendered.uncitedNotes ?? []) {
    const label = n.label.slice(0, 40);
    diagnostics.push(warning(CODES.brokenLink, file, `writes the note [^${label}]: …, which the text never cites: readers do not see it (cite it after the words it backs, \`kata[^${label}]\`, or delete it)`, { line: n.line, column: 1, field: "body" }));
  }
  for (const n of rendered.notesTwice ?? []) {
    diagnostics.push(warning(CODES.brokenLink, file, `the note [^${n.label.slice(0, 40)}] is written again here (first on line ${n.first}): readers see only this one, and the first is lost (give each note its own label)`, { line: n.line, column: 1, field: "body" }));
  }
  if (rendered.unclosedCommentAt !== undefined) {
    diagnostics.push(warning(CODES.unclosedComment, file, "an HTML comment (`<!--`) is not closed with `-->`: as a note for the newsroom, it runs to the end, and the text after it is not shown (close it)", { line: rendered.unclosedCommentAt, column: 1, field: "body" }));
  }
  return rendered;
}

/**
 * One `unsafe-link` warning per link markdown-it dropped from `body` (which starts at file line
 * `bodyLine`), at the line where it is written (a reference definition's, `[x]: javascript:…`,
 * at its first line). Without a line from markdown-it: the first line that holds the URL, or the
 * body's first line when markdown-it decoded it from another spelling (`jav&#x61;script:`).
 */
export function unsafeLinks(file: string, body: string, bodyLine: number, dropped: readonly DroppedLink[]): Diagnostic[] {
  const seen = new Set<string>();
  return dropped.filter((d) => d.line !== undefined || !seen.has(d.url) && !!seen.add(d.url)).map(({ url, line: known }) => {
    // Looked for only without a line: from the body's start for each of thousands of links, quadratic.
    const at = known === undefined ? body.indexOf(url) : -1;
    const line = known ?? (at === -1 ? bodyLine : bodyLine + body.slice(0, at).split("\n").length - 1);
    return warning(CODES.unsafeLink, file, `unsafe link "${url.slice(0, 80)}" was dropped`, { line, column: 1, field: "body" });
  });
}
