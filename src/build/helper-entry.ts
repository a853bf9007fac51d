/**
 * The helper thread's entry (`lib/build/helper-entry.js`): it loads the helper (helper-worker.ts)
 * and makes sure the main thread hears of its end. The main thread waits for the helper's answers
 * synchronously (see helper-thread.ts), where a worker's `exit` and `error` events never reach it:
 * a helper whose code failed to load, or from which an error escaped, or which exited, would
 * leave the build waiting for ever. It says so itself instead: its error as the answer, and the
 * `STOPPED` flag in the shared signal.
 */
import { workerData, type MessagePort } from "node:worker_threads";
import { readlinkSync } from "node:fs";
import { errorText, STOPPED, THREAD_ID, type HelperReply } from "./helper-thread.ts";

const { signal, port } = workerData as { signal: Int32Array; port: MessagePort };
let told = false;

// A helper that runs out of memory is ended by V8 with no handler run: the main thread watches
// this thread's id in the system instead (Linux: /proc/thread-self is `<pid>/task/<tid>`).
try {
  Atomics.store(signal, THREAD_ID, Number(readlinkSync("/proc/thread-self").split("/").pop()) || 0);
} catch {
  // no /proc: only the cases above are seen
}

function stopped(why: unknown): void {
  if (told) return;
  told = true;
  try {
    port.postMessage({ ok: false, error: errorText(why) } satisfies HelperReply);
  } catch {
    // the main thread closed the port: it waits for nothing
  }
  Atomics.store(signal, STOPPED, 1);
  Atomics.notify(signal, 0);
}

process.once("exit", (code) => stopped(`the helper thread exited (code ${code})`));
process.on("uncaughtException", (e) => {
  stopped(e);
  process.exit(1);
});
try {
  await import("./helper-worker.ts");
} catch (e) {
  stopped(e);
  process.exit(1);
}
