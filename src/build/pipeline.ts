/**
 * The build: one ordered list of stages, the same for `build`, `check`, `dev` and the benchmark.
 * A full build is an incremental build from an empty state.
 *
 *   config → load/parse (cached per file) → model → plan → render dirty pages → write
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { configLine, loadConfig, missingSiteImages, previewImage, withoutMissingLogo, type ConfigResult } from "../config/load.ts";
import { CODES, error, hasErrors, sortDiagnostics, warning, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { activeContent, serverCode } from "../load/active-content.ts";
import { measureImage, type ImageDims } from "../load/image-size.ts";
import { bodyImageKey, bodyImages } from "../model/body-images.ts";
import { realPathOf, type SourceEntry } from "../load/walk.ts";
import { readListed } from "../load/read-listed.ts";
import { buildModel, isPublished, termClash, type ArticleInput, type RelatedCache } from "../model/build-model.ts";
import type { Article, AuthorProfile, SiteModel } from "../model/types.ts";
import { markdownFingerprint, resolveSitePath, type MarkdownOptions } from "../parse/markdown.ts";
import type { ArticleRecord, TermName } from "../parse/article.ts";
import { isHttpUrl } from "../util/http-url.ts";
import { findCollisions, pageOutputs, planPages, repricePlan, type Plan, type PlanOptions, type PlannedPage } from "../pages/plan.ts";
import { outputPath, routes } from "../pages/routes.ts";
import { linkTarget, type LocalLink } from "../model/article-links.ts";
import { NEWS_WINDOW_MS, siteFiles, type OutputFile } from "../render/site-files.ts";
import { byString } from "../util/compare.ts";
import { hash } from "../util/hash.ts";
import { nameKey, sameName, termKey } from "../util/slug.ts";
import { BUILTIN_TEMPLATES, GENERATOR, VERSION } from "../util/package.ts";
import { checkOutputDir, InPlaceOutput, lockOutput, removeLeftovers, StagedOutput } from "../write/output-dir.ts";
import type { SourceEntry as Entry } from "../load/walk.ts";
import { CACHE_DIR } from "../config/files.ts";
import { imageVariants } from "../images/image-cache.ts";
import { srcsetOf, type Variant } from "../images/variants.ts";
import { openShape, ownCacheDir } from "./cache.ts";
import { HelperThread } from "./helper-thread.ts";
import { findEntry, listSources, type Listing } from "./listing.ts";
import { folderId, isLastOutput, listedKey, markWritten, outputIntact, themeFiles } from "./quick.ts";
import { changedInPlace, patchModel, type Shape } from "./shape.ts";
import type { ParseJob, RenderJob } from "./helper-worker.ts";
import { createRenderer, distinctErrors, renderPages, type Rendered } from "./render-pages.ts";
import { RENDERED_NOTHING, templateSyntaxErrors } from "../render/nunjucks.ts";
import { strayTemplates } from "./stray-templates.ts";
import { movedArticles } from "./moved-articles.ts";
import { claimed, claimedCount, sharedCounter, stopClaims, takeChunks } from "./shared-work.ts";
import { authorId, isMarkdown, loadSources, parseArticleSource, parseAuthorSource, parseEntry, parsePageSource, patchSources, type ParseFn } from "./sources.ts";
import { emptyState, type BuildState, type LiveState, type OutputRecord, type SourceRecord } from "./state.ts";

export interface BuildOptions {
  root: string;
  out: string;
  baseUrl?: string;
  drafts?: boolean;
  future?: boolean;
  /** The build's "now" (SOURCE_DATE_EPOCH or the clock), read once by the caller. */
  nowMs: number;
  /** false: validate only, write nothing (`warta check`). */
  write?: boolean;
  /** Internal: read the articles with this config (an invalid one's valid part) for their problems alone; nothing is rendered. */
  fallbackConfig?: ConfigResult;
  /** Built-in templates folder (tests may point elsewhere). */
  builtinTemplates?: string;
  progress?: (stage: string, done: number, total: number) => void;
  /**
   * Site-relative paths that changed since `previous` (a watcher's batch): the build re-stats
   * only these instead of listing every folder. Undefined: list everything.
   */
  changedSources?: readonly string[];
  /** Only this process writes the output folder (`dev`): do not stat every page to trust it. */
  trustOutput?: boolean;
  /**
   * A full build writes the home page, the 404 page and the theme's assets first and then calls
   * this with the staged folder they are in, before the other pages are rendered: `warta dev`
   * serves them from there while the rest of the site is built.
   */
  onEarly?: (stagedDir: string, paths: readonly string[]) => void;
  /** The site's listing, made by the caller just before (the CLI's quick check): not walked again. */
  listing?: Listing;
  /** Called once, just before a build first changes the output folder: in place, or by swapping a full build's folder in (the cache marks its state, see cache.ts; the CLI holds signals). */
  beforeOutputChange?: () => void;
  /** Where the smaller copies of photos are kept between builds (default `.warta-cache/images/` in the root; see images/image-cache.ts). */
  imageCache?: string;
}

export interface BuildResult {
  ok: boolean;
  /** Content problems (exit 1) vs configuration problems (exit 2). */
  kind: "ok" | "content" | "config";
  diagnostics: Diagnostic[];
  state: BuildState;
  stats: BuildStats;
  /** Output paths written or removed by this build. */
  changed: string[];
}

export interface BuildStats {
  articles: number;
  pages: number;
  rendered: number;
  written: number;
  removed: number;
  full: boolean;
  /** Model and plan patched from the last good build (a same-shape `dev` save) instead of made anew. */
  patched: boolean;
  timings: Record<string, number>;
}

/**
 * Below these sizes a second thread costs more than it saves on 2 cores, where V8's own
 * background threads (compiling, collecting) already keep the second core busy. Rendering with
 * the helper, 1k articles (3,200 pages) built in 3.41 s against 3.05 s without it, 4k (8,200
 * pages) in 7.62 s against 7.12 s; 7k (12,400 pages) in 8.70 s against 9.50 s (medians of 6-8
 * interleaved cold builds into a RAM disk).
 */
const PARALLEL_PARSE_MIN = 1500;
const PARALLEL_RENDER_MIN = 10_000;
/** Below this many pages, changing most of them is still done incrementally, into memory first. */
const FULL_REBUILD_MIN = 2000;
/** Articles per chunk the two threads take in turn: ~20 ms of parsing, small next to the ~0.3 s the helper needs to start. */
const PARSE_CHUNK = 50;
/** Pages per chunk when both threads render: ~25 ms of rendering and writing. */
const RENDER_CHUNK = 50;

export function build(options: BuildOptions, previous: BuildState = emptyState()): BuildResult {
  const helper: Held = {};
  try {
    return runBuild(options, previous, helper);
  } finally {
    helper.thread?.close();
    helper.unlock?.();
  }
}

/** What a build holds until it ends: the helper thread, the output folder's lock. */
interface Held {
  thread?: HelperThread;
  unlock?: () => void;
}

