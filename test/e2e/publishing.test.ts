/** Publishing rules, reproducibility and the CLI contract, through the real binary. */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { article, buildSite, fixtureSites, listFiles, NOW_EPOCH, readHtml, REPO, runCli, snapshotDir } from "../support/site.ts";

const { site } = fixtureSites();
const NOW = Number(NOW_EPOCH) * 1000;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");

function allText(out: string): string {
  return listFiles(out).filter((f) => /\.(html|xml|json|txt)$/.test(f)).map((f) => readFileSync(join(out, f), "utf8")).join("\n");
}

describe("drafts and future articles", () => {
  const files = {
    "articles/terbit.md": article({ title: "Sudah Terbit", date: iso(NOW - 3600_000), author: "Rina", tags: "[Umum]", category: "Politik" }),
    "articles/konsep.md": article({ title: "Masih Konsep ZZDRAFT", date: iso(NOW - 7200_000), author: "Draf Penulis", tags: "[Rahasia Draf]", draft: "true" }),
    "articles/besok.md": article({ title: "Terbit Besok ZZFUTURE", date: iso(NOW + 60_000), author: "Penulis Masa Depan", category: "Masa Depan" }),
  };

  it("are absent from every output file", () => {
    const r = buildSite(site(files));
    expect(r.status).toBe(0);
    const text = allText(r.out);
    for (const marker of ["ZZDRAFT", "ZZFUTURE", "konsep", "besok", "draf-penulis", "rahasia-draf", "penulis-masa-depan", "masa-depan"]) expect(text).not.toContain(marker);
    expect(text).toContain("Sudah Terbit");
  });

  it("appear with --drafts and --future", () => {
    const r = buildSite(site(files), ["--drafts", "--future"]);
    expect(r.status).toBe(0);
    const text = allText(r.out);
    expect(text).toContain("ZZDRAFT");
    expect(text).toContain("ZZFUTURE");
  });

  it("appear in a cached rebuild once now passes their date, though no file changed", () => {
    const root = site(files);
    expect(allText(buildSite(root).out)).not.toContain("ZZFUTURE");
    const later = buildSite(root, [], { SOURCE_DATE_EPOCH: String(Number(NOW_EPOCH) + 120) });
    expect(later.status).toBe(0);
    expect(allText(later.out)).toContain("ZZFUTURE");
    // …and a rebuild at the same now with nothing changed writes nothing.
    const again = buildSite(root, [], { SOURCE_DATE_EPOCH: String(Number(NOW_EPOCH) + 120) });
    expect(again.stdout).toMatch(/0 rendered, 0 files written, 0 removed/);
  });

  it("leave the news sitemap of a cached rebuild when they turn 48 hours old", () => {
    const root = site(files);
    expect(readFileSync(join(buildSite(root).out, "news-sitemap.xml"), "utf8")).toContain("terbit");
    const later = buildSite(root, [], { SOURCE_DATE_EPOCH: String(Number(NOW_EPOCH) + 48 * 3600) });
    expect(readFileSync(join(later.out, "news-sitemap.xml"), "utf8")).not.toContain("terbit");
  });

  it("appear once the build's now passes their date", () => {
    const r = buildSite(site(files), [], { SOURCE_DATE_EPOCH: String(Number(NOW_EPOCH) + 120) });
    expect(allText(r.out)).toContain("ZZFUTURE");
  });
});

describe("the editors' headline", () => {
  const day = (d: number): string => `2024-09-${String(d).padStart(2, "0")}T10:00:00+07:00`;
  const files = (marks: Record<number, string>): Record<string, string> =>
    Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`articles/a${i + 1}.md`, article({ title: `Berita ${i + 1}`, date: day(i + 1), author: "Rina", ...(marks[i + 1] ? { headline: marks[i + 1]! } : {}) })]));
  const home = (out: string, path = "index.html"): string[] => {
    const $ = readHtml(out, path);
    return $(".teaser__title").toArray().map((el) => $(el).text().trim());
  };

  it("`headline: true` leads the home page; the newest such article wins; each article is listed once", () => {
    const root = site({ ...files({ 2: "true", 4: "true", 6: "false" }), "warta.config.yaml": "perPage: 3\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "index.html");
    expect($(".headline .teaser__title").text().trim()).toBe("Berita 4");
    const listed = [...home(r.out), ...home(r.out, "halaman/2/index.html"), ...home(r.out, "halaman/3/index.html")];
    expect(listed).toEqual(["Berita 4", "Berita 7", "Berita 6", "Berita 5", "Berita 3", "Berita 2", "Berita 1"]);
    // Feeds stay in publishing order.
    expect(readFileSync(join(r.out, "feed.xml"), "utf8").indexOf("Berita 7")).toBeLessThan(readFileSync(join(r.out, "feed.xml"), "utf8").indexOf("Berita 4"));
    // A draft or a future article marked as headline leads nothing.
    const hidden = site({ ...files({}), "articles/z.md": article({ title: "Konsep", date: day(8), author: "Rina", headline: "true", draft: "true" }) });
    expect(home(buildSite(hidden).out)[0]).toBe("Berita 7");
    const wrong = runCli(["check", "--root", site({ "articles/a.md": article({ title: "A", date: day(1), author: "R", headline: "ya" }) })]);
    expect(wrong.stderr.split("\n").filter((l) => l.includes(" error "))).toEqual(['articles/a.md:5:1: error invalid-type headline: must be true or false, not the text "ya"']);
  });

  it("marking and unmarking it between cached builds gives what a fresh build gives", () => {
    const root = site(files({}));
    expect(buildSite(root).status).toBe(0);
    for (const marks of [{ 3: "true" }, { 3: "true", 5: "true" }, {}]) {
      for (const [rel, text] of Object.entries(files(marks))) writeFileSync(join(root, rel), text);
      const cached = buildSite(root);
      expect(cached.status).toBe(0);
      const fresh = buildSite(root, ["--no-cache", "--out", join(root, "segar")]);
      expect(snapshotDir(cached.out)).toEqual(snapshotDir(fresh.out));
    }
    expect(home(join(root, "dist"))[0]).toBe("Berita 7");
  });
});

