/**
 * The image thread's side (see resize-thread.ts): makes the WebP copies of one batch of images
 * with sharp, two images at a time (libvips uses both cores within each), and answers once.
 * Each copy is written to a temp file and renamed: a killed build leaves no half image in the cache.
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync } from "node:fs";
import { workerData, type MessagePort } from "node:worker_threads";
import type { ResizeBatch, ResizeOutcome } from "./resize-thread.ts";

const { signal, port } = workerData as { signal: Int32Array; port: MessagePort };
/** Pixels a source may have: 100 megapixels is more than any newsroom camera; a larger one is most likely a decompression bomb. */
const MAX_PIXELS = 100_000_000;
const AT_ONCE = 2;
Atomics.store(signal, 2, 1);

type Sharp = (typeof import("sharp"))["default"];

async function handle(batch: ResizeBatch, sharp: Sharp): Promise<ResizeOutcome[]> {
  const outcomes: ResizeOutcome[] = new Array(batch.sources.length);
  let next = 0;
  const run = async (): Promise<void> => {
    for (let i = next++; i < batch.sources.length; i = next++) {
      const s = batch.sources[i]!;
      try {
        const bytes = readFileSync(s.src);
        if (createHash("sha256").update(bytes).digest("hex") !== s.sha) throw new Error("the file changed while the site was built");
        // Decoded once, turned as its EXIF says; the copies carry no metadata (no camera, no GPS position).
        const image = sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: "error" }).rotate();
        // Every copy finishes (or fails) before the answer: none is left writing when the thread ends.
        const done = await Promise.allSettled(
          s.outputs.map(async (o) => {
            const tmp = `${o.file}.tmp-${process.pid}-${i}`;
            try {
              await image.clone().resize({ width: o.width }).webp({ quality: batch.quality }).toFile(tmp);
              renameSync(tmp, o.file);
            } finally {
              rmSync(tmp, { force: true });
            }
          }),
        );
        const failed = done.find((d) => d.status === "rejected");
        if (failed) throw failed.reason;
        outcomes[i] = { ok: true };
      } catch (e) {
        outcomes[i] = { ok: false, error: e instanceof Error ? e.message : String(e) };
      }
      Atomics.add(signal, 1, 1);
    }
  };
  await Promise.all(Array.from({ length: AT_ONCE }, run));
  return outcomes;
}

port.on("message", (batch: ResizeBatch) => {
  void (async () => {
    let reply: { ok: true; value: ResizeOutcome[] } | { ok: false; error: string };
    try {
      const sharp = (await import("sharp")).default;
      reply = { ok: true, value: await handle(batch, sharp) };
    } catch (e) {
      reply = { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
    port.postMessage(reply);
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
  })();
});
