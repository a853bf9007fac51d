import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { ArticleRecord, SlugClaim, Unchecked } from "../parse/article.ts";
import type { AuthorProfile, StaticPage } from "../model/types.ts";
import type { RelatedCache } from "../model/build-model.ts";
import type { Listing } from "./listing.ts";
import type { BodyStore } from "./body-store.ts";
import type { QuickRecord } from "./quick.ts";
import type { Shape } from "./shape.ts";

/** What one source file contributed, kept between builds (memory in `dev`, disk cache in `build`). */
export interface SourceRecord {
  rel: string;
  size: number;
  stampMs: number;
  hash: string;
  diagnostics: Diagnostic[];
  article?: ArticleRecord;
  teaserHash?: string;
  /** The rendered body: in memory when parsed by this process… */
  bodyHtml?: string;
  /** …else where the disk cache keeps it (see body-store.ts). */
  bodyRef?: BodyRef;
  /** A page of `pages/`. */
  page?: StaticPage;
  profile?: AuthorProfile;
  /** An article with errors: the URL it would take, so that another article's clash with it is reported now. */
  claim?: SlugClaim;
  /** An article with errors: its lead image and body links, still checked against the site. */
  unchecked?: Unchecked;
}

/** A body in the cache's bodies file: byte offset, byte length, SHA-1 of the bytes. */
export type BodyRef = readonly [offset: number, length: number, sha1: string];

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
  /** That folder's `folderId` after the build that wrote it. */
  outId?: string;
  outputs: Map<string, OutputRecord>;
  /** "Artikel Lainnya" lists, reused while no article's order, tags or category changes. */
  related?: RelatedCache;
  /** Fingerprint of every input of the last successful build; equal → nothing to do. */
  inputsKey?: string;
  /** What the last successful build reported beyond per-file diagnostics (replayed when skipped). */
  summary?: { articles: number; pages: number; diagnostics: Diagnostic[] };
  /** Id of the cache's bodies file the records' `bodyRef`s point into. */
  bodiesId?: string;
  /** That file, opened by the cache loader (in memory only). */
  bodyStore?: BodyStore;
  /** What a warm `warta build` checks before it decodes anything else (see quick.ts). */
  quick?: QuickRecord;
  /** What the next build may reuse beyond the sources: in memory between `dev` builds; the shape also on disk. */
  live?: LiveState;
}

export interface LiveState {
  /**
   * The source listing of the last build (good or not): patched with the watcher's paths.
   * In memory only: a state from the disk cache has none, and its build lists every folder.
   */
  listing?: Listing;
  /** Model and plan of the last good build, for same-shape rebuilds. */
  shape?: Shape;
  /** The same from the disk cache, still serialized: decoded only by a build that can use it. */
  cachedShape?: CachedShape;
}

export interface CachedShape {
  /** Its `Shape.key`: a build whose key differs does not read it. */
  key: string;
  /** SHA-256 of its bytes in the cache's shape file. */
  id: string;
  /** That file. */
  file: string;
  /** Its bytes, once read. */
  bytes?: Buffer;
  /** Its deserialized form, when the state's loader read it for the articles it keeps (see cache.ts). */
  stored?: unknown;
  /** The sources the shape was made from. */
  sources: ReadonlyMap<string, SourceRecord>;
}

export const emptyState = (): BuildState => ({ parseKey: "", sources: new Map(), outputs: new Map() });
