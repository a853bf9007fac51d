/** The serving thread's side: a `Serving` driven by the main thread's messages (see serving-thread.ts). */
import { workerData, type MessagePort } from "node:worker_threads";
import { Serving, type ServingMessage } from "./serving.ts";

export type ServingRequest = ServingMessage | { kind: "listen"; host: string; port: number } | { kind: "close" };
export type ServingReply = { kind: "listening"; port: number } | { kind: "listen-failed"; code?: string; message: string } | { kind: "clients"; n: number } | { kind: "closed" };

const { port, out, session } = workerData as { port: MessagePort; out: string; session: string };
const reply = (r: ServingReply): void => port.postMessage(r);
const serving = new Serving(out, session, (n) => reply({ kind: "clients", n }));

port.on("message", (m: ServingRequest) => {
  if (m.kind === "listen") {
    serving.listen(m.host, m.port).then(
      (p) => reply({ kind: "listening", port: p }),
      (e: NodeJS.ErrnoException) => reply({ kind: "listen-failed", ...(e.code ? { code: e.code } : {}), message: e.message }),
    );
  } else if (m.kind === "close") {
    void serving.close().then(() => {
      reply({ kind: "closed" });
      port.close();
    });
  } else serving.apply(m);
});