describe("reproducible output", () => {
  it("is byte-identical whatever TZ, locale, output path or file order", () => {
    const src = join(REPO, "articles");
    const a = site({});
    const b = site({});
    cpSync(src, join(a, "articles"), { recursive: true });
    cpSync(join(REPO, "authors"), join(a, "authors"), { recursive: true });
    // b gets the same files written in reverse order (different inode/readdir order).
    const files = listFiles(join(a, "articles")).reverse();
    for (const f of files) cpSync(join(a, "articles", f), join(b, "articles", f));
    cpSync(join(REPO, "authors"), join(b, "authors"), { recursive: true });
    const r1 = buildSite(a, ["--out", join(a, "out-one")], { TZ: "UTC", LANG: "C", LC_ALL: "C" });
    const r2 = buildSite(b, ["--out", join(b, "elsewhere", "two")], { TZ: "Pacific/Kiritimati", LANG: "id_ID.UTF-8" });
    const r3 = buildSite(a, ["--out", join(a, "out-three"), "--no-cache"], { TZ: "America/Los_Angeles" });
    expect([r1.status, r2.status, r3.status]).toEqual([0, 0, 0]);
    const s1 = snapshotDir(r1.out);
    expect(snapshotDir(r2.out)).toEqual(s1);
    expect(snapshotDir(r3.out)).toEqual(s1);
  });
});

