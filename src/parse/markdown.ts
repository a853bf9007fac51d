/**
 * The one adapter for markdown-it. Raw HTML stays escaped unless the site allows it;
 * markdown-it's validateLink already drops `javascript:`, `vbscript:`, `file:` and `data:`
 * (except raster images) links, and we report each drop as a warning.
 * Relative links and images are resolved against the article's folder, root-relative ones
 * against the site's base path, so a site under `/berita/` keeps working.
 */
import markdownIt, { type MarkdownIt, type Token } from "markdown-it";
// @ts-expect-error: the plugin ships no types (@types/markdown-it-footnote is written against markdown-it's older CommonJS types, which clash with its own)
import footnotePlugin from "markdown-it-footnote";
import { createRequire } from "node:module";
import { slugify } from "../util/slug.ts";
import { isSitePath, laterHashesEscaped, normalUrl, plusEscaped, sitePathHref } from "../util/http-url.ts";
import { ARTICLE_LINK, type LocalLink } from "../model/article-links.ts";
import { DEFAULT_STRINGS } from "../render/strings.ts";

export interface MarkdownOptions {
  allowRawHtml: boolean;
  /** Turn bare URLs into links (off by default: it costs ~15 % of Markdown time). */
  linkify: boolean;
  /** `/` or `/berita/`. */
  basePath: string;
  /** The accessible name of the box a table scrolls in (the site's `strings.table`, else the default one). */
  tableLabel?: string;
  /** The accessible names of the footnotes and of a note's link back to the text (`strings.footnotes`, `strings.footnoteBack`). */
  footnotesLabel?: string;
  footnoteBackLabel?: string;
}

export interface RenderedBody {
  html: string;
  /** Plain text of the first paragraph, for summaries. */
  lead: string;
  words: number;
  /** URLs dropped as unsafe, each where it is written (the file line, when markdown-it knows it: not in a reference definition). */
  droppedLinks: DroppedLink[];
  /**
   * Links to other articles by their source file (`[baca juga](dua.md)`, `file`:
   * `articles/2024/dua.md`), in order: the HTML has an `ARTICLE_LINK` placeholder for each, which
   * the page fills with the article's URL (`withArticleLinks`). Lines are the file's.
   */
  articleLinks: LocalLink[];
  /** Links and images to other files of the site's folders (`file`: the output path, `2024/foto.jpg`), to check they are there. */
  fileLinks: LocalLink[];
  /** The file line from which the text was nested too deep to be read: none of it from there on is shown. */
  cutAt?: number;
  /** The last file line lost there, when text after it is shown (a quote nested too deep is lost, the paragraph after it is not). */
  cutUntil?: number;
  /** The file line where an HTML comment starts that is never closed: the rest of the text is left out. */
  unclosedCommentAt?: number;
  /** With `allowRawHtml`: the body's first line when its HTML nests deeper than RAW_HTML_DEPTH, where it is cut. */
  htmlCutAt?: number;
  /** Without `allowRawHtml`: the first HTML tag written in the text (`<iframe …>` pasted from YouTube), which readers see as text, and its file line. */
  htmlAsText?: { tag: string; line: number };
  /** Links to a part of the article (`#…`) that no heading, footnote or part of the page is, at their file lines (articles only, without raw HTML). */
  missingFragments?: { fragment: string; line: number }[];
  /**
   * Footnotes cited and never written (`[^2]` with no `[^2]: …`), at their first citation's file
   * line; `written`: a note that is written, under the same name in other capitals (`[^sumber]:`
   * for `[^Sumber]`), which the footnote plugin, unlike GitHub, does not take for it.
   */
  unwrittenNotes?: { label: string; line: number; written?: string }[];
  /** Footnotes written and never cited (`[^2]: …` with no `[^2]` in the text), which the page leaves out, at their file lines. */
  uncitedNotes?: { label: string; line: number }[];
  /** Notes written again under one label: the last is shown (`first`: the line of the one lost). */
  notesTwice?: { label: string; line: number; first: number }[];
}

interface Env {
  /** Raw HTML was nested too deep and cut (see RAW_HTML_DEPTH). */
  htmlCut?: boolean;
  /** Folder of the article relative to `articles/`, e.g. `2022/10`. */
  dir: string;
  /** The site folder a profile's or a page's text is read from (`authors/`, `pages/`): relative links are read from there. */
  folder?: string;
  basePath: string;
  /** The file line the body starts on (1-based). */
  firstLine: number;
  articleLinks: LocalLink[];
  fileLinks: LocalLink[];
  /** Paid content: its links to other sites are `rel="sponsored"`, as search engines ask. */
  sponsored: boolean;
  /** Raw HTML is allowed: its URLs are resolved in `balanced`, after those of Markdown's links, which say so (`FROM_MARKDOWN`). */
  raw: boolean;
  /** Links to a part of the article no heading is (`#latar-belakng`), at their file lines. */
  missingFragments?: { fragment: string; line: number }[];
  /** The file lines of inline notes (`^[…]`), by their id in the footnote plugin's list. */
  noteLines?: Map<number, number>;
  /** Each note's label → the file line it is first written on. */
  noteDefs?: Map<string, number>;
  /** Notes written again under a label already written (`first`: the earlier one's line). */
  notesTwice?: { label: string; line: number; first: number }[];
}

/** The folders of the site a relative link may lead into. */
type SiteFolder = "articles" | "static" | "pages" | "authors";

/** Marks, until `balanced` removes it, a link or image whose URL the Markdown pass resolved already. */
const FROM_MARKDOWN = "data-warta-md";

const SCHEME = /^[a-z][a-z0-9+.-]*:/i;
/** A link to another site: http(s), or protocol-relative (`//host/…`). */
const OTHER_SITE = /^(?:https?:)?\/\//i;

export interface DroppedLink {
  url: string;
  line?: number;
}

let dropped: DroppedLink[] = [];
/** Where inline parsing is (the paragraph's first file line, and markdown-it's inline state), for the line of a dropped link. */
let inlineAt: { blockLine: number; content: string; state?: { src: string; pos: number }; newlines?: number[] } | undefined;
let referenceLine: number | undefined;
/**
 * The lines and URLs of the links dropped so far: markdown-it looks at some links twice (`![g](…)`
 * as an image, then `[g](…)` as a link). One URL dropped twice on one line is one warning.
 */
