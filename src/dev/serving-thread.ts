/**
 * The main thread's handle on the serving thread. Builds are synchronous and long at 10k
 * articles; in a thread of its own the server answers while they run: the home page of the first
 * build as soon as it is written, the event stream, and the last good pages during a rebuild.
 * The worker is compiled, bundled JavaScript (`lib/dev/serving-worker.js`); where it is missing
 * (a TypeScript test runner before compilation) the same `Serving` runs in the main thread.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { PACKAGE_ROOT } from "../util/package.ts";
import { Serving, type ServingMessage } from "./serving.ts";
import type { ServingReply, ServingRequest } from "./serving-worker.ts";

const WORKER_FILE = join(PACKAGE_ROOT, "lib", "dev", "serving-worker.js");

export interface ServingHandle {
  /** Listen on host:port (a busy port moves on); resolves with the port, rejects like `listen`. */
  listen(host: string, port: number): Promise<number>;
  post(m: ServingMessage): void;
  /** Open event streams (tabs), as last reported. */
  clients(): number;
  close(): Promise<void>;
}

export function startServing(out: string, session: string, warn: (line: string) => void): ServingHandle {
  return existsSync(WORKER_FILE) ? new ServingThread(out, session, warn) : inThread(new Serving(out, session));
}

function inThread(serving: Serving): ServingHandle {
  return {
    listen: (host, port) => serving.listen(host, port),
    post: (m) => serving.apply(m),
    clients: () => serving.clients,
    close: () => serving.close(),
  };
}

class ServingThread implements ServingHandle {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private n = 0;
  private readonly waiting = new Map<ServingReply["kind"], (r: ServingReply) => void>();
  private closing: Promise<void> | undefined;

  constructor(out: string, session: string, warn: (line: string) => void) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.worker = new Worker(WORKER_FILE, { workerData: { port: port2, out, session }, transferList: [port2] });
    this.worker.on("error", (e) => warn(`warta dev: the server thread failed: ${e.stack ?? e.message}`));
    this.port.on("message", (r: ServingReply) => {
      if (r.kind === "clients") this.n = r.n;
      const w = this.waiting.get(r.kind === "listen-failed" ? "listening" : r.kind);
      w?.(r);
    });
    this.worker.on("exit", () => {
      for (const [kind, w] of this.waiting) w(kind === "listening" ? { kind: "listen-failed", message: "the server thread stopped" } : { kind: "closed" });
    });
    // The port keeps the process alive only while a reply is awaited.
    this.port.unref();
  }

  private request(m: ServingRequest, answer: ServingReply["kind"]): Promise<ServingReply> {
    return new Promise((resolve) => {
      this.port.ref();
      this.waiting.set(answer, (r) => {
        this.waiting.delete(answer);
        this.port.unref();
        resolve(r);
      });
      this.port.postMessage(m);
    });
  }

  async listen(host: string, port: number): Promise<number> {
    const r = await this.request({ kind: "listen", host, port }, "listening");
    if (r.kind === "listening") return r.port;
    const e: NodeJS.ErrnoException = new Error(r.kind === "listen-failed" ? r.message : "no answer");
    if (r.kind === "listen-failed" && r.code) e.code = r.code;
    throw e;
  }

  post(m: ServingMessage): void {
    this.port.postMessage(m);
  }

  clients(): number {
    return this.n;
  }

  close(): Promise<void> {
    return (this.closing ??= this.request({ kind: "close" }, "closed").then(async () => {
      this.port.close();
      await this.worker.terminate();
    }));
  }
}
