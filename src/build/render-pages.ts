/**
 * Render stage: planned pages → HTML through the templates. Pages whose fingerprint equals the
 * previous build's are kept, not rendered. Template errors become diagnostics (one per distinct
 * template problem), never exceptions.
 */
import type { ResolvedConfig } from "../config/schema.ts";
import type { Diagnostic } from "../diagnostics/diagnostic.ts";
import type { ImageDims } from "../load/image-size.ts";
import type { SiteModel } from "../model/types.ts";
import type { NavItem, PlannedPage } from "../pages/plan.ts";
import { ViewBuilder } from "../render/context.ts";
import { createTemplateEnv, TemplateError, type TemplateEnv } from "../render/nunjucks.ts";
import { HeapBudget } from "../util/heap.ts";
import type { OutputRecord } from "./state.ts";

const MAX_TEMPLATE_ERRORS = 20;
const RENDERING = " (rendering ";

/** One template problem, whichever page showed it. */
const problemKey = (d: Diagnostic): string => {
  const cut = d.message.lastIndexOf(RENDERING);
  return `${d.file}:${d.line}:${d.column}:${cut === -1 ? d.message : d.message.slice(0, cut)}`;
};

/** The errors of several renders (early pages, the rest, the helper thread's half), each problem once. */
export function distinctErrors(errors: readonly Diagnostic[]): Diagnostic[] {
  const first = new Map<string, Diagnostic>();
  for (const d of errors) if (!first.has(problemKey(d))) first.set(problemKey(d), d);
  return [...first.values()];
}

export interface Renderer {
  views: ViewBuilder;
  env: TemplateEnv;
}

export interface TemplateDirs {
  site?: string;
  builtin: string;
}

/** `templatesHash` identifies the template files: compiled templates are reused while it holds. */
export function createRenderer(model: SiteModel, config: ResolvedConfig, nav: NavItem[], imageDims: ReadonlyMap<string, ImageDims>, dirs: TemplateDirs, templatesHash: string): Renderer {
  const views = new ViewBuilder(model, config, nav, imageDims);
  const env = createTemplateEnv(dirs, config.basePath, config.baseUrl, { site: views.site, strings: views.strings }, templatesHash);
  return { views, env };
}

export interface Rendered {
  kept: Map<string, OutputRecord>;
  count: number;
  errors: Diagnostic[];
}

export type Sink = (path: string, html: string, fingerprint: string) => void;

/**
 * Render `pages`: a list, or the pages this thread claims as it goes from a list it shares with
 * the other thread (see shared-work.ts), with `total` and `done` (how many both threads took) for
 * the progress.
 */
export function renderPages(
  pages: Iterable<PlannedPage>,
  renderer: Renderer,
  body: (file: string) => string | undefined,
  sink: Sink,
  options: { previous?: ReadonlyMap<string, OutputRecord>; progress?: (stage: string, done: number, total: number) => void; total?: number; done?: () => number } = {},
): Rendered {
  const { views, env } = renderer;
  const result: Rendered = { kept: new Map(), count: 0, errors: [] };
  const seen = new Set<string>();
  const total = options.total ?? (Array.isArray(pages) ? pages.length : 0);
  let done = 0;
  const heap = new HeapBudget();
  for (const page of pages) {
    done++;
    if (done % 100 === 0) heap.check();
    if (options.progress && done % 500 === 0) options.progress("render", options.done?.() ?? done, total);
    const prev = options.previous?.get(page.path);
    if (prev?.fingerprint === page.fingerprint) {
      result.kept.set(page.path, prev);
      continue;
    }
    let html: string | undefined;
    try {
      const a = page.article !== undefined ? views.model.articles[page.article] : undefined;
      html = env.render(page.template, views.pageContext(page, a ? body(a.file) : undefined));
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      const key = problemKey(e.diagnostic);
      if (!seen.has(key)) {
        seen.add(key);
        result.errors.push({ ...e.diagnostic, message: `${e.diagnostic.message}${RENDERING}/${page.url})` });
      }
      if (result.errors.length >= MAX_TEMPLATE_ERRORS) break;
      continue;
    }
    if (result.errors.length) continue;
    sink(page.path, html, page.fingerprint);
    result.count++;
  }
  if (options.progress) options.progress("render", total, total);
  return result;
}
