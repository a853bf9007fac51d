/**
 * `warta build | check | dev | new | clean`. The only place that exits the process.
 * Exit status: 0 success, 1 content errors, 2 usage or configuration errors.
 * Started by launcher.ts (the `warta` bin), bundled as CommonJS: no top-level await.
 */
import { cac } from "cac";
import { existsSync, mkdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { constants } from "node:os";
import type { BuildResult } from "../build/pipeline.ts";
import { clearCache, markOutputChanging, openCache, saveCache, tidyCache } from "../build/cache.ts";
import { tempImageCache } from "../images/image-cache.ts";
import { removeLeftovers } from "../write/output-dir.ts";
import { realPathOf } from "../load/walk.ts";
import { checkUnchanged } from "../build/quick.ts";
import { VERSION } from "../util/package.ts";
import { systemErrorCode } from "../util/system-error.ts";
import { buildNow } from "./clock.ts";
import { printDiagnostics, progressReporter } from "./report.ts";

const EXIT = { ok: 0, content: 1, usage: 2 } as const;

interface CommonFlags {
  root?: unknown;
  out?: unknown;
  baseUrl?: unknown;
  drafts?: boolean;
  future?: boolean;
  cache?: boolean;
}

function usageError(message: string): never {
  process.stderr.write(`warta: ${message}\nRun \`warta --help\` for usage.\n`);
  process.exit(EXIT.usage);
}

/**
 * A flag's value as text. The argument parser gives numbers for digits (`--base-url 123`), a
 * list for a flag given twice and `true` for a flag given no value: the first is text, the
 * others are usage errors.
 */
function text(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) usageError(`--${name} is given more than once`);
  if (typeof value === "boolean") usageError(`--${name} needs a value`);
  // cac reads values that look like numbers as numbers (`--out 0123` → 123, `--out ""` → 0):
  // a folder or a URL is the text as typed.
  const typed = typeof value === "number" ? (typedValue(name) ?? String(value)) : String(value);
  if (typed === "") usageError(`--${name} needs a value`);
  return typed;
}

/** The value of `--name` as typed on the command line (`--name VALUE` or `--name=VALUE`), as cac finds it. */
function typedValue(name: string): string | undefined {
  const args = process.argv.slice(2);
  let found: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") break;
    if (arg.startsWith(`--${name}=`)) found = arg.slice(name.length + 3);
    else if (arg === `--${name}` && args[i + 1] !== undefined && !args[i + 1]!.startsWith("-")) found = args[++i];
  }
  return found;
}

function paths(flags: CommonFlags): { root: string; out: string } {
  const root = resolve(text("root", flags.root) ?? ".");
  if (!existsSync(root)) usageError(`site folder ${root} does not exist`);
  if (!statSync(root).isDirectory()) usageError(`${root} is not a folder: --root names the site folder`);
  const out = text("out", flags.out);
  // The output folder through any link, as the build writes it (the quick check's key names it).
  return { root, out: realPathOf(out !== undefined ? resolve(out) : resolve(root, "dist")) };
}

function now(): number {
  const n = buildNow();
  if ("error" in n) usageError(n.error);
  return n.ms;
}

/** The pipeline and everything it needs: initialised only by a build that has something to do. */
const pipeline = (): Promise<typeof import("../build/pipeline.ts")> => import("../build/pipeline.ts");

function finish(result: Pick<BuildResult, "ok" | "kind" | "diagnostics" | "stats">, verb: string, out?: string): never {
  printDiagnostics(result.diagnostics);
  if (!result.ok) process.exit(result.kind === "config" ? EXIT.usage : EXIT.content);
  const s = result.stats;
  const total = Object.values(s.timings).reduce((a, b) => a + b, 0);
  const where = out ? ` → ${out}` : "";
  // `check` renders every page too (a template error is found), but writes none.
  const work = out ? ` (${s.rendered} rendered, ${s.written} files written, ${s.removed} removed)` : "";
  process.stdout.write(`warta: ${verb} ${s.articles} articles, ${s.pages} pages${work} in ${(total / 1000).toFixed(2)} s${where}\n`);
  if (process.env.WARTA_TIMINGS) process.stdout.write(`${JSON.stringify(s.timings)}\n`);
  process.exit(EXIT.ok);
}

/**
 * A dev session's log lines. A reader that goes away (`warta dev | grep -m1 serving` to wait
 * for the server, `| head`, a closed log pipe) ends the log, not the server: writing to the closed
 * pipe raised EPIPE, which killed the session with a stack trace.
 */