let droppedAt = new Set<string>();
/** The file line from which markdown-it stopped reading (nested deeper than it goes), if it did. */
let cutAt: number | undefined;
/** The last line (of the body) of the nested block markdown-it stopped reading. */
let cutEnd: number | undefined;
/** The file line where a comment that is never closed starts (see `withoutComments`). */
let unclosedAt: number | undefined;

function createParser(options: MarkdownOptions): MarkdownIt {
  const md = markdownIt({ html: options.allowRawHtml, linkify: options.linkify, typographer: false });
  // Lists or quotes nested past `maxNesting` (100): markdown-it, guarding its stack, reads nothing
  // more of them, and what follows in them is gone from the page. Said, at the first line lost.
  const tokenize = md.block.tokenize.bind(md.block);
  md.block.tokenize = (state, startLine, endLine): void => {
    if (cutAt === undefined && state.level >= ((state.md.options as { maxNesting?: number }).maxNesting ?? 100)) {
      const line = state.skipEmptyLines(startLine);
      if (line < endLine) {
        cutAt = (state.env as unknown as Env).firstLine + line;
        cutEnd = endLine - 1;
      }
    }
    tokenize(state, startLine, endLine);
  };
  const validate = md.validateLink.bind(md);
  md.validateLink = (url: string): boolean => {
    if (!validate(url)) {
      const state = inlineAt?.state;
      if (!inlineAt || !state) dropped.push(inlineAt || referenceLine === undefined ? { url } : { url, line: referenceLine });
      else {
        // The line breaks before the link: found once a paragraph, when its first link is dropped
        // (not counted from its start for each link, quadratic in a paragraph of thousands).
        const line = inlineAt.blockLine + countBelow((inlineAt.newlines ??= newlinesOf(state.src)), state.pos);
        if (!droppedAt.has(`${line}|${url}`)) {
          droppedAt.add(`${line}|${url}`);
          dropped.push({ url, line });
        }
      }
    }
    // Read as a link all the same, so that its words stay words: "warta_unsafe" below unlinks it.
    return true;
  };
  // A link whose URL is dropped keeps its words, unlinked (markdown-it's own refusal showed its
  // Markdown, `[baca](javascript:…)`, to readers); an image, its alt text.
  md.core.ruler.after("inline", "warta_unsafe", (state) => {
    for (const block of state.tokens) {
      if (block.type !== "inline" || !block.children?.some((t) => (t.type === "link_open" && !validate(t.attrGet("href") ?? "")) || (t.type === "image" && !validate(t.attrGet("src") ?? "")))) continue;
      const kept: Token[] = [];
      const unlinked: boolean[] = [];
      for (const t of block.children) {
        if (t.type === "link_open") {
          const bad = !validate(t.attrGet("href") ?? "");
          unlinked.push(bad);
          if (!bad) kept.push(t);
        } else if (t.type === "link_close") {
          if (!unlinked.pop()) kept.push(t);
        } else if (t.type === "image" && !validate(t.attrGet("src") ?? "")) {
          const text = new state.Token("text", "", 0);
          text.content = (t.children ?? []).map((c) => (c.type === "softbreak" ? " " : c.content)).join("");
          kept.push(text);
        } else kept.push(t);
      }
      block.children = kept;
    }
  });
  // The file line each paragraph starts on, and the inline state reading it, for `validateLink`
  // above (markdown-it's own "inline" rule, with the line noted first).
  md.core.ruler.at("inline", (state) => {
    for (const [t, line] of inlineRuns(state.tokens, (state.env as unknown as Env).firstLine)) {
      inlineAt = { blockLine: line, content: t.content };
      state.md.inline.parse(t.content, state.md, state.env, t.children!);
    }
    inlineAt = undefined;
  });
  // A reference definition (`[x]: url`) is read while the blocks are: its line.
  md.block.ruler.before("reference", "warta_reference_line", (state, startLine) => {
    referenceLine = (state.env as unknown as Env).firstLine + startLine;
    return false;
  });
  // The paragraph's own state: not the one an image's alt text is read with (its text alone,
  // where a link inside it would be counted from the paragraph's first line).
  md.inline.ruler.before("text", "warta_inline_state", (state) => {
    if (inlineAt && state.src === inlineAt.content) inlineAt.state = state;
    return false;
  });

  const normalizeLink = md.normalizeLink.bind(md);
  md.normalizeLink = (url: string): string => laterHashesEscaped(normalizeLink(url));

  md.core.ruler.after("inline", "warta_comments", (state) => {
    const at = withoutComments(state.tokens);
    if (at !== undefined) unclosedAt = (state.env as unknown as Env).firstLine + at;
  });

  md.core.ruler.push("warta_urls", (state) => {
    const env = state.env as unknown as Env;
    for (const [block, blockLine] of inlineRuns(state.tokens, env.firstLine)) {
      // The line of each link: the paragraph's first, plus the line breaks before it.
      let line = blockLine;
      for (const t of block.children!) {
        if (t.type === "softbreak" || t.type === "hardbreak") line++;
        else if (t.type === "link_open") {
          if (env.sponsored && OTHER_SITE.test(t.attrGet("href") ?? "")) t.attrSet("rel", "sponsored");
          rewrite(t, "href", env, line);
          if (env.raw) t.attrSet(FROM_MARKDOWN, "");
        }
        else if (t.type === "image") {
          rewrite(t, "src", env, line);
          if (env.raw) t.attrSet(FROM_MARKDOWN, "");
        }
      }
    }
  });

  // A photo alone in its paragraph with a title (`![Warga mengungsi](foto.jpg "Warga mengungsi. FOTO: Rina/Warta")`)
  // is a figure, and its title the caption readers see: a title alone is a tooltip no phone shows,
  // and a body photo's credit was lost. Its paragraph is no lead (see `renderMarkdown`).
  md.core.ruler.push("warta_figures", (state) => {
    const tokens = state.tokens;
    for (let i = 1; i + 1 < tokens.length; i++) {
      const open = tokens[i - 1]!;
      const inline = tokens[i]!;
      if (open.type !== "paragraph_open" || inline.type !== "inline" || tokens[i + 1]!.type !== "paragraph_close") continue;
      const parts = inline.children!.filter((c) => !(c.type === "text" && c.content.trim() === "") && c.type !== "softbreak");
      const image = parts.length === 1 && parts[0]!.type === "image" ? parts[0]! : undefined;
      const caption = image?.attrGet("title")?.trim();
      if (!image || !caption) continue;
      open.tag = "figure";
      open.attrSet("class", "body-figure");
      tokens[i + 1]!.tag = "figure";
      open.meta = { ...open.meta, figure: true };
      // The caption is on the page now: as a title too it was a tooltip repeating it, read twice by screen readers.
      image.attrs = (image.attrs ?? []).filter(([name]) => name !== "title");
      const captionOpen = new state.Token("figcaption_open", "figcaption", 1);
      const text = new state.Token("text", "", 0);
      text.content = caption;
      const captionClose = new state.Token("figcaption_close", "figcaption", -1);
      inline.children = [image, captionOpen, text, captionClose];
    }
  });

  // The headline is the page's one h1: a body's `#` heading is a section (h2) like `##`. Every
  // section heading gets an id from its text, so `[x](#latar-belakang)` jumps to it: the ids
  // markdown-it-anchor gave, in time linear in the body (it numbered each copy of a heading from
  // `-1` again, and looked for each heading's token from the first).
  md.core.ruler.push("warta_headings", (state) => {
    const ids = new HeadingIds();
    const tokens = state.tokens;
    // What a link to a heading may be written as: its id, or its text (`#العربية`, `#Latar Belakang`), the first heading of that text.
    const byText = new Map<string, string>();
    let fragments = false;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if ((t.type === "heading_open" || t.type === "heading_close") && t.tag === "h1") t.tag = "h2";
      if (t.type === "heading_open") {
        const text = headingText(tokens[i + 1]);
        const id = ids.next(text);
        t.attrSet("id", id);
        const base = headingId(text);
        if (!byText.has(base)) byText.set(base, id);
      } else if (t.type === "inline" && !fragments) fragments = t.children!.some((c) => c.type === "link_open" && c.attrGet("href")?.startsWith("#") === true);
    }
    if (!fragments) return;
    const given = new Set(byText.values());
    const env = state.env as unknown as Env;
    // A link to no heading of the article is said (a heading renamed, a typo): not where the site's
    // own HTML may give ids (raw HTML), nor in a page's or a profile's text (their pages have other ids).
    const check = !env.raw && env.folder === undefined;
    for (const [t, blockLine] of inlineRuns(tokens, env.firstLine)) {
      let line = blockLine;
      for (const c of t.children!) {
        if (c.type === "softbreak" || c.type === "hardbreak") line++;
        const href = c.type === "link_open" ? c.attrGet("href") : null;
        if (!href?.startsWith("#") || given.has(href.slice(1)) || FOOTNOTE_ID.test(href.slice(1))) continue;
        let text: string;
        try {
          text = decodeURIComponent(href.slice(1));
        } catch {
          text = href.slice(1);
        }
        const id = given.has(text) ? text : byText.get(headingId(text.replace(/-/g, " ")));
        if (id !== undefined) c.attrSet("href", `#${id}`);
        // `#` and `#top` are the top of the page; the templates' own ids are there too.
        else if (check && text !== "" && text.toLowerCase() !== "top" && !TEMPLATE_IDS.has(text)) (env.missingFragments ??= []).push({ fragment: text, line });
      }
    }
  });

  const defaultImage = md.renderer.rules.image!;
  md.renderer.rules.image = (tokens, idx, opts, env, self) => {
    const t = tokens[idx]!;
    t.attrSet("loading", "lazy");
    t.attrSet("decoding", "async");
    return defaultImage(tokens, idx, opts, env, self);
  };
  // Footnotes (`teks[^1]` and `[^1]: catatan`), as GitHub reads them: numbered links to a list
  // at the body's end, each note with a link back. Their ids have an underscore, which no
  // heading's id has (see `headingId`), and which the templates' ids do not use either.
  md.use(footnotePlugin as (md: MarkdownIt) => void);
  // An inline note (`^[…]`) has no line of its own once the plugin has moved it under the body:
  // the file line of its `^[` is kept by its id (the next in the plugin's list), and given to the
  // blocks that hold it after, so that a broken link or pasted HTML in it is said at that line.
  md.inline.ruler.before("footnote_inline", "warta_note_line", (state, silent) => {
    if (silent || state.src.charCodeAt(state.pos) !== 0x5e /* ^ */ || state.src.charCodeAt(state.pos + 1) !== 0x5b /* [ */) return false;
    if (!inlineAt || state.src !== inlineAt.content) return false;
    const env = state.env as unknown as Env & { footnotes?: { list?: unknown[] } };
    (env.noteLines ??= new Map()).set(env.footnotes?.list?.length ?? 0, inlineAt.blockLine + countBelow((inlineAt.newlines ??= newlinesOf(state.src)), state.pos));
    return false;
  });
  md.core.ruler.after("footnote_tail", "warta_note_lines", (state) => {
    const env = state.env as unknown as Env;
    if (!env.noteLines) return;
    const tokens = state.tokens;
    for (let i = 0; i + 2 < tokens.length; i++) {
      if (tokens[i]!.type !== "footnote_open") continue;
      const line = env.noteLines.get((tokens[i]!.meta as { id: number }).id);
      const [open, inline] = [tokens[i + 1]!, tokens[i + 2]!];
      if (line === undefined || open.map || inline.type !== "inline") continue;
      open.map = inline.map = [line - env.firstLine, line - env.firstLine + 1];
    }
  });
  // The notes as written, before the plugin moves them under the body: each label's line (a note
  // nothing cites is said there), and a note written twice under one label (`[^1]: …` pasted
  // again), of which the plugin shows the last while the first is lost without a word.
  md.core.ruler.before("footnote_tail", "warta_note_defs", (state) => {
    const env = state.env as unknown as Env;
    const seen = new Map<string, number>();
    const tokens = state.tokens;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      if (t.type !== "footnote_reference_open") continue;
      const label = String((t.meta as { label?: string }).label ?? "");
      // The plugin gives the note no line: its first block's is the line it is written on.
      let map = t.map;
      for (let j = i + 1; !map && j < tokens.length && tokens[j]!.type !== "footnote_reference_close"; j++) map = tokens[j]!.map;
      const line = env.firstLine + (map?.[0] ?? 0);
      const first = seen.get(label);
      if (first === undefined) seen.set(label, line);
      else (env.notesTwice ??= []).push({ label, line, first });
    }
    env.noteDefs = seen;
  });
  // (`FOOTNOTE_ID` below matches what these give.)
  const noteId = (t: Token): string => `catatan_${(t.meta as { id: number }).id + 1}`;
  const refId = (t: Token): string => {
    const { id, subId } = t.meta as { id: number; subId?: number };
    return `catatan_ref_${id + 1}${subId ? `_${subId}` : ""}`;
  };
  const notesOpen = `<section class="footnotes" aria-label="${md.utils.escapeHtml(options.footnotesLabel ?? DEFAULT_STRINGS.footnotes!)}">\n<ol class="footnotes-list">\n`;
  const back = md.utils.escapeHtml(options.footnoteBackLabel ?? DEFAULT_STRINGS.footnoteBack!);
  md.renderer.rules.footnote_block_open = () => notesOpen;
  md.renderer.rules.footnote_block_close = () => "</ol>\n</section>\n";
  // A citation inside a link's text (`[situs ^[catatan]](https://…)`) is no link of its own: a link
  // in a link is no HTML (a browser would end the outer one there). Its note still links back to it.
  md.renderer.rules.footnote_ref = (tokens, idx) => {
    const t = tokens[idx]!;
    const n = (t.meta as { id: number }).id + 1;
    // Counted on from the last citation of the same run of tokens: counting from its start for each took
    // time growing with the square of the citations (30,000 of one note: 4 s).
    const last = linkDepths.get(tokens);
    let depth = last && last.at <= idx ? last.depth : 0;
    for (let i = last && last.at <= idx ? last.at : 0; i < idx; i++) depth += tokens[i]!.type === "link_open" ? 1 : tokens[i]!.type === "link_close" ? -1 : 0;
    linkDepths.set(tokens, { at: idx, depth });
    // A word joiner keeps the number on the line of the word it follows (a line may break before "[").
    return depth > 0 ? `\u2060<sup class="footnote-ref" id="${refId(t)}">[${n}]</sup>` : `\u2060<sup class="footnote-ref"><a href="#${noteId(t)}" id="${refId(t)}">[${n}]</a></sup>`;
  };
  md.renderer.rules.footnote_open = (tokens, idx) => `<li id="${noteId(tokens[idx]!)}" class="footnote-item">`;
  // A note cited more than once has a way back to each citation: numbered, to be told apart.
  md.renderer.rules.footnote_anchor = (tokens, idx, _options, env) => {
    const t = tokens[idx]!;
    const { id, subId } = t.meta as { id: number; subId?: number };
    const cited = (env as { footnotes?: { list?: { count?: number }[] } }).footnotes?.list?.[id]?.count ?? 1;
    const k = cited > 1 ? ` ${(subId ?? 0) + 1}` : "";
    return ` <a href="#${refId(t)}" class="footnote-backref" aria-label="${back}${k}">\u21a9\uFE0E${k ? `<sub>${k.trim()}</sub>` : ""}</a>`;
  };

  const tableOpen = `<div class="table-wrap" role="region" aria-label="${md.utils.escapeHtml(tableLabel(options))}" tabindex="0"><table>\n`;
  md.renderer.rules.table_open = () => tableOpen;
  md.renderer.rules.table_close = () => "</table></div>\n";
  // A code block scrolls sideways when a line is long: keyboard users reach it as they do a table (axe: scrollable-region-focusable).
  for (const rule of ["fence", "code_block"] as const) {
    const plain = md.renderer.rules[rule]!;
    md.renderer.rules[rule] = (tokens, idx, opts, env, self) => plain(tokens, idx, opts, env, self).replace(/^<pre>/, '<pre tabindex="0">');
  }
  return md;
}

