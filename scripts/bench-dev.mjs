#!/usr/bin/env node
/**
 * The dev-server round of `npm run bench` (issue 5), runnable alone. On a copy of a corpus it
 * starts `warta dev` as a child process and measures, as a browser tab would see it:
 *
 *   - start-up: spawn → first HTTP 200 on `/`, the median of --starts runs (the server answers
 *     from its own thread: `/` waits until the first build has written the home page, other
 *     pages until that build is over; a non-200 answer is counted and polled again); and when
 *     the whole site was built (the `built N articles` line);
 *   - save → reload: N article saves, each rewriting a different article (the whole file, like an
 *     editor), timed from just before the write to the SSE `reload` event on `/__warta/events`;
 *     then the article page is fetched and must contain the new text (else: a failure);
 *   - CSS save → `css` event: N saves of the site's `templates/static/warta.css` (which replaces
 *     the theme's stylesheet), then `/assets/warta.css` must hold the new rule;
 *   - the dev process's RSS: VmHWM from /proc/<pid>/status (peak), at start-up and at the end.
 *
 * Each save waits for its event, its check and a gap (default 400 ms) before the next one, so
 * batches never coalesce; the `reload` payload only carries the build number, so each event is
 * matched to its save by that number (+1 per build) and by the server's log line naming the
 * changed file. Extra events, wrong event kinds, stale pages and server warnings are listed
 * under `anomalies`. p95 is nearest-rank (of 20 samples: the 19th smallest).
 *
 *   node scripts/bench-dev.mjs --corpus DIR [options]        prints JSON on stdout, log on stderr
 *     --corpus DIR     site folder with articles/ (copied first; never modified)
 *     --lib DIR        compiled warta (default: <repo>/lib); runs <lib>/cli/main.js
 *     --saves N        article saves (default 20)
 *     --starts N       start-ups timed (default 3: N−1 extra `warta dev --no-cache` starts on
 *                      their own output before the measured process; the median is reported)
 *     --css-saves N    stylesheet saves (default: as --saves; 0 skips)
 *     --edit KIND      body | title | mix (default mix: odd saves edit the body, even the title)
 *     --save-mode M    inplace (truncate + write, default) | rename (write `x.md~`, rename over)
 *     --gap MS         pause after each save's check (default 400, at least 300)
 *     --settle MS      pause after the first 200 before the first save (default 1000)
 *     --timeout MS     longest wait for one event (default 15000)
 *     --work DIR       folder for the copy and the output, kept (default: a temp folder, removed)
 *     --port N         port to ask for (default: a free one)
 *     --node-arg ARG   extra option for the dev server's node (repeatable), e.g. --node-arg
 *                      --cpu-prof --node-arg --cpu-prof-dir=/tmp/prof (written when it stops)
 */
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { argReader, cliNodeFlags, listMarkdown, median, usage } from "./bench-common.mjs";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------------------
// Helpers

const log = (s = "") => process.stderr.write(`${s}\n`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const now = () => performance.now();
const round = (x, d = 1) => (x == null ? null : Math.round(x * 10 ** d) / 10 ** d);
/** Nearest-rank percentile. */
const pct = (xs, p) => {
  const v = xs.filter((x) => x != null).sort((a, b) => a - b);
  return v.length ? v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))] : null;
};
const summary = (xs) => {
  const v = xs.filter((x) => x != null);
  return { n: v.length, median_ms: round(median(v)), p95_ms: round(pct(v, 95)), min_ms: round(v.length ? Math.min(...v) : null), max_ms: round(v.length ? Math.max(...v) : null) };
};
/** Latency figures of timed saves: those that passed `ok`, how many failed, the server's build times. */
const timedSummary = (samples, ok) => ({
  ...summary(samples.filter(ok).map((s) => s.latency_ms)),
  attempted: samples.length,
  failed: samples.filter((s) => !ok(s)).length,
  server_build: summary(samples.map((s) => s.server?.build_ms)),
});
/** One progress line per timed save. */
const sampleLine = (label, fetched, s) =>
  `bench-dev:   ${label} ${s.event} ${s.latency_ms ?? "-"} ms (${fetched} ${s.fetch_ms ?? "-"} ms${s.content_ok ? "" : ", STALE"}; server ${s.server ? `${s.server.build_ms} ms, ${s.server.rendered} rendered, ${s.server.written} written` : "-"})`;