function logTo(stream: NodeJS.WriteStream): (line: string) => void {
  let closed = false;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE" && e.code !== "ERR_STREAM_DESTROYED") throw e;
    closed = true;
  });
  return (line) => {
    if (!closed && !stream.destroyed) stream.write(`${line}\n`);
  };
}

const cli = cac("warta");

cli
  .command("build", "Build the site into the output folder")
  .option("--root <dir>", "Site folder (holds articles/)", { default: "." })
  .option("--out <dir>", "Output folder (default: <root>/dist)")
  .option("--base-url <url>", "Public URL of the site, e.g. https://example.id/berita/")
  .option("--drafts", "Include articles with draft: true")
  .option("--future", "Include articles dated after now")
  .option("--no-cache", "Ignore and do not write the build cache")
  .action(async (flags: CommonFlags) => {
    const t0 = performance.now();
    const { root, out } = paths(flags);
    const useCache = flags.cache !== false;
    const options = { root, out, baseUrl: text("base-url", flags.baseUrl), drafts: !!flags.drafts, future: !!flags.future, nowMs: now() };
    const cached = useCache ? openCache(root) : undefined;
    const check = cached?.quick ? checkUnchanged(options, cached.quick.record, cached.quick.outputs) : {};
    const same = check.unchanged;
    if (same) {
      tidyCache(root);
      // What a build stopped half-way left beside the output (its staging folder): gone with the next build of any kind.
      removeLeftovers(out, false);
      const timings = { unchanged: Math.round((performance.now() - t0) * 10) / 10 };
      finish({ ok: true, kind: "ok", diagnostics: same.diagnostics, stats: { articles: same.articles, pages: same.pages, rendered: 0, written: 0, removed: 0, full: false, patched: false, timings } }, "built", out);
    }
    const { build } = await pipeline();
    const progress = progressReporter();
    let interrupted: NodeJS.Signals | undefined;
    let listening = false;
    const beforeOutputChange = (): void => {
      listening = true;
      // From the first page replaced in place to the last, Ctrl+C waits: the output is the old
      // site or the new one, never half of each. (A full build writes beside it and may stop any
      // time until its folder is swapped in: two renames, between which there is no output.)
      for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.once(signal, () => (interrupted = signal));
      if (useCache) markOutputChanging(root);
    };
    // Without the cache, photos' smaller copies are made in a temp folder (see images/image-cache.ts).
    const images = useCache ? undefined : tempImageCache();
    const result = build({ ...options, ...(check.listing ? { listing: check.listing } : {}), ...(progress ? { progress } : {}), beforeOutputChange, ...(images ? { imageCache: images.dir } : {}) }, cached?.state());
    images?.remove();
    if (result.ok && useCache) saveCache(root, result.state);
    // A signal that came during the writes is handled now that they are done.
    // (Signals are read in the event loop's poll phase; which turn sees a pending one varies: a few turns, a few ms.)
    if (listening) for (const turn of [0, 0, 2]) await new Promise((r) => (turn ? setTimeout(r, turn) : setImmediate(r)));
    if (interrupted) {
      printDiagnostics(result.diagnostics);
      process.stderr.write(`warta: stopped by ${interrupted} after the output was complete\n`);
      process.exit(128 + constants.signals[interrupted]);
    }
    finish(result, "built", out);
  });

cli
  .command("check", "Validate the site without writing anything")
  .option("--root <dir>", "Site folder (holds articles/)", { default: "." })
  .option("--base-url <url>", "Public URL of the site")
  .option("--drafts", "Include articles with draft: true")
  .option("--future", "Include articles dated after now")
  .action(async (flags: CommonFlags) => {
    const { root, out } = paths(flags);
    const { build } = await pipeline();
    const result = build({ root, out, baseUrl: text("base-url", flags.baseUrl), drafts: !!flags.drafts, future: !!flags.future, nowMs: now(), write: false });
    finish(result, "checked");
  });

