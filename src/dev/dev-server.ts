/**
 * `warta dev`: build once, serve the output on 127.0.0.1, rebuild on every save.
 *
 *   watcher batch ─▶ one build at a time (same pipeline, previous BuildState) ─▶ SSE event
 *                    (this thread)                                            (serving thread)
 *
 * - The server answers from a thread of its own, never blocked by a build: during the first
 *   build it serves the home page and the theme's assets as soon as they are written and holds
 *   every other request until the build is over; later it serves the last good output.
 * - Builds never overlap: `build()` is synchronous, and batches that arrive while one runs are
 *   coalesced into exactly one follow-up build.
 * - The reload event is sent after the build's writes completed; a failed build writes nothing,
 *   so the server keeps serving the last good output, and the tab shows an overlay.
 * - Content problems never end the process; even a crash inside the pipeline becomes an overlay,
 *   and the next build starts from scratch.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { EventEmitter } from "node:events";
import { existsSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { loadCache, markOutputChanging, saveCache } from "../build/cache.ts";
import { tempImageCache } from "../images/image-cache.ts";
import { build, type BuildOptions, type BuildStats } from "../build/pipeline.ts";
import { emptyState, type BuildState } from "../build/state.ts";
import { formatDiagnostic, summarize, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { isSiteUrl, SITE_URL_RULE } from "../util/http-url.ts";
import { folderId, isLastOutput, sameFolder } from "../build/quick.ts";
import { checkOutputDir, lockOutput } from "../write/output-dir.ts";
import { HeapBudget } from "../util/heap.ts";
import { changeStamp, realPathOf } from "../load/walk.ts";
import { ChangedError } from "../load/read-listed.ts";
import { systemErrorCode } from "../util/system-error.ts";
import { scanListing, scanSources } from "./scan.ts";
import { isLoopbackHost } from "./server.ts";
import { startServing } from "./serving-thread.ts";
import { EMPTY_GRACE_MS, watchSources, type SourceWatcher } from "./watch.ts";

export interface DevOptions {
  root: string;
  out: string;
  port: number;
  host: string;
  drafts: boolean;
  future: boolean;
  open: boolean;
  baseUrl?: string;
  /** SOURCE_DATE_EPOCH when set; otherwise each rebuild reads the clock. */
  fixedNowMs?: number;
  log: (line: string) => void;
  warn: (line: string) => void;
  /** Close cleanly on SIGINT/SIGTERM/SIGHUP (default true; tests running in-process pass false). */
  handleSignals?: boolean;
  /** Quiet period of the watcher before a batch is built (default: the watcher's, 10 ms). */
  debounceMs?: number;
  /**
   * Make `settled()` prove it: each build records a scan of the sources, and `settled()` compares
   * it with a fresh scan, waiting for the watcher when they differ (costs one walk per build).
   */
  settleCheck?: boolean;
  /** Built-in templates folder (tests may point elsewhere). */
  builtinTemplates?: string;
  progress?: BuildOptions["progress"];
  /** Start from the build cache (`.warta-cache/`) and refresh it after the first build (CLI default). */
  cache?: boolean;
}

/** What the browser was told after a build. */
export type SentEvent = "reload" | "css" | "error" | "ok" | "none";

export interface BuildOutcome {
  /** 1 for the initial build. */
  n: number;
  ok: boolean;
  /** `changed`: a file changed while the build copied it; the build of its save follows. */
  kind: "ok" | "content" | "config" | "crash" | "changed";
  diagnostics: Diagnostic[];
  /** Output paths written or removed. */
  changed: string[];
  /** Source paths of the batch (empty for the initial build and forced builds). */
  trigger: string[];
  ms: number;
  stats?: BuildStats;
  sent: SentEvent;
  /** Good builds that changed the output so far: the number pages carry to detect staleness. */
  generation: number;
}