function runBuild(options: BuildOptions, previous: BuildState, helper: Held): BuildResult {
  const timings: Record<string, number> = {};
  let t0 = performance.now();
  const lap = (name: string): void => {
    const t = performance.now();
    timings[name] = Math.round((t - t0) * 10) / 10;
    t0 = t;
  };
  const root = resolve(options.root);
  // Through any link: a `dist` that links to the web root is built there, not replaced by a folder.
  const out = realPathOf(resolve(options.out));
  const stats: BuildStats = { articles: 0, pages: 0, rendered: 0, written: 0, removed: 0, full: false, patched: false, timings };
  // A build that stops before listing the sources (a config problem) keeps the last state but
  // not its listing: the paths of this batch were never looked at, so the next build walks.
  const stopped: BuildState = { ...previous, live: undefined };
  const fail = (kind: "content" | "config", diagnostics: Diagnostic[], state = stopped): BuildResult => ({ ok: false, kind, diagnostics: sortDiagnostics(diagnostics), state, stats, changed: [] });

  // config
  const cfg = options.fallbackConfig ?? loadConfig(root, options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {});
  if (!cfg.config) {
    if (!cfg.fallback) return fail("config", cfg.diagnostics);
    // Every problem in one run: the articles are read with what is valid of the config (defaults
    // for the rest) and their problems reported beside the config's; nothing is rendered.
    const held: Held = {};
    try {
      const content = runBuild({ ...options, write: false, fallbackConfig: cfg.fallback }, previous, held);
      return fail("config", [...cfg.diagnostics, ...content.diagnostics]);
    } finally {
      held.thread?.close();
    }
  }
  let config = cfg.config;
  if (options.write !== false) {
    const problem = checkOutputDir(root, out, isLastOutput(previous, out));
    if (problem) return fail("config", [error(CODES.config, "(output)", problem)]);
    const lock = lockOutput(out);
    if (typeof lock === "string") return fail("config", [error(CODES.config, "(output)", lock)]);
    helper.unlock = lock;
    // What a build stopped half-way left beside the output (a staging folder after Ctrl+C).
    removeLeftovers(out, false);
  }
  const builtin = options.builtinTemplates ?? BUILTIN_TEMPLATES;
  lap("config");

  // load + parse
  const parseOptions = { timeZone: config.timeZone, allowRawHtml: config.allowRawHtml, linkify: config.linkify, basePath: config.basePath, ...bodyLabels(config.strings) };
  // Parsing reads only these options: a site URL given on the command line (`warta dev` uses its
  // own address) keeps the parsed articles of the last `warta build`.
  const parseKey = hash(VERSION, markdownFingerprint(parseOptions), config.timeZone);
  const reuse = previous.parseKey === parseKey ? previous.sources : new Map<string, SourceRecord>();
  const diagnostics: Diagnostic[] = [...cfg.diagnostics];
  const listing = options.listing ?? listSources(root, out, diagnostics, previous.live?.listing, options.changedSources);
  const articleFiles = listing.dirs.articles;
  const authorFiles = listing.dirs.authors.filter((e) => isMarkdown(e.rel));
  const pageFiles = listing.dirs.pages.filter((e) => isMarkdown(e.rel));
  // pages/ holds pages: a picture or a PDF there is published nowhere (static/ and articles/ publish files).
  for (const e of listing.dirs.pages) if (!isMarkdown(e.rel)) diagnostics.push(warning(CODES.unsafeFile, e.rel, "pages/ publishes only its Markdown pages: this file is not published (put it in static/, or beside the articles that show it)", { line: 1, column: 1 }));
  const staticFiles = listing.dirs.static;
  const siteTemplates = listing.dirs.templates;
  const mdEntries = articleFiles.filter((e) => isMarkdown(e.rel));
  const assets = articleFiles.filter((e) => !isMarkdown(e.rel));
  const articlesDir = isFolder(join(root, "articles"));
  if (articlesDir !== true) diagnostics.push(error(CODES.noArticles, "articles/", articlesDir === false ? `articles in ${root} is a file, not a folder: articles go in a folder named articles/` : `no articles/ folder in ${root}`));
  lap("load");
  // A big cold build gets a second thread; started now, it loads its modules while we list files.
  const maybeFull = reuse.size === 0 || previous.outDir !== out || previous.outputs.size === 0;
  if (maybeFull && HelperThread.wanted(mdEntries.length, PARALLEL_PARSE_MIN)) helper.thread = HelperThread.start();
  const parseArticle = parseArticleSource(parseOptions);
  const parseAuthor = parseAuthorSource(parseOptions);
  const parsePage = parsePageSource(parseOptions);
  const parseMany = (todo: Entry[]): SourceRecord[] => {
    if (!helper.thread || !HelperThread.wanted(todo.length, PARALLEL_PARSE_MIN)) return todo.map((e) => parseEntry(e, parseArticle));
    // Both threads take chunks of the list until it is done (see shared-work.ts).
    const counter = sharedCounter();
    helper.thread.post({ kind: "parse", entries: todo, options: parseOptions, counter, chunk: PARSE_CHUNK } satisfies ParseJob);
    const mine = takeChunks(counter, todo, PARSE_CHUNK, (e) => parseEntry(e, parseArticle));
    const theirs = helper.thread.wait<SourceRecord[]>();
    // The helper's heap is full of parse garbage V8 would keep: a fresh helper renders, and it
    // loads its code while this thread makes the model and the plan.
    helper.thread.close();
    helper.thread = HelperThread.start();
    return [...mine, ...theirs];
  };
  // A dev save re-reads the watcher's paths only; anything else loads every source (re-reading
  // only files whose size or change stamp changed).
  const parserFor = (rel: string): ParseFn | undefined =>
    !isMarkdown(rel) ? undefined : rel.startsWith("articles/") ? parseArticle : rel.startsWith("authors/") ? parseAuthor : rel.startsWith("pages/") ? parsePage : undefined;
  const patched = options.changedSources && listing.patched && reuse === previous.sources
    ? patchSources(previous.sources, options.changedSources, (rel) => findEntry(listing, rel), parserFor)
    : undefined;
  const sources = patched ?? loadAll();
  function loadAll(): Map<string, SourceRecord> {
    const all = loadSources(mdEntries, reuse, parseArticle, parseMany);
    for (const [rel, r] of loadSources(authorFiles, reuse, parseAuthor)) all.set(rel, r);
    for (const [rel, r] of loadSources(pageFiles, reuse, parsePage)) all.set(rel, r);
    return all;
  }
  // A body is in memory when this process parsed it, else in the cache's bodies file; where it
  // is gone or damaged there, its source is parsed again (once: the record keeps it).
  const body = (file: string): string | undefined => {
    const r = sources.get(file);
    if (!r?.article || r.bodyHtml !== undefined) return r?.bodyHtml;
    const stored = r.bodyRef && previous.bodyStore && previous.bodiesId === previous.bodyStore.id ? previous.bodyStore.read(r.bodyRef) : undefined;
    if (stored !== undefined) return stored;
    const entry = findEntry(listing, file);
    const again = entry ? parseEntry(entry, parseArticle).bodyHtml ?? "" : "";
    const { bodyRef: _lost, ...rest } = r;
    sources.set(file, { ...rest, bodyHtml: again });
    return again;
  };
  const recordsIn = (dir: "articles/" | "authors/" | "pages/"): SourceRecord[] => {
    const found: SourceRecord[] = [];
    for (const [rel, r] of sources) if (rel.startsWith(dir)) found.push(r);
    return found;
  };
  sources.forEach((r) => {
    const ds = r.diagnostics;
    for (let i = 0; i < ds.length; i++) diagnostics.push(ds[i]!);
  });
  lap("parse");

  // Stylesheets and other files under templates/static/ are copied, not rendered: they stay out of
  // the template hash, so a CSS save does not re-render every page.
  const isTemplate = (e: SourceEntry): boolean => !/^(templates\/)?static\//.test(e.rel);
  // One walk of the built-in theme serves both: its templates (hashed) and its static files (copied).
  const builtinFiles = themeFiles(builtin);
  // The key a later warm `warta build` checks before it loads the records (see quick.ts); a
  // watcher's batch (`dev`) and `warta check` leave no cache for one.
  const quickKey = options.changedSources || options.write === false ? undefined : listedKey({ root, out, baseUrl: options.baseUrl, drafts: options.drafts, future: options.future, builtinTemplates: builtin }, listing, builtinFiles);
  const templatesHash = hash(...[...siteTemplates, ...builtinFiles].filter(isTemplate).map((e) => e.rel + readFileSync(e.abs, "latin1")));
  // `templates/teaser.njk`, `templates/warta.css`, `Article.njk`: an override in the wrong place is said, not ignored.
  diagnostics.push(...strayTemplates(siteTemplates, builtinFiles));
  const globalHash = hash(VERSION, cfg.text, templatesHash);
  // The theme's search script goes with the search page: none with `searchItems: 0`.
  // A photo or file under articles/ that only unpublished articles name (a draft's, an embargoed
  // story's) is not published either: at a guessable address it would be out before its story.
  const embargoed = namedOnlyByUnpublished(sources, options, [config.publisher.logo, config.shareImage]);
  const copies = copyList(assets, staticFiles, siteTemplates.filter((e) => !isTemplate(e)), builtinFiles.filter((e) => !isTemplate(e)))
    .filter((c) => !(config.searchItems <= 0 && c.path === routes.searchScript() && (c.builtIn || c.source.startsWith("templates/"))))
    .filter((c) => !(embargoed.has(c.path) && c.source.startsWith("articles/")));
  // Smaller copies of the photos under articles/ (made once, kept in the image cache), published beside them.
  // (`warta check` reads them for their problems and makes none.)
  const check = options.write === false;
  const photos = imageVariants(copies, {
    dir: options.imageCache ?? join(check ? join(root, CACHE_DIR) : ownCacheDir(root), "images"), check, widths: config.images.widths, quality: config.images.quality,
    ...(options.progress ? { progress: (done: number, total: number) => options.progress!("images", done, total) } : {}),
  });
  for (const c of photos.copies) copies.push(c);
  for (const d of photos.diagnostics) diagnostics.push(d);
  // A favicon the site publishes at its root is linked from every page (under a sub-path the
  // browser's own `/favicon.ico` guess would miss it).
  const icon = SITE_ICONS.find((name) => copies.some((c) => c.path === name));
  if (icon) config = { ...config, icon };
  for (const e of assets) checkAsset(e, config.allowRawHtml, diagnostics);
  // What a lead image, an author photo or a body link may name: the files the site publishes
  // (by their NFC names, as links name them: see copyList).
  const available = new Set(copies.map((c) => c.path));
  diagnostics.push(...missingSiteImages(cfg, config, available));
  config = withoutMissingLogo(config, available);
  // Link previews get the site's picture only when it is there (never a broken image, as for lead images).
  const preview = previewImage(config, available);
  if (preview) {
    // Its size goes into the pages (`og:image:width`, `height`), as a lead image's does: some apps lay out a preview only with them.
    const copy = isHttpUrl(preview) ? undefined : copies.find((c) => c.path === resolveSitePath(preview, "").file);
    const size = copy && measureImage(copy.abs, copy.key);
    config = { ...config, previewImage: preview, ...(size ? { previewImageSize: size } : {}) };
  }
  // A site's own `static/robots.txt` is published instead of the generated one.
  const ownRobots = copies.some((c) => c.path === routes.robots() && c.source.startsWith("static/"));
  const ownFiles = (files: OutputFile[]): OutputFile[] => (ownRobots ? files.filter((g) => g.path !== routes.robots()) : files);
  // Only a model made anew and the unchanged check need every record (not a same-shape save).
  const articleRecords = (): ArticleInput[] => {
    const records: ArticleInput[] = [];
    for (const r of recordsIn("articles/")) if (r.article) records.push({ record: r.article, hash: r.hash, teaserHash: r.teaserHash! });
    return records;
  };

  // Nothing changed since the last build (same inputs, and no article crossed "now" or the news
  // window): the output is already right, so model, plan and render are skipped.
  // (A dev rebuild from the watcher's paths skips this: the same-shape path below is as cheap.)
  // What the report depends on besides: the config file's name (its diagnostics name it).
  const reportHash = hash(globalHash, cfg.file ?? "");
  const inputsKey = options.changedSources ? undefined : inputsFingerprint(options, out, reportHash, sources, copies, articleRecords());
  // The manifest describes the output folder only if it is the folder the last build wrote (not
  // one another site's build swapped in) and, unless this process is the only writer, every
  // recorded file is still there. Asked once: before this build writes, the answer holds.
  let trusted: boolean | undefined;
  const outputTrusted = (): boolean =>
    (trusted ??= previous.outDir === out && previous.outputs.size > 0 && outputIntact(out, previous.outId, options.trustOutput ? undefined : previous.outputs.keys()));
  // Everything reported so far (the config's, the listing's, the parse's) every build makes anew;
  // what follows, a build with the same inputs replays from the last build's summary.
  const madeAnew = diagnostics.length;
  if (options.write !== false && inputsKey !== undefined && previous.inputsKey === inputsKey && previous.summary && !hasErrors(diagnostics) && outputTrusted()) {
    stats.articles = previous.summary.articles;
    stats.pages = previous.summary.pages;
    lap("unchanged");
    const { shape, cachedShape } = previous.live ?? {};
    const live: LiveState = { listing, ...(shape ? { shape: { ...shape, sources } } : cachedShape ? { cachedShape } : {}) };
    // Same inputs by content (a file touched, not changed): the quick check takes the new listing.
    const quick = previous.quick && quickKey ? { quick: { ...previous.quick, key: quickKey } } : {};
    return { ok: true, kind: "ok", diagnostics: sortDiagnostics([...diagnostics, ...previous.summary.diagnostics]), state: { ...previous, sources, live, ...quick }, stats, changed: [] };
  }

  // model + plan: patched from the last good build (in memory in dev, from the cache in build)
  // when no article moved, else made anew
  const currentShape = shapeKey(options, out, reportHash, parseKey, copies);
  const planned = samePlacement(previous.live?.shape ?? openShape(previous.live?.cachedShape, currentShape), currentShape, sources) || modelAndPlan();
  function modelAndPlan(): Planned {
    const records = articleRecords();
    // A profile is found by its `name:` (`made-wirawan.md` for "I Made Wirawan"), else by its
    // file's name; one name with two profiles keeps the first and says so.
    const profiles = new Map<string, AuthorProfile>();
    const profileFiles = new Map<string, AuthorProfile>();
    const found: Diagnostic[] = [];
    for (const r of recordsIn("authors/")) {
      if (!r.profile) continue;
      const profile = withPhotoIfThere(r.profile, available, found);
      const key = termKey(profile.name);
      const first = profiles.get(key);
      // The second profile of one name is shown nowhere (not on the page of a reporter its file is named after).
      if (first) found.push(warning(CODES.duplicateUrl, r.rel, `"${profile.name}" already has a profile, ${first.file}, which is the one shown`, { line: r.profile.nameLine ?? 1, column: 1, field: "name" }));
      else {
        profileFiles.set(authorId(r.rel), profile);
        if (key) profiles.set(key, profile);
      }
    }
    const { model, diagnostics: modelDiagnostics, related } = buildModel({
      records, profiles, profileFiles, nowMs: options.nowMs, drafts: !!options.drafts, future: !!options.future, timeZone: config.timeZone, relatedCount: config.relatedCount,
      pages: recordsIn("pages/").flatMap((r) => (r.page && (!r.page.draft || options.drafts) ? [r.page] : [])),
      ...(previous.related && previous.parseKey === parseKey ? { previousRelated: previous.related } : {}),
    });
    found.push(...modelDiagnostics);
    if (mdEntries.length === 0 && articlesDir === true) found.push(error(CODES.noArticles, "articles/", "no Markdown articles found"));
    lap("model");
    const imageDims = checkImages(model, copies, available, found);
    const shown = shownModel(model, available, photos.byImage);
    const { plan, diagnostics: planDiagnostics } = planPages(shown, planOptions(imageDims));
    found.push(...planDiagnostics);
    // A menu entry that names no category with published articles is left out, and said; so is
    // a second spelling of one already in the menu.
    const inMenu = new Set(plan.nav.map((n) => n.name));
    const menuFirst = new Map<string, string>();
    for (const [n, name] of (config.menu ?? []).entries()) {
      const key = termKey(name);
      const first = menuFirst.get(key);
      if (first === undefined) menuFirst.set(key, name);
      const why = inMenu.has(name) ? undefined : first !== undefined && inMenu.has(first) ? `"${name}" is in the menu already, as "${first}"` : `no published category is named "${name}"`;
      if (why) found.push(warning(CODES.config, cfg.file ?? "(config)", why, { line: configLine(cfg, ["menu", n]), column: 1, field: "menu" }));
    }
    // Articles with errors are not in the plan, but the URL each would take is checked too.
    // So are its old addresses (`aliases:`): one invalid address must not hide another's clash.
    // So is the URL of an article scheduled for later (not a draft): it will be published without
    // anyone at hand, and a clash then fails that build, not this one.
    function claimed(): { path: string; source: string; line: number; field: string }[] {
      const claims: { path: string; source: string; line: number; field: string }[] = [];
      for (const r of recordsIn("articles/")) {
        const a = r.article;
        const claim = (r.claim && (!r.claim.draft || options.drafts) ? r.claim : undefined) ?? (scheduled(a, options) ? { slug: a.slug, line: a.keyLines.slug ?? 1, ...(a.aliases ? { aliases: a.aliases } : {}) } : undefined);
        if (!claim) continue;
        claims.push({ path: outputPath(routes.article(claim.slug)), source: r.rel, line: claim.line, field: "slug" });
        for (const a of claim.aliases ?? []) claims.push({ path: outputPath(a.url), source: r.rel, line: a.line, field: "aliases" });
      }
      // A page of `pages/` with errors takes its address too (a draft's only in a `--drafts` build).
      for (const r of recordsIn("pages/")) if (r.claim && (!r.claim.draft || options.drafts)) claims.push({ path: outputPath(routes.page(r.claim.slug)), source: r.rel, line: r.claim.line, field: "slug" });
      return claims;
    }
    const generated = ownFiles(siteFiles(shown, config, options.nowMs, (a) => body(a.file) ?? "", GENERATOR));
    found.push(
      ...findCollisions([
        ...pageOutputs(plan, shown),
        ...claimed(),
        ...generated.map((g) => ({ path: g.path, source: "(generated)", builtIn: { name: generatedName(g.path) } })),
        ...copies.map((c) => ({ path: c.path, source: c.source, ...(c.builtIn ? { builtIn: c.builtIn } : {}) })),
      ]),
    );
    const indexByFile = new Map(model.articles.map((a) => [a.file, a.index]));
    const shape: Shape = {
      key: currentShape, validFromMs: options.nowMs, validUntilMs: shapeValidUntil(records, options), sources, model, related, plan, indexByFile, imageDims,
      sitemaps: generated.filter((g) => g.sitemap), diagnostics: found,
    };
    return { model: shown, related, plan, imageDims, generated, found, shape };
  }
  function samePlacement(shape: Shape | undefined, key: string, current: ReadonlyMap<string, SourceRecord>): Planned | undefined {
    if (!shape || shape.key !== key || options.nowMs < shape.validFromMs || options.nowMs >= shape.validUntilMs) return undefined;
    const files = changedInPlace(shape, current);
    if (!files) return undefined;
    const { model: patched, changed } = patchModel(shape, current, files);
    const model = shownModel(patched, available, photos.byImage);
    // The pages to look at are those that show an article changed since the shape was made (the
    // model differs there) or since the last build (the output differs there): a cached shape
    // stays as it was made while later builds patch it, and an edit undone since then is in the
    // output but not in the model.
    if (previous.sources !== shape.sources) {
      for (const [rel, r] of current) {
        const index = shape.indexByFile.get(rel);
        if (index !== undefined && previous.sources.get(rel)?.hash !== r.hash) changed.add(index);
      }
    }
    stats.patched = true;
    lap("model");
    // A watcher's batch (`dev`) will be followed by more: it keeps an index of the plan.
    const { plan, repriced } = repricePlan(shape.plan, model, changed, planOptions(shape.imageDims), options.changedSources ? "index" : "scan");
    // A feed that shows none of those articles is the last build's: its fingerprint is taken, not made.
    const fingerprintOf = (path: string): string | undefined => previous.outputs.get(path)?.fingerprint;
    const generated = ownFiles(siteFiles(model, config, options.nowMs, (a) => body(a.file) ?? "", GENERATOR, { sitemaps: shape.sitemaps, changed, fingerprintOf }));
    return { model, related: shape.related, plan, imageDims: shape.imageDims, generated, found: [...shape.diagnostics], shape: { ...shape, sources: current, model: patched, plan }, repriced };
  }
  function planOptions(imageDims: ReadonlyMap<string, ImageDims>): PlanOptions {
    return { perPage: config.perPage, globalHash: hash(globalHash, config.icon ?? "", config.previewImage ?? "", config.previewImageSize ? `${config.previewImageSize.width}x${config.previewImageSize.height}` : "", config.publisher.logo ?? ""), ...(config.menu ? { menu: config.menu } : {}), searchItems: config.searchItems, imageKey, bodyImagesKey };
    /** The sizes of a body's images, as its page shows them. */
    function bodyImagesKey(a: { fileLinks?: readonly LocalLink[] | undefined }): string {
      let key = "";
      for (const file of bodyImages(a)) {
        const b = imageDims.get(bodyImageKey(file));
        key += b ? `|${b.width}x${b.height}` : "|";
        const copies = photos.byImage.get(file);
        if (copies?.length) key += `|${srcsetOf("", copies)}`;
      }
      return key;
    }
    // An article page shows its lead image's size, or no image where the file is missing (see shownModel).
    function imageKey(a: Article): string {
      const d = imageDims.get(a.file);
      const key = d ? `${d.width}x${d.height}|${a.imageSrcset ?? ""}` : a.imageLocal !== undefined && a.image === undefined ? "missing" : "";
      return key + bodyImagesKey(a);
    }
  }
  const { model, related, plan, imageDims, generated } = planned;
  for (const d of planned.found) diagnostics.push(d);
  for (const d of brokenLinks(model, available, generated, recordsIn("articles/"), plan)) diagnostics.push(d);
  for (const d of termClashes(model, recordsIn("articles/"), options)) diagnostics.push(d);
  // Same placement (a patched model) keeps every address: only another one can move an article.
  if (!stats.patched) {
    const paths = function* (): Generator<string> {
      for (const p of plan.pages) yield p.path;
      yield* available;
    };
    for (const d of movedArticles({ before: previous.sources, published: previous.outputs, now: sources, shown: model.articles.map((a) => a.file), paths: paths() })) diagnostics.push(d);
  }
  stats.articles = model.articles.length;
  stats.pages = plan.pages.length;
  lap("plan");

  const summary = { articles: model.articles.length, pages: plan.pages.length, diagnostics: diagnostics.slice(madeAnew) };
  const bodyFile = previous.bodyStore ? { bodyStore: previous.bodyStore, ...(previous.bodiesId ? { bodiesId: previous.bodiesId } : {}) } : {};
  const newState: BuildState = { parseKey, sources, outputs: new Map(), outDir: out, related, inputsKey, summary, ...bodyFile, live: { listing, shape: planned.shape } };
  // A failed build keeps describing the last good output: its manifest, inputs, summary and shape.
  const { shape: lastShape, cachedShape: lastCached } = previous.live ?? {};
  const keepOutput = { outputs: previous.outputs, outDir: previous.outDir, ...(previous.outId ? { outId: previous.outId } : {}), inputsKey: previous.inputsKey, summary: previous.summary, ...(previous.quick ? { quick: previous.quick } : {}), live: { listing, ...(lastShape ? { shape: lastShape } : lastCached ? { cachedShape: lastCached } : {}) } };
  const dirs = { site: siteTemplates.length ? join(root, "templates") : undefined, builtin };
  // Each of the site's templates is compiled first: a broken one is reported even when no page
  // will be rendered, and a broken partial is never skipped (nunjucks hands an include's syntax
  // error to a callback that runs after a synchronous render has returned: the page was cut off
  // at the include, with no error).
  const siteTemplateNames = siteTemplates.filter((e) => isTemplate(e) && e.rel.endsWith(".njk")).map((e) => e.rel.slice("templates/".length));
  const brokenTemplates = templateSyntaxErrors(dirs, siteTemplateNames, templatesHash);
  // A copied file it cannot read is reported with the rest (a build that goes on checks it below, before it writes).
  // Every problem in one run: a build that stops on its content (or only reads the articles for a
  // broken config) still renders one page of each kind, so that a template's error while
  // rendering is reported beside the others, not in the run after they are fixed.
  // A template that does not compile is reported once, by its syntax error: the pages that use it
  // (or extend or include it) say nothing more; the other templates' errors still come in this run.
  const sampled = (): Diagnostic[] => {
    // nunjucks names the including (or importing) template for its include's syntax error, or says it rendered nothing.
    const broken = new Set(brokenTemplates.flatMap((d) => [d.file, d.message]));
    const kinds = new Set<string>();
    const sample = plan.pages.filter((p) => !kinds.has(`${p.kind}|${p.template}`) && !!kinds.add(`${p.kind}|${p.template}`));
    const sayNothingMore = (d: Diagnostic): boolean => broken.size > 0 && (broken.has(d.file) || broken.has(d.message.replace(/ \(rendering [^)]*\)$/, "")) || d.message.startsWith(RENDERED_NOTHING));
    return distinctErrors(renderPages(sample, createRenderer(model, config, plan.nav, imageDims, dirs, templatesHash), body, () => {}).errors).filter((d) => !sayNothingMore(d));
  };
  if (hasErrors(diagnostics) || brokenTemplates.length) return fail("content", [...diagnostics, ...brokenTemplates, ...sampled(), ...unreadable(copies)], { ...newState, ...keepOutput });
  if (options.fallbackConfig) return { ok: true, kind: "ok", diagnostics: sortDiagnostics([...diagnostics, ...sampled()]), state: newState, stats, changed: [] };
  const renderer = createRenderer(model, config, plan.nav, imageDims, dirs, templatesHash);
  if (options.write === false) {
    // `check` renders every page as `build` would, and keeps nothing: template errors are content errors too.
    const { errors } = renderPages(plan.pages, renderer, body, () => {}, options.progress ? { progress: options.progress } : {});
    lap("render");
    // …and every copied file is read as `build` reads it.
    for (const d of unreadable(copies)) errors.push(d);
    if (errors.length) return fail("content", [...diagnostics, ...errors], newState);
    return { ok: true, kind: "ok", diagnostics: sortDiagnostics(diagnostics), state: newState, stats, changed: [] };
  }

  // render + write
  // Incremental renders changed pages into memory before touching the output; when most pages
  // changed (another base URL, a template edit) a full, streamed and parallel build is cheaper.
  const incremental = outputTrusted() && !mostlyChanged(planned.repriced ?? plan.pages, plan.pages.length, previous.outputs);
  stats.full = !incremental;
  const changed: string[] = [];
  let outputs = newState.outputs;
  const failed = (errors: Diagnostic[]): BuildResult => fail("content", [...diagnostics, ...errors], { ...newState, ...keepOutput });
  // A file this build copies and cannot read is an error before anything is written, not an
  // exception half-way through the writes.
  const cannotRead = unreadable(incremental ? copies.filter((c) => previous.outputs.get(c.path)?.hash !== c.key) : copies);
  if (cannotRead.length) return failed(cannotRead);

  if (!incremental) {
    // Full build: stream every file into a sibling folder, swap it in at the end.
    removeLeftovers(out, true);
    // What a reader opens first is written first (the same bytes as in any order).
    const isEarly = (p: PlannedPage): boolean => (p.kind === "home" && p.pageNo === 1) || p.kind === "notFound";
    const earlyPages = plan.pages.filter(isEarly);
    const earlyCopies = new Set(copies.filter((c) => c.path.startsWith("assets/")));
    const rest = plan.pages.filter((p) => !isEarly(p));
    // A large site is rendered by both threads: each takes chunks of the pages until none
    // is left (see shared-work.ts) and writes them into the same staged folder.
    const counter = HelperThread.wanted(rest.length, PARALLEL_RENDER_MIN) ? sharedCounter() : undefined;
    const staged = new StagedOutput(out);
    try {
      if (counter) {
        helper.thread ??= HelperThread.start();
        const bodies = new Map<string, string>();
        for (const p of rest) {
          const a = p.article !== undefined ? model.articles[p.article] : undefined;
          if (a) bodies.set(a.file, body(a.file) ?? "");
        }
        helper.thread!.post({ kind: "render", model, config, nav: plan.nav, imageDims, dirs, templatesHash, pages: rest, counter, chunk: RENDER_CHUNK, bodies, stagedDir: staged.dir, out } satisfies RenderJob);
      }
      const fingerprints = new Map<string, string>();
      const sink = (path: string, html: string, fingerprint: string): void => {
        staged.write(path, html);
        fingerprints.set(path, fingerprint);
      };
      // The manifest lists pages in plan order, whichever thread wrote them.
      const listWritten = (pages: readonly PlannedPage[]): void => {
        for (const p of pages) {
          const fingerprint = fingerprints.get(p.path);
          if (fingerprint !== undefined) outputs.set(p.path, { fingerprint, hash: "" });
        }
      };
      const early = renderPages(earlyPages, renderer, body, sink);
      listWritten(earlyPages);
      for (const c of earlyCopies) {
        staged.copy(c.path, c.from ?? c.abs);
        outputs.set(c.path, { hash: c.key });
      }
      if (options.onEarly && !early.errors.length) options.onEarly(staged.dir, [...earlyPages.map((p) => p.path), ...[...earlyCopies].map((c) => c.path)]);
      const pages = counter ? claimed(counter, rest, RENDER_CHUNK) : rest;
      const progress = options.progress ? { progress: options.progress, total: rest.length, ...(counter ? { done: () => claimedCount(counter, rest, RENDER_CHUNK) } : {}) } : {};
      const rendered = renderPages(pages, renderer, body, sink, progress);
      rendered.count += early.count;
      rendered.errors.unshift(...early.errors);
      if (counter) {
        const theirs = helper.thread!.wait<{ written: [string, string][]; count: number; errors: Diagnostic[] }>();
        // Its heap (a copy of the model and of every body) is freed before the feeds and
        // sitemaps are made and the cache is saved: at 10k articles, ~190 MB off the peak.
        helper.thread!.close();
        delete helper.thread;
        for (const [path, fingerprint] of theirs.written) fingerprints.set(path, fingerprint);
        rendered.count += theirs.count;
        rendered.errors.push(...theirs.errors);
      }
      listWritten(rest);
      stats.rendered = rendered.count;
      lap("render");
      if (rendered.errors.length) {
        staged.abort();
        return failed(distinctErrors(rendered.errors));
      }
      for (const g of generated) {
        const content = g.content();
        staged.write(g.path, content);
        outputs.set(g.path, { hash: hash(content), ...(g.fingerprint ? { fingerprint: g.fingerprint } : {}) });
      }
      for (const c of copies) {
        if (earlyCopies.has(c)) continue;
        staged.copy(c.path, c.from ?? c.abs);
        outputs.set(c.path, { hash: c.key });
      }
      // The swap is two renames: a signal between them would leave no output (the CLI holds
      // Ctrl+C and SIGTERM from here until the build is over; see removeLeftovers for SIGKILL).
      options.beforeOutputChange?.();
      staged.commit();
    } catch (e) {
      // The helper may still be writing into the staged folder: it takes no more pages and is
      // waited for (one chunk, ~25 ms; 10 s at most: a helper that died answers nothing) before the
      // folder goes, and the first failure is the one reported (a full disk, not "directory not
      // empty" from removing a folder the helper was filling).
      if (counter && helper.thread) {
        stopClaims(counter);
        try {
          helper.thread.wait(10_000);
        } catch {
          // its own failure, after this one
        }
      }
      try {
        staged.abort();
      } catch {
        // what is left beside the output is removed by the next build
      }
      throw e;
    }
    stats.written = outputs.size;
    for (const path of outputs.keys()) changed.push(path); // no spread: 100k+ outputs overflow the call stack
  } else {
    // Incremental: render what changed into memory first; touch the output only when all succeeded.
    // A same-shape rebuild publishes the last build's paths: start from its manifest and look
    // only at the repriced pages. Otherwise every page is compared with the manifest.
    const repriced = planned.repriced && previous.outputs.size > 0 ? planned.repriced : undefined;
    const pending: [string, string, string][] = [];
    const rendered: Rendered = renderPages(repriced ?? plan.pages, renderer, body, (path, html, fingerprint) => pending.push([path, html, fingerprint]), { previous: previous.outputs, ...(options.progress ? { progress: options.progress } : {}) });
    stats.rendered = rendered.count;
    lap("render");
    if (rendered.errors.length) return failed(rendered.errors);
    // Same shape: the last build's manifest is taken over and updated in place (17k entries at
    // 10k articles; the previous state is not used again once a build succeeded).
    if (repriced) outputs = newState.outputs = previous.outputs as Map<string, OutputRecord>;
    else for (const [path, r] of rendered.kept) outputs.set(path, r);
    const target = new InPlaceOutput(out, options.beforeOutputChange);
    try {
      for (const [path, html, fingerprint] of pending) {
        // A page re-rendered to the same bytes is not rewritten (and not reported as changed).
        const h = hash(html);
        if (previous.outputs.get(path)?.hash !== h) {
          target.write(path, html);
          changed.push(path);
        }
        outputs.set(path, { fingerprint, hash: h });
      }
      for (const g of generated) {
        const prev = previous.outputs.get(g.path);
        if (g.fingerprint && prev?.fingerprint === g.fingerprint) {
          outputs.set(g.path, prev);
          continue;
        }
        const content = g.content();
        const h = hash(content);
        if (prev?.hash !== h) {
          target.write(g.path, content);
          changed.push(g.path);
        }
        outputs.set(g.path, { hash: h, ...(g.fingerprint ? { fingerprint: g.fingerprint } : {}) });
      }
      for (const c of copies) {
        if (previous.outputs.get(c.path)?.hash !== c.key) {
          target.copy(c.path, c.from ?? c.abs);
          changed.push(c.path);
        }
        outputs.set(c.path, { hash: c.key });
      }
      stats.written = changed.length;
      if (!repriced) for (const path of previous.outputs.keys()) {
        if (!outputs.has(path)) {
          target.remove(path);
          changed.push(path);
          stats.removed++;
        }
      }
    } catch (e) {
      // A disk that fills up, a folder that refuses a write: nothing was replaced yet.
      target.abort();
      throw e;
    }
    target.commit();
  }
  lap("write");
  const reported = sortDiagnostics(diagnostics);
  if (stats.full || changed.length > 0) markWritten(out);
  const outId = folderId(out);
  if (outId) newState.outId = outId;
  if (quickKey && outId) newState.quick = { outId, key: quickKey, validFromMs: planned.shape.validFromMs, validUntilMs: planned.shape.validUntilMs, articles: stats.articles, pages: stats.pages, diagnostics: reported };
  return { ok: true, kind: "ok", diagnostics: reported, state: newState, stats, changed };
}

