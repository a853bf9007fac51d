/**
 * The one adapter for nunjucks. Autoescape on; site templates override the built-in ones
 * file by file; compiled templates are kept for the life of the environment (one build, or
 * until a template changes in `dev`). Never nunjucks' own `watch`.
 */
import { readFileSync } from "node:fs";
import { resolve, sep } from "node:path";
import nunjucks from "nunjucks";
import { CODES, error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { jsonForScript } from "./escape.ts";
import { articleCount } from "./strings.ts";
import { decodeText } from "../load/read-text.ts";
import { templateCodeCache, templateCodeKey, type TemplateCodeCache } from "./template-code-cache.ts";

export interface TemplateEnv {
  render(name: string, context: object): string;
}

export class TemplateError extends Error {
  readonly diagnostic: Diagnostic;
  constructor(diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.diagnostic = diagnostic;
  }
}

type Safe = InstanceType<typeof nunjucks.runtime.SafeString>;

interface Session {
  /** Rendered teasers by item, then by `level|showSummary`. */
  teasers: WeakMap<object, Map<string, Safe>>;
  globals: { site: object; strings: object };
}

interface FrameLike {
  variables: Record<string, unknown>;
  resolve(name: string, forWrite: boolean): FrameLike | undefined;
  set(name: string, value: unknown, resolveUp?: boolean): void;
}

/**
 * nunjucks' `Frame#set` splits the variable's name on "." at every call, and a for-loop sets
 * seven variables per iteration (`item`, `loop.index`, `loop.first`…): about 3 million splits
 * in a 10k-article build, ~0.9 s of its CPU time. This is the same method with each name split
 * once (names come from templates, so there are few). The rendered bytes are the same (every
 * build test compares them).
 */
function splitNamesOnce(): void {
  const proto = (nunjucks.runtime as unknown as { Frame: { prototype: FrameLike & { wartaSplitOnce?: true } } }).Frame.prototype;
  if (proto.wartaSplitOnce) return;
  const names = new Map<string, string[]>();
  proto.set = function set(this: FrameLike, name: string, value: unknown, resolveUp?: boolean): void {
    let parts = names.get(name);
    if (!parts) {
      parts = name.split(".");
      names.set(name, parts);
    }
    if (resolveUp) {
      const frame = this.resolve(parts[0]!, true);
      if (frame) {
        frame.set(name, value);
        return;
      }
    }
    let obj = this.variables;
    for (let i = 0; i < parts.length - 1; i++) {
      const id = parts[i]!;
      if (!obj[id]) obj[id] = {};
      obj = obj[id] as Record<string, unknown>;
    }
    obj[parts[parts.length - 1]!] = value;
  };
  proto.wartaSplitOnce = true;
}
splitNamesOnce();

/**
 * nunjucks' `SafeString` is made with `Object.create(String.prototype)`, and V8 then keeps
 * `String.prototype` in dictionary mode ("slow properties") for as long as nothing looks a
 * property up through it. Every string method call in the process pays for that: with nunjucks
 * loaded, markdown-it parsed 10k articles in ~1.7× the time. Property loads through an object
 * whose prototype chain holds `String.prototype` make V8 turn it back into fast mode
 * (`JSObject::MakePrototypesFast`); a test checks the mode with `%HasFastProperties`.
 */
function fastStringPrototype(): void {
  const probe: unknown = new nunjucks.runtime.SafeString("");
  const load = (o: unknown): unknown => (o as { slice?: unknown }).slice;
  for (let i = 0; i < 100; i++) load(probe);
}
fastStringPrototype();

type RenderFn = (env: unknown, context: unknown, frame: unknown, runtime: unknown, cb: (err: unknown, res?: unknown) => void) => unknown;
interface TemplateLike {
  path: string;
  tmplStr?: unknown;
  tmplProps?: unknown;
  env: { opts: object; asyncFilters: string[]; extensionsList: unknown[]; wartaCode?: TemplateCodeCache };
  blocks: Record<string, RenderFn>;
  rootRenderFunc: RenderFn;
  _compile(): void;
  wartaPlacesErrors?: true;
}
type NunjucksError = Error & { Update?: (path: string) => void; wartaPlaced?: true };

/**
 * An error names the template it happened in. nunjucks names only the template that was asked
 * for: an error in `layout.njk`, which `article.njk` extends, or in a block a page overrides,
 * read `(article.njk) [Line 71…]` with the layout's line, once per page template that uses the
 * layout. Each template's root and block functions now name their own file on the first error
 * that leaves them (as `TemplateError#Update` does; the template asked for is named after it and
 * `templateDiagnostic` takes the innermost name), and an error in the code after a block or an
 * include is caught by the template it is in. An include already names its own file.
 */
function errorsNameTheirTemplate(): void {
  const proto = (nunjucks as unknown as { Template: { prototype: TemplateLike } }).Template.prototype;
  if (proto.wartaPlacesErrors) return;
  const TemplateErrorClass = (nunjucks as unknown as { lib: { TemplateError: new (cause: unknown) => NunjucksError } }).lib.TemplateError;
  const place = (err: unknown, path: string): unknown => {
    if (!(err instanceof Error)) return err;
    let e = err as NunjucksError;
    if (e.wartaPlaced) return e;
    if (typeof e.Update !== "function") {
      // Rendered and named by an included template already.
      if (e.name === "Template render error") return e;
      e = new TemplateErrorClass(e);
    }
    e.Update!(path);
    e.wartaPlaced = true;
    return e;
  };
  // What a function passes its result to is the rest of the template that called it (the layout
  // after a block, the page after an include). nunjucks calls it inside the function's own
  // `try`, so an error further on in the caller was caught here and given this function's line.
  // Thrown only once the function returned, it reaches the caller's `catch`, with the caller's line.
  // warta renders synchronously: the continuation runs before `fn` returns. The first error is
  // the one reported (the page may go on rendering after it, as an include's loop does).
  const wrap = (fn: RenderFn, path: string): RenderFn => {
    const named: RenderFn & { unwrapped?: RenderFn } = function named(env, context, frame, runtime, cb) {
      let thrown: { error: unknown } | undefined;
      const result = fn(env, context, frame, runtime, (err, res) => {
        try {
          cb(err ? place(err, path) : err, res);
        } catch (error) {
          thrown ??= { error };
        }
      });
      if (thrown) throw thrown.error;
      return result;
    };
    named.unwrapped = fn;
    return named;
  };
  const compile = proto._compile;
  proto._compile = function _compile(this: TemplateLike): void {
    const store = this.env.wartaCode;
    if (store && this.tmplProps === undefined && typeof this.tmplStr === "string" && this.env.asyncFilters.length === 0 && this.env.extensionsList.length === 0) this.tmplProps = compiledProps(store, this.path, this.tmplStr, this.env.opts);
    compile.call(this);
    this.rootRenderFunc = wrap(this.rootRenderFunc, this.path);
    for (const name of Object.keys(this.blocks)) this.blocks[name] = wrap(this.blocks[name]!, this.path);
  };
  // `{{ super() }}` names its block by the compiled function, which the context now holds
  // wrapped. nunjucks does not export its Context class: a filter is called on a context.
  type ContextLike = { blocks: Record<string, (RenderFn & { unwrapped?: RenderFn })[]>; getSuper: (env: unknown, name: string, block: RenderFn, ...rest: unknown[]) => void };
  let context: ContextLike | undefined;
  const probe = new nunjucks.Environment([], { autoescape: true });
  probe.addFilter("wartaContext", function (this: ContextLike) {
    context = Object.getPrototypeOf(this) as ContextLike;
    return "";
  });
  probe.renderString("{{ '' | wartaContext }}", {});
  const getSuper = context!.getSuper;
  context!.getSuper = function (this: ContextLike, env, name, block, ...rest): void {
    const wrapped = (this.blocks[name] ?? []).find((b) => b.unwrapped === block);
    getSuper.call(this, env, name, wrapped ?? block, ...rest);
  };
  proto.wartaPlacesErrors = true;
}
errorsNameTheirTemplate();

/**
 * What nunjucks' `Template#_compile` makes of `text` (the functions of its root and blocks), from
 * the source it compiled it into in an earlier run when there is one (see template-code-cache.ts).
 * A syntax error is thrown as nunjucks throws it.
 */
function compiledProps(store: TemplateCodeCache, path: string, text: string, options: object): unknown {
  const key = templateCodeKey(path, text, options);
  const kept = store.get(key);
  if (kept !== undefined) {
    try {
      return new Function(kept)() as unknown;
    } catch {
      // not what nunjucks wrote after all: compiled again below, and replaced
    }
  }
  const compiler = (nunjucks as unknown as { compiler: { compile(text: string, asyncFilters: string[], extensions: unknown[], path: string, options: object): string } }).compiler;
  const code = compiler.compile(text, [], [], path, options);
  const props = new Function(code)() as unknown;
  store.set(key, code);
  return props;
}

let codeCache: TemplateCodeCache | undefined;

/** The last environment, kept while the same template files are used (live rebuilds). */
let cached: { key: string; env: nunjucks.Environment; session: Session } | undefined;

/**
 * `{{ teaser(item, level, showSummary) }}` renders `partials/teaser.njk` once per article and
 * heading level per build: an article appears on many list pages, and its teaser is the same
 * on each. The partial sees `item`, `level`, `showSummary`, `site` and `strings`.
 * Compiled templates are reused across builds while `templatesHash` (and the folders and base
 * URL) are unchanged; the teaser cache and globals are new for every build.
 */
export function createTemplateEnv(dirs: { site?: string; builtin: string }, basePath: string, baseUrl: string, globals: { site: object; strings: object }, templatesHash = ""): TemplateEnv {
  const key = JSON.stringify([dirs.site, dirs.builtin, basePath, baseUrl, templatesHash]);
  const session: Session = { teasers: new WeakMap(), globals };
  let env: nunjucks.Environment;
  if (cached && cached.key === key && templatesHash) {
    env = cached.env;
    Object.assign(cached.session, session);
  } else {
    env = newEnvironment(dirs, basePath, baseUrl, session);
    cached = { key, env, session };
  }
  return {
    render(name, context) {
      let html: string | null;
      try {
        html = env.render(name, context);
      } catch (e) {
        throw new TemplateError(templateDiagnostic(e, name, dirs.site));
      }
      // nunjucks returns null when an included template failed to compile (the error comes later,
      // asynchronously). The build compiles every site template first; this is the last guard.
      if (typeof html !== "string") throw new TemplateError(error(CODES.template, `templates/${name}`, RENDERED_NOTHING, { line: 1, column: 1 }));
      return html;
    },
  };
}

/** The last answer of `templateSyntaxErrors`, while the template files are the same (live rebuilds). */
let lastSyntaxCheck: { key: string; found: Diagnostic[] } | undefined;

/**
 * Syntax errors of the site's own templates (`names`, relative to its templates folder), each
 * compiled alone: a build with content errors renders no page, yet reports these in the same run.
 * With `templatesHash` (the template files' contents) the answer is kept until they change: a
 * `warta dev` save does not compile them all again (~20–100 ms for the built-in set).
 */
/** A page whose include or import did not compile: said by that template's own syntax error when the build compiled it first. */
export const RENDERED_NOTHING = "rendered nothing: a template it includes or imports failed to compile";

export function templateSyntaxErrors(dirs: { site?: string; builtin: string }, names: readonly string[], templatesHash?: string): Diagnostic[] {
  if (!dirs.site || names.length === 0) return [];
  const key = templatesHash === undefined ? undefined : JSON.stringify([dirs.site, dirs.builtin, templatesHash, names]);
  if (key !== undefined && lastSyntaxCheck?.key === key) return lastSyntaxCheck.found;
  const env = newEnvironment(dirs, "/", "", { teasers: new WeakMap(), globals: { site: {}, strings: {} } });
  const found: Diagnostic[] = [];
  for (const name of names) {
    // A template saved as UTF-16 or Latin-1 would be read as garbage into every page: refused as an article is.
    let bytes: Buffer | undefined;
    try {
      bytes = readFileSync(resolve(dirs.site, name));
    } catch {
      bytes = undefined; // nunjucks says what is wrong with it below
    }
    const encoding = bytes && decodeText(`templates/${name}`, bytes).diagnostics;
    if (encoding?.length) {
      found.push(...encoding);
      continue;
    }
    try {
      env.getTemplate(name, true);
    } catch (e) {
      found.push(templateDiagnostic(e, name, dirs.site, true));
    }
  }
  if (key !== undefined) lastSyntaxCheck = { key, found };
  return found;
}

function newEnvironment(dirs: { site?: string; builtin: string }, basePath: string, baseUrl: string, session: Session): nunjucks.Environment {
  const searchPaths = dirs.site ? [dirs.site, dirs.builtin] : [dirs.builtin];
  const loader = new nunjucks.FileSystemLoader(searchPaths, { noCache: false, watch: false });
  // nunjucks checks that a template is under its folder by the path's first letters only:
  // `{% include "../templates-lain/x.njk" %}` passed for `templates/`, and the build's template
  // hash never saw that file change. A template is found in its folder, or not at all.
  // (Links inside the folder are the listing's to judge: see load/walk.ts.)
  const roots = searchPaths.map((p) => resolve(p) + sep);
  const getSource = loader.getSource.bind(loader);
  loader.getSource = ((name: string) => {
    const found = getSource(name);
    return found && roots.some((r) => resolve(found.path).startsWith(r)) ? found : null;
  }) as typeof loader.getSource;
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  (env as unknown as { wartaCode?: TemplateCodeCache }).wartaCode = codeCache ??= templateCodeCache();
  // Site paths are written with or without their leading `/`: `/tentang/` and `tentang/` are one page.
  const sitePath = (path: unknown): string => String(path ?? "").replace(/^\/+/, "");
  env.addFilter("url", (path: unknown) => basePath + sitePath(path));
  env.addFilter("absUrl", (path: unknown) => baseUrl + sitePath(path));
  // `eager`: the teaser is at the top of its page, where a lazy image would load last. `media`:
  // how wide its picture is shown ("grid", "stack" or "wide"), for the `sizes` of its `srcset`.
  env.addGlobal("teaser", (item: unknown, level = 2, showSummary = true, eager = false, media = "grid") => {
    // Cached by the item itself (views reuse one teaser object per article), then by a short
    // key: no URL-long key string to build and hash for each of the ~400k teasers of a 10k build.
    const byItem = typeof item === "object" && item !== null ? session.teasers.get(item) ?? new Map<string, Safe>() : undefined;
    const k = `${level}|${showSummary}|${eager}|${String(media)}`;
    let html = byItem?.get(k);
    if (!html) {
      html = new nunjucks.runtime.SafeString(env.render("partials/teaser.njk", { item, level, showSummary, eager, media, ...session.globals }));
      if (byItem) session.teasers.set(item as object, byItem.set(k, html));
    }
    return html;
  });
  env.addFilter("jsonld", (value: unknown) => new nunjucks.runtime.SafeString(jsonForScript(value)));
  // `{{ t.count | articleCount }}`: `12.345 berita`, `1 article` (see strings.ts).
  env.addFilter("articleCount", (n: unknown) => {
    const { site, strings } = session.globals as { site: { locale: string }; strings: Record<string, string> };
    // A count keeps its word on its line ("1 berita", not "1" at a line's end and "berita" below).
    return articleCount(Number(n), site.locale, strings).replace(" ", "\u00a0");
  });
  return env;
}

/**
 * nunjucks errors read `(path) [Line 3, Column 7]\n  message`, once per template the error passed
 * through (`article.njk` → `layout.njk` → `partials/teaser.njk`): the last one is where it is.
 * Syntax errors count lines and columns from 1, errors while rendering (`Error: Unable to call…`)
 * from 0. `compiling`: the error came from reading the template, not from rendering a page with it.
 */
export function templateDiagnostic(e: unknown, name: string, siteDir?: string, compiling = false): Diagnostic {
  const text = e instanceof Error ? e.message : String(e);
  let at: RegExpExecArray | undefined;
  for (const m of text.matchAll(/(?:^|\n[ \t]*|Template render error: )\(([^)\n]+)\)(?:[ \t]*\[Line (\d+), Column (\d+)\])?(?=[ \t]*(?:\n|$))/g)) at = m;
  let file = `templates/${name}`;
  if (at?.[1]) {
    const p = at[1].replaceAll("\\", "/");
    const idx = p.lastIndexOf("/templates/");
    file = idx >= 0 ? p.slice(idx + 1) : `templates/${p.split("/").pop()}`;
    if (siteDir && !p.startsWith(siteDir.replaceAll("\\", "/"))) file = `(built-in) ${file}`;
  }
  const rest = at ? text.slice(at.index + at[0].length) : text;
  const message = rest.replace(/^\s*(Template render error:\s*)?/i, "").split("\n").map((s) => s.trim()).filter(Boolean).join(" ") || "template error";
  const fromZero = /^\w*Error: /.test(message) ? 1 : 0;
  const saidAt = at?.[2] ? { line: Number(at[2]) + fromZero, column: Number(at[3] ?? 0) + fromZero } : undefined;
  // An unknown filter is named at the start of the block it is in, and a tag left open at the
  // end of the block around it: where it is written is found in the file instead.
  const better = at?.[1] && (!saidAt || /filter not found|unknown block tag: end\w+/.test(message)) ? writtenAt(at[1], message, saidAt?.line) : undefined;
  const where = better ? { line: better.line, column: better.column } : saidAt || { line: 1, column: 1 };
  const closer = /unknown block tag: (end\w+)/.exec(message)?.[1];
  if (better?.tag && closer) return error(CODES.template, file, `{% ${better.tag} %} is never closed: close it with {% ${CLOSERS[better.tag] ?? `end${better.tag}`} %} before the {% ${closer} %} on line ${saidAt?.line ?? "?"}`, where);
  // nunjucks' own errors are plain `Error`s: "template: Error: filter not found" says nothing more than without it.
  // Two of the JavaScript errors it lets through say only how it failed, not what in the template did.
  const said = message
    .replace(/^RangeError: Maximum call stack size exceeded/, "calls itself without end (a template that includes, imports or extends itself, directly or through another, or a macro that calls itself)")
    .replace(/^TypeError: Cannot read properties of null \(reading 'type'\)/, (m) => (compiling ? "a tag is not finished (a `{% macro %}`, `{% call %}` or `{% set %}` whose arguments or `)` are missing?)" : m))
    .replace(/^Error: /, "");
  return error(CODES.template, file, said, where);
}