export interface DevServer {
  url: string;
  port: number;
  /** The base URL the site is built with. */
  baseUrl: string;
  events: EventEmitter<DevEventMap>;
  /** Resolves once no build is pending or running (with `settleCheck`: and the sources are unchanged). */
  settled(): Promise<BuildOutcome>;
  /** Builds done so far, and builds `settled()` had to force because the watcher stayed silent. */
  counters(): { builds: number; missed: number; clients: number };
  close(): Promise<void>;
}

export interface DevEventMap {
  /** Every build, good or bad. */
  build: [BuildOutcome];
  /** A batch handed over by the watcher. */
  change: [string[]];
  reload: [{ build: number }];
  css: [{ build: number; paths: string[] }];
  error: [{ diagnostics: WireDiagnostic[] }];
  ok: [{ build: number }];
}

export type WireDiagnostic = Pick<Diagnostic, "file" | "line" | "column" | "code" | "severity" | "message" | "field">;

/** A problem with the command line (output folder, port), not with content: the CLI exits 2. */
export class DevStartError extends Error {
  override name = "DevStartError";
}

const MAX_WIRE_DIAGNOSTICS = 50;
/** How often `warta dev` looks whether its site folder is still the folder it watches. */
const ROOT_CHECK_MS = 500;
const WATCHER_GRACE_MS = 5000;

