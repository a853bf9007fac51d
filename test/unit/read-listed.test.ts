/**
 * A file the walk listed is read as it was listed: swapped for a link out of the site between the
 * listing and the read (as a racing process can), it is not read; a file copied as it is must be
 * the file that was checked. Real files and links in a temp folder, listed by the real walk.
 */
import { readFileSync, renameSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ChangedError, copyListed, OutsideSiteError, readListed } from "../../src/load/read-listed.ts";
import { walk, type SourceEntry } from "../../src/load/walk.ts";
import { fixtureSites, tempDir } from "../support/site.ts";

const { site } = fixtureSites();

function listed(root: string, rel: string): SourceEntry {
  const e = walk(root, "articles", []).find((x) => x.rel === rel);
  if (!e) throw new Error(`${rel} not listed`);
  return e;
}

/** Put a symbolic link to `target` in place of `abs`, as `ln -sf` + `mv` does (one rename). */
function swapForLink(abs: string, target: string): void {
  symlinkSync(target, `${abs}.lnk`);
  renameSync(`${abs}.lnk`, abs);
}

describe("reading what the walk listed", () => {
  it("reads and copies a file that did not change, a link inside the site too", () => {
    const root = site({ "articles/foto.txt": "foto", "articles/asli.txt": "asli" });
    symlinkSync(join(root, "articles/asli.txt"), join(root, "articles/tautan.txt"));
    for (const rel of ["articles/foto.txt", "articles/tautan.txt"]) {
      const e = listed(root, rel);
      expect(readListed(e).toString()).toBe(rel.includes("foto") ? "foto" : "asli");
      const to = join(tempDir(), "salinan");
      copyListed(e, to);
      expect(readFileSync(to, "utf8")).toBe(rel.includes("foto") ? "foto" : "asli");
    }
  });

  it("refuses a file swapped for a link out of the site after it was listed", () => {
    const secret = join(tempDir(), "rahasia.txt");
    writeFileSync(secret, "RAHASIA DI LUAR SITUS");
    const root = site({ "articles/r.txt": "biasa" });
    const e = listed(root, "articles/r.txt");
    swapForLink(join(root, "articles/r.txt"), secret);
    expect(() => readListed(e)).toThrow(OutsideSiteError);
    expect(() => readListed(e)).toThrow(/articles\/r\.txt was replaced by a symbolic link out of the site folder/);
    const to = join(tempDir(), "salinan");
    expect(() => copyListed(e, to)).toThrow(ChangedError);
  });

  it("reads a file changed inside the site since it was listed (a save), but copies only the file that was listed and checked", () => {
    const root = site({ "articles/a.md": "lama", "articles/grafik.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>" });
    const md = listed(root, "articles/a.md");
    writeFileSync(join(root, "articles/a.md"), "baru, lebih panjang");
    expect(readListed(md).toString()).toBe("baru, lebih panjang");
    const svg = listed(root, "articles/grafik.svg");
    // Same length, another time: what the unsafe-file check read is not what would be copied.
    writeFileSync(join(root, "articles/grafik.svg"), "<svg onload='alert(1)'/>    ".slice(0, 41));
    utimesSync(join(root, "articles/grafik.svg"), new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(() => copyListed(svg, join(tempDir(), "salinan.svg"))).toThrow(/articles\/grafik\.svg changed while the build read it: build again/);
  });
});
