/**
 * Found by a sweep of the day's features (footnotes, body photos' WebP copies):
 * - a profile's footnotes are not its bio's words ("Rina menulis[1] … Sejak 2010. ↩︎");
 * - `[lihat](#catatan_1)` leads to the note, not to a heading "Catatan 1";
 * - a body photo's copies are named from its folder, not from its `src` up to a `/` in `?v=1/2`;
 * - an `<img>` inside the site's own `<picture>` gets no second `<picture>` around it.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/parse/markdown.ts";
import { article, buildSite, fixtureSites, readHtml } from "../support/site.ts";

const { site } = fixtureSites();

const jpeg = (width: number, height: number): Promise<Buffer> =>
  sharp({ create: { width, height, channels: 3, background: "#3366aa" } }).jpeg().toBuffer();

describe("footnotes, found by a sweep", () => {
  it("are left out of a bio made from a profile's text", () => {
    const root = site({
      "articles/a.md": article({ title: "Rapat DPR", author: "Rina Sari", date: "2024-09-20 10:00" }),
      "authors/rina-sari.md": "---\nname: Rina Sari\n---\nRina menulis[^1] tentang politik^[sejak 2010].\n\n[^1]: Di Jakarta.\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "penulis/rina-sari/index.html");
    expect($(".profile__bio").text()).toBe("Rina menulis tentang politik.");
    expect($('meta[name="description"]').attr("content")).toBe("Rina menulis tentang politik.");
  });

  it("keep a link to a note on the note, though a heading's text reads like its id", () => {
    const r = renderMarkdown("Angka[^1].\n\n## Catatan 1\n\nLihat [catatan](#catatan_1) dan [rujukan](#catatan_ref_1).\n\n## Catatan Ref 1\n\n[^1]: BPS.\n", "2024", { allowRawHtml: false, linkify: false, basePath: "/" }, 6);
    expect(r.html).toContain('<a href="#catatan_1">catatan</a>');
    expect(r.html).toContain('<a href="#catatan_ref_1">rujukan</a>');
  });
});

describe("body photos' copies, found by a sweep", () => {
  it("are named from the photo's folder, whatever its src says after it, and leave the site's own <picture> alone", async () => {
    const body = [
      "Teks.",
      "",
      "![kueri](foto/banjir.jpg?v=1/2)",
      "",
      "![garis miring](foto%2Fbanjir.jpg)",
      "",
      '<picture><source srcset="foto/banjir.jpg" media="(min-width: 800px)"><img src="foto/banjir.jpg" alt="sendiri"></picture>',
      "",
    ].join("\n");
    const root = site({
      "warta.config.yaml": "allowRawHtml: true\n",
      "articles/galeri-banjir.md": article({ title: "Galeri Banjir", author: "Rina Sari", date: "2024-09-20 10:00" }, body),
      "articles/foto/banjir.jpg": await jpeg(1000, 600),
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "berita/galeri-banjir/index.html");
    const sources = $('.article__body source[type="image/webp"]').toArray();
    expect(sources).toHaveLength(2);
    for (const s of sources) {
      for (const c of (s.attribs.srcset ?? "").split(/,\s*/)) {
        const url = c.split(/\s+/)[0]!;
        expect(url).toMatch(/^\/foto\/banjir-\d+w\.[0-9a-f]{8}\.webp$/);
        expect(existsSync(join(r.out, url))).toBe(true);
      }
    }
    // The site's own <picture>: as written (its <source> and <img>), with the photo's size, and no <picture> in it.
    const own = $('.article__body img[alt="sendiri"]');
    expect(own.attr("width")).toBe("1000");
    expect(own.parent().is("picture")).toBe(true);
    expect(own.parent().parent().is("picture")).toBe(false);
    expect(own.parent().children("source").attr("media")).toBe("(min-width: 800px)");
  });
});