export async function startDev(options: DevOptions): Promise<DevServer> {
  // The watcher does not follow links: a root given through one (`--root ~/situs` → /data/situs)
  // is watched where it is, or no save would ever be seen.
  const root = realPathOf(resolve(options.root));
  const out = resolve(options.out);
  // From the cache, the first build re-parses only what changed since the last `warta build`.
  let state: BuildState = options.cache ? loadCache(root) : emptyState();
  // Without the cache, photos' smaller copies are made in a temp folder for this session.
  const images = options.cache ? undefined : tempImageCache();
  const problem = checkOutputDir(root, out, isLastOutput(state, realPathOf(out)));
  if (problem) throw new DevStartError(problem);
  // A bad flag is a usage error, as in `build`: no server that could only show an older output.
  if (options.baseUrl !== undefined && !isSiteUrl(options.baseUrl)) throw new DevStartError(`--base-url ${SITE_URL_RULE}, not "${options.baseUrl}"`);
  // The session is the output folder's one writer: a `warta build` into it meanwhile is refused.
  const unlock = lockOutput(out, "dev");
  if (typeof unlock === "string") throw new DevStartError(unlock);
  const settleCheck = !!options.settleCheck;
  const events = new EventEmitter<DevEventMap>();
  // Nobody has to listen to "error": it is a build event here, not an exception.
  events.on("error", () => {});

  let generation = 0;
  let builds = 0;
  /** A build of this session succeeded: from then on the output is what this process wrote. */
  let ownOutput = false;
  let missed = 0;
  let failing: { diagnostics: WireDiagnostic[] } | undefined;
  let lastOutcome: BuildOutcome | undefined;
  let lastScan: string | undefined;
  let lastPrinted = "";
  let running = false;
  let queued: string[] | undefined;
  let closed = false;
  const idleWaiters: (() => void)[] = [];

  const session = randomBytes(6).toString("hex");
  const serving = startServing(out, session, options.warn);
  const send = <K extends "reload" | "css" | "error" | "ok">(event: K, data: DevEventMap[K][0]): void => {
    serving.post({ kind: "send", event, data, build: generation, ...(failing ? { failing } : {}) });
    (events.emit as (e: string, d: unknown) => boolean)(event, data);
  };

  // The base URL depends on the port: listen first. Requests wait for the first build (but for
  // the pages it writes first), so they already see the right prefix.
  const port = await serving.listen(options.host, options.port).catch(async (e: NodeJS.ErrnoException) => {
    await serving.close();
    unlock();
    throw new DevStartError(`cannot listen on ${options.host}:${options.port}: ${e.code ?? e.message}`);
  });
  const origin = `http://${urlHost(options.host)}:${port}/`;
  const baseUrl = options.baseUrl ?? origin;
  const basePath = sitePath(baseUrl);
  serving.post({ kind: "base", basePath });
  const url = new URL(urlPath(basePath), origin).href;

  const runBuild = (trigger: string[], listed = false, onEarly?: BuildOptions["onEarly"]): BuildOutcome => {
    running = true;
    const t0 = performance.now();
    const n = ++builds;
    const scanBefore = settleCheck ? scanSources(root, out) : "";
    let outcome: BuildOutcome;
    try {
      const result = build(
        {
          root, out, baseUrl, drafts: options.drafts, future: options.future, nowMs: options.fixedNowMs ?? Date.now(),
          // The watcher's paths let the build re-stat only those. Once this session has built, it is
          // the only writer of `out`; its first build checks the output a cache describes (a file
          // deleted by hand since is written again).
          // A new file may come with a removal chokidar reports later (it delays `unlink` by 100 ms), so
          // a batch with an addition lists the folders again.
          // An output emptied by hand (`rm -rf dist/*`) is not this session's any more: checked whole, built whole.
          ...(listed ? { changedSources: trigger } : {}), trustOutput: ownOutput && existsSync(join(out, "index.html")),
          ...(options.builtinTemplates ? { builtinTemplates: options.builtinTemplates } : {}),
          ...(options.progress ? { progress: options.progress } : {}),
          ...(onEarly ? { onEarly } : {}),
          ...(options.cache ? { beforeOutputChange: () => markOutputChanging(root) } : { imageCache: images!.dir }),
        },
        state,
      );
      state = result.state;
      if (result.ok) ownOutput = true;
      // What this build saw: its listing (maybe patched from the watcher's paths), else the disk before it.
      if (settleCheck) lastScan = state.live?.listing ? scanListing(root, state.live.listing) : scanBefore;
      const ms = Math.round(performance.now() - t0);
      outcome = { n, ok: result.ok, kind: result.kind, diagnostics: result.diagnostics, changed: result.changed, trigger, ms, stats: result.stats, sent: "none", generation };
    } catch (e) {
      if (e instanceof ChangedError) {
        // A file saved again while the build copied it: nothing was written (the output and the state are the last
        // build's), and the watcher's batch for that save builds it. Not a failure to show.
        outcome = { n, ok: false, kind: "changed", diagnostics: [], changed: [], trigger: [e.rel], ms: Math.round(performance.now() - t0), sent: "none", generation };
      } else {
        // A bug or an IO failure, not content: report it like content, and rebuild from scratch next time
        // (an incremental write may have stopped half-way).
        state = emptyState();
        if (settleCheck) lastScan = scanBefore;
        const message = e instanceof Error ? e.message : String(e);
        // The system's failures (a full disk, a folder that refuses a write) are said as they are; a bug with its stack.
        const io = systemErrorCode(e) !== undefined;
        options.warn(io ? `warta dev: ${message}` : `warta dev: build crashed: ${e instanceof Error ? (e.stack ?? message) : message}`);
        const d: Diagnostic = { code: "config", severity: "error", file: "(build)", message: io ? message : `internal error: ${message}` };
        outcome = { n, ok: false, kind: "crash", diagnostics: [d], changed: [], trigger, ms: Math.round(performance.now() - t0), sent: "none", generation };
      }
    } finally {
      running = false;
    }
    report(outcome);
    lastOutcome = outcome;
    events.emit("build", outcome);
    return outcome;
  };

  /**
   * A source the build read whose file has changed since: a plain save truncates the file, then
   * writes it, and a build that read it in between sees an empty file. Its save is on disk, and
   * the watcher's batch for it follows.
   */
  const changedSinceRead = (rel: string): boolean => {
    const read = state.sources.get(rel);
    if (!read) return false;
    try {
      const st = statSync(join(root, rel));
      // Or still empty, moments after it was emptied: its write is on the way (see watch.ts).
      return st.size !== read.size || changeStamp(st) !== read.stampMs || (st.size === 0 && Date.now() - st.mtimeMs < EMPTY_GRACE_MS);
    } catch {
      return true;
    }
  };

  /** A build of `paths` (files saved again since `o` read them), should the watcher's batch for their saves not come. */
  const buildUnlessBatched = (o: BuildOutcome, paths: string[]): void => {
    setTimeout(() => {
      if (!closed && lastOutcome === o && !running && !watcher?.busy) onBatch(paths);
    }, 200).unref();
  };

  const report = (o: BuildOutcome): void => {
    if (o.kind === "changed") {
      buildUnlessBatched(o, o.trigger);
      return;
    }
    const printed = o.diagnostics.map(formatDiagnostic).join("\n");
    const errors = o.diagnostics.filter((d) => d.severity === "error");
    if (!o.ok && o.kind !== "crash" && errors.length > 0 && errors.every((d) => changedSinceRead(d.file))) {
      // Every error is in a file saved again since it was read, or emptied moments ago: no
      // "build failed" for content that may never have been wrong. The build of the saved files
      // reports; should the watcher's batch not come, one is made here.
      o.sent = "none";
      buildUnlessBatched(o, [...new Set(errors.map((d) => d.file))]);
      return;
    }
    if (!o.ok) {
      failing = { diagnostics: errors.slice(0, MAX_WIRE_DIAGNOSTICS).map(wire) };
      o.sent = "error";
      send("error", failing);
      options.warn(`${printed}\n${summarize(o.diagnostics)}\nwarta dev: build failed; ${existsSync(out) ? "still serving the last good output" : "nothing to serve until a build succeeds"}`);
      lastPrinted = printed;
      return;
    }
    const wasFailing = failing !== undefined;
    failing = undefined;
    if (printed !== lastPrinted && printed) options.warn(`${printed}\n${summarize(o.diagnostics)}`);
    lastPrinted = printed;
    // Pages served during the first build are already its output: nothing to reload.
    if (o.changed.length && o.n > 1) {
      o.generation = ++generation;
      const css = cssChange(o.changed, o.trigger);
      if (css) {
        o.sent = "css";
        send("css", { build: generation, paths: css.map((p) => urlPath(basePath + p)) });
      } else {
        o.sent = "reload";
        send("reload", { build: generation });
      }
    } else if (wasFailing) {
      o.sent = "ok";
      send("ok", { build: generation });
    }
    const s = o.stats;
    if (o.n === 1 && s) options.log(`warta dev: built ${s.articles} articles, ${s.pages} pages in ${o.ms} ms`);
    else if (s) options.log(`warta dev: ${o.trigger.length ? `${o.trigger.slice(0, 3).join(", ")}${o.trigger.length > 3 ? ` (+${o.trigger.length - 3})` : ""}` : "rebuild"} → ${s.rendered} rendered, ${s.written} written, ${s.removed} removed in ${o.ms} ms${o.sent === "none" ? "" : ` (${o.sent})`}`);
    // A reporter who saved a draft (`warta new` writes one) or a story dated later sees no page for
    // it: said, with the flag that shows it, instead of a 404 and "0 rendered" alone.
    if (o.n > 1) for (const note of unpublishedNotes(o.trigger)) options.log(note);
  };
  const unpublishedNotes = (saved: readonly string[]): string[] => {
    const notes: string[] = [];
    for (const rel of saved.slice(0, 20)) {
      const a = state.sources.get(rel)?.article;
      if (!a) continue;
      if (a.draft && !options.drafts) notes.push(`warta dev: ${rel} is a draft (draft: true): not on the site; restart with warta dev --drafts to see drafts, or publish it with draft: false`);
      else if (!a.draft && !options.future && a.dateMs > (options.fixedNowMs ?? Date.now())) notes.push(`warta dev: ${rel} is dated after now: not on the site until then; restart with warta dev --future to see it now`);
    }
    return notes;
  };

  // Each build leaves its model, plan and pages as garbage, and V8 let a session's heap grow to
  // ~700 MB at 10k articles before its first major collection (RSS ~1 GiB after ~100 saves, then
  // 600 MiB). Collected once the heap has grown by half the live data, after a build (the pages
  // are served from their own thread meanwhile): ~0.1–0.2 s every few dozen saves at 10k.
  const heap = new HeapBudget(64 * 1024 * 1024, 1 / 2);

  const settleIfIdle = (): void => {
    if (running || queued || !watcher || watcher.busy) return;
    for (const w of idleWaiters.splice(0)) w();
  };

  const onBatch = (paths: string[], info?: { added: boolean }): void => {
    if (closed) return;
    events.emit("change", paths);
    if (running) {
      // Cannot happen with a synchronous build, but keep the promise: one follow-up build.
      queued = [...(queued ?? []), ...paths];
      return;
    }
    // Only the watcher's own batches name every changed path.
    runBuild(paths, info !== undefined && !info.added && paths.length > 0);
    while (queued && !closed) {
      const next = queued;
      queued = undefined;
      runBuild(next);
    }
    heap.check();
    settleIfIdle();
  };

  // Ctrl+C works from the first page on, also while the watcher is still scanning.
  let watcher: SourceWatcher | undefined;
  let watchdog: NodeJS.Timeout | undefined;
  let stopped = (): void => {};
  const stopping = new Promise<void>((r) => (stopped = r));
  // A closed terminal (SIGHUP) stops the session as Ctrl+C does: the cache is saved.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const onSignal = (): void => {
    for (const signal of signals) process.off(signal, onSignal);
    options.log("warta dev: stopping");
    void close();
  };
  if (options.handleSignals !== false) for (const signal of signals) process.on(signal, onSignal);
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      closed = true;
      stopped();
      clearInterval(watchdog);
      for (const signal of signals) process.off(signal, onSignal);
      await watcher?.close();
      await serving.close();
      // The cache describes the output as this session left it: a `warta build` after it starts warm.
      if (options.cache) saveCache(root, state);
      images?.remove();
      unlock();
      for (const w of idleWaiters.splice(0)) w();
    })());

  // The server answers from its own thread: the URL is good now. The tab gets the home page as
  // soon as the first build has written it, every other page once that build is over. The first
  // build runs before the watcher's initial scan (10k files: seconds); what changed while it ran
  // is caught below.
  const loopback = isLoopbackHost(options.host);
  options.log(`warta dev: serving ${url}${loopback ? "" : ` (listening on ${options.host}: reachable from other machines)`} — Ctrl+C to stop`);
  options.log(`warta dev: building ${root} → ${out}`);
  if (options.open) openBrowser(url, options.warn);
  let first: BuildOutcome;
  try {
    first = runBuild([], false, (dir, paths) => serving.post({ kind: "early", dir, paths: [...paths] }));
  } finally {
    serving.post({ kind: "ready" });
  }

  const startWatching = (): SourceWatcher =>
    watchSources({
      root, out, ...(options.debounceMs !== undefined ? { quietMs: options.debounceMs } : {}), onBatch, onIdle: () => settleIfIdle(),
      onError: (e) => {
        const hint = (e as NodeJS.ErrnoException).code === "ENOSPC" ? " (raise fs.inotify.max_user_watches)" : "";
        options.warn(`warta dev: watcher: ${e.message}${hint}`);
      },
    });
  watcher = startWatching();
  await Promise.race([watcher.ready, stopping]);
  // The watcher watches the folder it found: a site folder moved away and back, or replaced by a
  // copy (`rm -rf situs && cp -r cadangan situs`, a `git clone` over it), was never seen again,
  // and the preview stayed as it was for good. The folder's identity is looked at twice a second;
  // when it is another folder, or came back after it was gone, it is watched anew and built.
  let watchedId = folderId(root);
  let gone = false;
  watchdog = setInterval(() => {
    if (closed) return;
    const id = folderId(root);
    if (id === undefined) {
      gone = true;
      return;
    }
    if (watchedId !== undefined && sameFolder(id, watchedId) && !gone) return;
    watchedId = id;
    gone = false;
    const before = watcher;
    watcher = startWatching();
    void before?.close();
    options.log(`warta dev: ${root} was moved or replaced; watching it again`);
    const now = watcher;
    void now.ready.then(() => {
      if (!closed && watcher === now) onBatch([]);
    });
  }, ROOT_CHECK_MS);
  watchdog.unref();
  if (!closed) {
    // A save made between the first build's listing and the end of the watcher's scan: build it.
    // (A first build stopped by the config listed nothing: the config's fix builds everything.)
    const seen = state.live?.listing;
    if (seen ? scanSources(root, out) !== scanListing(root, seen) : first.ok) onBatch([]);
    if (options.cache && first.ok) saveCache(root, state);
    options.log("warta dev: watching for changes");
  }

  const idle = (): Promise<void> =>
    new Promise((resolveIdle) => {
      idleWaiters.push(resolveIdle);
      settleIfIdle();
    });
  const isIdle = (): boolean => !running && !queued && !watcher?.busy;

  const settled = async (): Promise<BuildOutcome> => {
    for (;;) {
      await idle();
      if (!settleCheck || closed || scanSources(root, out) === lastScan) return lastOutcome!;
      // The files differ from what the last build read: the watcher has not reported yet. Give it time.
      const deadline = Date.now() + WATCHER_GRACE_MS;
      while (isIdle() && !closed && Date.now() < deadline && scanSources(root, out) !== lastScan) await delay(10);
      if (isIdle() && !closed && scanSources(root, out) !== lastScan) {
        missed++;
        options.warn("warta dev: the watcher missed a change; rebuilding");
        onBatch([]);
      }
    }
  };

  return {
    url, port, baseUrl, events, settled, close,
    counters: () => ({ builds, missed, clients: serving.clients() }),
  };
}

