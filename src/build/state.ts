import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { ArticleRecord } from "../parse/article.ts";
import type { AuthorProfile } from "../model/types.ts";
import type { RelatedCache } from "../model/build-model.ts";
import type { Listing } from "./listing.ts";
import type { Shape } from "./shape.ts";

/** What one source file contributed, kept between builds (memory in `dev`, disk cache in `build`). */
export interface SourceRecord {
  rel: string;
  size: number;
  mtimeMs: number;
  hash: string;
  diagnostics: Diagnostic[];
  article?: ArticleRecord;
  teaserHash?: string;
  bodyHtml?: string;
  profile?: AuthorProfile;
}

export interface OutputRecord {
  /** Fingerprint of the inputs of a rendered page. */
  fingerprint?: string;
  /** Hash of the bytes written (generated files) or of the source (copied files). */
  hash: string;
}

export interface BuildState {
  /** Everything that changes how a source parses: warta version, config, time zone, markdown options. */
  parseKey: string;
  sources: Map<string, SourceRecord>;
  /** Output folder the manifest describes, and what is in it. */
  outDir?: string;
  outputs: Map<string, OutputRecord>;
  /** "Artikel Lainnya" lists, reused while no article's order, tags or category changes. */
  related?: RelatedCache;
  /** Fingerprint of every input of the last successful build; equal → nothing to do. */
  inputsKey?: string;
  /** What the last successful build reported beyond per-file diagnostics (replayed when skipped). */
  summary?: { articles: number; pages: number; diagnostics: Diagnostic[] };
  /** Kept in memory between `dev` builds, never cached on disk. */
  live?: LiveState;
}

export interface LiveState {
  /** The source listing of the last build (good or not): patched with the watcher's paths. */
  listing: Listing;
  /** Model and plan of the last good build, for same-shape rebuilds. */
  shape?: Shape;
}

export const emptyState = (): BuildState => ({ parseKey: "", sources: new Map(), outputs: new Map() });
