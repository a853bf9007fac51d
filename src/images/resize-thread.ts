/**
 * Image copies are made by sharp, which works asynchronously; `build()` is synchronous. A thread
 * of its own makes them while the main thread blocks on Atomics.wait, as the parse and render
 * helper does (see build/helper-thread.ts), waking every 100 ms to report progress. Started only
 * by a build with images to make, and closed right after.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import { PACKAGE_ROOT } from "../util/package.ts";

const WORKER_FILE = join(PACKAGE_ROOT, "lib", "images", "resize-worker.js");

const START_TIMEOUT_MS = 30_000;

export interface ResizeBatch {
  quality: number;
  /** `sha`: the SHA-256 the build read; a file changed since is not made copies of (they would be cached under the old content). */
  sources: { src: string; sha: string; outputs: { width: number; file: string }[] }[];
}

export type ResizeOutcome = { ok: true } | { ok: false; error: string };

/**
 * Make every copy of `batch`; one outcome per source, in order. Throws only when the image
 * thread itself cannot run (sharp missing for this platform, the thread's code not compiled).
 */
export function resizeAll(batch: ResizeBatch, progress?: (done: number, total: number) => void): ResizeOutcome[] {
  if (!existsSync(WORKER_FILE)) throw new Error(`${WORKER_FILE} is missing (run npm run compile)`);
  // [0]: replies sent, [1]: sources done, [2]: 1 once the thread runs.
  const signal = new Int32Array(new SharedArrayBuffer(12));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_FILE, { workerData: { signal, port: port2 }, transferList: [port2] });
  try {
    port1.postMessage(batch);
    const started = Date.now();
    while (Atomics.load(signal, 0) < 1) {
      Atomics.wait(signal, 0, 0, 100);
      progress?.(Atomics.load(signal, 1), batch.sources.length);
      // A thread that failed to load never answers (its error event needs the loop this thread blocks).
      if (Atomics.load(signal, 2) === 0 && Date.now() - started > START_TIMEOUT_MS) throw new Error("the image thread did not start");
    }
    const reply = receiveMessageOnPort(port1)?.message as { ok: true; value: ResizeOutcome[] } | { ok: false; error: string } | undefined;
    if (!reply) throw new Error("the image thread gave no answer");
    if (!reply.ok) throw new Error(reply.error);
    return reply.value;
  } finally {
    port1.close();
    void worker.terminate();
  }
}
