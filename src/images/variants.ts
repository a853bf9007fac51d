/**
 * Smaller copies of a site's photos: which widths an image gets, what they are called, and the
 * `srcset` that offers them. Pure: the files are read and written in image-cache.ts and
 * resize-thread.ts.
 *
 * A phone on a slow connection loads a lead photo of 2400 px for a teaser 360 px wide unless the
 * page offers it something smaller. Each local JPEG or PNG under `articles/` gets WebP copies at
 * the configured widths below its own (never larger), plus one at its own width where that is
 * below the largest configured: `<picture>` offers them in `srcset`, and the original stays the
 * `<img src>` for a browser without WebP. GIFs and animated PNGs (which move), SVGs (which scale)
 * and WebP/AVIF files are published as they are.
 */
import { createHash } from "node:crypto";
import { posix } from "node:path";

/** What gets smaller copies. */
export const RESIZABLE = /\.(jpe?g|png)$/i;

export interface ImageFacts {
  /** SHA-256 of the file's bytes, hex. */
  sha: string;
  /** Width and height as shown (after EXIF rotation). */
  width: number;
  height: number;
  /** An animated PNG: no copies (they would stand still). */
  animated?: boolean;
}

export interface Variant {
  width: number;
  /** Published path, beside the original: `images/2024/banjir-800w.1a2b3c4d.webp`. */
  path: string;
  /** The file's name in the image cache: the same source, width and quality is made once. */
  cacheName: string;
}

/** The built-in layout's widest photo (its 40rem column) on a 2× screen, in pixels. */
export const SHARP_WIDTH = 1280;

/**
 * The widths `facts`' image gets: the configured ones below its own, and its own where the largest
 * is not below it. Where every configured width is below `SHARP_WIDTH` (`widths: [200]`), one copy
 * that wide (or the photo's own width, if less) is made too. The original is not in a WebP
 * `srcset`: without those copies a browser would stretch the widest one over the column.
 */
export function variantWidths(width: number, widths: readonly number[]): number[] {
  const sorted = [...new Set(widths)].sort((a, b) => a - b);
  if (!sorted.length) return [];
  const widest = sorted[sorted.length - 1]!;
  const top = widest < SHARP_WIDTH ? Math.max(widest, Math.min(width, SHARP_WIDTH)) : widest;
  const below = sorted.filter((w) => w < width);
  if (width <= top) return [...below, width];
  return top === widest ? below : [...below, top];
}

/** The copies of the image published at `path` (its site path under the output root). */
export function variantsOf(path: string, facts: ImageFacts, widths: readonly number[], quality: number, engine: string): Variant[] {
  const dir = posix.dirname(path);
  const stem = safeStem(posix.basename(path).replace(/\.[^.]*$/, ""));
  // The URL changes with the photo and with what its copies are made with: no browser or CDN keeps an old copy.
  const short = createHash("sha1").update(`${facts.sha}|q${quality}|${engine}`).digest("hex").slice(0, 8);
  return variantWidths(facts.width, widths).map((width) => ({
    width,
    path: `${dir === "." ? "" : `${dir}/`}${stem}-${width}w.${short}.webp`,
    cacheName: `${facts.sha.slice(0, 32)}-${width}-q${quality}-${engine}.webp`,
  }));
}

/**
 * The `srcset` of the variants, their URLs beside `href` (the original's, as pages link it):
 * the names are ASCII letters, digits, `-` and `.`, so nothing in them needs escaping in a URL
 * or splits a `srcset` entry.
 */
export function srcsetOf(href: string, variants: readonly Pick<Variant, "width" | "path">[]): string {
  const slash = href.lastIndexOf("/");
  const dir = slash >= 0 ? href.slice(0, slash + 1) : "";
  return variants.map((v) => `${dir}${posix.basename(v.path)} ${v.width}w`).join(", ");
}

/** A file name's stem in ASCII letters, digits and single hyphens (`Foto Banjir (1)` → `foto-banjir-1`). */
export function safeStem(stem: string): string {
  const ascii = stem
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80)
    .replace(/-+$/, "");
  return ascii || "image";
}