/**
 * Each inline run of `tokens` (a paragraph's, a heading's, a table cell's text) with the file line
 * it starts on: its block's, or for a table cell, which has none of its own, its row's.
 */
function* inlineRuns(tokens: readonly Token[], firstLine: number): Generator<[Token, number]> {
  let line = firstLine;
  for (const t of tokens) {
    if (t.map) line = firstLine + t.map[0];
    if (t.type === "inline" && t.children) yield [t, line];
  }
}

/** The offsets of the line breaks in `text`, in order. */
function newlinesOf(text: string): number[] {
  const at: number[] = [];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) at.push(i);
  return at;
}

/** How many of the ascending `sorted` are below `value`. */
function countBelow(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The ids footnotes take (see `createParser`): a link to one is to the note, never to a heading of like text. */
const FOOTNOTE_ID = /^catatan_(?:ref_)?\d+(?:_\d+)?$/;

/** Ids the built-in templates use on article pages; a body heading of that name takes another. */
export const TEMPLATE_IDS: ReadonlySet<string> = new Set(["konten", "artikel-lainnya", "terbaru", "ralat", "ralat-judul", "cari-atas", "cari-kata", "cari-hasil", "cari-status"]);

function headingId(text: string): string {
  const id = slugify(text) || "bagian";
  return TEMPLATE_IDS.has(id) ? `${id}-isi` : id;
}

/** A heading's text: its text and code runs (not an image's alt text), as markdown-it-anchor read it. */
function headingText(inline: Token | undefined): string {
  let s = "";
  for (const c of inline?.children ?? []) if (c.type === "text" || c.type === "code_inline") s += c.content;
  return s;
}

/**
 * The ids of one body's headings: a heading's text's (`headingId`), or for a copy, the first of
 * `-1`, `-2`, … no heading has yet. The ids given only grow, so a copy's search starts after the
 * number the last copy of that id took: the same id as searching from `-1`, without searching
 * again past the thousands of copies before it.
 */
class HeadingIds {
  private readonly given = new Set<string>();
  /** For an id some headings' text gives, the number its next copy tries first. */
  private readonly nextNumber = new Map<string, number>();

  next(text: string): string {
    const base = headingId(text);
    let id = base;
    if (this.given.has(id)) {
      let n = this.nextNumber.get(base) ?? 1;
      while (this.given.has((id = `${base}-${n}`))) n++;
      this.nextNumber.set(base, n + 1);
    }
    this.given.add(id);
    return id;
  }
}

/** For a run of tokens being rendered, how many links are open before its last citation of a note (`at`). */
const linkDepths = new WeakMap<readonly Token[], { at: number; depth: number }>();

function rewrite(token: Pick<Token, "attrGet" | "attrSet">, attr: string, env: Env, line: number): void {
  const raw = token.attrGet(attr);
  if (raw === null) return;
  const url = String(raw);
  if (!url || url.startsWith("#") || url.startsWith("//") || SCHEME.test(url)) return;
  // Resolved as URLs are, so `..` (also `%2e%2e`) stops at the site's root: `/../x` under a
  // base path `/berita/` is `/berita/x`, never a path outside the site.
  let resolved = new URL(url, url.startsWith("/") ? "http://x/" : folderUrl(env.dir));
  /** The site folder the link leads into: an article's source there is its page, a page's source its page. */
  let folder = "articles" as SiteFolder;
  // Read from the file's own folder in the site folder, as its editor's file tree shows it: a
  // profile's is `authors/` (`../articles/x.md` is an article, `../static/x.pdf` a file the site
  // publishes at its root); an article's is `articles/<dir>/`, which only `..` (or its escape)
  // leaves (`../../static/x.pdf`, `../articles/dua.md`). Anywhere else, as always: from
  // `articles/`, where `..` stops.
  if (!url.startsWith("/") && (env.folder !== undefined || /\.\.|%2e/i.test(url))) {
    const inSite = /^\/(articles|static|pages|authors)(\/.*)$/.exec(new URL(url, env.folder !== undefined ? `http://x/${env.folder}` : folderUrl(env.dir ? `articles/${env.dir}` : "articles")).pathname);
    // A profile's own folder is entered only by a link that leaves another (`../authors/rina.md`): from a profile, `2024/dua.md` is read from `articles/`, as it always was.
    if (inSite && !(inSite[1] === "authors" && !/\.\.|%2e/i.test(url))) {
      resolved = new URL(inSite[2]! + resolved.search + resolved.hash, "http://x/");
      folder = inSite[1] as SiteFolder;
    }
  }
  const { path, file } = publishedName(resolved.pathname.slice(1));
  // A link to an article's source (`dua.md`, `../2023/x.md`) is a link to that article's page; to
  // a page's (`../../pages/redaksi.md`, `pedoman.md` from another page), that page's; to a
  // profile's (`../../authors/rina.md`), its reporter's page.
  if (attr === "href" && folder !== "static" && file !== undefined && /\.(md|markdown)$/i.test(file)) {
    const source = `${folder}/${file}`;
    env.articleLinks.push({ file: source, line });
    token.attrSet(attr, ARTICLE_LINK + encodeURIComponent(source) + resolved.hash);
    return;
  }
  // pages/ and authors/ publish their Markdown only: any other file there is none of the site's (reported).
  if (folder === "pages" || folder === "authors") {
    if (file !== undefined) env.fileLinks.push({ file: `${folder}/${file}`, line });
    token.attrSet(attr, `${env.basePath}${folder}/${path}${resolved.search}${resolved.hash}`);
    return;
  }
  // A file (a name with an extension, not a folder or a page) is checked to be there; an image's
  // source always (`![a](foto#1.png)` asks for `foto`: the `#` starts a fragment).
  // A page (a folder, a name without an extension, `.html`) is checked to be one the site publishes.
  // Escapes that are no UTF-8 (`caf%E9.jpg`, from an old Latin-1 CMS) name no file and no page
  // the site publishes: checked under the path as written, they are reported as broken.
  const named = file ?? path;
  if ((attr === "src" || /\.[a-z0-9]{1,8}$/i.test(named)) && !/\.html?$/i.test(named)) env.fileLinks.push({ file: named, line });
  else if (attr === "href") env.fileLinks.push({ file: named, line, page: true });
  token.attrSet(attr, env.basePath + plusEscaped(path) + resolved.search + resolved.hash);
}

/**
 * A URL path (`2024/caf%C3%A9.png`) → the file it names and that file's URL path, in the NFC form
 * files are published under (see copyList in the pipeline): a name typed, escaped or dropped in
 * as NFD names the same file. `file` is undefined for escapes that are no UTF-8 (`%FF`).
 */
function publishedName(path: string): { path: string; file?: string } {
  let file: string;
  try {
    file = decodeURIComponent(path);
  } catch {
    return { path };
  }
  const nfc = file.normalize("NFC");
  return nfc === file ? { path, file } : { path: new URL(nfc.split("/").map(encodeURIComponent).join("/"), "http://x/").pathname.slice(1), file: nfc };
}

/** The URL of an article folder (`2024/10`), each name escaped: a folder named `a#b` or `100%` is a name. */
const folderUrl = (dir: string): string => `http://x/${dir ? `${dir.split("/").map(encodeURIComponent).join("/")}/` : ""}`;

/**
 * A lead image's path, relative to the article's folder or (with a leading `/`) to the site:
 * `href`, the output path as a URL path; `file`, the same as a file path. Percent escapes
 * (`foto%20a.jpg`) are decoded; a `%` that starts none, `#` and `?` are part of the file name.
 */
export function resolveSitePath(src: string, dir: string): { href: string; file: string } {
  const { path, file } = publishedName(sitePathHref(src, folderUrl(dir)));
  // Escapes that are not UTF-8 (`%FF`): no file has that name, the image is reported missing.
  return { href: path, file: file ?? path };
}

/**
 * An image named in front matter (a lead image, an author's photo): an absolute http(s) URL
 * (`url`, normalised), or a site path resolved as `resolveSitePath` does (`href` without the
 * base path, and `file`); `unsafe` for anything else: another scheme, `//host`, a backslash.
 */
export function contentImage(src: string, dir: string): { url: string } | { href: string; file: string } | { unsafe: true } {
  if (/^https?:\/\//i.test(src) && URL.canParse(src)) return { url: normalUrl(src) };
  if (!isSitePath(src)) return { unsafe: true };
  return resolveSitePath(src, dir);
}

const parsers = new Map<string, MarkdownIt>();

const tableLabel = (options: MarkdownOptions): string => options.tableLabel ?? DEFAULT_STRINGS.table!;

export function markdownFingerprint(options: MarkdownOptions): string {
  return JSON.stringify(["md6", options.allowRawHtml, options.linkify, options.basePath, tableLabel(options), options.footnotesLabel ?? "", options.footnoteBackLabel ?? ""]);
}

/**
 * `dir`: the article's folder under `articles/`, relative links are read from it; `from`
 * "authors": an author profile's text, read from `authors/`; "pages": a page's, read from `pages/<dir>/`. `firstLine`: the file line the body
 * starts on, for the lines of its links.
 */
export function renderMarkdown(body: string, dir: string, options: MarkdownOptions, firstLine = 1, from: "articles" | "authors" | "pages" = "articles", of: { sponsored?: boolean } = {}): RenderedBody {
  const key = markdownFingerprint(options);
  let md = parsers.get(key);
  if (!md) {
    md = createParser(options);
    parsers.set(key, md);
  }
  dropped = [];
  droppedAt = new Set();
  inlineAt = undefined;
  referenceLine = undefined;
  cutAt = undefined;
  cutEnd = undefined;
  unclosedAt = undefined;
  // A profile's or a page's links are read from its folder (a page in a sub-folder of pages/: from there).
  const folder = from === "authors" ? "authors/" : from === "pages" ? `pages/${dir ? `${dir}/` : ""}` : undefined;
  const env: Env = { dir: from === "articles" ? dir : "", ...(folder !== undefined ? { folder } : {}), basePath: options.basePath, firstLine, articleLinks: [], fileLinks: [], sponsored: !!of.sponsored, raw: !!options.allowRawHtml };
  const tokens = md.parse(body, env as never);
  const rendered = md.renderer.render(tokens, md.options, env as never);
  // Raw HTML a site allows is still one article's: parsed as an HTML fragment and written back,
  // an unclosed tag or comment is closed inside the body and a stray `</main>` is dropped, so no
  // body can take the page's layout apart.
  const html = flatten(options.allowRawHtml ? balanced(rendered, env) : rendered);
  let lead = "";
  let caption = "";
  let words = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type !== "inline") continue;
    words += countWords(t.content);
    // The first paragraph with words of its own: one that is only a photo is not the story's lead;
    // the first photo's caption is, when nothing else has words (an article that is one photo).
    const open = tokens[i - 1];
    if (open?.type !== "paragraph_open") continue;
    if ((open.meta as { figure?: boolean } | null)?.figure) caption ||= figureCaption(t);
    else if (!lead && hasText(t)) lead = plainText(t).trim();
  }
  lead ||= caption;
  const shown = options.allowRawHtml ? undefined : htmlAsText(tokens, firstLine);
  const { unwrittenNotes, uncitedNotes } = footnoteSlips(tokens, firstLine, env);
  const result = { html, lead, words, droppedLinks: dropped, articleLinks: env.articleLinks, fileLinks: env.fileLinks, ...(cutAt !== undefined ? { cutAt, ...(cutEnd !== undefined && cutEnd < lastTextLine(body) ? { cutUntil: firstLine + cutEnd } : {}) } : {}), ...(unclosedAt !== undefined ? { unclosedCommentAt: unclosedAt } : {}), ...(env.htmlCut ? { htmlCutAt: firstLine } : {}), ...(shown ? { htmlAsText: shown } : {}), ...(env.missingFragments ? { missingFragments: env.missingFragments } : {}), ...(unwrittenNotes.length ? { unwrittenNotes } : {}), ...(uncitedNotes.length ? { uncitedNotes } : {}), ...(env.notesTwice ? { notesTwice: env.notesTwice } : {}) };
  dropped = [];
  droppedAt = new Set();
  return result;
}