describe("site folder contract", () => {
  it("builds a folder holding only articles/ with the built-in templates", () => {
    const root = site({ "articles/satu.md": article({ title: "Satu", date: "2024-01-01", author: "Rina" }) });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    for (const f of ["index.html", "404.html", "berita/satu/index.html", "penulis/rina/index.html", "feed.xml", "sitemap.xml", "robots.txt", "assets/warta.css"]) {
      expect(existsSync(join(r.out, f)), f).toBe(true);
    }
  });

  it("copies non-Markdown files under articles/ to the same relative path", () => {
    const root = site({
      "articles/2024/foto.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
      "articles/2024/a.md": article({ title: "A", date: "2024-01-01", author: "R", image: "foto.svg", image_caption: "Foto" }),
      "articles/.DS_Store": "junk",
      "articles/2024/a.md~": "backup",
    });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    expect(readFileSync(join(r.out, "2024/foto.svg"), "utf8")).toContain("svg");
    expect(readHtml(r.out, "berita/a/index.html")("figure img").attr("src")).toBe("/2024/foto.svg");
    expect(existsSync(join(r.out, ".DS_Store"))).toBe(false);
    expect(listFiles(r.out).some((f) => f.includes("~"))).toBe(false);
  });

  it("publishes static/.well-known/ and static/.htaccess, but no other dot file, swap file or node_modules/, and none from articles/", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R" }),
      // A reporter's .htaccess could serve a text file as HTML, round the unsafe-file check.
      "articles/2024/.htaccess": "AddType text/html .txt\n",
      "articles/2024/catatan.txt": "<script>alert(1)</script>",
      "articles/.well-known/security.txt": "Contact: mailto:palsu@example.com\n",
      "static/.well-known/security.txt": "Contact: mailto:redaksi@kabar.example\n",
      "static/.htaccess": "ErrorDocument 404 /404.html\n",
      "static/.env": "RAHASIA=1\n",
      "static/.git/HEAD": "ref: refs/heads/main\n",
      "static/4913": "",
      "static/#catatan#": "x",
      "static/node_modules/x/index.js": "x",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(r.out, ".well-known/security.txt"), "utf8")).toContain("Contact:");
    expect(existsSync(join(r.out, ".htaccess"))).toBe(true);
    for (const f of [".env", ".git", "4913", "#catatan#", "node_modules", "2024/.htaccess"]) expect(existsSync(join(r.out, f)), f).toBe(false);
    expect(readFileSync(join(r.out, ".well-known/security.txt"), "utf8")).not.toContain("palsu");
  });

  it("escapes a + in a file's URL as %2B, which Amazon S3 would read as a space (404)", () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="3"/>';
    const root = site({
      "articles/2024/a.md": article({ title: "A", date: "2024-01-01", author: "R", image: "grafik c++.svg" }, "[unduh](/laporan+2024.pdf) dan ![peta](<peta+1.svg>)\n"),
      "articles/2024/grafik c++.svg": svg,
      "articles/2024/peta+1.svg": svg,
      "static/laporan+2024.pdf": "%PDF-1.4\n",
    });
    const r = buildSite(root, ["--base-url", "https://example.id/repo/"]);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "berita/a/index.html");
    expect($('.prose a:contains("unduh")').attr("href")).toBe("/repo/laporan%2B2024.pdf");
    expect($('.prose img[alt="peta"]').attr("src")).toBe("/repo/2024/peta%2B1.svg");
    expect($(".article__figure img, figure img").first().attr("src")).toBe("/repo/2024/grafik%20c%2B%2B.svg");
    // Every server reads %2B as the file's own +.
    for (const f of ["laporan+2024.pdf", "2024/peta+1.svg", "2024/grafik c++.svg"]) expect(existsSync(join(r.out, f)), f).toBe(true);
  });

  it("publishes static/.nojekyll, which GitHub Pages needs to serve .well-known/ and names starting with _, in full and cached builds", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R" }),
      "articles/_foto/peta.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>',
      "static/.well-known/security.txt": "Contact: mailto:redaksi@kabar.example\n",
      "static/.nojekyll": "",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(r.out, ".nojekyll"))).toBe(true);
    expect(existsSync(join(r.out, "_foto/peta.svg"))).toBe(true);
    // A hand-made .nojekyll in the output would not survive a full build; the site's own does, and a cached one.
    expect(buildSite(root, ["--no-cache"]).status).toBe(0);
    expect(existsSync(join(r.out, ".nojekyll"))).toBe(true);
    rmSync(join(root, "static/.nojekyll"));
    expect(buildSite(root).status).toBe(0);
    expect(existsSync(join(r.out, ".nojekyll"))).toBe(false);
  });

  it("publishes a site's own static/robots.txt instead of the generated one, in full and cached builds", () => {
    const root = site({ "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R" }), "static/robots.txt": "User-agent: *\nDisallow: /rahasia/\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(r.out, "robots.txt"), "utf8")).toBe("User-agent: *\nDisallow: /rahasia/\n");
    rmSync(join(root, "static/robots.txt"));
    expect(buildSite(root).status).toBe(0);
    expect(readFileSync(join(r.out, "robots.txt"), "utf8")).toMatch(/^Sitemap: https:\/\/.*sitemap\.xml$/m);
  });

  it("credits the editors under the byline and in the JSON-LD, as text (a name is no markup)", () => {
    const r = buildSite(site({ "articles/a.md": article({ title: "A", date: "2024-05-02", author: "Rina Sari", editor: '"<i>Budi</i> Santoso"', editors: "[Sinta, Budi Santoso]" }), "articles/b.md": article({ title: "B", date: "2024-05-03", author: "Rina Sari" }) }));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    const $ = readHtml(r.out, "berita/a/index.html");
    expect($(".byline__authors").text()).toBe("Laporan: Rina Sari · Editor: <i>Budi</i> Santoso, Sinta, Budi Santoso");
    expect($(".byline__authors i").length).toBe(0);
    const ld = JSON.parse($('script[type="application/ld+json"]').first().text()) as { "@graph"?: { editor?: unknown }[]; editor?: unknown } | { editor?: unknown }[];
    const news = (Array.isArray(ld) ? ld : [ld]).find((x) => "editor" in x);
    expect(news?.editor).toEqual([{ "@type": "Person", name: "<i>Budi</i> Santoso" }, { "@type": "Person", name: "Sinta" }, { "@type": "Person", name: "Budi Santoso" }]);
    expect(readHtml(r.out, "berita/b/index.html")(".byline__authors").text()).toBe("Laporan: Rina Sari");
  });

  it("labels paid content wherever it is shown and marks its links to other sites rel=sponsored; a cached toggle gives a fresh build's bytes", () => {
    const paid = article({ title: "Promo Tabungan", date: "2024-05-02", author: "Tim Advertorial", tags: "[bank]", sponsored: "true", source: "{name: Bank Contoh, url: 'https://bank.example/'}" }, "Buka [rekening](https://bank.example/promo) atau [baca](b.md).");
    const root = site({ "articles/a.md": paid, "articles/b.md": article({ title: "Berita Bank", date: "2024-05-03", author: "Rina", tags: "[bank]" }, "Lihat [situs](https://x.example/).") });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const label = (path: string): string[] => readHtml(r.out, path)(".label-sponsored").map((_, e) => readHtml(r.out, path)(e).text()).get();
    expect(label("berita/a/index.html")).toEqual(["Advertorial"]);
    expect(label("index.html")).toEqual(["Advertorial"]);
    expect(label("tag/bank/index.html")).toEqual(["Advertorial"]);
    // Related on the news article: the paid one is labelled there too; the news article nowhere.
    expect(label("berita/b/index.html")).toEqual(["Advertorial"]);
    const $a = readHtml(r.out, "berita/a/index.html");
    // Its byline says who made it, not "Laporan" (a report): the news article's does.
    expect($a(".byline__authors").text()).toBe("Oleh: Tim Advertorial");
    expect(readHtml(r.out, "berita/b/index.html")(".byline__authors").text()).toBe("Laporan: Rina");
    const types = (path: string): string[] => readHtml(r.out, path)('script[type="application/ld+json"]').map((_, s) => (JSON.parse(readHtml(r.out, path)(s).text()) as { "@type": string })["@type"]).get();
    expect(types("berita/a/index.html")).toEqual(["AdvertiserContentArticle", "BreadcrumbList"]);
    expect(types("berita/b/index.html")).toEqual(["NewsArticle", "BreadcrumbList"]);
    expect($a('.prose a[href="https://bank.example/promo"]').attr("rel")).toBe("sponsored");
    // The source credit is a paid link too.
    expect($a('.source a[href="https://bank.example/"]').attr("rel")).toBe("sponsored noopener");
    expect($a('.prose a[href="/berita/b/"]').attr("rel")).toBeUndefined();
    expect(readHtml(r.out, "berita/b/index.html")('.prose a[href="https://x.example/"]').attr("rel")).toBeUndefined();
    // Feed readers and aggregators tell it apart too; Google News is not given it (advertising is not news).
    const rss = readFileSync(join(r.out, "feed.xml"), "utf8");
    expect(rss).toContain("<title>Advertorial: Promo Tabungan</title>");
    expect(rss).toContain("<category>Advertorial</category>");
    expect(rss).toContain("<title>Berita Bank</title>");
    expect(readFileSync(join(r.out, "atom.xml"), "utf8")).toContain("<title>Advertorial: Promo Tabungan</title>");
    const json = JSON.parse(readFileSync(join(r.out, "feed.json"), "utf8")) as { items: { title: string; tags?: string[] }[] };
    expect(json.items.map((i) => [i.title, i.tags?.[0]])).toEqual([["Berita Bank", "bank"], ["Advertorial: Promo Tabungan", "Advertorial"]]);
    const news = buildSite(root, ["--out", join(root, "news")], { SOURCE_DATE_EPOCH: String(Date.UTC(2024, 4, 3, 12) / 1000) });
    const newsMap = readFileSync(join(news.out, "news-sitemap.xml"), "utf8");
    expect(newsMap).toContain("/berita/b/");
    expect(newsMap).not.toContain("/berita/a/");
    // Protocol-relative links, and an advertiser's own HTML where the site allows it, too.
    const raw = buildSite(site({ "warta.config.yaml": "allowRawHtml: true\n", "articles/a.md": article({ title: "Promo", date: "2024-05-02", author: "Tim", sponsored: "true" }, 'Lihat [z](//proto.example/), <a href="https://raw.example/">raw</a> dan <a href="https://nf.example/" rel="nofollow">nf</a> atau <a href="/lokal/">lokal</a>.') }));
    expect(raw.status, raw.stderr).toBe(0);
    const $raw = readHtml(raw.out, "berita/a/index.html");
    expect(["//proto.example/", "https://raw.example/", "https://nf.example/", "/lokal/"].map((h) => $raw(`.prose a[href="${h}"]`).attr("rel"))).toEqual(["sponsored", "sponsored", "nofollow sponsored", undefined]);
    // Unmarked in a cached build: every page that showed the label loses it, as a fresh build has it.
    writeFileSync(join(root, "articles/a.md"), paid.replace("sponsored: true\n", ""));
    const cached = buildSite(root);
    const fresh = buildSite(root, ["--no-cache", "--out", join(root, "fresh")]);
    expect(cached.status, cached.stderr).toBe(0);
    expect(snapshotDir(cached.out)).toEqual(snapshotDir(fresh.out));
    expect(allText(cached.out)).not.toContain("label-sponsored");
  });

  it("gives names that differ only in case one page, whatever case splits (iPhone/IPHONE, eKTP/EKTP, Ülker/ÜLKER)", () => {
    const r = buildSite(site({
      "authors/fransiska.md": "---\nname: Fransiska Ülker\nbio: Koresponden Istanbul.\n---\n",
      "articles/a.md": article({ title: "Peluncuran iPhone Baru", date: "2024-05-01 10:00", author: "Fransiska Ülker", category: "eKTP", tags: "[iPhone]" }),
      "articles/b.md": article({ title: "Harga IPHONE Turun", date: "2024-05-02 10:00", author: "FRANSISKA ÜLKER", category: "EKTP", tags: "[IPHONE]" }),
    }));
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(join(r.out, "tag")).sort()).toEqual(["index.html", "iphone"]);
    expect(readdirSync(join(r.out, "kategori")).sort()).toEqual(["ektp", "index.html"]);
    expect(readdirSync(join(r.out, "penulis")).sort()).toEqual(["fransiska-uelker", "index.html"]);
    for (const page of ["tag/iphone/index.html", "kategori/ektp/index.html", "penulis/fransiska-uelker/index.html"]) {
      expect(readHtml(r.out, page)("main .teaser__title").map((_, e) => readHtml(r.out, page)(e).text()).get(), page).toEqual(["Harga IPHONE Turun", "Peluncuran iPhone Baru"]);
    }
    expect(readHtml(r.out, "penulis/fransiska-uelker/index.html")(".profile__bio").text()).toBe("Koresponden Istanbul.");
  });

  it("two names that map to one URL: spelt apart, 'spell them the same'; long ones that differ only past the cut, 'make them differ sooner'", () => {
    const long = "Rapat Dengar Pendapat Komisi Tiga Dewan Perwakilan Rakyat Bersama Kepolisian Negara Republik Indonesia Tentang Penanganan Kasus";
    const r = buildSite(site({
      "articles/a.md": article({ title: "A", date: "2024-05-02", author: "R", tags: `["${long} A", "Dunia-Usaha!"]` }),
      "articles/b.md": article({ title: "B", date: "2024-05-03", author: "R", tags: `["${long} B", "Dunia Usaha"]` }),
    }));
    expect(r.status).toBe(1);
    // (Names that differ only in accents, Café and Cafe, are one name: see bad-input.test.ts.)
    expect(r.stderr).toContain('tag "Dunia Usaha" and "Dunia-Usaha!" (articles/a.md) map to the same URL "dunia-usaha": spell them the same');
    expect(r.stderr).toMatch(/tag "Rapat Dengar[^"]* B" and "Rapat Dengar[^"]* A" \(articles\/a\.md\) map to the same URL "rapat-dengar[a-z-]*": URLs are cut at 120 characters: make them differ sooner, or shorten one/);
  });

  it("shows a standfirst only when the reporter wrote a summary (else the first paragraph would show twice)", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-02", author: "R", summary: "Ringkasan yang ditulis." }, "Paragraf pertama."),
      "articles/b.md": article({ title: "B", date: "2024-01-01", author: "R" }, "Paragraf pembuka tanpa ringkasan."),
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(readHtml(r.out, "berita/a/index.html")(".article__dek").text()).toBe("Ringkasan yang ditulis.");
    const $b = readHtml(r.out, "berita/b/index.html");
    expect($b(".article__dek").length).toBe(0);
    expect($b("body").text().split("Paragraf pembuka tanpa ringkasan.").length - 1).toBe(1);
    // Lists still show the first paragraph as the summary.
    expect(readHtml(r.out, "penulis/r/index.html")(".teaser__summary").text()).toContain("Paragraf pembuka tanpa ringkasan.");
  });

  it("takes the menu from the config: those categories, in that order, with those names; a name without articles is a warning", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-02", author: "R", category: "politik" }),
      "articles/b.md": article({ title: "B", date: "2024-01-01", author: "R", category: "Ekonomi" }),
      "articles/c.md": article({ title: "C", date: "2024-01-03", author: "R", category: "Hiburan" }),
      "warta.config.yaml": "title: Kabar\nmenu: [Ekonomi, Politik, Olahraga, ekonomi]\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "index.html");
    const menu = $(".nav__list a").map((_, a) => [[$(a).text().trim(), $(a).attr("href")]]).get();
    expect(menu.filter(([name]) => !["Beranda", "Indeks"].includes(name!))).toEqual([["Ekonomi", "/kategori/ekonomi/"], ["Politik", "/kategori/politik/"]]);
    expect(r.stderr).toMatch(/^warta\.config\.yaml:2:1: warning config menu: no published category is named "Olahraga"/m);
    // On a category's page the teasers do not repeat the category.
    expect(readHtml(r.out, "kategori/ekonomi/index.html")(".stack--in-category .teaser").length).toBe(1);
  });

  it("shows an author's profile text, in Markdown, below a bio; finds a profile by its name when the file is named otherwise", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-02", author: "Rina Siregar" }),
      "articles/b.md": article({ title: "B", date: "2024-01-03", author: "I Made Wirawan" }),
      "authors/rina-siregar.md": "---\nname: Rina Siregar\nbio: Wartawan desk hukum.\n---\nBergabung sejak 2019 dari *harian daerah*.\n\nKini meliput Mahkamah Agung.\n",
      "authors/made-wirawan.md": "---\nname: I Made Wirawan\n---\nFotografer di *Denpasar*.\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "penulis/rina-siregar/index.html");
    expect($(".profile__bio").text()).toBe("Wartawan desk hukum.");
    expect($(".profile__about p").map((_, p) => $(p).text()).get()).toEqual(["Bergabung sejak 2019 dari harian daerah.", "Kini meliput Mahkamah Agung."]);
    expect($(".profile__about em").text()).toBe("harian daerah");
    // No `bio:`: the text is the bio, as text (no asterisks); the file name does not have to be the name's slug.
    expect(readHtml(r.out, "penulis/i-made-wirawan/index.html")(".profile__bio").text()).toBe("Fotografer di Denpasar.");
  });

  it("a long profile text without `bio:` (a reporter's CV) is shown in Markdown, once; its first paragraph, cut, is the description", () => {
    const cv = `Rina meliput politik sejak 2010 di Jakarta dan Makassar untuk [Warta](https://warta.example/). ${"Ia menulis soal pemilu dan parlemen. ".repeat(8)}\n\n## Pendidikan\n\n- Ilmu Komunikasi, Universitas Hasanuddin\n- Jurnalisme, Universitas Indonesia\n`;
    const r = buildSite(site({ "articles/a.md": article({ title: "A", date: "2024-01-02", author: "Rina" }), "authors/rina.md": `---\nname: Rina\n---\n${cv}` }));
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "penulis/rina/index.html");
    expect($(".profile__bio").length).toBe(0);
    expect($(".profile__about h2").text()).toBe("Pendidikan");
    expect($(".profile__about li").length).toBe(2);
    expect($('.profile__about a[href="https://warta.example/"]').text()).toBe("Warta");
    const description = $('meta[name="description"]').attr("content")!;
    expect(description.startsWith("Rina meliput politik sejak 2010")).toBe(true);
    expect(description.length).toBeLessThanOrEqual(221);
    expect(description).not.toContain("Pendidikan");
  });

  it("shows a profile on its reporter's page only: its name's, and a byline of its file's name is that reporter; a second profile of one name is named", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-02", author: "[Rina, Rina Sari]" }),
      "articles/b.md": article({ title: "B", date: "2024-01-03", author: "[budi, Zz]" }),
      "articles/c.md": article({ title: "C", date: "2024-01-04", author: "Budi Santoso, S.Sos." }),
      // Named "Rina Sari": hers; the byline "Rina", which no profile names, is her too (the file's name).
      "authors/rina.md": "---\nname: Rina Sari\nbio: Bio Rina Sari\n---\n",
      "authors/zz.md": "---\ntitle: x\nname: Rina Sari\nbio: Bio kedua\n---\n",
      // Found by its file's name (`budi`) and by its name: one reporter, one page, with the profile's name.
      "authors/budi.md": "---\nname: Budi Santoso, S.Sos.\nbio: Bio Budi\n---\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const bio = (key: string): string => readHtml(r.out, `penulis/${key}/index.html`)(".profile__bio").text();
    // The second "Rina Sari" profile is shown nowhere, not on the page of Zz, whose id its file has.
    expect([bio("rina-sari"), bio("budi-santoso-s-sos"), bio("zz")]).toEqual(["Bio Rina Sari", "Bio Budi", ""]);
    expect(existsSync(join(r.out, "penulis/rina/index.html"))).toBe(false);
    expect(existsSync(join(r.out, "penulis/budi/index.html"))).toBe(false);
    expect(readHtml(r.out, "penulis/budi-santoso-s-sos/index.html")("h1").text()).toContain("Budi Santoso, S.Sos.");
    expect(readHtml(r.out, "penulis/budi-santoso-s-sos/index.html")("main article h2, main article h3").length).toBe(2);
    // One byline for the two spellings of one reporter, under her profile's name.
    const byline = readHtml(r.out, "berita/a/index.html")(".byline a[href*='/penulis/']").map((_, e) => readHtml(r.out, "berita/a/index.html")(e).text()).get();
    expect(byline).toEqual(["Rina Sari"]);
    expect(r.stderr).toMatch(/^authors\/zz\.md:3:1: warning duplicate-url name: "Rina Sari" already has a profile, authors\/rina\.md, which is the one shown/m);
  });

  it("a byline written as the profile's file name is that reporter where the file is named after them too (rina-sari, 'Rina Sari'), not a clash", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-02", author: "Rina Sari" }),
      "articles/b.md": article({ title: "B", date: "2024-01-03", authors: "[rina-sari, Budi]" }),
      "authors/rina-sari.md": "---\nname: Rina Sari\nbio: Bio Rina\n---\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const byline = readHtml(r.out, "berita/b/index.html");
    expect(byline(".byline a[href*='/penulis/']").map((_, e) => byline(e).text()).get()).toEqual(["Rina Sari", "Budi"]);
    expect(readHtml(r.out, "penulis/rina-sari/index.html")("main article h2, main article h3").length).toBe(2);
  });

  it("a link to a profile's file (../../authors/rina.md) is a link to the reporter's page, from an article and from a page; a profile of nobody with a byline is said", () => {
    const root = site({
      "articles/2024/e.md": article({ title: "E", date: "2024-01-02", author: "Rina Sari" }, "Ditulis [Rina](../../authors/rina.md) dan [Budi](../../authors/budi.md)."),
      "authors/rina.md": "---\nname: Rina Sari\n---\nWartawan.\n",
      "authors/budi.md": "---\nname: Budi\n---\nFotografer.\n",
      "pages/redaksi.md": "---\ntitle: Redaksi\n---\nPemimpin redaksi: [Rina](../authors/rina.md).\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(readHtml(r.out, "berita/e/index.html")('.prose a:contains("Rina")').attr("href")).toBe("/penulis/rina-sari/");
    expect(readHtml(r.out, "redaksi/index.html")('a:contains("Rina")').attr("href")).toBe("/penulis/rina-sari/");
    expect(readHtml(r.out, "berita/e/index.html")('.prose a:contains("Budi")').attr("href")).toBeUndefined();
    expect(r.stderr).toContain("articles/2024/e.md:6:1: warning broken-link body: links to authors/budi.md, which is not a published reporter's profile (a profile of nobody with a byline has no page): shown as text");
  });

  it("lets a site override one built-in template", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R" }),
      "templates/404.njk": '{% extends "layout.njk" %}{% block main %}<h1>Hilang!</h1>{% endblock %}',
      "warta.config.yaml": "title: Kabar Kita\nbaseUrl: https://kabar.example/\n",
    });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    expect(readHtml(r.out, "404.html")("h1").text()).toBe("Hilang!");
    expect(readHtml(r.out, "index.html")(".brand").text()).toBe("Kabar Kita");
    expect(readHtml(r.out, "berita/a/index.html")("link[rel=canonical]").attr("href")).toBe("https://kabar.example/berita/a/");
  });

  it("renders a site template that calls super(), the block it overrides first", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R" }),
      "templates/article.njk": '{% extends "layout.njk" %}\n{% block og %}{{ super() }}<meta name="x-tambahan" content="ya">{% endblock %}\n{% block main %}<h1>{{ page.title }}</h1>{% endblock %}\n',
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "berita/a/index.html");
    expect([$('meta[property="og:type"]').attr("content"), $('meta[name="x-tambahan"]').attr("content"), $("h1").text()]).toEqual(["website", "ya", "A"]);
  });

  it("gives a site path the base path with the url filters, written with or without its leading /", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R" }),
      "templates/404.njk": '{% extends "layout.njk" %}{% block main %}<a class="a" href="{{ "/tentang/" | url }}">a</a><a class="b" href="{{ "tentang/" | url }}">b</a><a class="c" href="{{ "/tentang/" | absUrl }}">c</a>{% endblock %}',
      "warta.config.yaml": "baseUrl: https://kabar.example/berita/\n",
    });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    const $ = readHtml(r.out, "404.html");
    expect([$(".a").attr("href"), $(".b").attr("href"), $(".c").attr("href")]).toEqual(["/berita/tentang/", "/berita/tentang/", "https://kabar.example/berita/tentang/"]);
  });

  it("names the box a body table scrolls in with strings.table, and a cached build follows a change of it", () => {
    const table = "| a | b |\n|---|---|\n| 1 | 2 |\n";
    const root = site({ "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R" }, table) });
    const label = (): string | undefined => readHtml(join(root, "dist"), "berita/a/index.html")(".article__body .table-wrap").attr("aria-label");
    expect(buildSite(root).status).toBe(0);
    expect(label()).toBe("Tabel");
    writeFileSync(join(root, "warta.config.yaml"), "locale: en-US\nstrings:\n  table: Table <wide>\n");
    expect(buildSite(root).status).toBe(0);
    expect(label()).toBe("Table <wide>");
  });

  it("keeps body links under a sub-path base URL: `..` stops at the site's root", () => {
    const root = site({
      "articles/2024/a.md": article({ title: "A", date: "2024-01-01", author: "R" }, "![logo](/../logo.png) [lain](/%2e%2e/lain/) [naik](../../../../x/) [biasa](/tag/a/)"),
      "warta.config.yaml": "baseUrl: https://kabar.example/sub/\n",
    });
    const r = buildSite(root);
    expect(r.status).toBe(0);
    const $ = readHtml(r.out, "berita/a/index.html");
    expect($(".article__body img").attr("src")).toBe("/sub/logo.png");
    expect($(".article__body a").map((_, a) => $(a).attr("href")).get()).toEqual(["/sub/lain/", "/sub/x/", "/sub/tag/a/"]);
  });

  it("reports a template error with file and line", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R" }),
      "templates/article.njk": '{% extends "layout.njk" %}\n{% block main %}\n{% if x %}\n{% endblock %}',
    });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    // nunjucks' own words were "unknown block tag: endblock", at the `endblock`.
    expect(r.stderr).toContain("templates/article.njk:3:1: error template: {% if %} is never closed: close it with {% endif %} before the {% endblock %} on line 4\n");
  });

  it("points a template error at the template and line where it is, once, in build and in check", () => {
    const builtinLayout = readFileSync(join(REPO, "templates", "layout.njk"), "utf8");
    const withLine = (text: string, line: number, added: string): string => {
      const lines = text.split("\n");
      lines.splice(line - 1, 0, added);
      return lines.join("\n");
    };
    const templateErrors = (stderr: string): string[] => stderr.split("\n").filter((l) => / error template/.test(l)).map((l) => l.split(": error")[0]!);
    const cases: [string, Record<string, string>, string][] = [
      // A syntax error in a partial every list page includes: one error, in the partial (lines and columns from 1).
      ["partial", { "templates/partials/teaser.njk": "<p>\n{% if %}\n" }, "templates/partials/teaser.njk:2:7"],
      // An error while rendering (at the call's parenthesis), in a block of a template that extends the layout (nunjucks counts from 0 there).
      ["extends", { "templates/article.njk": '{% extends "layout.njk" %}\n{% block main %}\n<p>satu</p>\n{{ tidakAda(1) }}\n{% endblock %}' }, "templates/article.njk:4:12"],
      ["plain", { "templates/404.njk": "<p>a</p>\n<p>b</p>\n{{ tidakAda(1) }}\n" }, "templates/404.njk:3:12"],
      // In the layout every page template extends, outside its blocks: the layout, once (nunjucks named the page template, once per template).
      ["layout", { "templates/layout.njk": withLine(builtinLayout, 71, "{{ tidakAda(1) }}") }, "templates/layout.njk:71:12"],
      // In a block of the layout that list pages keep and article pages override.
      ["layout block", { "templates/layout.njk": builtinLayout.replace("{% block og %}", "{% block og %}{{ tidakAda(1) }}") }, "templates/layout.njk:22:26"],
      // A syntax error in a partial a page includes (nunjucks reported it after the render had returned: the page was cut off, exit 0).
      ["broken include", { "templates/article.njk": '{% extends "layout.njk" %}\n{% block main %}{% include "partials/kecil.njk" %}{% endblock %}', "templates/partials/kecil.njk": "<i>{% if %}</i>\n" }, "templates/partials/kecil.njk:1:10"],
      // The same in a partial the built-in templates include (it crashed the build: nunjucks gave null for the page) and in one a layout imports.
      ["broken built-in partial", { "templates/partials/pager.njk": "{% if x %}\n" }, "templates/partials/pager.njk:1:1"],
      ["broken import", { "templates/layout.njk": builtinLayout.replace("</footer>", '{% import "partials/m.njk" as m %}{{ m.x() }}</footer>'), "templates/partials/m.njk": "{# makro #}\n\n{% macro x() %}hai{% for %}{% endmacro %}\n" }, "templates/partials/m.njk:3:26"],
      // The first of two errors in one page (an include's, in a loop, then the page's own).
      ["first error", { "templates/article.njk": '{% extends "layout.njk" %}\n{% block main %}{% for i in [1, 2] %}{% include "partials/kecil.njk" %}{% endfor %}\n{{ kedua() }}{% endblock %}', "templates/partials/kecil.njk": "<i>\n{{ pertama() }}</i>\n" }, "templates/partials/kecil.njk:2:11"],
      // An include the layout names that is not there, and a filter no one defined: nunjucks gives no line; the first place the file names it.
      ["missing include", { "templates/layout.njk": withLine(builtinLayout, 71, '{% include "partials/tidak-ada.njk" %}') }, "templates/layout.njk:71:12"],
      ["unknown filter", { "templates/layout.njk": withLine(builtinLayout, 71, "{{ site.title | tidakAda }}") }, "templates/layout.njk:71:15"],
      // A block never closed: nunjucks says "got end of file" at 1:1; the tag that is left open.
      ["unclosed if", { "templates/partials/teaser.njk": '<article class="teaser">\n  <h3>{{ item.title }}</h3>\n  {% if item.image %}<img src="{{ item.image }}">\n</article>\n' }, "templates/partials/teaser.njk:3:3"],
      ["unclosed for", { "templates/404.njk": "{% raw %}{% for %}{% endraw %}\n{% set a = 1 %}\n{% for x in [1] %}\n{% if x %}{% endif %}\n<p>x</p>\n" }, "templates/404.njk:3:1"],
      // An unknown filter inside a block (nunjucks names the block's first line) and an `if` left open inside one (nunjucks names the `endblock`).
      ["unknown filter in a block", { "templates/article.njk": '{% extends "layout.njk" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n<p>{{ page.title | tidakAda }}</p>\n{% endblock %}' }, "templates/article.njk:4:18"],
      ["unclosed if in a block", { "templates/article.njk": '{% extends "layout.njk" %}\n{% block main %}\n<h1>{{ page.title }}</h1>\n  {% if page.title %}<p>x</p>\n<p>y</p>\n{% endblock %}' }, "templates/article.njk:4:3"],
    ];
    for (const [name, templates, where] of cases) {
      const root = site({ "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R" }), ...templates });
      for (const command of ["build", "check"]) {
        const r = runCli([command, "--root", root]);
        expect(r.status, `${name} ${command}`).toBe(1);
        expect(templateErrors(r.stderr), `${name} ${command}`).toEqual([where]);
      }
    }
  });

  it("removes the pages of deleted and renamed articles", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-01-01", author: "Rina", tags: "[Lama]" }),
      "articles/b.md": article({ title: "B", date: "2024-01-02", author: "Budi" }),
    });
    expect(buildSite(root).status).toBe(0);
    rmSync(join(root, "articles/a.md"));
    renameSync(join(root, "articles/b.md"), join(root, "articles/c.md"));
    const r = buildSite(root);
    expect(r.status).toBe(0);
    const files = listFiles(r.out);
    expect(files).toContain("berita/c/index.html");
    expect(files).not.toContain("berita/a/index.html");
    expect(files).not.toContain("berita/b/index.html");
    expect(files).not.toContain("tag/lama/index.html");
    expect(files).not.toContain("penulis/rina/index.html");
  });

  it("check validates without writing", () => {
    const root = site({ "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R" }) });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(0);
    expect(existsSync(join(root, "dist"))).toBe(false);
    writeFileSync(join(root, "articles/b.md"), "---\ntitle: B\n---\n");
    expect(runCli(["check", "--root", root]).status).toBe(1);
  });
});

