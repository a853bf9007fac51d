/**
 * An incremental build's writes (InPlaceOutput) on a real folder: every file is written before the
 * first replaces its page, so a write that fails half-way (a full disk, a folder that refuses it)
 * leaves the output exactly as it was.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InPlaceOutput } from "../../src/write/output-dir.ts";
import { fixtureSites, listFiles, snapshotDir } from "../support/site.ts";

const { site } = fixtureSites();

function oldOutput(): string {
  return site({ "berita/satu/index.html": "satu lama", "berita/dua/index.html": "dua lama", "hapus.html": "hapus", "sampul.txt": "x" });
}

describe("in-place writes of an incremental build", () => {
  it("replace, add and remove only at commit()", () => {
    const out = oldOutput();
    const calls: string[] = [];
    const target = new InPlaceOutput(out, () => calls.push("before change"));
    target.write("berita/satu/index.html", "satu baru");
    target.write("berita/tiga/index.html", "tiga baru");
    target.remove("hapus.html");
    // Written beside their pages, nothing replaced yet; told once, before the first write (Ctrl+C waits from then on).
    expect(snapshotDir(out).get("berita/satu/index.html")).toBe(Buffer.from("satu lama").toString("base64"));
    expect(calls).toEqual(["before change"]);
    target.commit();
    expect(calls).toEqual(["before change"]);
    expect(listFiles(out)).toEqual(["berita/dua/index.html", "berita/satu/index.html", "berita/tiga/index.html", "sampul.txt"]);
    expect(snapshotDir(out).get("berita/satu/index.html")).toBe(Buffer.from("satu baru").toString("base64"));
  });

  it("leave the output as it was when a write fails half-way: no page replaced, no temp file, no new folder", () => {
    const out = oldOutput();
    const before = snapshotDir(out);
    // `sampul.txt` is a file: nothing can be written under it (as a full disk refuses a write).
    const target = new InPlaceOutput(out);
    target.write("berita/satu/index.html", "satu baru");
    target.write("berita/empat/lima/index.html", "baru");
    target.remove("hapus.html");
    expect(() => target.write("sampul.txt/index.html", "gagal")).toThrow(/^cannot write sampul\.txt\/index\.html in .+: (ENOTDIR|EEXIST).*; the output is as it was$/);
    target.abort();
    expect(snapshotDir(out)).toEqual(before);
  });

  it("put back the pages already replaced when a rename fails half-way (a folder where a page goes): no temp file, no kept copy", () => {
    const out = site({ "berita/satu/index.html": "satu lama", "berita/dua/index.html/stray.txt": "a folder where a page goes", "hapus.html": "hapus" });
    const before = snapshotDir(out);
    const target = new InPlaceOutput(out);
    target.write("berita/satu/index.html", "satu baru");
    target.write("berita/tiga/index.html", "tiga baru");
    target.write("berita/dua/index.html", "dua baru");
    target.remove("hapus.html");
    expect(() => target.commit()).toThrow(/^cannot write berita\/dua\/index\.html in .+: (EISDIR|ENOTEMPTY|EEXIST|EPERM).*; the output is as it was$/);
    expect(snapshotDir(out)).toEqual(before);
    expect(listFiles(out)).toEqual(["berita/dua/index.html/stray.txt", "berita/satu/index.html", "hapus.html"]);
  });

  it("never writes outside the output folder", () => {
    const out = oldOutput();
    const target = new InPlaceOutput(out);
    expect(() => target.write("../lolos.html", "x")).toThrow();
    target.abort();
    expect(existsSync(join(out, "..", "lolos.html"))).toBe(false);
  });
});
