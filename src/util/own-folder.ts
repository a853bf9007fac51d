/**
 * A folder of the site's own for warta's caches: never a symbolic link, which a site folder may
 * come with, pointing anywhere (writing or deleting through it would reach outside the site).
 */
import { lstatSync, mkdirSync, unlinkSync } from "node:fs";

/** A real folder at `path`: not a link to one, not a file. */
export function isOwnFolder(path: string): boolean {
  try {
    return lstatSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Remove a link or a file at `path` (never what a link points at); a folder there is kept. */
export function clearNonFolder(path: string): void {
  try {
    if (!lstatSync(path).isDirectory()) unlinkSync(path);
  } catch {
    // nothing there
  }
}

/** `path` as a folder of its own, made if need be; false when it cannot be one. */
export function claimFolder(path: string): boolean {
  clearNonFolder(path);
  try {
    mkdirSync(path, { recursive: true });
  } catch {
    return false;
  }
  return isOwnFolder(path);
}
