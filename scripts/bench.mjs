#!/usr/bin/env node
/**
 * `npm run bench`: warta against Hugo, Eleventy and the markdown-it floor on the same generated
 * news corpus, with the shared kit in `<repo>/../shared/bench/` (gen-corpus.mjs, peers.sh,
 * compare.mjs). For every corpus size it runs, with compare.mjs:
 *
 *   1. one interleaved cold round: warta (output moved aside + `.warta-cache` deleted),
 *      Hugo, Eleventy (cold, via peers.sh), the floor (scripts/bench-floor.mjs) and the
 *      disk's floor (`cp -r` of the site warta just wrote: the same files, folders and bytes);
 *   2. one interleaved incremental round: warta warm (nothing changed) and warta after
 *      editing one article's body (a different article every run);
 *   3. the dev-server round (scripts/bench-dev.mjs, issue 5), on a copy of the corpus:
 *      `warta dev` start-up to the first 200 on `/`, save → SSE `reload` latency over N article
 *      saves (each checked by fetching the page), stylesheet save → `css` event latency, and
 *      the dev process's peak RSS (VmHWM).
 *
 * It prints a table (medians, min–max, spread, CPU s, peak RSS, ratios to Hugo / the floor /
 * warta cold; p95 for the dev rows), per-stage timings (WARTA_TIMINGS) and the targets of
 * issues 7 and 5, and writes the figures as JSON to `<repo>/.bench/`. Corpora and outputs live
 * in a temp folder.
 *
 *   node scripts/bench.mjs [options]
 *     --count N[,N…]   corpus sizes (default 1000,10000); repeatable
 *     --large          add 100000 (runs default to 1 there)
 *     --runs N         timed runs per command in the cold round (default 5; 3 with --quick)
 *     --warm-runs N    timed runs of warm and edit (default 5; 3 with --quick)
 *     --peers LIST     hugo,eleventy (default), a subset, or none
 *     --no-dev         skip the dev-server round
 *     --dev-saves N    article saves and stylesheet saves in the dev round (default 20)
 *     --quick          1000 articles only, 3 runs
 *     --no-install     do not run peers.sh install when a peer is missing
 *     --no-compile     do not run tsc first (default: compile src/ to lib/)
 *     --no-snapshot    run lib/ in place (default: copy lib/ + templates/ into the temp
 *                      folder first, so a parallel recompile cannot change a run halfway)
 *     --ref REV        benchmark a git revision instead of the working tree (exported with
 *                      `git archive` into the temp folder and compiled there)
 *     --seed S         corpus seed (default 1)
 *     --workdir DIR    parent of the temp folder (default: os.tmpdir())
 *     --keep           keep the temp folder (corpora, outputs)
 *     --markdown       print the tables as Markdown
 *
 * Deletes: nothing is deleted between timed rounds; old outputs are moved aside (peers.sh
 * clear) and the whole temp folder is removed at the end. On ext4 without a journal (this
 * machine), creating files within 60–300 s of a mass delete is several times slower (the inode
 * allocator skips recently deleted inodes), which would tax whichever build runs next.
 * Disk use until the end: about 1 GB per cold run at 10k (warta + Hugo + Eleventy outputs),
 * plus, for the dev round, a copy of the corpus and one more warta output per size.
 *
 * Internal: `node scripts/bench.mjs --edit-one CORPUS` appends one sentence to one article
 * (the benchmark's edit --prepare).
 * Profiling: `node scripts/bench.mjs --profile-summary FILE.cpuprofile [--top N]` aggregates a
 * `node --cpu-prof` profile by function (self, inclusive), by file and by package.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { availableParallelism, cpus, hostname, release, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { argReader, cliNodeFlags, listMarkdown, median, usage } from "./bench-common.mjs";

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const KIT = resolve(REPO, "..", "shared", "bench");
const PEERS_SH = join(KIT, "peers.sh");
const COMPARE = join(KIT, "compare.mjs");
const GEN = join(KIT, "gen-corpus.mjs");
const COPY_FLOOR = "floor (cp -r of warta's output)";
const FLOOR = join(REPO, "scripts", "bench-floor.mjs");
const DEV = join(REPO, "scripts", "bench-dev.mjs");
const SELF = fileURLToPath(import.meta.url);

/** Issue 7's targets; `dev`: issue 5's (save → reload, CSS save → applied, start ≤ cold build, RSS). */
const TARGETS = {
  coldVsHugo: 0.5, rss10kMiB: 600, warmVsCold: 0.1, editVsCold: 0.05, large: { vs10k: 10, rssMiB: 3072 },
  dev: { saveMedianMs: 100, saveP95Ms: 250, cssMedianMs: 50, startVsCold: 1, rssMiB: 1024 },
};

// ---------------------------------------------------------------------------
// --edit-one: the edit round's prepare step

if (process.argv[2] === "--edit-one") {
  editOne(process.argv[3]);
  process.exit(0);
}
if (process.argv[2] === "--profile-summary") {
  profileSummary(process.argv.slice(3));
  process.exit(0);
}

/**
 * `--profile-summary FILE.cpuprofile [--top N]`: aggregate a `node --cpu-prof` profile by
 * function (self and inclusive time), by file and by package.
 */
