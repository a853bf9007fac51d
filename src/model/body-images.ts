/** The images an article's body shows from the site's own files. Pure. */
import type { LocalLink } from "./article-links.ts";

const IMAGE_FILE = /\.(?:png|jpe?g|gif|webp|avif|svg|bmp)$/i;

/** The local image files an article's body names (its links to files that are images), in order, once each. */
export function bodyImages(a: { fileLinks?: readonly LocalLink[] | undefined }): string[] {
  if (!a.fileLinks?.length) return [];
  return [...new Set(a.fileLinks.filter((l) => IMAGE_FILE.test(l.file)).map((l) => l.file))];
}

/**
 * Where the build's image sizes keep a body image's (beside the lead images', which are kept by
 * article file: `articles/…`, never starting with `/`).
 */
export const bodyImageKey = (file: string): string => `/${file}`;