cli
  .command("dev", "Build, serve on 127.0.0.1 and rebuild on every save")
  .option("--root <dir>", "Site folder (holds articles/)", { default: "." })
  .option("--out <dir>", "Output folder (default: <root>/dist)")
  .option("--port <n>", "Port (a busy port moves to the next free one)", { default: 8080 })
  .option("--host <host>", "Interface to bind", { default: "127.0.0.1" })
  .option("--base-url <url>", "Public URL of the site (default: the dev server's address)")
  .option("--drafts", "Include drafts (default in dev: off)")
  .option("--future", "Include future articles")
  .option("--open", "Open the site in a browser")
  .option("--no-cache", "Start without the build cache and do not write it")
  .action(async (flags: CommonFlags & { port?: unknown; host?: unknown; open?: boolean }) => {
    const portText = text("port", flags.port) ?? "";
    const port = /^\d+$/.test(portText) ? Number(portText) : NaN;
    if (!Number.isInteger(port) || port < 0 || port > 65535) usageError(`--port must be a port number from 0 to 65535, not "${portText}"`);
    const { root, out } = paths(flags);
    const { startDev, DevStartError } = await import("../dev/dev-server.ts");
    const n = buildNow();
    if ("error" in n) usageError(n.error);
    // On a terminal the first build of a large site shows how far it got, as `warta build` does.
    const progress = progressReporter();
    try {
      await startDev({ root, out, port, host: text("host", flags.host) ?? "127.0.0.1", drafts: !!flags.drafts, future: !!flags.future, open: !!flags.open, baseUrl: text("base-url", flags.baseUrl), fixedNowMs: process.env.SOURCE_DATE_EPOCH ? n.ms : undefined, cache: flags.cache !== false, log: logTo(process.stdout), warn: logTo(process.stderr), ...(progress ? { progress } : {}) });
    } catch (e) {
      if (e instanceof DevStartError) usageError(e.message);
      throw e;
    }
  });

cli
  .command("new [title]", "Start an article: articles/YYYY/MM/<slug>.md, dated now, as a draft (a title starting with - goes after --)")
  .option("--root <dir>", "Site folder", { default: "." })
  .option("--author <name>", "The reporter's name (required)")
  .option("--category <name>", "The article's category")
  .option("--tags <list>", "Tags, separated by commas")
  .action(async (title: unknown, flags: CommonFlags & { author?: unknown; category?: unknown; tags?: unknown; "--"?: unknown[] }) => {
    const { root } = paths(flags);
    // `warta new -- "-5 Derajat di Dieng"`: a title that starts with `-` follows `--`.
    const given = title !== undefined ? String(title) : (flags["--"] ?? []).map(String).join(" ");
    if (!given.trim()) usageError("new needs a title: warta new \"Judul berita\" --author \"Nama\"");
    const author = text("author", flags.author);
    // Without an author the draft would fail every check and build of the site until one is written.
    if (!author?.trim()) usageError("new needs --author: the reporter's name");
    const [{ loadConfig }, { newArticle }, { isInside }, { fileAbove }] = await Promise.all([import("../config/load.ts"), import("./new-article.ts"), import("../load/walk.ts"), import("../write/output-dir.ts")]);
    const cfg = loadConfig(root);
    // A draft dated in the default zone because the site's is misspelt would be filed under the wrong day.
    if (!cfg.config) {
      printDiagnostics(cfg.diagnostics);
      process.exit(EXIT.usage);
    }
    const timeZone = cfg.config.timeZone;
    const made = newArticle({ title: given, author, category: text("category", flags.category), tags: text("tags", flags.tags)?.split(","), nowMs: now(), timeZone });
    if (!made.rel) usageError(`"${given}" gives an empty file name: use letters or digits in the title`);
    const file = join(root, made.rel);
    // Through a symbolic link out of the site the build would never read it (symlink-outside).
    if (!isInside(realPathOf(root), realPathOf(dirname(file)))) usageError(`${dirname(made.rel)}/ leads outside the site folder (a symbolic link): the build would not read ${made.rel}`);
    if (existsSync(file)) usageError(`${made.rel} already exists`);
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, made.text, { flag: "wx" });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      // A link that leads nowhere is a name taken too (existsSync follows it and says no).
      const inTheWay = code === "EEXIST" || code === "ENOTDIR" ? fileAbove(file) : undefined;
      usageError(inTheWay ? `cannot write ${made.rel}: ${relative(root, inTheWay).split("\\").join("/")} is a file, not a folder` : code === "EEXIST" ? `${made.rel} already exists (a symbolic link that leads nowhere)` : `cannot write ${made.rel}: ${code ?? (e as Error).message}`);
    }
    process.stdout.write(`${made.rel}\n`);
    process.exit(EXIT.ok);
  });

cli
  .command("clean", "Delete the build cache")
  .option("--root <dir>", "Site folder", { default: "." })
  .action((flags: CommonFlags) => {
    clearCache(paths(flags).root);
    process.exit(EXIT.ok);
  });

cli.addEventListener("command:*", () => usageError(`unknown command "${cli.args[0]}"`));
// cac lists `--no-cache` as "(default: true)": the default of the flag it negates, not of `--no-cache`.
cli.help((sections) => sections.map((section) => ({ ...section, body: section.body.replace(/^(\s*--no-[a-z-]+\s.*?)\s*\(default: true\)$/gm, "$1") })));
cli.version(VERSION);

