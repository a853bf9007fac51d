/** The helper thread's side: answer parse and render jobs, one at a time, in order. */
import { workerData, type MessagePort } from "node:worker_threads";
import type { ResolvedConfig } from "../config/schema.ts";
import type { ImageDims } from "../load/image-size.ts";
import type { SourceEntry } from "../load/walk.ts";
import type { SiteModel } from "../model/types.ts";
import type { ParseOptions } from "../parse/article.ts";
import type { NavItem, PlannedPage } from "../pages/plan.ts";
import { AttachedOutput } from "../write/output-dir.ts";
import { errorText, type HelperReply } from "./helper-thread.ts";
import { createRenderer, renderPages, type TemplateDirs } from "./render-pages.ts";
import { claimed, takeChunks } from "./shared-work.ts";
import { parseArticleSource, parseEntry } from "./sources.ts";
import { systemErrorCode } from "../util/system-error.ts";

const { signal, port } = workerData as { signal: Int32Array; port: MessagePort };
let answered = 0;

export interface RenderJob {
  kind: "render";
  model: SiteModel;
  config: ResolvedConfig;
  nav: NavItem[];
  imageDims: ReadonlyMap<string, ImageDims>;
  dirs: TemplateDirs;
  templatesHash: string;
  /** All the pages to render: this thread takes chunks of them from `counter`, as the main thread does. */
  pages: PlannedPage[];
  counter: Int32Array;
  chunk: number;
  /** The rendered bodies of the pages' articles, by article file. */
  bodies: Map<string, string>;
  stagedDir: string;
  /** The output folder the staged one becomes (what a write error names). */
  out: string;
}

export interface ParseJob {
  kind: "parse";
  /** All the entries to parse: this thread takes chunks of them from `counter`, as the main thread does. */
  entries: SourceEntry[];
  options: ParseOptions;
  counter: Int32Array;
  chunk: number;
}

function handle(job: ParseJob | RenderJob): unknown {
  if (job.kind === "parse") {
    const parse = parseArticleSource(job.options);
    return takeChunks(job.counter, job.entries, job.chunk, (e) => parseEntry(e, parse));
  }
  const renderer = createRenderer(job.model, job.config, job.nav, job.imageDims, job.dirs, job.templatesHash);
  const out = new AttachedOutput(job.stagedDir, job.out);
  const written: [string, string][] = [];
  const result = renderPages(claimed(job.counter, job.pages, job.chunk), renderer, (file) => job.bodies.get(file), (path, html, fingerprint) => {
    out.write(path, html);
    written.push([path, fingerprint]);
  });
  return { written, count: result.count, errors: result.errors };
}

port.on("message", (job: ParseJob | RenderJob) => {
  let reply: HelperReply;
  try {
    reply = { ok: true, value: handle(job) };
  } catch (e) {
    const code = systemErrorCode(e);
    // A system error (ENOSPC, EACCES) keeps its code and message, which the CLI reports as such; anything else its stack.
    reply = { ok: false, error: errorText(e), ...(e instanceof Error && code ? { code, message: e.message } : {}) };
  }
  port.postMessage(reply);
  Atomics.store(signal, 0, ++answered);
  Atomics.notify(signal, 0);
});