describe("warta new", () => {
  it("starts a draft at articles/YYYY/MM/<slug>.md, dated now in the site's zone, that checks and builds; never overwrites", () => {
    const root = site({ "warta.config.yaml": "timeZone: Asia/Makassar\n", "articles/lama.md": article({ title: "Lama", date: "2024-01-01", author: "Rina" }) });
    const env = { SOURCE_DATE_EPOCH: "1727000000" }; // 2024-09-22 10:13:20 UTC
    const r = runCli(["new", 'Banjir Rob "Besar" di Semarang: 2 Tewas', "--root", root, "--author", "Rina Sari", "--tags", "Banjir, Semarang"], { env });
    expect(r.status, r.stderr).toBe(0);
    const rel = "articles/2024/09/banjir-rob-besar-di-semarang-2-tewas.md";
    expect(r.stdout.trim()).toBe(rel);
    const text = readFileSync(join(root, rel), "utf8");
    expect(text).toMatch(/^date: 2024-09-22T18:13:20\+08:00$/m);
    expect(text).toMatch(/^draft: true$/m);
    expect(runCli(["check", "--root", root], { env }).status).toBe(0);
    const built = buildSite(root, ["--drafts"], env);
    expect(built.status, built.stderr).toBe(0);
    const $ = readHtml(built.out, "berita/banjir-rob-besar-di-semarang-2-tewas/index.html");
    expect($("h1").text()).toBe('Banjir Rob "Besar" di Semarang: 2 Tewas');
    expect($(".tags__list a").toArray().map((a) => $(a).text())).toEqual(["Banjir", "Semarang"]);
    // Not published without --drafts; the same title again is refused, as is one with no letters.
    expect(existsSync(join(buildSite(root, [], env).out, "berita/banjir-rob-besar-di-semarang-2-tewas"))).toBe(false);
    writeFileSync(join(root, rel), text.replace("Tulis berita", "Isi yang sudah ditulis"));
    const again = runCli(["new", 'Banjir Rob "Besar" di Semarang: 2 Tewas', "--root", root, "--author", "Rina"], { env });
    expect([again.status, again.stderr]).toEqual([2, expect.stringContaining(`${rel} already exists`)]);
    expect(readFileSync(join(root, rel), "utf8")).toContain("Isi yang sudah ditulis");
    expect(runCli(["new", "???", "--root", root, "--author", "Rina"], { env }).status).toBe(2);
    // Without an author the draft would break every build of the site: refused.
    expect(runCli(["new", "Tanpa Penulis", "--root", root], { env }).status).toBe(2);
    // A title that starts with "-" goes after --.
    const minus = runCli(["new", "--root", root, "--author", "Rina", "--", "-5 Derajat di Dieng"], { env });
    expect([minus.status, minus.stdout.trim()]).toEqual([0, "articles/2024/09/5-derajat-di-dieng.md"]);
    // Never through a link out of the site (the build would not read the file).
    const outside = `${root}-luar`;
    mkdirSync(outside);
    symlinkSync(outside, join(root, "articles/2025"));
    const linked = runCli(["new", "Lewat Tautan", "--root", root, "--author", "Rina"], { env: { SOURCE_DATE_EPOCH: "1740000000" } });
    expect(linked.status).toBe(2);
    expect(linked.stderr).toMatch(/leads outside the site folder/);
    expect(readdirSync(outside)).toEqual([]);
    rmSync(outside, { recursive: true });
  });
});

