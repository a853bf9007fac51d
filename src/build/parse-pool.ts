/**
 * Parsing a large batch of articles on two cores: a worker thread takes every second file while
 * the main thread parses the rest, then the main thread collects the worker's records
 * synchronously (Atomics.wait + receiveMessageOnPort), so `build()` stays a plain function.
 * Small batches never pay for a worker: below POOL_MIN files everything runs in-thread.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { SourceEntry } from "../load/walk.ts";
import type { ParseOptions } from "../parse/article.ts";
import { PACKAGE_ROOT } from "../util/package.ts";
import { parseArticleSource, parseEntry } from "./sources.ts";
import type { SourceRecord } from "./state.ts";

export const POOL_MIN = 1500;
/** The worker is compiled JavaScript; under a TypeScript test runner it may not exist yet. */
const WORKER_FILE = join(PACKAGE_ROOT, "lib", "build", "parse-worker.js");

export interface WorkerInput {
  entries: SourceEntry[];
  options: ParseOptions;
  signal: Int32Array;
}

export function parseArticles(entries: SourceEntry[], options: ParseOptions): SourceRecord[] {
  const parse = parseArticleSource(options);
  const threads = Math.min(2, availableParallelism());
  if (entries.length < POOL_MIN || threads < 2 || process.env.WARTA_WORKERS === "0" || !existsSync(WORKER_FILE)) {
    return entries.map((e) => parseEntry(e, parse));
  }
  const mine = entries.filter((_, i) => i % 2 === 0);
  const theirs = entries.filter((_, i) => i % 2 === 1);
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WORKER_FILE, { workerData: { entries: theirs, options, signal, port: port2 }, transferList: [port2] });
  worker.unref();
  const records = mine.map((e) => parseEntry(e, parse));
  // Wait for the worker's "done" (1) or failure (2); it posts its records before signalling.
  while (Atomics.load(signal, 0) === 0) Atomics.wait(signal, 0, 0, 1000);
  const message = receiveMessageOnPort(port1)?.message as { records?: SourceRecord[]; error?: string } | undefined;
  port1.close();
  void worker.terminate();
  if (!message?.records) {
    // The worker failed (it should not): parse its share here rather than lose it.
    return [...records, ...theirs.map((e) => parseEntry(e, parse))];
  }
  return [...records, ...message.records];
}
