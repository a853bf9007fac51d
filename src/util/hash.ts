import { createHash } from "node:crypto";

/** Short, stable content hash (hex). Used for cache keys and write skipping. */
export function hash(...parts: ReadonlyArray<string | Uint8Array>): string {
  const h = createHash("sha1");
  for (const p of parts) {
    h.update(p);
    h.update("\0");
  }
  return h.digest("hex").slice(0, 20);
}