describe("CLI", () => {
  it.each([["--help"], ["build", "--help"], ["check", "--help"], ["dev", "--help"]])("%s prints usage", (...args) => {
    const r = runCli(args);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage/);
    // No "(default: true)" after --no-cache (cac's default of --cache), no default said twice.
    expect(r.stdout).not.toMatch(/--no-cache.*default|\(default[^)]*\).*\(default/);
  });

  it("prints its version", () => {
    const r = runCli(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")).version);
  });

  it.each([[["frobnicate"]], [["build", "--bogus"]], [["build", "--root"]], [["dev", "--port", "banana"]]])("usage error %j exits 2", (args) => {
    expect(runCli(args).status).toBe(2);
  });

  it("rejects a non-integer SOURCE_DATE_EPOCH with exit 2, and one past the year 9999 saying so", () => {
    expect(runCli(["check", "--root", REPO], { env: { SOURCE_DATE_EPOCH: "1.5" } }).status).toBe(2);
    const far = runCli(["check", "--root", REPO], { env: { SOURCE_DATE_EPOCH: "8640000000000" } });
    expect([far.status, far.stderr.split("\n")[0]]).toEqual([2, "warta: SOURCE_DATE_EPOCH must be at most 253402300799 (the end of the year 9999), not 8640000000000"]);
  });

  it("uses --base-url with a sub-path for links and assets", () => {
    const root = site({ "articles/a.md": article({ title: "A", date: "2024-01-01", author: "R" }) });
    const r = buildSite(root, ["--base-url", "https://example.id/berita"]);
    const $ = readHtml(r.out, "index.html");
    expect($("link[rel=stylesheet]").attr("href")).toBe("/berita/assets/warta.css");
    expect($("main a[href*='berita/a/']").attr("href")).toBe("/berita/berita/a/");
  });
});