interface Planned {
  /** The model as pages show it (see shownModel); `shape.model` is the model itself. */
  model: SiteModel;
  related: RelatedCache;
  plan: Plan;
  imageDims: ReadonlyMap<string, ImageDims>;
  generated: OutputFile[];
  /** Diagnostics of model and plan. */
  found: Diagnostic[];
  shape: Shape;
  /** Same-shape rebuild: the only pages that may have changed (the page set is the last build's). */
  repriced?: PlannedPage[];
}

/**
 * Everything besides the article records that decides the model's shape: options, config and
 * templates, which files are copied (and the content of those that may be lead images). Which
 * articles "now" makes visible is the shape's `validFromMs` and `validUntilMs`.
 */
function shapeKey(options: BuildOptions, out: string, globalHash: string, parseKey: string, copies: readonly CopyItem[]): string {
  return hash(
    globalHash, out, parseKey, options.baseUrl ?? "", `${!!options.drafts}|${!!options.future}`,
    // An image may be a lead image, whose size is in the pages; a stylesheet never is.
    copies.map((c) => (MAYBE_IMAGE.test(c.path) ? `${c.path}:${c.key}` : c.path)).join("\n"),
  );
}

/** Favicon files a site may put in `static/`, in the order one is picked. */
const SITE_ICONS = ["favicon.svg", "favicon.ico", "favicon.png"];

