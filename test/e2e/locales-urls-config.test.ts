/**
 * What a site publishes for other languages, odd URLs and config slips: each case was found by
 * building a site folder warta had never seen, and once published something wrong (links to
 * another host, a left-to-right Arabic page, a URL the Nu checker refuses, a 1970 date).
 */
import { readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { article, buildSite, fixtureSites, readHtml, runCli, tempDir } from "../support/site.ts";

const { site } = fixtureSites();
const ok = (fields: Record<string, string> = {}, body?: string): string => article({ title: "Berita Baik", date: "2024-01-02T10:00:00+07:00", author: "Rina", ...fields }, body);
const read = (out: string, path: string): string => readFileSync(join(out, path), "utf8");

describe("base URL", () => {
  it("a doubled slash in its path does not turn every link into one to another host", () => {
    const root = site({ "articles/a.md": ok({ category: "Politik" }), "warta.config.yaml": "baseUrl: https://ex.id//berita/\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const html = read(r.out, "berita/a/index.html");
    expect(html).not.toMatch(/(href|src)="\/\//);
    expect(readHtml(r.out, "berita/a/index.html")('link[rel="stylesheet"]').attr("href")).toBe("/berita/assets/warta.css");
    expect(readHtml(r.out, "berita/a/index.html")('link[rel="canonical"]').attr("href")).toBe("https://ex.id/berita/berita/a/");
  });
});

describe("base URL characters", () => {
  it("`|` and `^` in its path, which URL leaves raw, are escaped in every link, feed and sitemap (no URL holds them raw)", () => {
    const root = site({ "articles/a.md": ok({ category: "Politik" }), "warta.config.yaml": "baseUrl: https://ex.id/a|b^c/\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "berita/a/index.html");
    expect($('link[rel="canonical"]').attr("href")).toBe("https://ex.id/a%7Cb%5Ec/berita/a/");
    expect($('link[rel="stylesheet"]').attr("href")).toBe("/a%7Cb%5Ec/assets/warta.css");
    for (const file of ["berita/a/index.html", "sitemap-1.xml", "feed.xml", "robots.txt"]) expect(read(r.out, file), file).not.toMatch(/a\|b|b\^c/);
  });
});

describe("languages", () => {
  it("a right-to-left locale gets dir=rtl; Chinese keeps its script for <html lang> and Google News gets zh-tw; og:locale is ll_TT", () => {
    const cases: [string, string, string | undefined, string, string][] = [
      ["ar-SA", "ar", "rtl", "ar", "ar_SA"],
      ["fa-IR", "fa", "rtl", "fa", "fa_IR"],
      ["id-ID", "id", undefined, "id", "id_ID"],
      ["zh-TW", "zh-TW", undefined, "zh-tw", "zh_TW"],
      ["zh-Hant-HK", "zh-Hant-HK", undefined, "zh-tw", "zh_HK"],
      ["zh-CN", "zh-CN", undefined, "zh-cn", "zh_CN"],
      ["EN-us", "en", undefined, "en", "en_US"],
      // The direction is the script's; `lang` keeps a script that is not the language's usual one.
      ["az-Arab-IR", "az-Arab", "rtl", "az", "az_IR"],
      ["dv-MV", "dv", "rtl", "dv", "dv_MV"],
      ["sr-Latn-RS", "sr-Latn", undefined, "sr", "sr_RS"],
      ["en-001", "en", undefined, "en", "en_US"],
      ["zh-Hant", "zh-Hant", undefined, "zh-tw", "zh_TW"],
    ];
    for (const [locale, lang, dir, news, og] of cases) {
      // Published an hour before the build's "now" (2024-10-01T00:00Z): it is in the news sitemap.
      const root = site({ "articles/a.md": ok({ date: "2024-09-30T23:00:00Z" }), "warta.config.yaml": `locale: ${locale}\n` });
      const r = buildSite(root);
      expect(r.status, r.stderr).toBe(0);
      const $ = readHtml(r.out, "berita/a/index.html");
      expect([$("html").attr("lang"), $("html").attr("dir"), $('meta[property="og:locale"]').attr("content")], locale).toEqual([lang, dir, og]);
      expect(read(r.out, "news-sitemap.xml"), locale).toContain(`<news:language>${news}</news:language>`);
    }
  });

  it("a locale with no language (und, und-ID, und-Latn) is a config error at its line, not a crash", () => {
    for (const locale of ["und", "und-ID", "und-Latn"]) {
      const root = site({ "articles/a.md": ok(), "warta.config.yaml": `title: T\nlocale: "${locale}"\n` });
      for (const command of ["check", "build"]) {
        const r = runCli([command, "--root", root]);
        expect(r.status, `${locale} ${command}: ${r.stderr}`).toBe(2);
        expect(r.stderr, locale).not.toMatch(/TypeError|\n\s+at /);
        expect(r.stderr, locale).toMatch(/^warta\.config\.yaml:2:\d+: error config locale: is not a language tag such as id-ID or en-US$/m);
      }
    }
  });

  it("a language name (`english`) is a config error; a code Node has no date names for builds, with a warning saying how dates print", () => {
    for (const locale of ["english", "Indonesian"]) {
      const root = site({ "articles/a.md": ok(), "warta.config.yaml": `title: T\nlocale: ${locale}\n` });
      const r = runCli(["build", "--root", root]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^warta\.config\.yaml:2:\d+: error config locale: is not a language tag such as id-ID or en-US$/m);
    }
    const root = site({ "articles/a.md": ok(), "warta.config.yaml": "title: T\nlocale: ban-ID\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warta\.config\.yaml:2:1: warning config locale: Node has no date names for "ban-ID": pages are marked as "ban" but dates print as "Tuesday, October 4, 2022"$/m);
    expect(readHtml(r.out, "berita/a/index.html")("html").attr("lang")).toBe("ban");
  });

  it("an English site: dates as English writes them, counts in the singular for one, JSON-LD's inLanguage canonical", () => {
    const root = site({
      "articles/a.md": ok({ tags: "[Senate]" }),
      "articles/b.md": ok({ title: "B", date: "2024-01-03T10:00:00+07:00", tags: "[Senate, Budget]" }),
      "warta.config.yaml": "locale: EN-us\ntimeZone: America/New_York\nstrings:\n  article: article\n  articles: articles\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(readHtml(r.out, "berita/a/index.html")(".byline__date time").first().text()).toBe("Monday, January 1, 2024 at 10:00 PM EST");
    const senate = readHtml(r.out, "tag/senate/index.html");
    // A count keeps its word on its line (a no-break space between them on the page; a plain one in descriptions).
    expect(senate("main .muted").first().text()).toBe("2\u00a0articles");
    expect(readHtml(r.out, "tag/budget/index.html")("main .muted").first().text()).toBe("1\u00a0article");
    expect(readHtml(r.out, "penulis/rina/index.html")('meta[name="description"]').attr("content")).toMatch(/: 2 articles\.$/);
    expect(readHtml(r.out, "indeks/index.html")("main").text()).toMatch(/1\u00a0article\b/);
    expect(readHtml(r.out, "berita/a/index.html")(".byline__date").text()).toMatch(/ · 1\u00a0[^\u00a0·]+$/);
    for (const page of ["index.html", "berita/a/index.html"]) {
      const $ = readHtml(r.out, page);
      expect($('script[type="application/ld+json"]').map((_, e) => $(e).text()).get().join(""), page).toContain('"inLanguage":"en-US"');
    }
  });

  it("a zone or a locale written with spaces around it builds; `id_ID` and `timeZone: 7` are told what to write, in one run", () => {
    const spaced = buildSite(site({ "articles/a.md": ok({ date: "2024-07-04 10:00" }), "warta.config.yaml": 'title: T\ntimeZone: " Asia/Makassar "\nlocale: "id-ID "\n' }));
    expect(spaced.status, spaced.stderr).toBe(0);
    expect(readHtml(spaced.out, "berita/a/index.html")(".byline__date time").first().text()).toBe("Kamis, 04 Juli 2024, 10:00 WITA");
    const r = runCli(["build", "--root", site({ "articles/a.md": ok(), "warta.config.yaml": "title: T\nlocale: id_ID\ntimeZone: 7\n" })]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain("warta.config.yaml:2:1: error config locale: is not a language tag such as id-ID or en-US: write id-ID\n");
    expect(r.stderr).toContain("warta.config.yaml:3:1: error config timeZone: is not an IANA time zone: write the zone of the city whose clocks the newsroom keeps, such as Asia/Jakarta or Europe/Berlin (or Etc/GMT-7 for +07:00 all year: its sign is reversed)\n");
  });

  it("a time zone written as a newsroom says it (WIB, +07:00, GMT+7) is an error that names the zone to write; an abbreviation Intl reads as some city (EST) is a warning naming it", () => {
    for (const [zone, hint] of [
      ["WIB", ": write Asia/Jakarta"],
      ["WITA", ": write Asia/Makassar"],
      ['"+07:00"', ": write the zone of the city whose clocks the newsroom keeps, such as Asia/Jakarta or Europe/Berlin (or Etc/GMT-7 for +07:00 all year: its sign is reversed)"],
      ["GMT+7", ": write the zone of the city whose clocks the newsroom keeps, such as Asia/Jakarta or Europe/Berlin (or Etc/GMT-7 for +07:00 all year: its sign is reversed)"],
      ["Mars/Olympus", ""],
    ]) {
      const r = runCli(["build", "--root", site({ "articles/a.md": ok(), "warta.config.yaml": `title: T\ntimeZone: ${zone}\n` })]);
      expect(r.status, zone).toBe(2);
      expect(r.stderr, zone).toContain(`warta.config.yaml:2:1: error config timeZone: is not an IANA time zone${hint}\n`);
    }
    const r = buildSite(site({ "articles/a.md": ok({ date: "2024-07-04 10:00" }), "warta.config.yaml": "title: T\ntimeZone: EST\n" }));
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warta\.config\.yaml:2:1: warning config timeZone: "EST" is read as America\/Panama, UTC-05:00 all year: write the zone of the city whose clocks the newsroom keeps, such as America\/New_York or Asia\/Jakarta$/m);
    // Names that follow a city's clocks are not warned about.
    for (const zone of ["America/New_York", "PST", "CET", "EST5EDT", "Singapore"]) expect(buildSite(site({ "articles/a.md": ok(), "warta.config.yaml": `title: T\ntimeZone: ${zone}\n` })).stderr, zone).toBe("");
  });

  it("in a right-to-left page the arrows point the way it reads", () => {
    const root = site({ "articles/a.md": ok(), "articles/b.md": ok({ title: "B", date: "2024-01-03T10:00:00+07:00" }), "warta.config.yaml": "locale: ar-SA\nperPage: 1\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "berita/a/index.html");
    expect($(".prevnext__link--next .prevnext__label").text()).toMatch(/←$/);
    expect(readHtml(r.out, "index.html")(".pager__link[rel=next]").text()).toMatch(/←$/);
    expect(readHtml(r.out, "halaman/2/index.html")(".pager__link[rel=prev]").text()).toMatch(/^→/);
  });

  it("where months are numbers, days are unpadded (2024年1月2日, not 1月02日)", () => {
    const root = site({ "articles/a.md": ok(), "warta.config.yaml": "locale: ja-JP\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const shown = readHtml(r.out, "berita/a/index.html")(".byline__date time").first().text();
    expect(shown).toMatch(/^2024年1月2日/);
  });
});

describe("hrefs the Nu checker accepts", () => {
  it("| ^ { } in a source URL, an image URL or a profile link are percent-encoded; a logo file named with # is its name", () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000030000000208060000009db74f6b0000000d4944415478da63f8cfc0f01f0005fe02fe0d3a46d00000000049454e44ae426082", "hex");
    const root = site({
      "articles/a.md": ok({ source: '{name: Sumber, url: "https://fonts.ex.com/css?family=Roboto|Open+Sans^x#a|b"}', image: '"https://cdn.ex.com/foto|1.jpg"' }),
      "authors/rina.md": '---\nname: Rina\nlinks: [{label: Arsip, url: "https://ex.com/cari?q={a|b}"}]\n---\n',
      "static/images/logo#1.png": png,
      "warta.config.yaml": 'publisher: {name: Warta, logo: "/images/logo#1.png"}\n',
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "berita/a/index.html");
    expect($(".source a").attr("href")).toBe("https://fonts.ex.com/css?family=Roboto%7COpen+Sans%5Ex#a%7Cb");
    expect($("figure img").attr("src")).toBe("https://cdn.ex.com/foto%7C1.jpg");
    expect(readHtml(r.out, "penulis/rina/index.html")(".profile__links a").attr("href")).toBe("https://ex.com/cari?q=%7Ba%7Cb%7D");
    for (const path of ["berita/a/index.html", "index.html", "penulis/rina/index.html"]) expect(read(r.out, path), path).not.toMatch(/(href|src|content)="[^"]*[|^{}]/);
    const jsonld = $('script[type="application/ld+json"]').text();
    expect(jsonld).toContain("https://warta.example/images/logo%231.png");
    expect(read(r.out, "atom.xml")).toContain("<logo>https://warta.example/images/logo%231.png</logo>");
  });
});

describe("hrefs the Nu checker accepts, continued", () => {
  it("a % that starts no escape is %25, a second # is %23; a file named in NFD on disk is published and linked under its NFC name", () => {
    const png = Buffer.from("89504e470d0a1a0a0000000d49484452000000030000000208060000009db74f6b0000000d4944415478da63f8cfc0f01f0005fe02fe0d3a46d00000000049454e44ae426082", "hex");
    const nfd = "cafe\u0301.png";
    const root = site({
      "articles/a.md": ok({ source: '{name: Toko, url: "https://ex.id/diskon-50%-ini?q=100%"}', image: '"/images/caf\u00e9.png"' }, "Lihat <https://ex.id/a#x|y#z>.\n\n![foto](/images/caf\u00e9.png) dan [unduh](/images/cafe\u0301.png)."),
      [`static/images/${nfd}`]: png,
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(/missing-image/);
    const $ = readHtml(r.out, "berita/a/index.html");
    expect($(".source a").attr("href")).toBe("https://ex.id/diskon-50%25-ini?q=100%25");
    expect($(".prose a").attr("href")).toBe("https://ex.id/a#x%7Cy%23z");
    const src = $("figure img").attr("src")!;
    expect(src).toBe("/images/caf%C3%A9.png");
    expect(readFileSync(join(r.out, decodeURIComponent(src))).equals(png)).toBe(true);
    expect($('meta[property="og:image"]').attr("content")).toBe("https://warta.example/images/caf%C3%A9.png");
    // In the body too, typed either way.
    expect($(".prose img").attr("src")).toBe("/images/caf%C3%A9.png");
    expect($(".prose a").filter((_, e) => $(e).text() === "unduh").attr("href")).toBe("/images/caf%C3%A9.png");
    expect(r.stderr).not.toMatch(/broken-link/);
  });
});

describe("dates at the edges", () => {
  it("a 1965 article's category and tag pages say 1965 in the sitemap and feeds, not 1970", () => {
    const root = site({
      "articles/a.md": ok({ date: "2024-01-02T10:00:00+07:00", category: "Kini" }),
      "articles/arsip.md": ok({ title: "Arsip", date: "1965-10-01T10:00:00+07:00", category: "Arsip", tags: "[Sejarah]" }),
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const sitemap = [1, 2, 3].map((n) => { try { return read(r.out, `sitemap-${n}.xml`); } catch { return ""; } }).join("");
    expect(sitemap).toMatch(/<loc>https:\/\/warta\.example\/kategori\/arsip\/<\/loc><lastmod>1965-10-01T10:00:00\+07:00<\/lastmod>/);
    expect(sitemap).not.toContain("1970-01-01");
    expect(read(r.out, "kategori/arsip/atom.xml")).toContain("<updated>1965-10-01T10:00:00+07:00</updated>");
  });

  it("`updated` after the build's time is a warning; a date outside the years 1000-9999 in the site's zone is an error", () => {
    const root = site({
      "articles/a.md": ok({ date: "2024-09-30T10:00:00+07:00", updated: "2031-09-30T10:00:00+07:00" }),
      "articles/b.md": ok({ title: "B", date: "1000-01-01T00:00:00+14:00" }),
    });
    const r = buildSite(root);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^articles\/a\.md:5:1: warning invalid-date updated: `updated` is later than the build's time/m);
    expect(r.stderr).toMatch(/^articles\/b\.md:3:1: error invalid-date date: "1000-01-01T00:00:00\+14:00" is in the year 999 in Asia\/Jakarta/m);
  });
});

describe("full-content feeds", () => {
  it("a #fragment link points into the article; text that reads like an attribute is left as written", () => {
    const body = "Baca [latar belakang](#latar-belakang).\n\nContoh kode: `<img src='/logo.png'>` dan teks href='/kontak'.\n\n## Latar belakang\n\nIsi.";
    const root = site({ "articles/a.md": ok({}, body), "warta.config.yaml": "feedContent: full\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const feed = JSON.parse(read(r.out, "feed.json")) as { items: { content_html: string }[] };
    const html = feed.items[0]!.content_html;
    expect(html).toContain('href="https://warta.example/berita/a/#latar-belakang"');
    expect(html).toContain("&lt;img src='/logo.png'&gt;");
    expect(html).toContain("teks href='/kontak'");
  });

  it("with raw HTML allowed: every URL attribute is made absolute (srcset, poster, after a > in a value), attribute text is not", () => {
    const body = [
      `<p><a title="a>b" href="/gt-after">x</a></p>`,
      `<p><img srcset="/s1.png 1x, /s2.png 2x" src="/s.png" alt=""></p>`,
      `<video poster="/poster.jpg" src="/v.mp4"></video>`,
      `<p><span title="x <a href='/y'>">t</span></p>`,
    ].join("\n\n");
    const root = site({ "articles/a.md": ok({}, body), "warta.config.yaml": "feedContent: full\nallowRawHtml: true\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const html = (JSON.parse(read(r.out, "feed.json")) as { items: { content_html: string }[] }).items[0]!.content_html;
    expect(html).toContain('href="https://warta.example/gt-after"');
    expect(html).toContain('srcset="https://warta.example/s1.png 1x, https://warta.example/s2.png 2x"');
    expect(html).toContain('poster="https://warta.example/poster.jpg"');
    expect(html).toContain('src="https://warta.example/v.mp4"');
    expect(html).toMatch(/title="x &lt;a href='\/y'&gt;"|title="x <a href='\/y'>"/);
  });
});

describe("text the outputs cannot hold", () => {
  it("forbidden code points in the config's texts are dropped; a lone surrogate in front matter is U+FFFD in JSON outputs too", () => {
    const root = site({
      "articles/a.md": ok({ title: '"Judul \\uD800 rusak"' }),
      "warta.config.yaml": 'title: "Warta\\x01 Harian"\ndescription: "Berita \\uFFFE terkini"\n',
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const page = read(r.out, "berita/a/index.html");
    expect(page).toContain("Warta Harian");
    expect(page).not.toMatch(/[\u0001\uFFFE]/);
    const feed = read(r.out, "feed.json");
    expect(feed).not.toMatch(/\\ud800/i);
    expect((JSON.parse(feed) as { items: { title: string }[] }).items[0]!.title).toBe("Judul \uFFFD rusak");
  });

  it("a line break pasted from Word (vertical tab) or a NEL between two words leaves a space, not one glued word", () => {
    const r = buildSite(site({ "articles/a.md": ok({ title: '"Judul\vdengan\u0085jeda"' }, "Badan\u000bberita\u0085kedua.") }));
    expect(r.status, r.stderr).toBe(0);
    const page = read(r.out, "berita/a/index.html");
    expect(page).toContain("<h1 class=\"article__title\">Judul dengan jeda</h1>");
    expect(page).toContain("Badan berita kedua.");
  });
});

describe("config slips", () => {
  it("a bad baseUrl in the config is said even when --base-url (or warta dev's address) replaces it", () => {
    const root = site({ "articles/a.md": ok(), "warta.config.yaml": "title: Uji\nbaseUrl: ftp://contoh.id/\n" });
    const flagged = buildSite(root, ["--base-url", "https://contoh.id/"]);
    expect(flagged.status, flagged.stderr).toBe(0);
    expect(flagged.stderr).toMatch(/^warta\.config\.yaml:2:1: warning config baseUrl: must be an absolute http\(s\) URL without a user name or password: this build uses https:\/\/contoh\.id\/ instead, and warta build without --base-url refuses it$/m);
    const plain = buildSite(root);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/^warta\.config\.yaml:2:1: error config baseUrl: /m);
  });

  it("a number where text belongs says to quote it; a config in another form or spelling is named as not read", () => {
    const numbers = runCli(["build", "--root", site({ "articles/a.md": ok(), "warta.config.yaml": "title: 2024\ntagline: 12.5\n" })]);
    expect(numbers.status).toBe(2);
    expect(numbers.stderr).toMatch(/^warta\.config\.yaml:1:1: error config title: must be text, not a number: put the value in quotes as you want it shown$/m);
    expect(numbers.stderr).toMatch(/^warta\.config\.yaml:2:1: error config tagline: must be text, not a number/m);
    const toml = runCli(["build", "--root", site({ "articles/a.md": ok(), "warta.config.toml": 'title = "Toml"\n', "Warta.yaml": "title: X\n" })]);
    expect(toml.status, toml.stderr).toBe(0);
    expect(toml.stderr).toMatch(/^warta\.config\.toml:1:1: warning config: is not read: a config is named warta\.config\.yaml, warta\.config\.yml or warta\.config\.json, so the site is built with the defaults$/m);
    expect(toml.stderr).toMatch(/^Warta\.yaml:1:1: warning config: is not read/m);
    const beside = runCli(["build", "--root", site({ "articles/a.md": ok(), "warta.config.yaml": "title: Y\n", "warta.config.toml": "x\n" })]);
    expect(beside.stderr).toMatch(/^warta\.config\.toml:1:1: warning config: is not read: the config is warta\.config\.yaml$/m);
  });

  it("an unknown key is reported at its line; a config that is not UTF-8 is an error; a second spelling in the menu is named as such", () => {
    const root = site({ "articles/a.md": ok({ category: "Politik" }), "warta.config.yaml": "title: Warta\nperPage: 10\n\n# zona\ntimeZon: Asia/Makassar\n" });
    const unknown = runCli(["build", "--root", root]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/^warta\.config\.yaml:5:1: error config timeZon: /m);

    writeFileSync(join(root, "warta.config.yaml"), Buffer.from("title: Kabar Caf\xe9\n", "latin1"));
    const latin1 = runCli(["build", "--root", root]);
    expect(latin1.status).toBe(2);
    expect(latin1.stderr).toMatch(/^warta\.config\.yaml:1:17: error encoding: file is not valid UTF-8 text/m);

    // Linked to a file outside the site: not read, none of its text printed.
    const outside = join(tempDir(), "rahasia.yaml");
    writeFileSync(outside, "RAHASIA-DI-LUAR: x: y\n");
    rmSync(join(root, "warta.config.yaml"));
    symlinkSync(outside, join(root, "warta.config.yaml"));
    const linked = runCli(["build", "--root", root]);
    expect([linked.status, linked.stderr.split("\n")[0]]).toEqual([2, "warta.config.yaml:1:1: error symlink-outside: symbolic link points outside the site folder: move the config into the site folder, or remove the link"]);
    expect(linked.stderr).not.toContain("RAHASIA");
    rmSync(join(root, "warta.config.yaml"));

    writeFileSync(join(root, "warta.config.yaml"), "menu: [Politik, politik]\n");
    const menu = runCli(["build", "--root", root]);
    expect(menu.status, menu.stderr).toBe(0);
    expect(menu.stderr).toMatch(/warning config menu: "politik" is in the menu already, as "Politik"/);
    expect(menu.stderr).not.toMatch(/no published category/);
  });

  it("a problem below a key is reported at its own line: publisher.url, a strings value, a menu item", () => {
    const root = site({
      "articles/a.md": ok({ category: "Politik" }),
      "warta.config.yaml": 'title: X\npublisher:\n  name: P\n  url: "ftp://x"\nstrings:\n  home: Beranda\n\n  # angka\n  latest: 5\nmenu:\n  - Politik\n  - 5\n',
    });
    const r = runCli(["build", "--root", root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^warta\.config\.yaml:4:1: error config publisher\.url: /m);
    expect(r.stderr).toMatch(/^warta\.config\.yaml:9:1: error config strings\.latest: /m);
    expect(r.stderr).toMatch(/^warta\.config\.yaml:12:1: error config menu\.1: /m);
  });

  it("says what each config value must be, in words, once per field (not zod's \"Invalid input: expected boolean\")", () => {
    const root = site({
      "articles/a.md": ok({}),
      "warta.config.yaml": 'title: ""\nperPage: 999999999999999999999\nrelatedCount: 1.5\nfeedItems: "x"\nfeedContent: all\nallowRawHtml: yes\npublisher:\n  nama: x\nstrings:\n  related: [a]\nmenu: [" "]\ntimeZone:\nlinkify: 1\n',
    });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(2);
    expect(r.stderr.split("\n").filter((l) => l.includes("error config"))).toEqual([
      "warta.config.yaml:1:1: error config title: must not be empty",
      "warta.config.yaml:2:1: error config perPage: must be a whole number from 1 to 500",
      "warta.config.yaml:3:1: error config relatedCount: must be a whole number from 0 to 50",
      'warta.config.yaml:4:1: error config feedItems: must be a whole number from 1 to 1000, not the text "x"',
      'warta.config.yaml:5:1: error config feedContent: must be one of "summary", "full"',
      // YAML 1.2 reads `yes` as text; the message quotes it.
      'warta.config.yaml:6:1: error config allowRawHtml: must be true or false, not the text "yes"',
      'warta.config.yaml:8:1: error config publisher.nama: unknown key "nama": did you mean "name"?',
      "warta.config.yaml:10:1: error config strings.related: must be text, not a list",
      "warta.config.yaml:11:1: error config menu.0: must not be empty",
      "warta.config.yaml:12:1: error config timeZone: must not be empty",
      "warta.config.yaml:13:1: error config linkify: must be true or false, not a number (1)",
    ]);
    // A YAML tag is not read as the text written (`!!binary` would publish base64).
    const tagged = runCli(["check", "--root", site({ "articles/a.md": ok({}), "warta.config.yaml": "title: X\ndescription: !!binary PHNjcmlwdD4=\n" })]);
    expect(tagged.status).toBe(2);
    expect(tagged.stderr).toMatch(/^warta\.config\.yaml:2:14: error config: cannot read config: YAML tag !!binary is not read here/m);
  });

  it("publisher.logo must be an http(s) URL or a site path; a site path names a file the site publishes", () => {
    for (const logo of ["//cdn.example.com/logo.png", "javascript:alert(1)", "data:image/png;base64,iVBO", "file:///etc/passwd", "ftp://x/l.png", "\\\\host\\logo.png", " "]) {
      const root = site({ "articles/a.md": ok(), "warta.config.yaml": `title: X\npublisher:\n  logo: ${JSON.stringify(logo)}\n` });
      const r = runCli(["build", "--root", root]);
      expect(r.status, logo).toBe(2);
      expect(r.stderr, logo).toMatch(/^warta\.config\.yaml:3:1: error config publisher\.logo: must be a site path or an absolute http\(s\) URL$/m);
    }
    const root = site({ "articles/a.md": ok(), "warta.config.yaml": "publisher:\n  name: P\n  logo: /images/logo baru.png\n" });
    const missing = buildSite(root);
    expect(missing.status, missing.stderr).toBe(0);
    expect(missing.stderr).toMatch(/^warta\.config\.yaml:3:1: warning missing-image publisher\.logo: logo "images\/logo baru\.png" is not in static\/ or articles\//m);
    // Once per build, also when nothing else changed.
    const again = buildSite(root);
    expect(again.stderr.match(/missing-image/g)).toHaveLength(1);
    writeFileSync(join(root, "warta.config.yaml"), "publisher: {logo: https://cdn.example.com/logo.png}\n");
    const remote = buildSite(root);
    expect(remote.stderr).not.toMatch(/missing-image/);
    expect(readHtml(remote.out, "index.html")('script[type="application/ld+json"]').text()).toContain('"url":"https://cdn.example.com/logo.png"');
  });

  it("a menu name no published category has is warned about at its item's line", () => {
    const root = site({ "articles/a.md": ok({ category: "Politik" }), "warta.config.yaml": "title: X\nmenu:\n  - Politik\n  - Olahraga\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warta\.config\.yaml:4:1: warning config menu: no published category is named "Olahraga"$/m);
  });

  it("a key under strings the built-in templates do not use is warned about at its line; the build goes on", () => {
    const root = site({ "articles/a.md": ok(), "warta.config.yaml": "title: X\nstrings:\n  related: Baca juga\n  relatd: Baca juga\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^warta\.config\.yaml:4:1: warning unknown-key strings\.relatd: /m);
    expect(r.stderr.match(/unknown-key/g)).toHaveLength(1);
  });

  it("a long code line scrolls in a block the keyboard can reach", () => {
    const root = site({ "articles/a.md": ok({}, "```\ncurl -X POST https://api.example.go.id/v1/data?" + "x".repeat(120) + "\n```\n\n    indented code\n") });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(readHtml(r.out, "berita/a/index.html")(".prose pre").map((_, e) => e.attribs.tabindex).get()).toEqual(["0", "0"]);
  });
});

describe("config slips at their own line", () => {
  it("an item of a list or mapping written over several lines (a JSON config, as JSON is written) is named at its own line, not at its key's", () => {
    const json = ["{", '  "share": [', '    "whatsapp",', '    "myspace"', "  ],", '  "images": {', '    "widths": [', "      400,", "      10", "    ]", "  }", "}", ""].join("\n");
    const bad = buildSite(site({ "articles/a.md": ok({ category: "Politik" }), "warta.config.json": json }));
    expect(bad.status, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/^warta\.config\.json:4:1: error config share\.1: /m);
    expect(bad.stderr).toMatch(/^warta\.config\.json:9:1: error config images\.widths\.1: /m);
    const menu = ["{", '  "menu": [', '    "Politik",', '    "Olahraga"', "  ]", "}", ""].join("\n");
    const warned = buildSite(site({ "articles/a.md": ok({ category: "Politik" }), "warta.config.json": menu }));
    expect(warned.status, warned.stderr).toBe(0);
    expect(warned.stderr).toMatch(/^warta\.config\.json:4:1: warning config menu: no published category is named "Olahraga"$/m);
  });

  it("so is an item of a front-matter list written over several lines", () => {
    const text = ["---", "title: A", "date: 2024-01-02T10:00:00+07:00", "author: Rina", "aliases: [", "  /lama,", '  "../x"', "]", "---", "", "Teks.", ""].join("\n");
    const r = buildSite(site({ "articles/a.md": text }));
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^articles\/a\.md:7:1: error invalid-url aliases\[1\]: /m);
  });
});

