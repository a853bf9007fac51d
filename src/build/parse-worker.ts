/** Worker side of parse-pool.ts: parse the given files, post the records, raise the signal. */
import { workerData, type MessagePort } from "node:worker_threads";
import type { WorkerInput } from "./parse-pool.ts";
import { parseArticleSource, parseEntry } from "./sources.ts";

const { entries, options, signal, port } = workerData as WorkerInput & { port: MessagePort };
try {
  const parse = parseArticleSource(options);
  port.postMessage({ records: entries.map((e) => parseEntry(e, parse)) });
  Atomics.store(signal, 0, 1);
} catch (e) {
  port.postMessage({ error: String(e) });
  Atomics.store(signal, 0, 2);
}
Atomics.notify(signal, 0);