function parseArgs(argv) {
  const o = { corpus: null, lib: join(REPO, "lib"), saves: 20, starts: 3, cssSaves: undefined, edit: "mix", saveMode: "inplace", gap: 400, settle: 1000, timeout: 15000, work: null, port: 0, nodeArgs: [] };
  const { need, fail } = argReader("bench-dev", SELF, argv);
  const int = (v, flag, min = 0) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) fail(`${flag} wants an integer ≥ ${min}, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case "--corpus": o.corpus = resolve(need(i)); i++; break;
      case "--lib": o.lib = resolve(need(i)); i++; break;
      case "--saves": o.saves = int(need(i), a, 1); i++; break;
      case "--starts": o.starts = int(need(i), a, 1); i++; break;
      case "--css-saves": o.cssSaves = int(need(i), a); i++; break;
      case "--edit": o.edit = need(i); i++; if (!["body", "title", "mix"].includes(o.edit)) usage(SELF, 2); break;
      case "--save-mode": o.saveMode = need(i); i++; if (!["inplace", "rename"].includes(o.saveMode)) usage(SELF, 2); break;
      case "--gap": o.gap = int(need(i), a, 300); i++; break;
      case "--settle": o.settle = int(need(i), a); i++; break;
      case "--timeout": o.timeout = int(need(i), a, 100); i++; break;
      case "--work": o.work = resolve(need(i)); i++; break;
      case "--port": o.port = int(need(i), a); i++; break;
      case "--node-arg": o.nodeArgs.push(need(i)); i++; break;
      case "-h": case "--help": usage(SELF, 0); break;
      default: fail(`unexpected argument ${a}`);
    }
  }
  if (!o.corpus) fail("--corpus DIR is required");
  if (o.cssSaves === undefined) o.cssSaves = o.saves;
  return o;
}

/** One `warta dev --no-cache` start on its own output: spawn → first 200 on `/`, then stopped. */
async function timedStart(o, cli, root, out) {
  const port = await freePort();
  spawnSync("sync"); // as the cold round does before each timed build: no writeback of the last run's files
  const t0 = now();
  const child = spawn(process.execPath, [...cliNodeFlags(cli), ...o.nodeArgs, cli, "dev", "--root", root, "--out", out, "--port", String(port), "--no-cache"], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c) => { stderr += c; });
  let exited = false;
  const exit = new Promise((r) => child.on("exit", () => { exited = true; r(); }));
  try {
    return await firstOk(() => `http://127.0.0.1:${port}/`, t0, () => exited && `warta dev exited during a timed start-up: ${stderr.slice(-2000)}`);
  } finally {
    child.kill("SIGINT");
    await exit;
    rmSync(out, { recursive: true, force: true });
  }
}

const START_LIMIT_MS = 600_000;

/**
 * Poll `url()` until it answers 200: the ms since `t0`. `dead()` names why to give up (the server
 * exited); `statuses` counts every answer by status.
 */
async function firstOk(url, t0, dead, statuses = {}) {
  for (;;) {
    const why = dead();
    if (why) throw new Error(why);
    if (now() - t0 > START_LIMIT_MS) throw new Error(`no 200 on / within ${START_LIMIT_MS / 1000} s`);
    try {
      const r = await fetchText(url(), START_LIMIT_MS);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
      if (r.status === 200) return now() - t0;
    } catch {
      // not listening yet
    }
    await sleep(20);
  }
}

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/** VmHWM / VmRSS of a live process, MiB. */
function procMem(pid) {
  try {
    const st = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (k) => Number(st.match(new RegExp(`^${k}:\\s+(\\d+) kB`, "m"))?.[1] ?? NaN);
    return { hwm_mib: round(kb("VmHWM") / 1024), rss_mib: round(kb("VmRSS") / 1024) };
  } catch {
    return { hwm_mib: null, rss_mib: null };
  }
}