/**
 * nunjucks gives no line for an unknown filter or a missing template it was asked to include
 * (or the line of the block it is in): the first place the template's file names it. For a tag
 * left open (nunjucks says "got end of file", or "unknown block tag: endblock" at the end of the
 * block around it, above `untilLine`): where that tag starts. Undefined when it cannot be found.
 */
function writtenAt(path: string, message: string, untilLine?: number): { line: number; column: number; tag?: string } | undefined {
  const filter = /filter not found: ([\w$]+)/.exec(message)?.[1];
  const included = /template not found: (\S+)/.exec(message)?.[1];
  const unclosed = /end of file|unknown block tag: end\w+/.test(message);
  const escape = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = filter ? new RegExp(`\\|\\s*${escape(filter)}\\b`) : included ? new RegExp(`["']${escape(included)}["']`) : undefined;
  if (!pattern && !unclosed) return undefined;
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const index = pattern ? pattern.exec(text)?.index : unclosedTag(untilLine === undefined ? text : text.split("\n").slice(0, untilLine - 1).join("\n"));
  if (index === undefined) return undefined;
  const before = text.slice(0, index).split("\n");
  const tag = pattern ? undefined : /^\{%-?\s*(\w+)/.exec(text.slice(index))?.[1];
  return { line: before.length, column: before.at(-1)!.length + 1, ...(tag ? { tag } : {}) };
}

/** Block tags and the tag that closes each (`{% set x %}…{% endset %}` only without `=`). */
const CLOSERS: Record<string, string> = { if: "endif", for: "endfor", asyncEach: "endeach", asyncAll: "endall", block: "endblock", macro: "endmacro", call: "endcall", filter: "endfilter", set: "endset", raw: "endraw", verbatim: "endverbatim" };

/**
 * Where the innermost block tag that is never closed starts (nunjucks says only "got end of
 * file", at line 1). Tags inside `raw` and `verbatim` are text.
 */
function unclosedTag(text: string): number | undefined {
  const open: { name: string; index: number }[] = [];
  for (const m of text.matchAll(/\{%-?\s*(\w+)([\s\S]*?)-?%\}/g)) {
    const name = m[1]!;
    const top = open.at(-1);
    if (top && (top.name === "raw" || top.name === "verbatim")) {
      if (name === CLOSERS[top.name]) open.pop();
      continue;
    }
    if (CLOSERS[name] && !(name === "set" && m[2]!.includes("="))) open.push({ name, index: m.index });
    else if (name.startsWith("end")) {
      const at = open.findLastIndex((o) => CLOSERS[o.name] === name);
      if (at >= 0) open.length = at;
    }
  }
  return open.at(-1)?.index;
}