/**
 * Tags of HTML a reporter pastes (an embed from YouTube or X, `<b>` and `<br>` from an old CMS),
 * which without `allowRawHtml` are shown to readers as the text they are. Only in text: code is
 * meant to show its tags; a tag with attributes needs a quoted one (`a <b dan c > d` is prose).
 */
const PASTED_TAG = /<\/?(?:iframe|script|blockquote|div|span|p|b|i|u|s|strong|em|br|hr|img|a|video|audio|source|embed|object|table|tr|td|th|figure|figcaption|center|font|h[1-6]|ul|ol|li|sup|sub|small|style)(?:\s*\/?>|\s([^<>]*)>)/gi;
/** A quoted attribute (`src="…"`, `class='x'`) among a tag's words. */
const QUOTED_ATTRIBUTE = /[\w:-]\s*=\s*["']/;

/**
 * The first pasted tag in `text` (see PASTED_TAG), or undefined. Found as a tag and then its words
 * looked at, in time linear in the text: one expression for both (`\s[^<>]*?[\w:-]+\s*=…`) took
 * time growing with the square of a long unclosed tag's length (`<img a-a-a-…`, 160 KB: 38 s).
 */
function pastedTag(text: string): string | undefined {
  PASTED_TAG.lastIndex = 0;
  for (let m = PASTED_TAG.exec(text); m; m = PASTED_TAG.exec(text)) {
    if (m[1] === undefined || QUOTED_ATTRIBUTE.test(m[1])) return m[0];
    PASTED_TAG.lastIndex = m.index + 1;
  }
  return undefined;
}

/** The body's last line with text on it (0-based). */
function lastTextLine(body: string): number {
  const lines = body.split("\n");
  let last = lines.length - 1;
  while (last > 0 && !lines[last]!.trim()) last--;
  return last;
}

/**
 * Citations of notes the body does not write (`[^2]` with no `[^2]: …`): left as text by the
 * footnote plugin, so readers see `[^2]`. Each label once, at the file line of its first citation.
 */
function notesNotWritten(tokens: readonly Token[], firstLine: number): { label: string; line: number }[] {
  const found = new Map<string, number>();
  for (const [t, blockLine] of inlineRuns(tokens, firstLine)) {
    if (!t.content.includes("[^")) continue;
    let line = blockLine;
    for (const c of t.children!) {
      if (c.type === "softbreak" || c.type === "hardbreak") line++;
      else if (c.type === "text") {
        // The text's line breaks, once for all its citations (for each, the time grew with their number times the text's length).
        let breaks: number[] | undefined;
        for (const [label, at] of citationsIn(c.content)) if (!found.has(label)) found.set(label, line + countBelow((breaks ??= newlinesOf(c.content)), at));
      }
    }
  }
  return [...found].map(([label, line]) => ({ label, line }));
}

/**
 * The `[^label]` citations in `text` (a label runs to the first `]` and holds no white space),
 * with their offsets: what `/\[\^([^\]\s]+)\]/g` matches, in time linear in the text. That
 * expression scans from each `[^` to the next `]` or space again, so a text of `^[^[^[…` with
 * neither took time growing with the square of its length (200 KB: 11 s).
 */
function* citationsIn(text: string): Generator<[string, number]> {
  const space = /\s/g;
  let close = -1;
  // -1: no white space after; -2: not looked for yet.
  let blank = -2;
  for (let at = text.indexOf("[^"); at !== -1; ) {
    const from = at + 2;
    // The next `]` and the next white space at or after `from`: both only move forward.
    if (close < from) close = text.indexOf("]", from);
    if (close === -1) return;
    if (blank !== -1 && blank < from) {
      space.lastIndex = from;
      blank = space.exec(text)?.index ?? -1;
    }
    if (close > from && (blank === -1 || blank > close)) {
      yield [text.slice(from, close), at];
      at = text.indexOf("[^", close + 1);
    } else at = text.indexOf("[^", at + 1);
  }
}

/**
 * Footnotes cited and not written, and written and not cited. The footnote plugin matches a
 * citation to its note by the exact name, so `[^Sumber]` and `[^sumber]: …` are a citation
 * readers see as written and a note they never see: the citation is told which note it most
 * likely meant, and a note nothing cites (its text left off the page) is said at its line (the
 * plugin keeps its notes in `env.footnotes.refs` by `:name`, a negative number for one never cited).
 */
function footnoteSlips(tokens: readonly Token[], firstLine: number, env: Env): { unwrittenNotes: { label: string; line: number; written?: string }[]; uncitedNotes: { label: string; line: number }[] } {
  const unwrittenNotes: { label: string; line: number; written?: string }[] = notesNotWritten(tokens, firstLine);
  const refs = (env as { footnotes?: { refs?: Record<string, number> } }).footnotes?.refs ?? {};
  const uncited = Object.keys(refs).filter((k) => refs[k]! < 0).map((k) => k.slice(1));
  if (!uncited.length) return { unwrittenNotes, uncitedNotes: [] };
  const meant = new Set<string>();
  // Each uncited note by its name in lower case, the first of a name: looked up once per citation, not searched.
  const byLower = new Map<string, string>();
  for (const label of uncited) if (!byLower.has(label.toLowerCase())) byLower.set(label.toLowerCase(), label);
  for (const n of unwrittenNotes) {
    const written = byLower.get(n.label.toLowerCase());
    if (written === undefined) continue;
    n.written = written;
    meant.add(written);
  }
  const uncitedNotes = uncited.filter((label) => !meant.has(label)).map((label) => ({ label, line: env.noteDefs?.get(label) ?? firstLine }));
  return { unwrittenNotes, uncitedNotes };
}

function htmlAsText(tokens: readonly Token[], firstLine: number): { tag: string; line: number } | undefined {
  for (const t of tokens) {
    if (t.type !== "inline") continue;
    for (const c of t.children ?? []) {
      if (c.type !== "text") continue;
      const m = pastedTag(c.content);
      if (m) return { tag: m.length > 60 ? `${m.slice(0, 57)}…` : m, line: firstLine + (t.map?.[0] ?? 0) };
    }
  }
  return undefined;
}

/**
 * HTML comments (`<!-- catatan redaktur: narasumber minta anonim -->`) are a newsroom's notes to its editors, never a
 * reader's text, whatever `allowRawHtml` says: taken out of the parsed body (as text, without raw HTML, where
 * they were shown and could be the summary; as markup, with it, where they were in the page's source). Only what
 * Markdown reads as text: a comment in code, or written with `\<`, stays. One that starts in a paragraph and ends
 * in a later one takes what is between. One never closed runs to the end of the body, as in HTML: the line where it
 * starts (0-based, in the body) is returned, to be told.
 */
function withoutComments(tokens: Token[]): number | undefined {
  let unclosed: number | undefined;
  const line = (t: Token): number => t.map?.[0] ?? 0;
  // Raw HTML: comments are tokens of their own.
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.type === "html_block" && t.content.startsWith("<!--")) {
      const end = t.content.indexOf("-->");
      if (end < 0) unclosed ??= line(t);
      t.content = end < 0 ? "" : t.content.slice(end + 3).replace(/^[ \t]*\n?/, "");
    } else if (t.type === "inline") {
      t.children = t.children!.filter((c) => !(c.type === "html_inline" && c.content.startsWith("<!--")));
    }
  }
  // Text: a comment's start and end may be in different runs of text, and in different paragraphs.
  let open = false;
  let openedAt = 0;
  for (let b = 0; b < tokens.length; b++) {
    const block = tokens[b]!;
    if (block.type !== "inline") continue;
    const kept: Token[] = [];
    for (const c of block.children!) {
      if (c.type !== "text") {
        if (!open) kept.push(c);
        continue;
      }
      let text = c.content;
      let out = "";
      for (;;) {
        if (open) {
          const end = text.indexOf("-->");
          if (end < 0) {
            text = "";
            break;
          }
          open = false;
          text = text.slice(end + 3);
        } else {
          const start = text.indexOf("<!--");
          if (start < 0) break;
          out += text.slice(0, start);
          text = text.slice(start + 4);
          open = true;
          openedAt = line(block);
        }
      }
      out += text;
      if (out !== c.content) c.content = out;
      if (out || !open) kept.push(c);
    }
    block.children = kept;
  }
  if (open) unclosed ??= openedAt;
  // Paragraphs left with nothing to show go too.
  for (let i = tokens.length - 3; i >= 0; i--) {
    if (tokens[i]!.type === "paragraph_open" && tokens[i + 2]!.type === "paragraph_close" && !tokens[i + 1]!.children!.some((c) => c.type !== "softbreak" && (c.type !== "text" || c.content.trim() !== ""))) {
      tokens.splice(i, 3);
    }
  }
  return unclosed;
}