async function fetchText(url, timeoutMs) {
  const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { "cache-control": "no-cache" } });
  return { status: r.status, text: await r.text() };
}

// ---------------------------------------------------------------------------
// A Server-Sent Events client: every event with its arrival time

function connectEvents(url) {
  return new Promise((resolveClient, reject) => {
    const req = httpGet(url, { agent: false, headers: { accept: "text/event-stream" } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        reject(new Error(`${url}: HTTP ${res.statusCode}`));
        return;
      }
      res.setEncoding("utf8");
      const queue = [];
      let waiter = null;
      let buf = "";
      const client = {
        closed: false,
        /** Next event, or null after `ms`. */
        next(ms) {
          if (queue.length) return Promise.resolve(queue.shift());
          if (client.closed) return Promise.resolve(null);
          return new Promise((r) => {
            const timer = setTimeout(() => { waiter = null; r(null); }, ms);
            waiter = (e) => { clearTimeout(timer); waiter = null; r(e); };
          });
        },
        /** Events already received and not taken. */
        drain() {
          return queue.splice(0);
        },
        close() {
          client.closed = true;
          req.destroy();
        },
      };
      res.on("data", (chunk) => {
        const t = now();
        buf += chunk.replace(/\r\n?/g, "\n");
        for (let i; (i = buf.indexOf("\n\n")) >= 0; ) {
          const frame = buf.slice(0, i);
          buf = buf.slice(i + 2);
          let event = "message";
          const data = [];
          for (const line of frame.split("\n")) {
            if (!line || line.startsWith(":")) continue;
            const c = line.indexOf(":");
            const field = c < 0 ? line : line.slice(0, c);
            const value = c < 0 ? "" : line.slice(c + 1).replace(/^ /, "");
            if (field === "event") event = value;
            else if (field === "data") data.push(value);
          }
          if (!data.length) continue; // `retry:` and heartbeats
          let parsed;
          try { parsed = JSON.parse(data.join("\n")); } catch { parsed = data.join("\n"); }
          const e = { t, event, data: parsed };
          if (waiter) waiter(e);
          else queue.push(e);
        }
      });
      res.on("close", () => { client.closed = true; waiter?.(null); });
      resolveClient(client);
    });
    req.on("error", reject);
  });
}

// ---------------------------------------------------------------------------
// Edits

/** A token no article contains, unique per save. */
const tokenFor = (k) => `wbd${k}x${Math.random().toString(36).slice(2, 8)}`;

/** Change the title (front matter) or the body (a sentence after the first paragraph). */
function editArticle(text, kind, token) {
  if (kind === "title") {
    const m = text.match(/^title:[ \t]*(.*)$/m);
    if (!m) return null;
    const v = m[1].trimEnd();
    const q = v[0] === '"' || v[0] === "'" ? v[0] : null;
    const nv = q && v.endsWith(q) && v.length > 1 ? `${v.slice(0, -1)} (${token})${q}` : `${v} ${token}`;
    return text.slice(0, m.index) + `title: ${nv}` + text.slice(m.index + m[0].length);
  }
  const fm = text.match(/^---\r?\n[\s\S]*?\r?\n---\r?\n/);
  const start = fm ? fm[0].length : 0;
  const para = text.indexOf("\n\n", text.slice(start).search(/\S/) + start);
  const line = `Pembaruan langsung ${token}: redaksi memperbarui keterangan pada berita ini.`;
  if (para < 0) return `${text}${text.endsWith("\n") ? "" : "\n"}\n${line}\n`;
  return `${text.slice(0, para)}\n\n${line}${text.slice(para)}`;
}

function save(file, text, mode) {
  if (mode === "rename") {
    const tmp = `${file}~`; // a name the watcher and the build ignore
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } else {
    writeFileSync(file, text);
  }
}

// ---------------------------------------------------------------------------
// The round