const MAYBE_IMAGE = /\.(jpe?g|png|gif|webp|avif|svg|bmp|tiff?|ico|heic|heif|jxl)$/i;

/**
 * The first moment after `options.nowMs` at which time alone changes the model: a future article
 * is published, an article leaves the news sitemap's window, or a future `updated` is reached. Until then a same-shape save
 * may reuse the model, the plan and the sitemaps.
 */
function shapeValidUntil(records: readonly ArticleInput[], options: BuildOptions): number {
  let until = Infinity;
  for (const { record: r } of records) {
    if (r.draft && !options.drafts) continue;
    if (!options.future && r.dateMs > options.nowMs) until = Math.min(until, r.dateMs);
    // Its "updated is later than now" warning ends then (and, with --future, starts when its date comes).
    if (r.updatedMs !== undefined && r.updatedMs > options.nowMs) until = Math.min(until, r.updatedMs, r.dateMs > options.nowMs ? r.dateMs : Infinity);
    const leavesNews = r.dateMs + NEWS_WINDOW_MS;
    if (leavesNews > options.nowMs) until = Math.min(until, leavesNews);
  }
  return until;
}

interface CopyItem {
  path: string;
  abs: string;
  /** The file as the walk listed it: what is copied (see read-listed.ts); none for a photo's copy, made by warta in its image cache. */
  from?: SourceEntry;
  source: string;
  /** size + change stamp: a changed file is copied again. */
  key: string;
  /** A file of warta's own theme (no file of the site): how diagnostics name it, and the site file that replaces it. */
  builtIn?: { name: string; hint: string };
}