/**
 * A flag given twice is a usage error, also one without a value (`--drafts --drafts`,
 * `--drafts --no-drafts`): cac keeps the last and says nothing.
 */
function repeatedFlag(argv: readonly string[]): string | undefined {
  const seen = new Map<string, string>();
  for (const arg of argv) {
    if (arg === "--") break;
    const m = /^--(?:no-)?([a-z][a-z-]*)(?:=|$)/.exec(arg);
    if (!m) continue;
    // `--drafts --no-drafts` is `--drafts` twice; `--no-cache --no-cache` is named as typed.
    const typed = arg.replace(/=.*/s, "").slice(2);
    const first = seen.get(m[1]!);
    if (first !== undefined) return first === typed ? typed : m[1];
    seen.set(m[1]!, typed);
  }
  return undefined;
}

/** Flags that are on when given and take no value. */
const SWITCHES = new Set(["drafts", "future", "open", "cache", "no-cache", "help", "version"]);

/**
 * A switch given a value (`--drafts=`, `--drafts=false`, `--future=0`): cac reads some of these as on (an empty
 * `$PUBLISH_DRAFTS` in a script would publish the drafts), some as off and some as a stray word.
 */
function switchWithValue(argv: readonly string[]): string | undefined {
  for (const arg of argv) {
    const m = /^--([a-z][a-z-]*)=/.exec(arg);
    if (m && SWITCHES.has(m[1]!)) return m[1];
  }
  return undefined;
}

/**
 * Writes to a pipe (`warta build 2>&1 | tee log`, a CI log) complete before `process.exit`: on a
 * full pipe Node queues the rest, and exiting dropped it (the error line and the count of a
 * long report were lost). Not for `dev`, whose log must never stall the server behind a reader
 * that does not read.
 */
function blockingPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    const handle = (stream as unknown as { _handle?: { setBlocking?: (blocking: boolean) => number } })._handle;
    if (!stream.isTTY) handle?.setBlocking?.(true);
  }
}

if (process.argv[2] !== "dev") blockingPipes();

async function main(): Promise<void> {
  try {
    const args = process.argv.slice(2);
    // `warta build --version` prints the version, as `warta --version` does, and builds nothing
    // (after `--`, `-v` is a word: `warta new -- -v` makes an article titled "-v").
    const flags = args.includes("--") ? args.slice(0, args.indexOf("--")) : args;
    if (flags.includes("--version") || flags.includes("-v")) {
      cli.outputVersion();
      process.exit(EXIT.ok);
    }
    const twice = repeatedFlag(args);
    if (twice) usageError(`--${twice} is given more than once`);
    const valued = switchWithValue(flags);
    if (valued) usageError(`--${valued} takes no value: give --${valued} alone, or leave it out`);
    cli.parse(process.argv, { run: false });
    if (!cli.matchedCommand && !cli.args.length && !cli.options.help && !cli.options.version) {
      const stray = Object.keys(cli.options).find((k) => k !== "--");
      if (stray) usageError(`unknown flag --${stray}`);
      cli.outputHelp();
      process.exit(EXIT.usage);
    }
    // After `--` only `new` takes words (a title that starts with `-`); elsewhere they are stray, as they are without it.
    const afterDashes = (cli.options["--"] ?? []) as unknown[];
    if (cli.matchedCommand && cli.matchedCommand.name !== "new" && afterDashes.length) usageError(`Unused args: ${afterDashes.map((a) => `\`${String(a)}\``).join(", ")}`);
    await cli.runMatchedCommand();
  } catch (e) {
    if (e instanceof Error && e.name === "CACError") {
      // cac names a negated flag by what it negates (`check --no-cache`: "Unknown option `--cache`").
      const negated = /^Unknown option `--([a-z][a-z-]*)`$/.exec(e.message)?.[1];
      usageError(negated && process.argv.includes(`--no-${negated}`) ? `Unknown option \`--no-${negated}\`` : e.message);
    }
    if (systemErrorCode(e)) {
      // Disk full, permissions…: the previous output is untouched (see write/output-dir.ts).
      process.stderr.write(`warta: ${(e as Error).message}\n`);
      process.exit(EXIT.content);
    }
    throw e;
  }
}

// An error not handled above ends the process with its stack and status 1, as an uncaught
// exception does: thrown again outside the promise, so that no `--unhandled-rejections` setting
// (`warn`, `none`, also through NODE_OPTIONS) can turn a crashed build into a success.
main().catch((e: unknown) => {
  process.nextTick(() => {
    throw e;
  });
});