/**
 * parse5 (the WHATWG HTML parser) is loaded only by sites that allow raw HTML: required when
 * first needed, not bundled, so the ~300 KB it adds are not loaded by every build.
 */
let parse5: typeof import("parse5") | undefined;
function balanced(html: string, env: Env): string {
  parse5 ??= createRequire(import.meta.url)("parse5") as typeof import("parse5");
  const fragment = parse5.parseFragment(html);
  resolveRawHtml(fragment, env);
  return parse5.serialize(fragment);
}

/** How deep a site's own HTML is built (Blink's parser nests no deeper); below it, nothing is shown. */
const RAW_HTML_DEPTH = 512;

type Parse5Node = { nodeName: string; attrs?: { name: string; value: string }[]; childNodes?: Parse5Node[]; content?: Parse5Node };

/** The attributes of raw HTML that name a file or page, by element. */
const URL_ATTRIBUTES: Record<string, readonly string[]> = { a: ["href"], area: ["href"], img: ["src", "srcset"], source: ["src", "srcset"], video: ["src", "poster"], audio: ["src"], track: ["src"], iframe: ["src"], embed: ["src"], object: ["data"], image: ["href"] };

/**
 * A site's own HTML, in one walk of its tree, as its Markdown is treated (a link or image Markdown
 * wrote was treated already, and only loses its mark):
 * - it names files and pages as Markdown does (`foto.png` beside the article, `dua.md` for that
 *   article's page, `/berita/x/` under the base path), and is checked the same way (`broken-link`,
 *   at the body's first line: the HTML's own lines are not the file's);
 * - in paid content, its links to other sites are `rel="sponsored"` (an advertiser's copy often
 *   comes as HTML).
 */
