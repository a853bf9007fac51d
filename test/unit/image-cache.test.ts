/** The image cache where its folder cannot be one (a file on its path): no copies, a warning, nothing written elsewhere. */
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { imageVariants } from "../../src/images/image-cache.ts";
import { fixtureSites } from "../support/site.ts";

const { site } = fixtureSites();

describe("imageVariants", () => {
  it("makes no copy, and says so, where the cache folder cannot be made", async () => {
    const root = site({ "bukan-folder": "x" });
    mkdirSync(join(root, "articles"));
    const abs = join(root, "articles", "foto.jpg");
    writeFileSync(abs, await sharp({ create: { width: 900, height: 600, channels: 3, background: { r: 90, g: 120, b: 150 } } }).jpeg().toBuffer());
    const r = imageVariants([{ path: "foto.jpg", abs, source: "articles/foto.jpg", key: "1:1" }], { dir: join(root, "bukan-folder", "images"), widths: [400, 800], quality: 75 });
    expect(r.copies).toEqual([]);
    expect(r.byImage.size).toBe(0);
    expect(r.diagnostics.map((d) => [d.code, d.file, d.severity])).toEqual([["bad-image", "articles/foto.jpg", "warning"]]);
    expect(r.diagnostics[0]!.message).toMatch(/cannot be made a folder for the photos' copies/);
    expect(readdirSync(root).sort()).toEqual(["articles", "bukan-folder"]);
  });
});
