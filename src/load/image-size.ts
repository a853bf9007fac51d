/**
 * Pixel size of local images (lead images, logo), for `og:image:width/height`, `<img width height>`
 * and JSON-LD. image-size reads only the headers it needs; results are cached per file version.
 */
import { readFileSync } from "node:fs";
import { imageSize } from "image-size";

export interface ImageDims {
  width: number;
  height: number;
}

const cache = new Map<string, ImageDims | null>();

/** `key` identifies the file version (size + change stamp): a replaced image is measured again. */
export function measureImage(abs: string, key: string): ImageDims | undefined {
  const k = `${abs}|${key}`;
  let dims = cache.get(k);
  if (dims === undefined) {
    try {
      dims = dimsOf(readFileSync(abs)) ?? null;
    } catch {
      dims = null;
    }
    cache.set(k, dims);
  }
  return dims ?? undefined;
}

/** Width and height of the image in `bytes` as browsers show it; undefined if not an image image-size reads. */
export function dimsOf(bytes: Uint8Array): ImageDims | undefined {
  try {
    const r = imageSize(bytes);
    // A phone's portrait photo is stored sideways with an EXIF orientation of 5–8: browsers show
    // it turned, so its width and height as shown are the stored ones swapped.
    const turned = r.orientation !== undefined && r.orientation >= 5 && r.orientation <= 8;
    return r.width && r.height ? (turned ? { width: r.height, height: r.width } : { width: r.width, height: r.height }) : undefined;
  } catch {
    return undefined;
  }
}
