/**
 * A second thread for the two costly stages of a large full build on a 2-core machine:
 * parsing (every second article) and rendering + writing (every second page). `build()` stays
 * a plain synchronous function: the main thread does its half, then blocks on Atomics.wait
 * until the helper's answer is in, and takes it with receiveMessageOnPort.
 * The helper is compiled, bundled JavaScript (`lib/build/helper-entry.js`); where it is missing (a
 * TypeScript test runner before compilation) or only one core exists, everything runs in-thread.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from "node:worker_threads";
import { PACKAGE_ROOT } from "../util/package.ts";

const WORKER_FILE = join(PACKAGE_ROOT, "lib", "build", "helper-entry.js");

/**
 * The signal's slots: 0, how many jobs the helper answered; `STOPPED`, 1 once the helper thread
 * ended (see helper-entry.ts); `THREAD_ID`, the helper's thread in the system, where it can tell.
 */
export const STOPPED = 1;
export const THREAD_ID = 2;

/** What the helper answers a job with: its value, or its error (a system error keeps its code and message). */
export interface HelperReply {
  ok: boolean;
  value?: unknown;
  error?: string;
  code?: string;
  message?: string;
}

/** What a failed answer says of `e`: an error's stack, else the value as text. */
export const errorText = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));

export interface HelperJob {
  kind: string;
  [key: string]: unknown;
}

export class HelperThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private sent = 0;

  private constructor() {
    this.signal = new Int32Array(new SharedArrayBuffer(12));
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_FILE, { workerData: { signal: this.signal, port: port2 }, transferList: [port2], resourceLimits: { maxYoungGenerationSizeMb: 64 } });
    this.worker.unref();
  }

  static available(): boolean {
    return availableParallelism() >= 2 && process.env.WARTA_WORKERS !== "0" && existsSync(WORKER_FILE);
  }

  /**
   * Whether a stage of `size` items should take the helper: from `min` items, where it saves
   * more than it costs to start and to feed. `WARTA_WORKERS=0` never uses it, `WARTA_WORKERS=1`
   * always does (the tests use it to run the helper on small sites).
   */
  static wanted(size: number, min: number): boolean {
    return HelperThread.available() && (size >= min || process.env.WARTA_WORKERS === "1");
  }

  static start(): HelperThread | undefined {
    return HelperThread.available() ? new HelperThread() : undefined;
  }

  /** Hand a job over; the main thread goes on with its own half. */
  post(job: HelperJob): void {
    this.port.postMessage(job);
    this.sent++;
  }

  /** Block until the helper answered the last job, or for `withinMs` at most, or until it ended without answering (then throw). */
  wait<T>(withinMs = Infinity): T {
    const until = performance.now() + withinMs;
    while (Atomics.load(this.signal, 0) < this.sent) {
      if (Atomics.load(this.signal, STOPPED)) break; // its last word, an error, is in the port
      if (performance.now() >= until) throw new Error("helper thread failed: no answer in time");
      if (this.vanished()) throw new Error("helper thread failed: it ended without a word (out of memory?)");
      Atomics.wait(this.signal, 0, Atomics.load(this.signal, 0), Math.min(1000, Math.max(1, until - performance.now())));
    }
    const reply = receiveMessageOnPort(this.port)?.message as HelperReply | undefined;
    if (reply?.ok) return reply.value as T;
    // A disk that filled up under the helper is said as it is under the main thread (`warta: cannot write …: ENOSPC…`).
    if (reply?.code !== undefined && reply.message !== undefined) throw Object.assign(new Error(reply.message), { code: reply.code });
    throw new Error(`helper thread failed: ${reply?.error ?? "no reply"}`);
  }

  /** The helper's thread is gone from the system (ended by V8 for lack of memory: no handler of its own ran). */
  private vanished(): boolean {
    const tid = Atomics.load(this.signal, THREAD_ID);
    return tid > 0 && !existsSync(`/proc/self/task/${tid}`);
  }

  close(): void {
    this.port.close();
    void this.worker.terminate();
  }
}