/** How diagnostics name a file warta generates (`feed.xml`, `penulis/rina/atom.xml`, `sitemap-2.xml`). */
function generatedName(path: string): string {
  const slash = path.lastIndexOf("/");
  const name = path.slice(slash + 1);
  const feed = FEED_NAMES[name];
  if (feed) return slash >= 0 ? `${feed} of /${path.slice(0, slash + 1)}` : feed;
  if (path === routes.searchIndex()) return "the search index";
  return name === routes.newsSitemap() ? "the Google News sitemap" : /^sitemap(-\d+)?\.xml$/.test(name) ? "the sitemap" : name === routes.robots() ? "the generated robots.txt" : `the generated ${name}`;
}
const FEED_NAMES: Record<string, string> = { [routes.feed("rss")]: "the RSS feed", [routes.feed("atom")]: "the Atom feed", [routes.feed("json")]: "the JSON feed" };

/** How diagnostics name a file of the built-in theme (`static/warta.css`). */
function builtInName(rel: string): string {
  return rel === "static/warta.css" ? "the built-in stylesheet" : `the built-in theme's ${rel.slice("static/".length)}`;
}

/**
 * Files copied as they are: the theme's static files (`templates/static/` → `assets/`; a site's
 * own `templates/static/x` replaces the built-in one), the site's `static/` (→ root) and every
 * non-Markdown file under `articles/` (→ same relative path).
 */