function resolveRawHtml(root: Parse5Node, env: Env): void {
  // A walk of its own, not a recursion: HTML nested thousands deep (`<div>` × 5,000) overflowed the
  // stack here, and then in parse5's serializer, and crashed the build.
  const stack: [Parse5Node, number][] = [[root, 0]];
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    const attrs = node.attrs;
    if (attrs) {
      const marked = attrs.findIndex((a) => a.name === FROM_MARKDOWN);
      if (marked >= 0) attrs.splice(marked, 1);
      else {
        if (env.sponsored && node.nodeName === "a") markSponsored(attrs);
        for (const name of URL_ATTRIBUTES[node.nodeName] ?? []) {
          const attr = attrs.find((a) => a.name === name);
          if (!attr) continue;
          // An image's `src` names a file (checked); so does `src` elsewhere, and an SVG <image>'s `href`; `href` a page or a file.
          const kind = name === "href" && node.nodeName !== "image" ? "href" : "src";
          const resolve = (url: string): string => {
            let out = url;
            rewrite({ attrGet: () => url, attrSet: (_n, v) => void (out = v) }, kind, env, env.firstLine);
            return out;
          };
          // `srcset`: each candidate's URL, its width or density kept (`kecil.png 1x, besar.png 2x`).
          attr.value = name === "srcset"
            ? attr.value.split(/,(?=\s*\S)/).map((c) => c.trim().replace(/^\S+/, (u) => resolve(u))).join(", ")
            : resolve(attr.value.trim());
        }
      }
    }
    if (depth >= RAW_HTML_DEPTH && (node.childNodes?.length || node.content?.childNodes?.length)) {
      // Deeper than browsers build a page (Blink nests 512 elements): cut, and said.
      if (node.childNodes) node.childNodes = [];
      if (node.content) node.content.childNodes = [];
      env.htmlCut = true;
      continue;
    }
    // In document order: the children's trees, then a template's content.
    if (node.content) stack.push([node.content, depth + 1]);
    const children = node.childNodes ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push([children[i]!, depth + 1]);
  }
}