describe("images in the body", () => {
  /** A PNG's signature and IHDR chunk: all image-size reads. */
  const png = (width: number, height: number): Buffer => {
    const ihdr = Buffer.alloc(25);
    ihdr.writeUInt32BE(13, 0);
    ihdr.write("IHDR", 4);
    ihdr.writeUInt32BE(width, 8);
    ihdr.writeUInt32BE(height, 12);
    ihdr[16] = 8;
    ihdr[17] = 6;
    return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr]);
  };
  /** A JPEG's SOI, an EXIF block with `orientation`, and a SOF0 of `width`×`height` as stored: all image-size reads. */
  const jpeg = (width: number, height: number, orientation: number): Buffer => {
    const tiff = Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0]);
    const app1Body = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
    const app1 = Buffer.concat([Buffer.from([0xff, 0xe1, (app1Body.length + 2) >> 8, (app1Body.length + 2) & 0xff]), app1Body]);
    const sof = Buffer.from([0xff, 0xc0, 0, 17, 8, height >> 8, height & 0xff, width >> 8, width & 0xff, 3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
    return Buffer.concat([Buffer.from([0xff, 0xd8]), app1, sof, Buffer.from([0xff, 0xd9])]);
  };
  const imgs = (out: string): string[] => readHtml(out, "berita/a/index.html")(".prose img").toArray().map((el) => `${el.attribs.src} ${el.attribs.width ?? "-"}x${el.attribs.height ?? "-"}`);
  const body = (images: string): string => article({ title: "Uji Gambar", date: "2024-09-01 10:00", author: "Rina" }, `Paragraf satu.\n\n${images}`);

  it("get the width and height of the file, so the text does not jump as they load; cached builds follow the file and the body", () => {
    const root = site({ "articles/2024/a.md": body("Belum ada gambar."), "articles/2024/peta.png": png(50, 40), "articles/2024/grafik.png": png(640, 360) });
    expect(buildSite(root).status).toBe(0);
    // An edit that adds images (the model is patched, not made again): each gets its size.
    writeFileSync(join(root, "articles/2024/a.md"), body("![peta](peta.png)\n\n![grafik](/2024/grafik.png) ![luar](https://contoh.id/x.png) ![hilang](tidak.png)"));
    const edited = buildSite(root);
    expect(edited.status, edited.stderr).toBe(0);
    expect(imgs(edited.out)).toEqual(["/2024/peta.png 50x40", "/2024/grafik.png 640x360", "https://contoh.id/x.png -x-", "/2024/tidak.png -x-"]);
    // With no lead image, the body's first picture stands for the article in link previews and JSON-LD.
    const $ = readHtml(edited.out, "berita/a/index.html");
    const og = (p: string): string | undefined => $(`meta[property="${p}"]`).attr("content");
    expect([og("og:image"), og("og:image:width"), og("og:image:height")]).toEqual(["https://warta.example/2024/peta.png", "50", "40"]);
    expect((JSON.parse($('script[type="application/ld+json"]').first().text()) as { image?: string[] }).image).toEqual(["https://warta.example/2024/peta.png"]);
    // The file replaced by a bigger one: the page follows.
    writeFileSync(join(root, "articles/2024/peta.png"), png(800, 640));
    const replaced = buildSite(root);
    expect(imgs(replaced.out)[0]).toBe("/2024/peta.png 800x640");
    const fresh = buildSite(root, ["--out", join(root, "fresh"), "--no-cache"]);
    expect(readFileSync(join(fresh.out, "berita/a/index.html"), "utf8")).toBe(readFileSync(join(replaced.out, "berita/a/index.html"), "utf8"));
  });

  it("raw HTML a site allows gets its images' sizes too, also with src after srcset", () => {
    const root = site({ "warta.config.yaml": "allowRawHtml: true\n", "articles/2024/a.md": body('<img srcset="peta.png 1x" src="peta.png" alt="r">\n\n<img src="grafik.png" alt="g">'), "articles/2024/peta.png": png(320, 240), "articles/2024/grafik.png": png(64, 48) });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(imgs(r.out)).toEqual(["/2024/peta.png 320x240", "/2024/grafik.png 64x48"]);
  });

  it("a phone's portrait photo (stored sideways, EXIF orientation 6) gets its size as shown; a `#` in an image's name is reported, not published broken", () => {
    const root = site({ "articles/2024/a.md": body("![potret](hp.jpg)\n\n![lanskap](ls.jpg)\n\n![pagar](foto#1.png)"), "articles/2024/hp.jpg": jpeg(150, 103, 6), "articles/2024/ls.jpg": jpeg(150, 103, 1), "articles/2024/foto#1.png": png(10, 10) });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(imgs(r.out).slice(0, 2)).toEqual(["/2024/hp.jpg 103x150", "/2024/ls.jpg 150x103"]);
    // `#` starts the URL's fragment: the image asks for /2024/foto, which the site does not publish.
    expect(r.stderr).toMatch(/^articles\/2024\/a\.md:\d+:1: warning broken-link body: links to \/2024\/foto, which is not in articles\/ or static\/$/m);
  });
});