function copyList(assets: readonly SourceEntry[], staticFiles: readonly SourceEntry[], siteTheme: readonly SourceEntry[], builtinTheme: readonly SourceEntry[]): CopyItem[] {
  // Published under the NFC form of their names, as links are written (a file saved on macOS is named in NFD).
  const item = (e: SourceEntry, path: string): CopyItem => ({ path: path.normalize("NFC"), abs: e.abs, source: e.rel, key: `${e.size}:${e.stampMs}`, from: e });
  const theme = new Map<string, CopyItem>();
  for (const e of builtinTheme) {
    const name = builtInName(e.rel);
    theme.set(e.rel, { ...item(e, `assets/${e.rel.slice("static/".length)}`), builtIn: { name, hint: `a site's own templates/${e.rel} replaces ${name}` } });
  }
  for (const e of siteTheme) {
    const rel = e.rel.slice("templates/".length);
    theme.set(rel, { ...item(e, `assets/${rel.slice("static/".length)}`), source: e.rel });
  }
  return [...theme.values(), ...staticFiles.map((e) => item(e, e.rel.slice("static/".length))), ...assets.map((e) => item(e, e.rel.slice("articles/".length)))];
}

/** Files under `articles/` that could run script on the site are errors (see active-content.ts); SVGs are read once per size and change stamp. */
const assetVerdicts = new Map<string, string | undefined>();
function checkAsset(e: SourceEntry, allowRawHtml: boolean, diagnostics: Diagnostic[]): void {
  // A site that allows raw HTML trusts its reporters with script, not with the server: only server code is refused.
  if (allowRawHtml) {
    const why = serverCode(e.rel);
    if (why) diagnostics.push(error(CODES.unsafeFile, e.rel, why, { line: 1, column: 1 }));
    return;
  }
  const key = `${e.abs}|${e.size}|${e.stampMs}`;
  if (!assetVerdicts.has(key)) {
    if (assetVerdicts.size > 10_000) assetVerdicts.clear();
    let why: string | undefined;
    try {
      why = activeContent(e.rel, (limit) => readListed(e, limit));
    } catch {
      why = undefined; // unreadable: the copy reports it
    }
    assetVerdicts.set(key, why);
  }
  const why = assetVerdicts.get(key);
  if (why) diagnostics.push(error(CODES.unsafeFile, e.rel, why, { line: 1, column: 1 }));
}

/**
 * A `broken-link` warning for each body link to an article's source file that is no published
 * article (missing, a draft, in the future, with errors: the link is shown as text), and for each
 * link or image to a file the site does not publish (the reader would get a 404).
 */