export async function benchDev(o) {
  const anomalies = [];
  const note = (s) => { anomalies.push(s); log(`bench-dev: NOTE: ${s}`); };
  const cli = join(o.lib, "cli", "main.js");
  if (!existsSync(cli)) throw new Error(`${cli} not found (compile first)`);
  if (!existsSync(join(o.corpus, "articles"))) throw new Error(`no articles/ in ${o.corpus}`);
  const ownWork = !o.work;
  const work = o.work ?? mkdtempSync(join(tmpdir(), "warta-bench-dev-"));
  mkdirSync(work, { recursive: true });
  const root = join(work, "site");
  const out = join(work, "out");
  if (existsSync(root) || existsSync(out)) throw new Error(`${work} already holds site/ or out/: use an empty --work folder`);

  // A copy of the sources (not the cache, not an output inside the corpus): the corpus is never touched.
  const t0copy = now();
  cpSync(o.corpus, root, { recursive: true, filter: (src) => !/^(\.warta-cache|dist)$/.test(relative(o.corpus, src)) });
  const files = listMarkdown(join(root, "articles")).sort();
  log(`bench-dev: copied ${files.length} articles to ${root} in ${Math.round(now() - t0copy)} ms`);

  // Extra start-ups first (a single one varies by ±10 % on a shared machine): no cache, own output.
  const extraStarts = [];
  for (let k = 1; k < o.starts; k++) {
    extraStarts.push(await timedStart(o, cli, root, join(work, `out-start-${k}`)));
    log(`bench-dev: start-up ${k}: first 200 on / after ${Math.round(extraStarts.at(-1))} ms`);
  }

  const port = o.port || (await freePort());
  let base = `http://127.0.0.1:${port}`;
  spawnSync("sync");
  const stdoutLines = [];
  let stderrText = "";
  const tSpawn = now();
  const child = spawn(process.execPath, [...cliNodeFlags(cli), ...o.nodeArgs, cli, "dev", "--root", root, "--out", out, "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"], cwd: work });
  let exited = null;
  const exitP = new Promise((r) => child.on("exit", (code, signal) => { exited = { code, signal, t: now() }; r(exited); }));
  let outBuf = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (c) => {
    const t = now();
    outBuf += c;
    for (let i; (i = outBuf.indexOf("\n")) >= 0; ) {
      const line = outBuf.slice(0, i);
      outBuf = outBuf.slice(i + 1);
      stdoutLines.push({ t, line });
      const m = line.match(/serving (http:\/\/\S+?)\/?(?:\s|$)/);
      if (m && new URL(m[1]).port !== String(port)) {
        note(`the server moved from port ${port} to ${new URL(m[1]).port}`);
        base = m[1].replace(/\/$/, "");
      }
    }
  });
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (c) => { stderrText += c; });

  // RSS: VmHWM is the kernel's peak; VmRSS polled as a cross-check.
  let rssPolledMax = 0;
  const poll = setInterval(() => { const m = procMem(child.pid); if (m.rss_mib > rssPolledMax) rssPolledMax = m.rss_mib; }, 100);

  const result = { corpus: o.corpus, articles: files.length, lib: o.lib, node: process.version, port, options: { saves: o.saves, css_saves: o.cssSaves, edit: o.edit, save_mode: o.saveMode, gap_ms: o.gap, settle_ms: o.settle, timeout_ms: o.timeout }, start: null, save: null, css: null, rss: null, exit: null, anomalies };
  let events = null;
  try {
    // ---- start-up: spawn → first 200 on `/`
    const startStatuses = {};
    const first200 = await firstOk(() => `${base}/`, tSpawn, () => exited && `warta dev exited during start-up (${exited.code ?? exited.signal}): ${stderrText.slice(-2000)}`, startStatuses);
    const memStart = procMem(child.pid);
    const starts = [...extraStarts, first200];
    const lineAt = (re) => stdoutLines.find((l) => re.test(l.line));
    const servingLine = lineAt(/warta dev: serving/);
    result.start = {
      first_200_ms: round(median(starts)),
      runs_ms: starts.map(round),
      serving_line_ms: servingLine ? round(servingLine.t - tSpawn) : null,
      responses_before_200: Object.fromEntries(Object.entries(startStatuses).filter(([s]) => s !== "200")),
      rss_hwm_mib: memStart.hwm_mib,
    };
    log(`bench-dev: first 200 on / after ${Math.round(first200)} ms (VmHWM ${memStart.hwm_mib} MiB); median of ${starts.length} start-ups ${Math.round(median(starts))} ms`);
    if (Object.keys(result.start.responses_before_200).length) log(`bench-dev: before the first 200: ${JSON.stringify(result.start.responses_before_200)}`);

    // The watcher scans the site after the first build (seconds at 10k): saves start once it says so.
    const watchLimit = now() + 120_000;
    while (!lineAt(/warta dev: watching/) && now() < watchLimit && !exited) await sleep(20);
    const watchingLine = lineAt(/warta dev: watching/);
    const builtLine = lineAt(/warta dev: built \d+ articles/);
    result.start.initial_build_ms = Number(builtLine?.line.match(/in (\d+) ms/)?.[1] ?? NaN) || null;
    result.start.site_built_ms = builtLine ? round(builtLine.t - tSpawn) : null;
    result.start.watching_ms = watchingLine ? round(watchingLine.t - tSpawn) : null;
    log(`bench-dev: whole site built after ${result.start.site_built_ms} ms (server build ${result.start.initial_build_ms} ms)`);
    if (watchingLine) log(`bench-dev: watching after ${result.start.watching_ms} ms`);
    else note("no 'watching' line from warta dev: saves start without it");

    events = await connectEvents(`${base}/__warta/events`);
    const hello = await events.next(o.timeout);
    if (hello?.event !== "hello") throw new Error(`expected a hello event, got ${JSON.stringify(hello)}`);
    let build = hello.data.build;
    if (hello.data.error) note(`the initial build reports errors: ${JSON.stringify(hello.data.error).slice(0, 300)}`);
    await sleep(o.settle);
    const stray = events.drain();
    if (stray.length) note(`events before the first save: ${stray.map((e) => e.event).join(", ")}`);

    const alive = () => {
      if (exited || events.closed) throw new Error(`warta dev ${exited ? `exited (${exited.code ?? exited.signal})` : "closed the event stream"} during the saves: ${stderrText.slice(-2000)}`);
    };

    /** The server's log line for a batch naming `rel` (printed right after the event is sent). */
    const serverLine = async (rel, since) => {
      const re = /^warta dev: (.*) → (\d+) rendered, (\d+) written, (\d+) removed in (\d+) ms(?: \((\w+)\))?/;
      for (const deadline = now() + 1000; ; await sleep(5)) {
        for (const l of stdoutLines) {
          if (l.t < since) continue;
          const m = l.line.match(re);
          if (m && m[1].split(", ").some((p) => p === rel || p.startsWith(`${rel} (+`))) return { trigger: m[1], rendered: +m[2], written: +m[3], removed: +m[4], build_ms: +m[5], sent: m[6] ?? "none" };
        }
        if (now() > deadline) return null;
      }
    };

    /**
     * One timed save: write, wait for the event, check the page. `expect` is the event name;
     * `verify(text)` checks the fetched page.
     */
    const timedSave = async ({ k, file, text, expect, url, verify, kind }) => {
      const rel = relative(root, file).split("\\").join("/");
      const s = { k, kind, file: rel, event: null, latency_ms: null, fetch_ms: null, content_ok: false, build: null, server: null, extra_events: [] };
      alive();
      const t0 = now();
      save(file, text, o.saveMode);
      const e = await events.next(o.timeout);
      if (!e) {
        s.event = "timeout";
        note(`save ${kind} ${k} (${rel}): no event within ${o.timeout} ms`);
      } else {
        s.event = e.event;
        s.latency_ms = round(e.t - t0);
        s.build = e.data?.build ?? null;
        if (e.event !== expect) note(`save ${kind} ${k} (${rel}): got "${e.event}" (${JSON.stringify(e.data).slice(0, 200)}), expected "${expect}"`);
        if (typeof s.build === "number") {
          if (s.build !== build + 1) note(`save ${kind} ${k}: event carries build ${s.build}, expected ${build + 1} (another build changed the output in between)`);
          build = s.build;
        }
        if (expect === "css" && e.event === "css" && !(e.data?.paths ?? []).includes("/assets/warta.css")) note(`save css ${k}: css event paths ${JSON.stringify(e.data?.paths)} do not name /assets/warta.css`);
      }
      // The page must now hold the new content (a tab reloading on this event would show it).
      try {
        const r = await fetchText(url, o.timeout);
        s.fetch_ms = round(now() - t0);
        s.content_ok = r.status === 200 && verify(r.text);
        if (!s.content_ok) {
          s.status = r.status;
          // Late, or never? Poll a little to tell which.
          for (const until = now() + 3000; now() < until && !s.content_late_ms; ) {
            await sleep(50);
            const r2 = await fetchText(url, o.timeout);
            if (r2.status === 200 && verify(r2.text)) s.content_late_ms = round(now() - t0);
          }
          note(`save ${kind} ${k} (${rel}): ${url} lacks the new content right after the event (HTTP ${r.status})${s.content_late_ms ? `; it appeared after ${s.content_late_ms} ms` : "; still missing after 3 s"}`);
        }
      } catch (err) {
        note(`save ${kind} ${k}: fetching ${url} failed: ${err.message}`);
      }
      s.server = await serverLine(rel, t0);
      if (!s.server && s.event !== "timeout") note(`save ${kind} ${k} (${rel}): no server log line names the file`);
      else if (s.server && s.server.trigger !== rel) note(`save ${kind} ${k}: the batch held more than the saved file: ${s.server.trigger}`);
      await sleep(o.gap);
      // Anything that came in since belongs to this save: a second build, a late duplicate.
      s.extra_events = events.drain().map((x) => ({ event: x.event, build: x.data?.build ?? null, after_ms: round(x.t - t0) }));
      for (const x of s.extra_events) if (typeof x.build === "number") build = Math.max(build, x.build);
      if (s.extra_events.length) note(`save ${kind} ${k} (${rel}): ${s.extra_events.length} extra event(s): ${s.extra_events.map((x) => `${x.event}@${x.after_ms}ms`).join(", ")}`);
      return s;
    };

    // ---- article saves: a different article each time, spread over the sorted list
    const samples = [];
    const used = new Set();
    let cursor = 0;
    const pick = async () => {
      for (let tries = 0; tries < files.length; tries++) {
        alive();
        const i = (++cursor * 7919 + 101) % files.length;
        if (used.has(i)) continue;
        used.add(i);
        const file = files[i];
        const text = readFileSync(file, "utf8");
        if (/^slug:/m.test(text.match(/^---[\s\S]*?\n---/)?.[0] ?? "")) continue; // URL not from the file name
        const url = `${base}/berita/${encodeURIComponent(basename(file).replace(/\.(md|markdown)$/i, ""))}/`;
        const r = await fetchText(url, o.timeout).catch(() => null);
        if (r?.status === 200) return { file, text, url };
      }
      throw new Error("no article with a page at /berita/<file name>/");
    };
    log(`bench-dev: ${o.saves} article saves (${o.edit}, ${o.saveMode}), ${o.gap} ms apart`);
    for (let k = 1; k <= o.saves; k++) {
      const kind = o.edit === "mix" ? (k % 2 ? "body" : "title") : o.edit;
      const a = await pick();
      const token = tokenFor(k);
      const text = editArticle(a.text, kind, token);
      if (text === null) { note(`${a.file}: no title line to edit`); continue; }
      const s = await timedSave({ k, file: a.file, text, expect: "reload", url: a.url, verify: (html) => html.includes(token), kind });
      samples.push(s);
      log(sampleLine(`save ${String(k).padStart(2)} ${kind.padEnd(5)}`, "page", s));
    }
    const okSave = (s) => s.event === "reload" && s.content_ok;
    const byKind = {};
    for (const kind of new Set(samples.map((s) => s.kind))) byKind[kind] = summary(samples.filter((s) => s.kind === kind && okSave(s)).map((s) => s.latency_ms));
    result.save = { ...timedSummary(samples, okSave), with_page: summary(samples.filter(okSave).map((s) => s.fetch_ms)), by_kind: byKind, samples };
    log(`bench-dev: save→reload median ${result.save.median_ms} ms, p95 ${result.save.p95_ms} ms (${result.save.failed} failed); with the page fetched: median ${result.save.with_page.median_ms} ms`);

    // ---- stylesheet saves: templates/static/warta.css replaces the theme's
    if (o.cssSaves > 0) {
      const theme = join(o.lib, "..", "templates", "static", "warta.css");
      const baseCss = existsSync(theme) ? readFileSync(theme, "utf8") : ":root {}\n";
      const cssFile = join(root, "templates", "static", "warta.css");
      const cssUrl = `${base}/assets/warta.css`;
      const created = existsSync(cssFile);
      mkdirSync(dirname(cssFile), { recursive: true });
      // Untimed: create the override (a new file), wait for its event.
      const setup = await timedSave({ k: 0, file: cssFile, text: `${baseCss}\n/* bench-dev */\n`, expect: "css", url: cssUrl, verify: (css) => css.includes("/* bench-dev */"), kind: "css-setup" });
      log(`bench-dev: css override ${created ? "rewritten" : "created"}: ${setup.event} after ${setup.latency_ms} ms`);
      const css = [];
      for (let k = 1; k <= o.cssSaves; k++) {
        const rule = `--warta-bench-dev: ${k}${Math.random().toString(36).slice(2, 6)};`;
        const s = await timedSave({ k, file: cssFile, text: `${baseCss}\n/* bench-dev save ${k} */\n:root { ${rule} }\n`, expect: "css", url: cssUrl, verify: (t) => t.includes(rule), kind: "css" });
        css.push(s);
        log(sampleLine(`css  ${String(k).padStart(2)}`, "stylesheet", s));
      }
      const okCss = (s) => s.event === "css" && s.content_ok;
      result.css = { ...timedSummary(css, okCss), with_stylesheet: summary(css.filter(okCss).map((s) => s.fetch_ms)), setup, samples: css };
      log(`bench-dev: css save→css median ${result.css.median_ms} ms, p95 ${result.css.p95_ms} ms (${result.css.failed} failed)`);
    }

    const memEnd = procMem(child.pid);
    result.rss = { start_hwm_mib: memStart.hwm_mib, peak_mib: memEnd.hwm_mib, end_mib: memEnd.rss_mib, polled_max_mib: rssPolledMax || null };
    log(`bench-dev: RSS peak (VmHWM) ${memEnd.hwm_mib} MiB, now ${memEnd.rss_mib} MiB`);
  } finally {
    clearInterval(poll);
    events?.close();
    const tStop = now();
    if (!exited) {
      child.kill("SIGTERM");
      const t = setTimeout(() => { if (!exited) { note("warta dev did not stop within 10 s of SIGTERM: killed"); child.kill("SIGKILL"); } }, 10_000);
      await exitP;
      clearTimeout(t);
      result.exit = { code: exited.code, signal: exited.signal, stop_ms: round(exited.t - tStop) };
    } else {
      result.exit = { code: exited.code, signal: exited.signal, stop_ms: null, early: true };
      note(`warta dev exited by itself (${exited.code ?? exited.signal})`);
    }
    const errLines = stderrText.split("\n").filter(Boolean);
    if (errLines.length) {
      result.stderr_tail = errLines.slice(-20);
      note(`warta dev wrote ${errLines.length} line(s) to stderr, e.g. ${errLines[0].slice(0, 200)}`);
    }
    result.stdout_lines = stdoutLines.length;
    if (ownWork) rmSync(work, { recursive: true, force: true });
  }
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === SELF) {
  const o = parseArgs(process.argv.slice(2));
  benchDev(o).then(
    (r) => { process.stdout.write(`${JSON.stringify(r, null, 2)}\n`); process.exit(0); },
    (e) => { log(`bench-dev: ${e.stack ?? e.message}`); process.exit(1); },
  );
}