/** `rel="sponsored"` on a raw link to another site (before its URL is resolved: other sites' URLs never are). */
function markSponsored(attrs: { name: string; value: string }[]): void {
  const href = attrs.find((a) => a.name === "href")?.value.trim() ?? "";
  if (!OTHER_SITE.test(href)) return;
  const rel = attrs.find((a) => a.name === "rel");
  if (!rel) attrs.push({ name: "rel", value: "sponsored" });
  else if (!/(^|\s)sponsored(\s|$)/i.test(rel.value)) rel.value = `${rel.value} sponsored`.trim();
}

/**
 * markdown-it builds its HTML with `+=`: a rope of thousands of pieces, kept until the page is
 * written. Flat, 10k bodies take 78 MiB of heap instead of 155 MiB (and less marking per GC).
 * Converting a string to a number makes V8 flatten it in place; the number is thrown away.
 */
function flatten(s: string): string {
  void Number(s);
  return s;
}

/** The caption of a figure's inline run (see `warta_figures`), one space between words. */
const figureCaption = (inline: Token): string => (inline.children ?? []).filter((c) => c.type === "text").map((c) => c.content).join(" ").replace(/\s+/g, " ").trim();

const hasText = (inline: Token): boolean => (inline.children ?? []).some((c) => (c.type === "text" || c.type === "code_inline") && c.content.trim() !== "");