function brokenLinks(model: SiteModel, available: ReadonlySet<string>, generated: readonly OutputFile[], records: Iterable<SourceRecord>, plan: Plan): Diagnostic[] {
  const found: Diagnostic[] = [];
  let outputs: Set<string> | undefined;
  let pages: Set<string> | undefined;
  let sources: Set<string> | undefined;
  // `berita/x/` and `berita/x` are the page `berita/x/index.html` (hosts serve the folder's index for both).
  const isPage = (path: string): boolean => {
    pages ??= new Set(plan.pages.map((p) => p.path));
    const has = (p: string): boolean => pages!.has(p) || available.has(p) || outputs!.has(p);
    const folder = path === "" || path.endsWith("/") ? path : `${path}/`;
    return (!path.endsWith("/") && path !== "" && has(path)) || has(`${folder}index.html`);
  };
  const check = (file: string, articleLinks: readonly LocalLink[] | undefined, fileLinks: readonly LocalLink[] | undefined): void => {
    for (const l of articleLinks ?? []) {
      if (linkTarget(model, l.file) !== undefined) continue;
      // `B.md` for `b.md`: a file name in other capitals, which a Mac's disk takes for the same file and the build does not.
      sources ??= new Set([...model.articles.map((a) => a.file), ...(model.pages ?? []).map((p) => p.file)]);
      const near = sameButCase(l.file, sources);
      found.push(warning(CODES.brokenLink, file, `links to ${l.file}, which is not a published ${l.file.startsWith("pages/") ? "page" : l.file.startsWith("authors/") ? "reporter's profile (a profile of nobody with a byline has no page)" : "article"}: shown as text${near ? ` (${near.slice("; ".length)})` : ""}`, { line: l.line, column: 1, field: "body" }));
    }
    for (const l of fileLinks ?? []) {
      outputs ??= new Set(generated.map((g) => g.path));
      if (l.page) {
        if (!isPage(l.file)) found.push(warning(CODES.brokenLink, file, `links to /${l.file}, which is no page of the site (an article that moved keeps its old address with \`aliases:\`)`, { line: l.line, column: 1, field: "body" }));
        continue;
      }
      if (available.has(l.file) || outputs.has(l.file)) continue;
      const near = sameButCase(l.file, available);
      found.push(warning(CODES.brokenLink, file, `links to /${l.file}, which is not in articles/ or static/${near ? ` (${near.slice("; ".length)})` : ""}`, { line: l.line, column: 1, field: "body" }));
    }
  };
  for (const a of model.articles) if (a.articleLinks || a.fileLinks) check(a.file, a.articleLinks, a.fileLinks);
  const profiles = new Set([...model.authors.values()].flatMap((t) => (t.profile ? [t.profile] : [])));
  for (const p of profiles) if (p.articleLinks || p.fileLinks) check(p.file, p.articleLinks, p.fileLinks);
  for (const p of model.pages ?? []) if (p.articleLinks || p.fileLinks) check(p.file, p.articleLinks, p.fileLinks);
  // Articles with errors: their links, and their lead image (published articles' images are checked in checkImages).
  for (const r of records) {
    const u = r.unchecked;
    if (!u) continue;
    check(r.rel, u.articleLinks, u.fileLinks);
    if (u.imageLocal !== undefined && !available.has(u.imageLocal)) found.push(missingImage(r.rel, u.imageLocal, available, u.imageLine));
  }
  return found;
}

/**
 * A `duplicate-url` error for each author, tag or category name of an article with errors that
 * another spelling already takes (`C++` where another article has `C**`: both are `c`). The
 * published articles' clashes are found as the model is made; these would otherwise wait until
 * the file's other errors are fixed, and a reporter would fix one error only to meet the next.
 */
function termClashes(model: SiteModel, records: Iterable<SourceRecord>, options: BuildOptions): Diagnostic[] {
  const found: Diagnostic[] = [];
  const terms = { author: model.authors, tag: model.tags, category: model.categories };
  const seen = new Map<string, { identity: string; name: string; file: string }>();
  // An article scheduled for later too: its clash would otherwise fail the unattended build at its publishing time.
  const withNames: [SourceRecord, readonly TermName[]][] = [];
  for (const r of records) {
    const names = r.unchecked?.terms ?? (scheduled(r.article, options) ? termNamesOf(r.article) : undefined);
    if (names) withNames.push([r, names]);
  }
  withNames.sort(([a], [b]) => byString(a.rel, b.rel));
  for (const [r, names] of withNames) {
    for (const t of names) {
      const identity = nameKey(t.name);
      const key = termKey(t.name, identity);
      if (!key) continue;
      const id = `${t.kind}:${key}`;
      const published = terms[t.kind].get(key);
      const first = seen.get(id) ?? (published ? { identity: nameKey(published.name), name: published.name, file: model.articles[published.articles[0]!]?.file ?? "articles/" } : undefined);
      if (!first) seen.set(id, { identity, name: t.name, file: r.rel });
      else if (!sameName(first.identity, identity)) found.push(termClash(r.rel, t.kind, t.name, first, key, t.line, t.field));
    }
  }
  return found;
}

/** The site's strings Markdown writes into a body (the box a table scrolls in, the footnotes' names), where the site sets them. */
function bodyLabels(strings: Readonly<Record<string, string | undefined>>): Pick<MarkdownOptions, "tableLabel" | "footnotesLabel" | "footnoteBackLabel"> {
  const { table, footnotes, footnoteBack } = strings;
  return { ...(table !== undefined ? { tableLabel: table } : {}), ...(footnotes !== undefined ? { footnotesLabel: footnotes } : {}), ...(footnoteBack !== undefined ? { footnoteBackLabel: footnoteBack } : {}) };
}

/** An article that is no draft and will be published later, by time alone (not in a `--future` build). */
function scheduled(a: ArticleRecord | undefined, options: BuildOptions): a is ArticleRecord {
  return !!a && !a.draft && !isPublished(a, options);
}

/** The author, tag and category names of a valid article, at their fields' lines, as `Unchecked.terms` has an invalid one's. */
function termNamesOf(a: ArticleRecord): TermName[] {
  const authorField = a.keyLines.author !== undefined ? "author" : "authors";
  return [
    ...a.authors.map((name): TermName => ({ kind: "author", name, field: authorField, line: a.keyLines[authorField] ?? 1 })),
    ...a.tags.map((name): TermName => ({ kind: "tag", name, field: "tags", line: a.keyLines.tags ?? 1 })),
    ...(a.category !== undefined ? [{ kind: "category", name: a.category, field: "category", line: a.keyLines.category ?? 1 } satisfies TermName] : []),
  ];
}

const missingImage = (file: string, imageLocal: string, available: ReadonlySet<string>, line = 1): Diagnostic =>
  warning(CODES.missingImage, file, `image "${imageLocal || "/"}" is not in articles/ or static/${lookedFor(imageLocal, available)}`, { line, column: 1, field: "image" });

/** Where a missing file of the site was looked for, and the file it most likely is when only capitals differ. */
function lookedFor(path: string, available: ReadonlySet<string>): string {
  return path ? ` (looked for articles/${path} and static/${path}${sameButCase(path, available)})` : "";
}

const byLowerCase = new WeakMap<ReadonlySet<string>, Map<string, string>>();

/** `; there is 2024/Banjir.PNG: …` when a published file differs from `path` only in capitals (a web server tells them apart). */
function sameButCase(path: string, available: ReadonlySet<string>): string {
  let index = byLowerCase.get(available);
  if (!index) {
    index = new Map();
    for (const p of available) if (!index.has(p.toLowerCase())) index.set(p.toLowerCase(), p);
    byLowerCase.set(available, index);
  }
  const near = index.get(path.toLowerCase());
  return near !== undefined && near !== path ? `; there is ${near}: file names differ in capitals, which web servers tell apart` : "";
}

/** An `encoding` error for each file of `items` this process may not read (a `chmod 000`, another user's file). */
function unreadable(items: readonly CopyItem[]): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const c of items) {
    try {
      accessSync(c.abs, constants.R_OK);
    } catch (e) {
      found.push(error(CODES.encoding, c.source, `cannot read file: ${(e as NodeJS.ErrnoException).code ?? "error"}`, { line: 1, column: 1 }));
    }
  }
  return found;
}

