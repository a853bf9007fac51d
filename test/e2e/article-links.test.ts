/**
 * Reporters link to other stories by their files (`[baca juga](dua.md)`), as Markdown editors
 * suggest: the page links to that story's URL, whatever its slug; a link to a story that is not
 * published, or to a file that is not there, is a `broken-link` warning instead of a 404.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build, cleanupAll, expectSameOutput, freshBuild, newDir, newSite } from "../cache/corpus.ts";
import { article, readHtml, snapshotDir } from "../support/site.ts";

afterAll(cleanupAll);

/** The href of the body link with these words on `page`, or undefined when it has none. */
const bodyLinks = (out: string, page: string): ((text: string) => string | undefined) => {
  const $ = readHtml(out, page);
  return (text) => $(".prose a").filter((_, a) => $(a).text() === text).attr("href");
};

const story = (title: string, fields: Record<string, string> = {}, body = "Isi berita."): string => article({ title, date: "2024-01-02T10:00:00+07:00", author: "Rina", ...fields }, body);

describe("links to other articles by file", () => {
  it("point at the article's page (custom slug, other folder, fragment, sub-path); unpublished targets and missing files are warnings", () => {
    const root = newSite({
      "articles/2024/satu.md": story(
        "Satu",
        { date: "2024-01-10T10:00:00+07:00" },
        [
          "Baca [artikel dua](dua.md) dan [bagian tiga](../2023/tiga.md#latar-belakang).",
          "",
          "Lihat juga [draf](draf.md), [yang hilang](hilang.md), [lampiran](lampiran.pdf), [foto](tidak-ada.jpg), [umpan](/feed.xml) dan [kapital](Dua.md).",
        ].join("\n"),
      ),
      // Far from "satu" in time, so it is not its neighbour: only the link ties the two pages.
      "articles/2024/dua.md": story("Dua", { slug: "berita-kedua", date: "2020-05-05T10:00:00+07:00" }),
      "articles/2024/sela.md": story("Sela", { date: "2024-01-05T10:00:00+07:00" }),
      "articles/2023/tiga.md": story("Tiga", {}, "## Latar belakang\n\nIsi."),
      "articles/2024/draf.md": story("Draf", { draft: "true" }),
      "articles/2024/lampiran.pdf": "%PDF-1.4\n",
      "authors/rina.md": "---\nname: Rina\nbio: Wartawan.\n---\nLiputan pilihan: [artikel dua](2024/dua.md).\n",
      "warta.config.yaml": "baseUrl: https://ex.id/portal/\nfeedContent: full\nrelatedCount: 0\n",
    });
    const out = join(newDir(), "out");
    const r = build(root, out);
    const $ = readHtml(out, "berita/satu/index.html");
    const href = bodyLinks(out, "berita/satu/index.html");
    expect(href("artikel dua")).toBe("/portal/berita/berita-kedua/");
    expect(href("bagian tiga")).toBe("/portal/berita/tiga/#latar-belakang");
    expect(href("lampiran")).toBe("/portal/2024/lampiran.pdf");
    // Not published, not there: the words stay, the link goes, and the build says so.
    expect($(".prose a").filter((_, a) => $(a).text() === "draf").length).toBe(1);
    expect(href("draf")).toBeUndefined();
    expect(href("yang hilang")).toBeUndefined();
    expect(r.stderr).toMatch(/^articles\/2024\/satu\.md:8:1: warning broken-link body: links to articles\/2024\/draf\.md, which is not a published article/m);
    expect(r.stderr).toMatch(/^articles\/2024\/satu\.md:8:1: warning broken-link body: links to articles\/2024\/hilang\.md/m);
    expect(r.stderr).toMatch(/^articles\/2024\/satu\.md:8:1: warning broken-link body: links to \/2024\/tidak-ada\.jpg, which is not in articles\/ or static\//m);
    // A file name in other capitals: the one there is named.
    expect(r.stderr).toMatch(/^articles\/2024\/satu\.md:8:1: warning broken-link body: links to articles\/2024\/Dua\.md, which is not a published article: shown as text \(there is articles\/2024\/dua\.md: file names differ in capitals/m);
    expect(r.stderr.match(/broken-link/g), r.stderr).toHaveLength(4);
    // Nothing of the placeholder reaches any file.
    for (const text of snapshotDir(out).values()) expect(Buffer.from(text, "base64").toString("utf8")).not.toContain("warta:article");
    expect(readFileSync(join(out, "feed.xml"), "utf8")).toContain("https://ex.id/portal/berita/berita-kedua/");
    expect(readHtml(out, "penulis/rina/index.html")(".profile__about a").attr("href")).toBe("/portal/berita/berita-kedua/");
    expectSameOutput(snapshotDir(out), freshBuild(root));

    // The linked article takes another slug: every page and feed that links to it follows (cached as fresh).
    writeFileSync(join(root, "articles/2024/dua.md"), story("Dua", { slug: "berita-kedua-baru", date: "2020-05-05T10:00:00+07:00" }));
    build(root, out);
    expect(readHtml(out, "berita/satu/index.html")(".prose a").first().attr("href")).toBe("/portal/berita/berita-kedua-baru/");
    expect(readHtml(out, "penulis/rina/index.html")(".profile__about a").attr("href")).toBe("/portal/berita/berita-kedua-baru/");
    expectSameOutput(snapshotDir(out), freshBuild(root));

    // The draft is published: its link comes back, and the warning goes.
    writeFileSync(join(root, "articles/2024/draf.md"), story("Draf"));
    const again = build(root, out);
    expect(bodyLinks(out, "berita/satu/index.html")("draf")).toBe("/portal/berita/draf/");
    expect(again.stderr).not.toMatch(/draf\.md, which is not/);
    expectSameOutput(snapshotDir(out), freshBuild(root));
  });
});

describe("links by file, at the edges", () => {
  it("a .md the site publishes as a file is linked as one; a placeholder written by hand links nowhere; profiles' links are checked; warnings name the link's own line", () => {
    const root = newSite({
      "articles/a.md": story(
        "A",
        {},
        ["Paragraf yang panjang", "melewati beberapa baris", "sampai [catatan](/docs/catatan.md) dan [palsu](warta:article:articles%2Fb.md) dan [hilang](hilang.md)."].join("\n"),
      ),
      "articles/b.md": story("B", { date: "2020-01-01T10:00:00+07:00" }),
      "static/docs/catatan.md": "# Catatan\n",
      "authors/rina.md": "---\nname: Rina\nbio: Wartawan.\n---\nLihat ![x](/img/tidak-ada.png) dan [arsip](/hilang.md).\n\nDari folder profil: [tulisan b](../articles/b.md#isi) dan [dokumen](../static/docs/catatan.md).\n",
      "warta.config.yaml": "relatedCount: 0\n",
    });
    const out = join(newDir(), "out");
    const r = build(root, out);
    const href = bodyLinks(out, "berita/a/index.html");
    expect(href("catatan")).toBe("/docs/catatan.md");
    expect(href("palsu")).toBeUndefined();
    expect(href("hilang")).toBeUndefined();
    expect(r.stderr).toMatch(/^articles\/a\.md:8:1: warning broken-link body: links to articles\/hilang\.md/m);
    expect(r.stderr).not.toMatch(/catatan\.md, which/);
    expect(r.stderr).toMatch(/^authors\/rina\.md:5:1: warning broken-link body: links to \/img\/tidak-ada\.png/m);
    expect(r.stderr).toMatch(/^authors\/rina\.md:5:1: warning broken-link body: links to articles\/hilang\.md/m);
    // A profile's editor reads relative links from authors/.
    const profileLinks = bodyLinks(out, "penulis/rina/index.html");
    expect([profileLinks("tulisan b"), profileLinks("dokumen")]).toEqual(["/berita/b/#isi", "/docs/catatan.md"]);
    expect(r.stderr.match(/broken-link/g)).toHaveLength(3);
    expectSameOutput(snapshotDir(out), freshBuild(root));
  });
});

describe("links with escapes that are no UTF-8", () => {
  it("a picture or link named in Latin-1 escapes (`caf%E9.jpg`, from an old CMS) names no file the site publishes: a broken-link warning, as a lead image's is", () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000030000000208060000009db74f6b0000000d4944415478da63f8cfc0f01f0005fe02fe0d3a46d00000000049454e44ae426082", "hex");
    const root = newSite({
      "articles/a.md": story("A", {}, "Foto ![kafe](caf%E9.png), [unduh](lampiran%FF.pdf) dan [arsip](/berita/caf%E9/).\n\nYang ada: ![kafe](caf%C3%A9.png)."),
      "warta.config.yaml": "relatedCount: 0\n",
    });
    writeFileSync(join(root, "articles", "caf\u00e9.png"), png);
    const out = join(newDir(), "out");
    const r = build(root, out);
    expect(r.status, r.stderr).toBe(0);
    const broken = r.stderr.split("\n").filter((l) => l.includes("broken-link"));
    expect(broken.sort()).toEqual(
      [
        "articles/a.md:6:1: warning broken-link body: links to /caf%E9.png, which is not in articles/ or static/",
        "articles/a.md:6:1: warning broken-link body: links to /lampiran%FF.pdf, which is not in articles/ or static/",
        "articles/a.md:6:1: warning broken-link body: links to /berita/caf%E9/, which is no page of the site (an article that moved keeps its old address with `aliases:`)",
      ].sort(),
    );
    // The page keeps the links as written; the picture that is there gets its size.
    const $ = readHtml(out, "berita/a/index.html");
    expect($(".prose img").map((_, i) => $(i).attr("src")).get()).toEqual(["/caf%E9.png", "/caf%C3%A9.png"]);
    expect($(".prose img").last().attr("width")).toBe("3");
  });
});

describe("links to pages by their address", () => {
  it("a page the site does not publish is a broken-link warning at its line; pages, old addresses, static pages and generated files are not; a cached build keeps saying it", () => {
    const body = [
      "Lihat [b](/berita/b/), [tag](/tag/banjir), [beranda](/), [tentang](/tentang/), [lama](/berita/judul-lama/), [cari](/cari/?q=x), [indeks](/indeks/) dan [feed](/feed.xml).",
      "",
      "Tetapi [tidak ada](/berita/tidak-ada/), [tag lain](/tag/kering/), [relatif](lain/) dan [halaman](/x.html).",
    ].join("\n");
    const root = newSite({
      "articles/2024/a.md": story("A", { tags: "[banjir]", aliases: "[judul-lama]" }, body),
      "articles/b.md": story("B", { date: "2020-01-01T10:00:00+07:00" }),
      "static/tentang/index.html": "<!doctype html><title>Tentang</title><p>Tentang kami.</p>\n",
    });
    const out = join(newDir(), "out");
    const r = build(root, out);
    const broken = (stderr: string): string[] => stderr.split("\n").filter((l) => l.includes("broken-link"));
    const expected = ["/berita/tidak-ada/", "/tag/kering/", "/2024/lain/", "/x.html"].map((p) => `articles/2024/a.md:10:1: warning broken-link body: links to ${p}, which is no page of the site (an article that moved keeps its old address with \`aliases:\`)`);
    expect(broken(r.stderr).sort()).toEqual(expected.sort());
    // The link is kept as written: the page may come later (or be the host's own).
    expect(bodyLinks(out, "berita/a/index.html")("tidak ada")).toBe("/berita/tidak-ada/");
    expect(broken(build(root, out).stderr).sort()).toEqual(expected.sort());
  });
});

describe("links and pictures in a site's own HTML (allowRawHtml)", () => {
  it("are read as Markdown's are: beside the article, .md to its page, under the base path, in feeds absolute; a missing one is a broken-link warning", () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000030000000208060000009db74f6b0000000d4944415478da63f8cfc0f01f0005fe02fe0d3a46d00000000049454e44ae426082", "hex");
    const root = newSite({
      "warta.config.yaml": "baseUrl: https://contoh.id/kabar/\nallowRawHtml: true\nfeedContent: full\n",
      "articles/2024/a.md": story("Satu", {}, '<figure><img src="foto.png" alt="x"><figcaption>Foto</figcaption></figure>\n\n<p><a href="dua.md#akhir">baca juga</a> <a href="/berita/dua/">alamat</a> <a href="https://luar.example/x">luar</a> <a href="#atas">atas</a></p>\n\n<video poster="foto.png" src="klip.mp4"></video>\n\n<picture><source srcset="foto.png 1x, /2024/foto.png 2x"><img src="foto.png" alt="p"></picture>\n\nDan [markdown](dua.md) ![g](foto.png).'),
      "articles/2024/dua.md": story("Dua"),
      "articles/2024/foto.png": png as unknown as string,
    });
    const out = newDir();
    const r = build(root, out);
    const $ = readHtml(out, "berita/a/index.html");
    const links = bodyLinks(out, "berita/a/index.html");
    expect([links("baca juga"), links("alamat"), links("luar"), links("atas"), links("markdown")]).toEqual(["/kabar/berita/dua/#akhir", "/kabar/berita/dua/", "https://luar.example/x", "#atas", "/kabar/berita/dua/"]);
    expect($("figure img").attr("src")).toBe("/kabar/2024/foto.png");
    expect($("figure img").attr("width")).toBe("3");
    expect([$("video").attr("poster"), $("video").attr("src")]).toEqual(["/kabar/2024/foto.png", "/kabar/2024/klip.mp4"]);
    expect($("[data-warta-md]")).toHaveLength(0);
    expect($("picture source").attr("srcset")).toBe("/kabar/2024/foto.png 1x, /kabar/2024/foto.png 2x");
    expect(r.stderr).toMatch(/^articles\/2024\/a\.md:\d+:1: warning broken-link body: links to \/2024\/klip\.mp4/m);
    const feed = readFileSync(join(out, "feed.xml"), "utf8");
    expect(feed).toContain("src=&quot;https://contoh.id/kabar/2024/foto.png&quot;");
    expect(feed).toContain("href=&quot;https://contoh.id/kabar/berita/dua/#akhir&quot;");
    expect(feed).not.toMatch(/src=&quot;foto\.png|https:\/\/contoh\.id\/2024\//);
  });
});