function plainText(inline: Token): string {
  let s = "";
  for (const c of inline.children ?? []) {
    if (c.type === "text" || c.type === "code_inline") s += c.content;
    // An image in the text reads as its alt text ("Gambar ![peta](peta.png) wilayah" → "Gambar peta wilayah").
    else if (c.type === "image") s += c.content;
    else if (c.type === "softbreak" || c.type === "hardbreak") s += " ";
  }
  // One space between words, as a summary or a search snippet shows them (other separators, such
  // as U+2028, are the writer's and stay).
  return s.replace(/[ \t\r\n]+/g, " ");
}

/**
 * Runs of non-whitespace, as `/\S+/g` counts them, without allocating the matches. Chinese and
 * Japanese are written without spaces: two of their characters (Han, kana) count as a word
 * (readers take in about 400 characters a minute, 200 words elsewhere), so a long article is not
 * "1 minute" and one word.
 */
export function countWords(text: string): number {
  let words = 0;
  let cjk = 0;
  let inWord = false;
  let unspaced: string[] | undefined;
  let runStart = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3040 && isHanOrKana(c)) {
      cjk++;
      inWord = false;
      continue;
    }
    // Thai, Lao, Khmer and Burmese put no space between words: their runs are counted by a dictionary (below).
    if (c >= 0x0e00 && isUnspacedScript(c)) {
      if (runStart < 0) runStart = i;
      inWord = false;
      continue;
    }
    if (runStart >= 0) {
      (unspaced ??= []).push(text.slice(runStart, i));
      runStart = -1;
    }
    const space = isSpace(c);
    if (!space && !inWord) words++;
    inWord = !space;
  }
  if (runStart >= 0) (unspaced ??= []).push(text.slice(runStart));
  return words + Math.round(cjk / 2) + (unspaced ? dictionaryWords(unspaced) : 0);
}

/** Thai, Lao, Myanmar and Khmer letters (their blocks). */
const isUnspacedScript = (c: number): boolean => c <= 0x0eff || (c >= 0x1000 && c <= 0x109f) || (c >= 0x1780 && c <= 0x17ff);

let wordSegmenter: Intl.Segmenter | undefined;
/** Words in runs of those scripts, as ICU's dictionaries break them (the line breaking browsers use). */
function dictionaryWords(runs: readonly string[]): number {
  wordSegmenter ??= new Intl.Segmenter(undefined, { granularity: "word" });
  let n = 0;
  for (const run of runs) for (const s of wordSegmenter.segment(run)) if (s.isWordLike) n++;
  return n;
}

/** Hiragana, katakana and the common CJK ideograph blocks (Hangul is written with spaces). */
const isHanOrKana = (c: number): boolean => c <= 0x30ff || (c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff);

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 160) return false;
  return c === 160 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