/** Warn about missing local lead images; measure the lead images that are there. */
function checkImages(model: SiteModel, copies: readonly CopyItem[], available: ReadonlySet<string>, diagnostics: Diagnostic[]): Map<string, ImageDims> {
  const byPath = new Map(copies.map((c) => [c.path, c]));
  const dims = new Map<string, ImageDims>();
  for (const a of model.articles) {
    if (a.imageLocal === undefined) continue;
    const copy = byPath.get(a.imageLocal);
    if (!copy) {
      diagnostics.push(missingImage(a.file, a.imageLocal, available, a.keyLines.image));
      continue;
    }
    const d = measureImage(copy.abs, copy.key);
    if (d) dims.set(a.file, d);
  }
  // Images in the bodies (and in the newsroom's own pages), by the path they are published at
  // (`bodyImageKey`): pages give them a width and height, so the text does not jump as they load.
  for (const a of [...model.articles, ...(model.pages ?? [])]) {
    for (const file of bodyImages(a)) {
      const key = bodyImageKey(file);
      if (dims.has(key)) continue;
      const copy = byPath.get(file);
      const d = copy && measureImage(copy.abs, copy.key);
      if (d) dims.set(key, d);
    }
  }
  return dims;
}

/**
 * The model as pages and feeds show it: an article whose lead image is a local file the site does
 * not have is shown without one (warned about in checkImages), never with a broken image. The
 * model itself keeps the image (the cache shares its articles with the parsed records); what
 * lists and feeds show of the article changes, so its teaser hash does too.
 */
function shownModel(model: SiteModel, available: ReadonlySet<string>, photos: ReadonlyMap<string, readonly Variant[]>): SiteModel {
  let articles: Article[] | undefined;
  for (let i = 0; i < model.articles.length; i++) {
    let a = model.articles[i]!;
    // The body's photos offer their smaller copies too: a phone no longer loads a 2400 px original
    // for a 343 px column (see `withImageSizes` in render/context.ts).
    const bodySrcsets = photos.size && a.fileLinks?.length ? bodySrcsetsOf(a, photos) : undefined;
    if (bodySrcsets) a = (articles ??= model.articles.slice())[i] = { ...a, bodySrcsets };
    if (a.imageLocal === undefined) continue;
    if (available.has(a.imageLocal)) {
      // A photo with smaller copies: pages and teasers offer them (their names hold the photo's content hash).
      const variants = photos.get(a.imageLocal);
      if (!variants || a.image === undefined) continue;
      const imageSrcset = srcsetOf(a.image, variants);
      (articles ??= model.articles.slice())[i] = { ...a, imageSrcset, teaserHash: `${a.teaserHash}|${imageSrcset}` };
      continue;
    }
    const { image: _image, imageAlt: _alt, imageCaption: _caption, ...shown } = a;
    (articles ??= model.articles.slice())[i] = { ...shown, teaserHash: `${a.teaserHash}|no-image` };
  }
  return { ...model, ...(articles ? { articles } : {}), files: available };
}

/** Each body photo of `a` with smaller copies → their names and widths (`srcsetOf` with no folder); undefined when none has any. */
function bodySrcsetsOf(a: Article, photos: ReadonlyMap<string, readonly Variant[]>): Record<string, string> | undefined {
  let found: Record<string, string> | undefined;
  for (const file of bodyImages(a)) {
    const variants = photos.get(file);
    if (variants?.length) (found ??= {})[file] = srcsetOf("", variants);
  }
  return found;
}

/** An author profile as pages show it: without a local photo the site does not have (warned about here). */
function withPhotoIfThere(p: AuthorProfile, available: ReadonlySet<string>, diagnostics: Diagnostic[]): AuthorProfile {
  const photo = p.photoLocal;
  if (!photo || available.has(photo.file)) return p;
  diagnostics.push(warning(CODES.missingImage, p.file, `photo "${photo.file}" is not in static/ or articles/${lookedFor(photo.file, available)}`, { line: photo.line, column: 1, field: "photo" }));
  const { photo: _photo, ...shown } = p;
  return { ...shown, hash: `${p.hash}|no-photo` };
}

/**
 * The site files (output paths) that unpublished articles (drafts; dated after the build's "now")
 * and draft pages name, by lead image or body link, and that nothing published names: no published article, no
 * author profile's photo or text, no page, not the config's `siteImages` (the publisher's logo and
 * the share picture, which every page, feed and JSON-LD show). With `--drafts` or `--future` those articles are published, and so are their files.
 */
function namedOnlyByUnpublished(sources: ReadonlyMap<string, SourceRecord>, options: BuildOptions, siteImages: readonly (string | undefined)[]): Set<string> {
  // The files a source names (links to articles name their sources, `articles/x.md`, never copied).
  const named = (a: { imageLocal?: string | undefined; fileLinks?: readonly LocalLink[] | undefined }): string[] => [
    ...(a.imageLocal !== undefined ? [a.imageLocal] : []),
    ...(a.fileLinks ?? []).filter((l) => !l.page).map((l) => l.file),
  ];
  const hidden = new Set<string>();
  // A page of pages/ marked as a draft is unpublished too (a `--drafts` build publishes it).
  const draftPage = (r: SourceRecord): boolean => !!r.page?.draft && !options.drafts;
  for (const r of sources.values()) {
    if (r.article && !isPublished(r.article, options)) for (const file of named(r.article)) hidden.add(file);
    else if (draftPage(r)) for (const file of named(r.page!)) hidden.add(file);
  }
  // Most builds have no unpublished article naming a file: the rest is not looked at.
  if (hidden.size === 0) return hidden;
  // What published sources name: a published article's files, every profile's photo and text, every page's.
  const shown = (r: SourceRecord): string[] => {
    if (r.article) return isPublished(r.article, options) ? named(r.article) : [];
    if (r.profile) return [...(r.profile.photoLocal ? [r.profile.photoLocal.file] : []), ...named(r.profile)];
    return r.page && !draftPage(r) ? named(r.page) : [];
  };
  for (const r of sources.values()) for (const file of shown(r)) hidden.delete(file);
  // A draft that shows the site's logo (an anniversary story) must not take it off every page and feed.
  for (const image of siteImages) if (image !== undefined && !isHttpUrl(image)) hidden.delete(resolveSitePath(image, "").file);
  return hidden;
}

/** Everything the output depends on, including which articles "now" makes visible. */
function inputsFingerprint(
  options: BuildOptions,
  out: string,
  globalHash: string,
  sources: ReadonlyMap<string, SourceRecord>,
  copies: readonly CopyItem[],
  records: ReadonlyArray<{ record: { file: string; draft: boolean; dateMs: number; updatedMs?: number } }>,
): string {
  const visible = records.filter(({ record }) => isPublished(record, options));
  const inNews = visible.filter(({ record: r }) => r.dateMs > options.nowMs - NEWS_WINDOW_MS);
  // Their "`updated` is later than the build's time" warning is in the report.
  const updatedAhead = visible.filter(({ record: r }) => r.updatedMs !== undefined && r.updatedMs > options.nowMs && r.dateMs <= options.nowMs);
  return hash(
    globalHash,
    out,
    `${!!options.drafts}|${!!options.future}`,
    [...sources.values()].map((r) => `${r.rel}:${r.hash}`).join("\n"),
    copies.map((c) => `${c.path}:${c.abs}:${c.key}`).join("\n"),
    visible.map((v) => v.record.file).join("\n"),
    inNews.map((v) => v.record.file).join("\n"),
    updatedAhead.map((v) => v.record.file).join("\n"),
  );
}

/** `candidates`: the pages that may have changed (all of them, or a same-shape save's repriced ones). */
function mostlyChanged(candidates: readonly PlannedPage[], total: number, outputs: ReadonlyMap<string, OutputRecord>): boolean {
  if (total < FULL_REBUILD_MIN || candidates.length <= total / 2) return false;
  let changed = 0;
  for (const p of candidates) if (outputs.get(p.path)?.fingerprint !== p.fingerprint) changed++;
  return changed > total / 2;
}

/** true: a folder (through links); false: something else; undefined: nothing there. */
function isFolder(path: string): boolean | undefined {
  try {
    return statSync(path).isDirectory();
  } catch {
    return undefined;
  }
}