const wire = (d: Diagnostic): WireDiagnostic => ({
  file: d.file, code: d.code, severity: d.severity, message: d.message,
  ...(d.line !== undefined ? { line: d.line } : {}), ...(d.column !== undefined ? { column: d.column } : {}), ...(d.field ? { field: d.field } : {}),
});

/**
 * Stylesheet paths to hot-swap, or undefined for a full reload. Hot swap when only `.css` outputs
 * changed, or when every source of the batch was a `.css` file (a stylesheet under `templates/`
 * also changes the template hash, so the pipeline re-writes every page with the same bytes).
 */
export function cssChange(changed: readonly string[], trigger: readonly string[]): string[] | undefined {
  const css = changed.filter((p) => p.toLowerCase().endsWith(".css"));
  if (!css.length) return undefined;
  if (css.length === changed.length) return css;
  if (trigger.length && trigger.every((p) => p.toLowerCase().endsWith(".css"))) return css;
  return undefined;
}

/** Host for URLs: wildcard binds are reached through loopback; IPv6 literals get brackets. */
function urlHost(host: string): string {
  if (host === "" || host === "0.0.0.0" || host === "::" || host === "[::]") return "127.0.0.1";
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}

/** Decoded path of a base URL, always ending with `/`. */
function sitePath(baseUrl: string): string {
  let p = "/";
  try {
    p = decodeURIComponent(new URL(baseUrl).pathname);
  } catch {
    // checked at start (startDev): not reached
  }
  return p.endsWith("/") ? p : `${p}/`;
}

/** A decoded path as it appears in `URL.pathname`. */
const urlPath = (path: string): string => path.split("/").map(encodeURIComponent).join("/");

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function openBrowser(url: string, warn: (s: string) => void): void {
  const [cmd, args] = process.platform === "darwin" ? ["open", [url]] : process.platform === "win32" ? ["cmd", ["/c", "start", "", url]] : ["xdg-open", [url]];
  try {
    const child = spawn(cmd as string, args as string[], { stdio: "ignore", detached: true });
    child.on("error", () => warn(`warta dev: could not open a browser; visit ${url}`));
    child.unref();
  } catch {
    warn(`warta dev: could not open a browser; visit ${url}`);
  }
}
