/**
 * "Is the last build's output folder still there, with every file it wrote?" — asked of the disk
 * on a second thread while this one lists the sources and decodes the cache. At 10k articles that
 * is 17k `existsSync` calls (~0.1 s), at 100k ten times as many: a warm or one-edit build used
 * to spend them on its only busy thread. Small sites, one core and `WARTA_WORKERS=0` check
 * in-thread, when the answer is first asked for.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { outputIntact } from "./quick.ts";

/** Below this many files a thread costs more than it saves. */
const MIN_PATHS = 2000;
/** How long to wait for the thread before checking in this one (it answers in well under a second). */
const MAX_WAIT_MS = 60_000;

/**
 * The second thread: CommonJS, Node's own modules only, so it starts without loading warta.
 * The answer goes into `signal[0]`: 1 every file is there, 2 one is missing, 3 it failed.
 */
const CHECK_ON_THREAD = `
const { workerData } = require("node:worker_threads");
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { out, paths, signal } = workerData;
let answer = 3;
try {
  answer = 1;
  for (let i = 0; i < paths.length; i++) if (!existsSync(join(out, paths[i]))) { answer = 2; break; }
} finally {
  Atomics.store(signal, 0, answer);
  Atomics.notify(signal, 0);
}
`;

export interface OutputCheck {
  /** What it asks about: the output folder, the `folderId` it must still have, how many files. */
  readonly out: string;
  readonly outId: string | undefined;
  readonly count: number;
  /** `outputIntact(out, outId, paths)`; waits for the second thread when it has one. */
  intact(): boolean;
}

export function startOutputCheck(out: string, outId: string | undefined, paths: readonly string[]): OutputCheck {
  let answer: boolean | undefined;
  const inThread = (): boolean => outputIntact(out, outId, paths);
  const base = { out, outId, count: paths.length };
  if (outId === undefined || paths.length < MIN_PATHS || availableParallelism() < 2 || process.env.WARTA_WORKERS === "0") {
    return { ...base, intact: () => (answer ??= inThread()) };
  }
  const signal = new Int32Array(new SharedArrayBuffer(4));
  let worker: Worker | undefined;
  try {
    worker = new Worker(CHECK_ON_THREAD, { eval: true, workerData: { out, paths, signal } });
    worker.unref();
  } catch {
    return { ...base, intact: () => (answer ??= inThread()) };
  }
  const fromThread = (): boolean => {
    // The folder's identity is one stat: this thread asks it, the other the files.
    if (!outputIntact(out, outId)) return false;
    const until = Date.now() + MAX_WAIT_MS;
    while (Atomics.load(signal, 0) === 0 && Date.now() < until) Atomics.wait(signal, 0, 0, 1000);
    const said = Atomics.load(signal, 0);
    void worker?.terminate();
    return said === 1 ? true : said === 2 ? false : inThread();
  };
  return { ...base, intact: () => (answer ??= fromThread()) };
}