function profileSummary(args) {
  const file = args.find((a) => !a.startsWith("--"));
  const topIdx = args.indexOf("--top");
  const top = topIdx >= 0 ? Number(args[topIdx + 1]) : 30;
  if (!file) throw new Error("--profile-summary needs a .cpuprofile file");
  const prof = JSON.parse(readFileSync(file, "utf8"));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (prof.timeDeltas[i] ?? 0));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const short = (url) => url.replace(/^file:\/\//, "").replace(/^.*\/node_modules\//, "node_modules/").replace(/^.*\/lib\//, "lib/");
  const pkg = (url) => {
    if (!url) return "(native/gc/idle)";
    if (url.startsWith("node:")) return "node:internal";
    const m = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
    if (m) return m[1];
    const l = url.match(/\/lib\/([^/]+)\//);
    return l ? `warta lib/${l[1]}` : short(url);
  };
  const key = (n) => `${n.callFrame.functionName || "(anonymous)"}  ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const fnSelf = new Map(), fileSelf = new Map(), pkgSelf = new Map(), fnIncl = new Map();
  const add = (m, k, v) => m.set(k, (m.get(k) ?? 0) + v);
  // Inclusive time without double counting recursion: count a subtree under a function only
  // where no ancestor is the same function.
  const visit = (id, active) => {
    const n = byId.get(id);
    const k = key(n);
    const s = self.get(id) ?? 0;
    add(fnSelf, k, s);
    add(fileSelf, n.callFrame.url ? short(n.callFrame.url) : `(${n.callFrame.functionName})`, s);
    add(pkgSelf, n.callFrame.url ? pkg(n.callFrame.url) : `(${n.callFrame.functionName})`, s);
    let sub = s;
    const fresh = !active.has(k);
    if (fresh) active.add(k);
    for (const c of n.children ?? []) sub += visit(c, active);
    if (fresh) { active.delete(k); add(fnIncl, k, sub); }
    return sub;
  };
  visit(prof.nodes[0].id, new Set());
  const print = (title, m, n) => {
    process.stdout.write(`\n${title}\n`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`${(v / 1e6).toFixed(2).padStart(8)} s ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}\n`);
  };
  process.stdout.write(`profile ${file}: ${(total / 1e6).toFixed(2)} s sampled\n`);
  print("self time by package / folder", pkgSelf, top);
  print("self time by file", fileSelf, top);
  print("self time by function", fnSelf, top);
  print("inclusive time by function", fnIncl, top);
}

/**
 * Append a sentence to the body of one article. Deterministic: run k edits article
 * (k·7919 + 13) mod n of the sorted list, with text naming k, so every run is a real change
 * to a different file.
 */
function editOne(corpus) {
  if (!corpus) throw new Error("--edit-one needs the corpus folder");
  const dir = join(corpus, "articles");
  const files = listMarkdown(dir).sort();
  if (!files.length) throw new Error(`no articles in ${dir}`);
  const counterFile = `${resolve(corpus)}.edit-counter`;
  const k = existsSync(counterFile) ? Number(readFileSync(counterFile, "utf8")) + 1 : 1;
  writeFileSync(counterFile, String(k));
  const file = files[(k * 7919 + 13) % files.length];
  const text = readFileSync(file, "utf8");
  appendFileSync(file, `${text.endsWith("\n") ? "" : "\n"}\nPembaruan ke-${k}: redaksi menambahkan keterangan baru pada berita ini.\n`);
}

// ---------------------------------------------------------------------------
// Arguments

function parseArgs(argv) {
  const o = { ref: null, counts: [], large: false, runs: undefined, warmRuns: undefined, peers: ["hugo", "eleventy"], dev: true, devSaves: 20, quick: false, install: true, compile: true, snapshot: true, seed: "1", workdir: tmpdir(), keep: false, markdown: false };
  const { need, fail } = argReader("bench", SELF, argv);
  const int = (v, flag) => {
    const n = Number(String(v).replace(/_/g, "").replace(/k$/i, "000"));
    if (!Number.isInteger(n) || n < 1) fail(`${flag} wants a positive integer, got ${v}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case "--count": for (const c of need(i).split(",")) o.counts.push(int(c, a)); i++; break;
      case "--large": o.large = true; break;
      case "--runs": o.runs = int(need(i), a); i++; break;
      case "--warm-runs": o.warmRuns = int(need(i), a); i++; break;
      case "--peers": {
        const v = need(i); i++;
        o.peers = v === "none" || v === "" ? [] : v.split(",").map((p) => (p === "11ty" ? "eleventy" : p));
        for (const p of o.peers) if (p !== "hugo" && p !== "eleventy") fail(`unknown peer ${p}`);
        break;
      }
      case "--no-dev": o.dev = false; break;
      case "--dev-saves": o.devSaves = int(need(i), a); i++; break;
      case "--quick": o.quick = true; break;
      case "--no-install": o.install = false; break;
      case "--no-compile": o.compile = false; break;
      case "--no-snapshot": o.snapshot = false; break;
      case "--ref": o.ref = need(i); i++; break;
      case "--seed": o.seed = need(i); i++; break;
      case "--workdir": o.workdir = resolve(need(i)); i++; break;
      case "--keep": o.keep = true; break;
      case "--markdown": o.markdown = true; break;
      case "-h": case "--help": usage(SELF, 0); break;
      default: fail(`unexpected argument ${a}`);
    }
  }
  if (!o.counts.length) o.counts = o.quick ? [1000] : [1000, 10000];
  if (o.large && !o.counts.includes(100000)) o.counts.push(100000);
  o.counts = [...new Set(o.counts)].sort((a, b) => a - b);
  return o;
}

