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

/**
 * A fast, non-cryptographic 53-bit hash of a string (cyrb53), for page fingerprints: computed
 * for every planned page on every build, compared only with the previous build's.
 */
export function quickHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36) + text.length.toString(36);
}
