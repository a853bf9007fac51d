/**
 * The newsroom's own pages (`pages/`): the masthead ("Redaksi"), the press council's guideline
 * (Pedoman Pemberitaan Media Siber), contacts. Built through the CLI from fixture sites and read
 * back with a real HTML parser.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { article, buildSite, fixtureSites, readHtml, runCli, snapshotDir } from "../support/site.ts";

const { site } = fixtureSites();
const lines = (stderr: string, prefix: string): string[] => stderr.split("\n").filter((l) => l.startsWith(prefix));
const footer = (out: string, path: string): [string, string][] => {
  const $ = readHtml(out, path);
  return $(".footer__pages a").map((_, a) => [[$(a).text(), $(a).attr("href")!]]).get() as [string, string][];
};

const files = {
  "articles/2024/banjir.md": article({ title: "Banjir Rob", date: "2024-05-02 08:00", author: "Rina Sari", tags: "[banjir]" }, "Air naik. Lihat [redaksi](../../pages/redaksi.md) dan [pedoman](/pedoman-media-siber/)."),
  "pages/redaksi.md": "---\ntitle: Redaksi\nsummary: Susunan redaksi dan alamat kami.\norder: 1\n---\n## Susunan redaksi\n\n- **Pemimpin Redaksi:** Rina Sari\n\nBaca [berita kami](../articles/2024/banjir.md) dan [pedoman kami](pedoman-media-siber.md).\n",
  "pages/pedoman-media-siber.md": "---\ntitle: Pedoman Pemberitaan Media Siber\norder: 2\n---\nMedia siber wajib membedakan produk berita dan iklan.\n",
  "pages/kontak.md": "---\ntitle: Kontak\n---\nSurel: redaksi@contoh.example\n",
  "pages/arsip-lama.md": "---\ntitle: Arsip Lama\nfooter: false\n---\nHalaman lama.\n",
  "pages/draf.md": "---\ntitle: Draf\ndraft: true\n---\nBelum terbit.\n",
};

describe("pages of the newsroom's own", () => {
  const root = site(files);
  const r = buildSite(root);

  it("are published at the site's root with their title, summary and text", () => {
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const $ = readHtml(r.out, "redaksi/index.html");
    expect($("h1").text()).toBe("Redaksi");
    expect($(".article__dek").text()).toBe("Susunan redaksi dan alamat kami.");
    expect($(".prose h2").text()).toBe("Susunan redaksi");
    expect($(".prose li").text()).toBe("Pemimpin Redaksi: Rina Sari");
    // A link to an article by its file is the article's address.
    expect($('.prose a:contains("berita kami")').attr("href")).toBe("/berita/banjir/");
    // Another page by its file, read from the page's own folder.
    expect($('.prose a:contains("pedoman kami")').attr("href")).toBe("/pedoman-media-siber/");
    expect($("title").text()).toBe("Redaksi – Warta");
    expect($('meta[name="description"]').attr("content")).toBe("Susunan redaksi dan alamat kami.");
    expect($('link[rel="canonical"]').attr("href")).toMatch(/\/redaksi\/$/);
    expect(readHtml(r.out, "kontak/index.html")(".prose").text().trim()).toBe("Surel: redaksi@contoh.example");
  });

  it("are linked from every page's footer, by order and then by title; not one with footer: false, nor a draft", () => {
    const expected = [["Redaksi", "/redaksi/"], ["Pedoman Pemberitaan Media Siber", "/pedoman-media-siber/"], ["Kontak", "/kontak/"]];
    for (const path of ["index.html", "berita/banjir/index.html", "tag/banjir/index.html", "404.html", "redaksi/index.html"]) expect(footer(r.out, path), path).toEqual(expected);
    expect(existsSync(join(r.out, "arsip-lama/index.html"))).toBe(true);
    expect(existsSync(join(r.out, "draf"))).toBe(false);
  });

  it("are in the sitemap; an article's links to them, by file or by address, work", () => {
    const sitemap = readFileSync(join(r.out, "sitemap-1.xml"), "utf8");
    for (const slug of ["redaksi", "pedoman-media-siber", "kontak", "arsip-lama"]) expect(sitemap).toContain(`/${slug}/</loc>`);
    expect(sitemap).not.toContain("/draf/");
    const $ = readHtml(r.out, "berita/banjir/index.html");
    expect($('.prose a:contains("redaksi")').attr("href")).toBe("/redaksi/");
    expect($('.prose a:contains("pedoman")').attr("href")).toBe("/pedoman-media-siber/");
  });

  it("a cached build after a page's title changed gives every page the new footer, as a fresh build does", () => {
    const cached = site(files);
    expect(buildSite(cached).status).toBe(0);
    writeFileSync(join(cached, "pages/kontak.md"), "---\ntitle: Hubungi Kami\n---\nSurel: redaksi@contoh.example\n");
    const again = buildSite(cached);
    expect(again.status, again.stderr).toBe(0);
    expect(footer(again.out, "berita/banjir/index.html").map(([name]) => name)).toEqual(["Redaksi", "Pedoman Pemberitaan Media Siber", "Hubungi Kami"]);
    const fresh = buildSite(cached, ["--out", join(cached, "segar"), "--no-cache"]);
    expect(fresh.status).toBe(0);
    expect(snapshotDir(again.out)).toEqual(snapshotDir(fresh.out));
  });
});

describe("a page's pictures", () => {
  it("get their width and height, as an article's do; a cached build after the picture changed size gives a fresh build's bytes", async () => {
    const sharp = (await import("sharp")).default;
    const png = (w: number, h: number): Promise<Buffer> => sharp({ create: { width: w, height: h, channels: 3, background: "#888" } }).png().toBuffer();
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-05-02", author: "R" }),
      "pages/redaksi.md": "---\ntitle: Redaksi\n---\n![Kantor redaksi](../static/kantor.png)\n",
      "static/kantor.png": await png(120, 80),
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const img = (out: string) => readHtml(out, "redaksi/index.html")(".prose img");
    expect([img(r.out).attr("src"), img(r.out).attr("width"), img(r.out).attr("height")]).toEqual(["/kantor.png", "120", "80"]);
    writeFileSync(join(root, "static/kantor.png"), await png(300, 100));
    const again = buildSite(root);
    expect([img(again.out).attr("width"), img(again.out).attr("height")]).toEqual(["300", "100"]);
    const fresh = buildSite(root, ["--out", join(root, "segar"), "--no-cache"]);
    expect(snapshotDir(again.out)).toEqual(snapshotDir(fresh.out));
  });
});

describe("pages, drafts and files that are no pages", () => {
  it("a draft page is published by a --drafts build only; a file in pages/ that is not Markdown is published nowhere, and said", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-05-02", author: "R" }, "Lihat [k](../pages/k.md) dan [berkas](../pages/berkas.pdf)."),
      "pages/k.md": "---\ntitle: Kontak\ndraft: true\n---\nSurel kami.\n",
      "pages/berkas.pdf": "%PDF-1.4",
    });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    expect(existsSync(join(r.out, "k/index.html"))).toBe(false);
    expect(existsSync(join(r.out, "pages"))).toBe(false);
    expect(r.stderr.trim().split("\n")).toEqual([
      "articles/a.md:6:1: warning broken-link body: links to /pages/berkas.pdf, which is not in articles/ or static/",
      "articles/a.md:6:1: warning broken-link body: links to pages/k.md, which is not a published page: shown as text",
      "pages/berkas.pdf:1:1: warning unsafe-file: pages/ publishes only its Markdown pages: this file is not published (put it in static/, or beside the articles that show it)",
      "0 errors, 3 warnings",
    ]);
    const drafts = buildSite(root, ["--drafts", "--out", join(root, "draf")]);
    expect(readHtml(drafts.out, "k/index.html")("h1").text()).toBe("Kontak");
    expect(readHtml(drafts.out, "berita/a/index.html")('.prose a:contains("k")').attr("href")).toBe("/k/");
  });

  it("a page whose file name is NFD (from a Mac or a zip) is linked by its name as typed", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-05-02", author: "R" }, "Lihat [kafe](../pages/caf\u00e9.md)."),
      "pages/cafe\u0301.md": "---\ntitle: Kafe\n---\nMenu.\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(readHtml(r.out, "berita/a/index.html")('.prose a:contains("kafe")').attr("href")).toBe("/cafe/");
  });
});

describe("a page's problems are named at its file, line and field", () => {
  it("no title, an unsafe address, an address another page has, a link that runs script", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-05-02", author: "R", tags: "[x]" }),
      "pages/tanpa-judul.md": "---\nsummary: Ringkas\n---\nTeks.\n",
      "pages/jalan.md": "---\ntitle: Jalan\nslug: ../../etc\n---\nTeks.\n",
      "pages/tag.md": "---\ntitle: Semua Tag\n---\nTeks.\n",
      "pages/skrip.md": "---\ntitle: Skrip\n---\nKlik [di sini](javascript:alert(1)) atau <script>alert(1)</script>.\n",
    });
    const r = runCli(["build", "--root", root]);
    expect(r.status).toBe(1);
    expect(lines(r.stderr, "pages/")).toEqual([
      'pages/jalan.md:3:1: error unsafe-slug slug: "../../etc" is not a safe address for a page: use letters, digits and hyphens',
      "pages/skrip.md:4:1: warning raw-html body: HTML written in the text (<script>) is shown to readers as text: this site publishes no HTML written in Markdown (allowRawHtml is off; an embed can be a link to the video or post instead)",
      'pages/skrip.md:4:1: warning unsafe-link body: unsafe link "javascript:alert(1)" was dropped',
      expect.stringMatching(/^pages\/tag\.md:1:1: error duplicate-url slug: .*tag overview/),
      "pages/tanpa-judul.md:1:1: error required title: is required",
    ]);
  });

  it("a page's script stays text, and its dropped link keeps its words", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-05-02", author: "R" }),
      "pages/skrip.md": "---\ntitle: Skrip\n---\nKlik [di sini](javascript:alert(1)) atau <script>alert(1)</script>.\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "skrip/index.html");
    expect($(".prose").text().trim()).toBe("Klik di sini atau <script>alert(1)</script>.");
    expect($(".prose script, .prose a")).toHaveLength(0);
  });
});