// ---------------------------------------------------------------------------
// Helpers

const log = (s = "") => process.stderr.write(`${s}\n`);
const sh = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 64 << 20, ...opts });
const q = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${String(s).replace(/'/g, `'\\''`)}'`);
const fmt = (x, d = 2) => (x === null || x === undefined || Number.isNaN(x) ? "n/a" : x.toFixed(d));
const ratio = (a, b) => (a != null && b ? a / b : null);
const sizeLabel = (n) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

function machineInfo() {
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  const model = cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1]?.trim() ?? cpus()[0]?.model ?? "unknown";
  const meminfo = existsSync("/proc/meminfo") ? readFileSync("/proc/meminfo", "utf8") : "";
  const memKb = Number(meminfo.match(/^MemTotal:\s+(\d+)/m)?.[1] ?? 0);
  const nproc = Number(sh("nproc", []).stdout?.trim()) || availableParallelism();
  const load = existsSync("/proc/loadavg") ? readFileSync("/proc/loadavg", "utf8").trim().split(" ").slice(0, 3).join(" ") : null;
  return {
    hostname: hostname(),
    nproc,
    cpu_model: model,
    mem_gib: Math.round(((memKb ? memKb * 1024 : totalmem()) / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    loadavg_at_start: load,
  };
}

function gitInfo() {
  const rev = sh("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO });
  const dirty = sh("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: REPO });
  return { commit: rev.status === 0 ? rev.stdout.trim() : null, dirty: dirty.status === 0 ? dirty.stdout.trim().split("\n").filter(Boolean) : null };
}

function peerVersions() {
  const r = sh("bash", [PEERS_SH, "versions"]);
  const v = {};
  for (const line of (r.stdout ?? "").split("\n")) {
    const m = line.match(/^(\w+):\s*(.*)$/);
    if (m) v[m[1]] = m[2].trim();
  }
  return v;
}

const peerMissing = (versions, p) => !versions[p] || versions[p] === "missing";

// ---------------------------------------------------------------------------
// The warta under test: compiled, optionally snapshotted

/** The second step of `npm run compile`, where the revision has it. */
function bundle(dir, notes) {
  if (!existsSync(join(dir, "scripts", "bundle.mjs"))) return;
  const r = sh(process.execPath, [join(dir, "scripts", "bundle.mjs")], { cwd: dir });
  if (r.status !== 0) notes.push(`the esbuild bundle failed (exit ${r.status}); benchmarking the unbundled lib/`);
}

function prepareWarta(o, work, notes) {
  const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
  if (o.ref) {
    // A committed revision, exported (no worktree, nothing written into the repo) and compiled.
    const dir = join(work, "warta");
    mkdirSync(dir, { recursive: true });
    const r = sh("sh", ["-c", `git -C ${q(REPO)} archive ${q(o.ref)} src templates package.json tsconfig.json | tar -x -C ${q(dir)}`]);
    if (r.status !== 0) throw new Error(`git archive ${o.ref} failed: ${r.stderr}`);
    symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
    // Revisions since the esbuild bundle also ship scripts/bundle.mjs (older ones have none).
    sh("sh", ["-c", `git -C ${q(REPO)} archive ${q(o.ref)} scripts/bundle.mjs | tar -x -C ${q(dir)}`]);
    log(`bench: compiling ${o.ref} in ${dir}`);
    const c = sh(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir });
    if (c.status !== 0) notes.push(`tsc reported errors for ${o.ref} (exit ${c.status}); benchmarking what it emitted`);
    bundle(dir, notes);
    return { cli: join(dir, "lib", "cli", "main.js"), dir };
  }
  if (o.compile || !existsSync(join(REPO, "lib", "cli", "main.js"))) {
    log("bench: compiling src/ → lib/ (tsc, then the esbuild bundle: `npm run compile`)");
    const r = sh(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: REPO });
    if (r.status !== 0) {
      notes.push(`tsc reported errors (exit ${r.status}); benchmarking whatever lib/ it emitted`);
      log(`${r.stdout}${r.stderr}`.slice(-2000));
    }
    bundle(REPO, notes);
  }
  if (!existsSync(join(REPO, "lib", "cli", "main.js"))) throw new Error("lib/cli/main.js missing: run `npm run compile`");
  if (!o.snapshot) return { cli: join(REPO, "lib", "cli", "main.js"), dir: REPO };
  // lib/ + templates/ + package.json with node_modules linked: the same code for every run.
  const dir = join(work, "warta");
  mkdirSync(dir, { recursive: true });
  cpSync(join(REPO, "lib"), join(dir, "lib"), { recursive: true });
  cpSync(join(REPO, "templates"), join(dir, "templates"), { recursive: true });
  cpSync(join(REPO, "package.json"), join(dir, "package.json"));
  symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"), "dir");
  return { cli: join(dir, "lib", "cli", "main.js"), dir };
}

function wartaVersion(dir = REPO) {
  return JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;
}

// ---------------------------------------------------------------------------
// compare.mjs rounds

/** Load average and CPU/IO pressure (Linux PSI), to show how busy the machine was. */
function busy() {
  const read = (f) => (existsSync(f) ? readFileSync(f, "utf8") : "");
  const psi = (f) => Number(read(f).match(/^some avg10=[\d.]+ avg60=([\d.]+)/m)?.[1] ?? NaN);
  const load = read("/proc/loadavg").trim().split(" ").slice(0, 3).map(Number);
  return { loadavg: load.length === 3 ? load : null, cpu_pressure_avg60: psi("/proc/pressure/cpu"), io_pressure_avg60: psi("/proc/pressure/io") };
}

function runCompare(name, spec, jsonFile, work) {
  const before = busy();
  if (before.cpu_pressure_avg60 > 20 || (before.loadavg && before.loadavg[0] > 1.5)) log(`bench: WARNING: the machine is busy before "${name}" (load ${before.loadavg?.join(" ")}, CPU pressure ${before.cpu_pressure_avg60}%): expect noisy figures`);
  const specFile = join(work, `${name.replace(/[^\w.-]+/g, "-")}.spec.json`);
  writeFileSync(specFile, JSON.stringify(spec, null, 2));
  log(`\nbench: ${name}: ${spec.commands.map((c) => c.name).join(", ")} × ${spec.runs} run(s), interleaved`);
  // --keep-going: a peer that fails (e.g. out of memory at 100k) is recorded, the others go on.
  const r = spawnSync(process.execPath, [COMPARE, "--spec", specFile, "--json", jsonFile, "--keep-going"], { stdio: ["ignore", "inherit", "inherit"], cwd: REPO });
  if (!existsSync(jsonFile)) return { error: `compare.mjs exited ${r.status ?? r.signal} without results` };
  const doc = JSON.parse(readFileSync(jsonFile, "utf8"));
  if (r.status !== 0) doc.warning = `compare.mjs exited ${r.status}: some runs failed`;
  doc.machine_busy = { before, after: busy() };
  return doc;
}

/**
 * The dev-server round: scripts/bench-dev.mjs on a copy of the corpus (in `dir`, removed with the
 * work folder), with the same lib/ as the builds. Its log goes to stderr, its JSON comes back.
 */
function runDev(name, corpus, dir, warta, o) {
  const before = busy();
  if (before.cpu_pressure_avg60 > 20 || (before.loadavg && before.loadavg[0] > 1.5)) log(`bench: WARNING: the machine is busy before "${name}" (load ${before.loadavg?.join(" ")}, CPU pressure ${before.cpu_pressure_avg60}%): expect noisy figures`);
  log(`\nbench: ${name}: warta dev start-up, ${o.devSaves} article saves, ${o.devSaves} stylesheet saves`);
  const lib = dirname(dirname(warta.cli));
  const r = spawnSync(process.execPath, [DEV, "--corpus", corpus, "--lib", lib, "--work", dir, "--saves", String(o.devSaves), "--css-saves", String(o.devSaves)], { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"], cwd: REPO });
  let doc;
  try {
    doc = JSON.parse(r.stdout);
  } catch {
    return { error: `bench-dev.mjs exited ${r.status ?? r.signal} without results`, machine_busy: { before, after: busy() } };
  }
  if (r.status !== 0) doc.warning = `bench-dev.mjs exited ${r.status}`;
  doc.machine_busy = { before, after: busy() };
  return doc;
}

/** Parse the stdout of `WARTA_TIMINGS=1 warta build` appended once per run. */
function readStageLog(file) {
  if (!existsSync(file)) return [];
  const runs = [];
  let cur = null;
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = line.match(/^warta: built (\d+) articles, (\d+) pages \((\d+) rendered, (\d+) files written, (\d+) removed\)/);
    if (m) {
      cur = { articles: +m[1], pages: +m[2], rendered: +m[3], written: +m[4], removed: +m[5], stages: null };
      runs.push(cur);
    } else if (cur && line.startsWith("{")) {
      try { cur.stages = JSON.parse(line); } catch { /* not the timings line */ }
    }
  }
  return runs;
}

function stageMedians(runs) {
  const keys = [...new Set(runs.flatMap((r) => Object.keys(r.stages ?? {})))];
  const out = {};
  for (const k of keys) out[k] = median(runs.map((r) => r.stages?.[k] ?? null));
  return out;
}

function benchSize(n, o, ctx) {
  const { work, warta, peers, notes } = ctx;
  const d = join(work, sizeLabel(n));
  mkdirSync(d, { recursive: true });
  const corpus = join(d, "corpus");
  log(`\nbench: ==== ${n} articles ====`);
  const g = sh(process.execPath, [GEN, "--count", String(n), "--out", corpus, "--seed", String(o.seed), "--force"], { stdio: ["ignore", "pipe", "inherit"] });
  if (g.status !== 0) throw new Error(`gen-corpus failed for ${n}`);
  log(g.stdout.trim());

  const cold = n >= 100000 ? (o.runs ?? 1) : (o.runs ?? (o.quick ? 3 : 5));
  const warmRuns = n >= 100000 ? (o.warmRuns ?? 3) : (o.warmRuns ?? (o.quick ? 3 : 5));
  const out = { warta: join(d, "out-warta-cold"), copy: join(d, "out-copy"), hugo: join(d, "out-hugo"), eleventy: join(d, "out-eleventy"), inc: join(d, "out-warta-inc") };
  const stagesCold = join(d, "stages-cold.log");
  const stagesWarm = join(d, "stages-warm.log");
  const stagesEdit = join(d, "stages-edit.log");
  // warta runs as its `warta` bin and `npm run build` run it: with the Node flags of its shebang.
  const node = [process.execPath, ...cliNodeFlags(warta.cli)].map(q).join(" ");
  const wartaBuild = (o2, logFile) => `exec ${node} ${q(warta.cli)} build --root ${q(corpus)} --out ${q(o2)} >> ${q(logFile)}`;
  const env = { WARTA_TIMINGS: "1" };
  const cache = join(corpus, ".warta-cache");

  // Round 1: cold, interleaved with the peers and the floor.
  // The floor goes first: compare.mjs needs a baseline that succeeds to write its JSON, and
  // a warta that fails must not cost the peers' figures. Ratios are computed here anyway.
  const commands = [
    { name: "floor (markdown-it)", cmd: [process.execPath, FLOOR, corpus], prepare: "sync" },
    {
      name: "warta cold",
      cmd: wartaBuild(out.warta, stagesCold),
      prepare: `bash ${q(PEERS_SH)} clear ${q(out.warta)} && rm -rf ${q(cache)} && sync`,
      countFiles: out.warta,
      env,
    },
    // The disk's floor: copying the site warta just wrote (same files, same folders, same bytes)
    // with cp. No build that writes these files on this disk can take much less.
    {
      name: COPY_FLOOR,
      cmd: ["cp", "-r", out.warta, out.copy],
      prepare: `bash ${q(PEERS_SH)} clear ${q(out.copy)}`,
      countFiles: out.copy,
    },
  ];
  for (const p of peers) {
    commands.push({
      name: `${p} cold`,
      cmd: ["bash", PEERS_SH, "build", p, corpus, out[p]],
      prepare: `bash ${q(PEERS_SH)} clear ${q(out[p])}`,
      countFiles: out[p],
    });
  }
  const coldDoc = runCompare(`cold ${sizeLabel(n)}`, { runs: cold, commands }, join(d, "cold.json"), work);

  // Round 2: warta incremental. Setup: one untimed cold build that leaves cache + output.
  const incCommands = [
    {
      name: "warta warm",
      cmd: wartaBuild(out.inc, stagesWarm),
      setup: `rm -rf ${q(cache)} ${q(out.inc)} && ${node} ${q(warta.cli)} build --root ${q(corpus)} --out ${q(out.inc)} > /dev/null && sync`,
      prepare: "sync",
      countFiles: out.inc,
      env,
    },
    {
      name: "warta edit 1",
      cmd: wartaBuild(out.inc, stagesEdit),
      prepare: `${q(process.execPath)} ${q(SELF)} --edit-one ${q(corpus)} && sync`,
      env,
    },
  ];
  const incDoc = runCompare(`warm/edit ${sizeLabel(n)}`, { runs: warmRuns, commands: incCommands }, join(d, "incremental.json"), work);

  // Round 3: warta dev, on its own copy of the corpus (the cache and outputs above stay as they are).
  const devDoc = o.dev ? runDev(`dev ${sizeLabel(n)}`, corpus, join(d, "dev"), warta, o) : null;

  const stageRuns = { cold: readStageLog(stagesCold), warm: readStageLog(stagesWarm), edit: readStageLog(stagesEdit) };
  // The whole cache folder: state.bin, shape.bin and bodies.bin.
  const cacheBytes = existsSync(join(cache, "state.bin")) ? readdirSync(cache).reduce((n, f) => n + statSync(join(cache, f)).size, 0) : null;
  const corpusBytes = listMarkdown(join(corpus, "articles")).reduce((s, f) => s + statSync(f).size, 0);
  // Nothing is deleted here: see "Deletes" in the header. The work folder goes at the very end.
  return { count: n, runs: { cold, warm: warmRuns }, corpus_mib: corpusBytes / 2 ** 20, cache_file_mib: cacheBytes === null ? null : cacheBytes / 2 ** 20, cold: coldDoc, incremental: incDoc, dev: devDoc, stages: stageRuns, stage_medians_ms: { cold: stageMedians(stageRuns.cold), warm: stageMedians(stageRuns.warm), edit: stageMedians(stageRuns.edit) } };
}

// ---------------------------------------------------------------------------
// Report

function rowsFor(size) {
  const find = (doc, name) => doc?.commands?.find((c) => c.name === name);
  const all = [...(size.cold?.commands ?? []), ...(size.incremental?.commands ?? [])];
  const wc = find(size.cold, "warta cold")?.stats;
  const hugo = find(size.cold, "hugo cold")?.stats;
  const floor = find(size.cold, "floor (markdown-it)")?.stats;
  const rows = all.map((c) => {
    const s = c.stats;
    const isWarta = c.name.startsWith("warta");
    return {
      size: sizeLabel(size.count),
      name: c.name,
      runs: `${s.ok_runs}${s.failed_runs ? `+${s.failed_runs}✗` : ""}`,
      median_s: s.median_s,
      min_s: s.min_s,
      max_s: s.max_s,
      p95_s: null,
      spread_pct: s.spread_pct,
      cpu_s: s.cpu_median_s,
      rss_mib: s.rss_max_mib,
      files: c.output?.files ?? null,
      x_hugo: hugo ? ratio(s.median_s, hugo.median_s) : null,
      x_floor: floor ? ratio(s.median_s, floor.median_s) : null,
      x_warta_cold: isWarta && wc ? ratio(s.median_s, wc.median_s) : null,
    };
  });
  return [...rows, ...devRows(size, wc)];
}

/** The dev round's rows: latencies in seconds like the rest (shown with ms precision). */
function devRows(size, wc) {
  const dev = size.dev;
  if (!dev || dev.error) return [];
  const s = (ms) => (ms == null ? null : ms / 1000);
  const row = (name, fields) => ({
    size: sizeLabel(size.count), name, dev: true, runs: "1", median_s: null, min_s: null, max_s: null, p95_s: null, spread_pct: null, cpu_s: null, rss_mib: null, files: null, x_hugo: null, x_floor: null, x_warta_cold: null, ...fields,
  });
  const latency = (name, x) => row(name, {
    runs: `${x.n}${x.failed ? `+${x.failed}✗` : ""}`, median_s: s(x.median_ms), min_s: s(x.min_ms), max_s: s(x.max_ms), p95_s: s(x.p95_ms),
    spread_pct: x.median_ms ? (100 * (x.max_ms - x.min_ms)) / x.median_ms : null, x_warta_cold: wc ? ratio(s(x.median_ms), wc.median_s) : null,
  });
  const rows = [];
  if (dev.start) {
    const runs = dev.start.runs_ms ?? [dev.start.first_200_ms];
    rows.push(row("dev start (→ first 200)", { runs: String(runs.length), median_s: s(dev.start.first_200_ms), min_s: s(Math.min(...runs)), max_s: s(Math.max(...runs)), rss_mib: dev.start.rss_hwm_mib, x_warta_cold: wc ? ratio(s(dev.start.first_200_ms), wc.median_s) : null }));
    // The home page comes first; this is when the last page of the first build was written (measured start only).
    if (dev.start.site_built_ms) rows.push(row("dev start (→ whole site)", { runs: "1", median_s: s(dev.start.site_built_ms), x_warta_cold: wc ? ratio(s(dev.start.site_built_ms), wc.median_s) : null }));
  }
  if (dev.save) rows.push(latency("dev save→reload", dev.save));
  if (dev.css) rows.push(latency("dev css save→css", dev.css));
  if (dev.rss) rows.push(row("dev peak RSS", { runs: "-", rss_mib: dev.rss.peak_mib }));
  return rows;
}

function renderTable(rows, markdown) {
  const head = ["size", "command", "runs", "median s", "min–max s", "p95 s", "spread", "CPU s", "peak RSS MiB", "files", "× Hugo", "× floor", "× warta cold"];
  const body = rows.map((r) => {
    // Dev rows: ms precision, and "-" where a figure does not apply.
    const f = (x, d = 2) => (x == null && r.dev ? "-" : fmt(x, r.dev && d === 2 ? 3 : d));
    return [
      r.size, r.name, r.runs, f(r.median_s), r.min_s == null && r.dev ? "-" : `${f(r.min_s)}–${f(r.max_s)}`, r.p95_s == null ? "-" : f(r.p95_s),
      r.spread_pct == null ? (r.dev ? "-" : "n/a") : `${r.spread_pct.toFixed(0)}%`,
      f(r.cpu_s), f(r.rss_mib, 0), r.files == null ? "-" : String(r.files), r.x_hugo == null ? "-" : fmt(r.x_hugo), r.x_floor == null ? "-" : fmt(r.x_floor), r.x_warta_cold == null ? "-" : fmt(r.x_warta_cold, 3),
    ];
  });
  if (markdown) {
    const line = (c) => `| ${c.join(" | ")} |`;
    return [line(head), line(head.map((_, i) => (i < 3 ? "---" : "---:"))), ...body.map(line)].join("\n");
  }
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (c) => c.map((x, i) => (i < 2 ? x.padEnd(w[i]) : x.padStart(w[i]))).join("  ");
  return [line(head), line(w.map((n) => "-".repeat(n))), ...body.map(line)].join("\n");
}

function targetChecks(sizes) {
  const checks = [];
  const get = (size, name) => [...(size.cold?.commands ?? []), ...(size.incremental?.commands ?? [])].find((c) => c.name === name)?.stats;
  const add = (what, value, limit, unit = "") => checks.push({ what, value, limit, unit, pass: value == null ? null : value <= limit });
  for (const s of sizes) {
    const L = sizeLabel(s.count);
    const cold = get(s, "warta cold"), hugo = get(s, "hugo cold"), warm = get(s, "warta warm"), edit = get(s, "warta edit 1");
    if (s.count === 10000) {
      add(`${L} cold ≤ ${TARGETS.coldVsHugo}× Hugo`, ratio(cold?.median_s, hugo?.median_s), TARGETS.coldVsHugo, "×");
      // Not a target: how much of that budget writing the files alone takes on this disk.
      const copy = get(s, COPY_FLOOR);
      if (copy) checks.push({ what: `${L} (for scale) ${COPY_FLOOR} × Hugo`, value: ratio(copy.median_s, hugo?.median_s), limit: null, unit: "×", pass: "info" });
      add(`${L} peak RSS ≤ ${TARGETS.rss10kMiB} MiB (cold/warm/edit)`, Math.max(cold?.rss_max_mib ?? 0, warm?.rss_max_mib ?? 0, edit?.rss_max_mib ?? 0) || null, TARGETS.rss10kMiB, " MiB");
    }
    add(`${L} warm ≤ ${TARGETS.warmVsCold}× cold`, ratio(warm?.median_s, cold?.median_s), TARGETS.warmVsCold, "×");
    add(`${L} edit ≤ ${TARGETS.editVsCold}× cold`, ratio(edit?.median_s, cold?.median_s), TARGETS.editVsCold, "×");
    const dev = s.dev && !s.dev.error ? s.dev : null;
    if (s.dev) {
      const D = TARGETS.dev;
      add(`${L} dev save→reload median ≤ ${D.saveMedianMs} ms`, dev?.save?.median_ms ?? null, D.saveMedianMs, " ms");
      add(`${L} dev save→reload p95 ≤ ${D.saveP95Ms} ms`, dev?.save?.p95_ms ?? null, D.saveP95Ms, " ms");
      add(`${L} dev saves without the new content on the page`, dev?.save ? dev.save.failed : null, 0);
      add(`${L} dev css save→css median ≤ ${D.cssMedianMs} ms`, dev?.css?.median_ms ?? null, D.cssMedianMs, " ms");
      add(`${L} dev start-up ≤ ${D.startVsCold}× cold build`, ratio(dev?.start?.first_200_ms == null ? null : dev.start.first_200_ms / 1000, cold?.median_s), D.startVsCold, "×");
      add(`${L} dev peak RSS ≤ ${D.rssMiB} MiB`, dev?.rss?.peak_mib ?? null, D.rssMiB, " MiB");
    }
    if (s.count === 100000) {
      const ten = sizes.find((x) => x.count === 10000);
      add(`100k cold ≤ ${TARGETS.large.vs10k}× 10k cold`, ten ? ratio(cold?.median_s, get(ten, "warta cold")?.median_s) : null, TARGETS.large.vs10k, "×");
      add(`100k peak RSS ≤ ${TARGETS.large.rssMiB} MiB`, cold?.rss_max_mib ?? null, TARGETS.large.rssMiB, " MiB");
    }
  }
  return checks;
}

function stageTable(sizes, markdown) {
  const order = ["config", "load", "parse", "model", "plan", "render", "write"];
  const lines = [];
  const head = ["size", "round", "runs", ...order, "other", "rendered", "written"];
  const rows = [];
  for (const s of sizes) {
    for (const kind of ["cold", "warm", "edit"]) {
      const m = s.stage_medians_ms[kind];
      const runs = s.stages[kind];
      if (!runs.length) continue;
      const extra = Object.keys(m).filter((k) => !order.includes(k));
      rows.push([sizeLabel(s.count), kind, String(runs.length), ...order.map((k) => (m[k] == null ? "-" : `${Math.round(m[k])}`)), extra.map((k) => `${k}=${Math.round(m[k])}`).join(" ") || "-", String(median(runs.map((r) => r.rendered))), String(median(runs.map((r) => r.written)))]);
    }
  }
  if (!rows.length) return "(no stage timings)";
  if (markdown) {
    const line = (c) => `| ${c.join(" | ")} |`;
    lines.push(line(head), line(head.map((_, i) => (i < 2 ? "---" : "---:"))), ...rows.map(line));
    return lines.join("\n");
  }
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (c) => c.map((x, i) => (i < 2 ? x.padEnd(w[i]) : x.padStart(w[i]))).join("  ");
  return [line(head), line(w.map((n) => "-".repeat(n))), ...rows.map(line)].join("\n");
}

// ---------------------------------------------------------------------------

function main() {
  const o = parseArgs(process.argv.slice(2));
  for (const f of [PEERS_SH, COMPARE, GEN]) if (!existsSync(f)) { log(`bench: ${f} not found (the kit belongs at <repo>/../shared/bench)`); process.exit(2); }
  const notes = [];
  mkdirSync(o.workdir, { recursive: true });
  const work = mkdtempSync(join(o.workdir, "warta-bench-"));
  const cleanupWork = () => { if (!o.keep) rmSync(work, { recursive: true, force: true }); };
  for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => { cleanupWork(); process.exit(130); });

  const machine = machineInfo();
  log(`bench: ${machine.nproc} × ${machine.cpu_model}, ${machine.mem_gib} GiB, Node ${machine.node}, load ${machine.loadavg_at_start}; work folder ${work}`);

  // Peers: install what is missing; go on without what cannot be installed.
  let versions = peerVersions();
  let peers = [...o.peers];
  if (peers.some((p) => peerMissing(versions, p))) {
    if (o.install) {
      log("bench: installing peers (bash ../shared/bench/peers.sh install)");
      const r = spawnSync("bash", [PEERS_SH, "install"], { stdio: ["ignore", "inherit", "inherit"] });
      if (r.status !== 0) notes.push(`peers.sh install failed (exit ${r.status}); continuing with what is installed`);
      versions = peerVersions();
    }
    for (const p of peers.filter((p) => peerMissing(versions, p))) notes.push(`${p} is not installed: its rows are missing${o.install ? "" : " (--no-install)"}`);
    peers = peers.filter((p) => !peerMissing(versions, p));
  }
  for (const n of notes) log(`bench: NOTE: ${n}`);

  const warta = prepareWarta(o, work, notes);
  const git = o.ref ? { ref: o.ref, commit: sh("git", ["rev-parse", "--short", o.ref], { cwd: REPO }).stdout.trim(), dirty: [] } : gitInfo();
  const meta = { warta: wartaVersion(warta.dir), git, versions: { ...versions, warta: wartaVersion(warta.dir) }, machine, peers, counts: o.counts, seed: o.seed, snapshot: o.snapshot };
  log(`bench: versions: ${Object.entries(meta.versions).map(([k, v]) => `${k} ${v}`).join("; ")}`);

  const sizes = [];
  const startedAt = new Date().toISOString();
  try {
    for (const n of o.counts) {
      sizes.push(benchSize(n, o, { work, warta, peers, notes }));
      writeResults();
    }
  } catch (e) {
    cleanupWork();
    throw e;
  }

  function writeResults() {
    const rows = sizes.flatMap(rowsFor);
    const checks = targetChecks(sizes);
    const doc = { tool: "warta scripts/bench.mjs", date: new Date().toISOString(), ...meta, notes, rows, targets: checks, sizes };
    const dir = join(REPO, ".bench");
    mkdirSync(dir, { recursive: true });
    const stamp = startedAt.replace(/[:.]/g, "-"); // one file per run, rewritten after each size
    writeFileSync(join(dir, `bench-${stamp}.json`), `${JSON.stringify(doc, null, 2)}\n`);
    writeFileSync(join(dir, "latest.json"), `${JSON.stringify(doc, null, 2)}\n`);
    return { doc, rows, checks, file: join(dir, `bench-${stamp}.json`) };
  }

  const { doc, rows, checks, file } = writeResults();
  const md = o.markdown;
  const out = [];
  out.push("");
  out.push(`Machine: ${machine.nproc} × ${machine.cpu_model}, ${machine.mem_gib} GiB RAM, Linux ${machine.kernel}, load at start ${machine.loadavg_at_start}`);
  out.push(`Versions: ${Object.entries(meta.versions).map(([k, v]) => `${k} ${v}`).join("; ")}`);
  out.push(`warta ${meta.git.commit ?? "?"}${meta.git.dirty?.length ? ` + ${meta.git.dirty.length} modified file(s)` : ""}; corpus seed ${o.seed}`);
  out.push("");
  out.push(renderTable(rows, md));
  out.push("");
  out.push("(wall seconds, medians of interleaved runs; min–max over the runs; spread = (max−min)/median; CPU = user+sys median;");
  out.push(" peak RSS = largest single process over the runs; × = ratio of medians. Cold rows: one interleaved round; warm/edit: a second round.");
  if (sizes.some((s) => s.dev)) out.push(" dev rows: one `warta dev` process; save→reload = write → SSE event, over N saves (+k✗: no event, wrong event or stale page); p95 nearest-rank; RSS = VmHWM.)");
  else out.push(")");
  out.push("");
  out.push("Per-stage timings of warta (ms, medians, WARTA_TIMINGS):");
  out.push(stageTable(sizes, md));
  out.push("");
  out.push(sizes.some((s) => s.dev) ? "Targets (issue 7; dev: issue 5):" : "Targets (issue 7):");
  for (const c of checks) out.push(`  ${c.pass === "info" ? "    " : c.pass === null ? "?   " : c.pass ? "PASS" : "FAIL"}  ${c.what}: ${c.value == null ? "n/a" : `${fmt(c.value, c.unit === "×" ? 3 : 0)}${c.unit}`}`);
  for (const s of sizes) {
    if (s.cold?.error) out.push(`  NOTE: ${sizeLabel(s.count)} cold round: ${s.cold.error}`);
    if (s.incremental?.error) out.push(`  NOTE: ${sizeLabel(s.count)} warm/edit round: ${s.incremental.error}`);
    if (s.dev?.error) out.push(`  NOTE: ${sizeLabel(s.count)} dev round: ${s.dev.error}`);
    const anomalies = s.dev?.anomalies ?? [];
    for (const a of anomalies.slice(0, 10)) out.push(`  NOTE: ${sizeLabel(s.count)} dev: ${a}`);
    if (anomalies.length > 10) out.push(`  NOTE: ${sizeLabel(s.count)} dev: … and ${anomalies.length - 10} more (see the JSON)`);
  }
  out.push("Machine load around each round (other processes share this machine):");
  for (const s of sizes) {
    for (const [round, doc] of [["cold", s.cold], ["warm/edit", s.incremental], ["dev", s.dev]]) {
      const b = doc?.machine_busy;
      if (b) out.push(`  ${sizeLabel(s.count)} ${round}: load before ${b.before.loadavg?.join(" ") ?? "n/a"}, after ${b.after.loadavg?.join(" ") ?? "n/a"}; CPU pressure avg60 ${b.before.cpu_pressure_avg60}% → ${b.after.cpu_pressure_avg60}%`);
    }
  }
  for (const n of notes) out.push(`NOTE: ${n}`);
  out.push("");
  out.push("warta's default build does more than the peers' page set (Atom + JSON feeds, news sitemap, archive pages, structured data): compare the files column.");
  out.push(`JSON: ${file}`);
  process.stdout.write(`${out.join("\n")}\n`);
  void doc;
  // Last, and slow on this disk (several GB of outputs): the report is already out.
  if (!o.keep) log(`bench: removing ${work}`);
  cleanupWork();
}

main();
