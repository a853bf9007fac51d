/**
 * What answers the browser during `warta dev`: the HTTP server, the event stream and the little
 * state they share (base path, build number, the failing build's problems, the start-up gate).
 * It is driven by messages only, so the same class runs in its own thread (serving-worker.ts)
 * — where a build never blocks it — or, without a compiled worker, in the main thread.
 */
import type { Server } from "node:http";
import { clientTag } from "./client.ts";
import { createDevServer, EventHub, isLoopbackHost, listen, openGate, type DevServerOptions } from "./server.ts";

export type ServingMessage =
  /** The site's path prefix (from its base URL). */
  | { kind: "base"; basePath: string }
  /** The first build wrote these files into `dir` (its staged folder): serve them from there. */
  | { kind: "early"; dir: string; paths: string[] }
  /** The first build is over. */
  | { kind: "ready" }
  /** An event for every open tab, with the state a tab connecting later is greeted with. */
  | { kind: "send"; event: string; data: unknown; build: number; failing?: unknown };

export class Serving {
  private build = 0;
  private failing: unknown;
  private readonly hub: EventHub;
  private readonly options: DevServerOptions;
  private readonly server: Server;

  constructor(out: string, session: string, onClients: (n: number) => void = () => {}) {
    this.hub = new EventHub(() => ({ event: "hello", data: { build: this.build, session, ...(this.failing ? { error: this.failing } : {}) } }), onClients);
    this.options = { out, basePath: "/", clientTag: () => clientTag(this.build, session), events: this.hub, starting: { held: [] } };
    this.server = createDevServer(this.options);
  }

  listen(host: string, port: number): Promise<number> {
    this.options.loopbackOnly = isLoopbackHost(host);
    return listen(this.server, host, port);
  }

  get clients(): number {
    return this.hub.size;
  }

  apply(m: ServingMessage): void {
    if (m.kind === "base") this.options.basePath = m.basePath;
    else if (m.kind === "early") {
      const gate = this.options.starting;
      if (!gate) return;
      gate.early = { dir: m.dir, paths: new Set(m.paths) };
      // Requests for these files were held until now: answer them (the others are held again).
      for (const answer of gate.held.splice(0)) answer();
    } else if (m.kind === "ready") openGate(this.options);
    else {
      this.build = m.build;
      this.failing = m.failing;
      this.hub.send(m.event, m.data);
    }
  }

  close(): Promise<void> {
    this.hub.close();
    openGate(this.options);
    return new Promise<void>((r) => {
      this.server.close(() => r());
      this.server.closeAllConnections();
    });
  }
}
