import type { ArticleRecord } from "../parse/article.ts";
import type { LocalLink } from "./article-links.ts";

export interface Article extends ArticleRecord {
  /** Position in the newest-first list. */
  index: number;
  /** Content hash of the source file. */
  hash: string;
  /** Hash of what lists and teasers show (not the body). */
  teaserHash: string;
  authorKeys: string[];
  categoryKey?: string;
  tagKeys: string[];
  /** `2022-10-04` in the site time zone. */
  day: string;
  /** The lead image's smaller WebP copies as a `srcset` (set as pages show the article: see images/). */
  imageSrcset?: string;
  /**
   * The body's photos that have smaller WebP copies: file (as `bodyImages` names it) → the copies'
   * file names and widths, `name-480w.1a2b3c4d.webp 480w, …` (set as pages show the article).
   */
  bodySrcsets?: Readonly<Record<string, string>>;
}

export type TermKind = "tag" | "category" | "author";

export interface AuthorProfile {
  file: string;
  hash: string;
  name: string;
  /** The line of `name:` in the profile's file. */
  nameLine?: number;
  bio?: string;
  /** The profile's text below its front matter, rendered from Markdown, when `bio` is set too or the text is long (else it is the bio). */
  aboutHtml?: string;
  /** The bio is the opening of `aboutHtml` (a long text without `bio:`): a page that shows the text does not show the bio above it. */
  bioInAbout?: boolean;
  /** An absolute URL, or a site href without the base path (`img/foto%20a.jpg`). */
  photo?: string;
  /** A site photo's output file (`img/foto a.jpg`) and the line of `photo:`, to warn when it is not there. */
  photoLocal?: { file: string; line: number };
  role?: string;
  links: { label: string; url: string }[];
  /** The profile text's links to articles by file (`[liputan saya](2024/x.md)`), and to other files, at their file lines. */
  articleLinks?: LocalLink[];
  fileLinks?: LocalLink[];
}

/** A page of the newsroom's own (`pages/redaksi.md` → `/redaksi/`): the masthead, the press council's guideline, contacts. */
export interface StaticPage {
  file: string;
  hash: string;
  title: string;
  summary?: string;
  slug: string;
  /** The line of `slug:` (or 1, the slug being the file's name). */
  slugLine: number;
  /** The footer lists pages by `order` (those without one after), then by title. */
  order?: number;
  /** Linked from every page's footer (`footer: false`: only reached by its address and the sitemap). */
  footer: boolean;
  /** `draft: true`: published only by a `--drafts` build. */
  draft?: true;
  html: string;
  articleLinks?: LocalLink[];
  fileLinks?: LocalLink[];
}

export interface Term {
  kind: TermKind;
  /** URL slug. */
  key: string;
  /** Display name: the first spelling met in path order. */
  name: string;
  /** Article indexes, newest first. */
  articles: number[];
  profile?: AuthorProfile;
}

export interface SiteModel {
  /** Published articles, newest first. */
  articles: Article[];
  tags: Map<string, Term>;
  categories: Map<string, Term>;
  authors: Map<string, Term>;
  /** Day → article indexes, days newest first. */
  days: Map<string, number[]>;
  /** Article index → related article indexes. */
  related: number[][];
  /** The newsroom's own pages, footer order. */
  pages?: StaticPage[];
  /** Output paths (NFC) of the files the site copies, as pages see them (set per build, see the pipeline's shownModel). */
  files?: ReadonlySet<string>;
}
