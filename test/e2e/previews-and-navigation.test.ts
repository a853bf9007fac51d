/**
 * What a reader meets around the text: the picture a shared link shows, the lead image as a
 * screen reader reads it, which teaser images load at once, where the menu says "you are here",
 * and the description of the home page's later pages. Real builds through the CLI, read back
 * with cheerio.
 */
import * as cheerio from "cheerio";
import { describe, expect, test } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSite, fixtureSites } from "../support/site.ts";

const { site } = fixtureSites();
const read = (out: string, path: string): string => readFileSync(join(out, path), "utf8");
const PNG = Buffer.from("89504e470d0a1a0a0000000d49484452000004b00000027608060000000000000000", "hex");
const article = (slug: string, day: number, extra: string): string =>
  `---\ntitle: Berita ${slug}\ndate: 2024-09-${String(day).padStart(2, "0")} 10:00\nauthor: Rina\ncategory: Politik\n${extra}---\n\nIsi berita ${slug}.\n`;

function build(config: string, files: Record<string, string | Uint8Array> = {}) {
  const root = site({
    "warta.config.yaml": `baseUrl: https://kabar.example/\nperPage: 2\n${config}`,
    "static/share.png": PNG,
    "static/logo.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "static/logo.png": PNG,
    "articles/a.md": article("a", 1, "image: https://img.example/a.jpg\nimage_caption: Foto/Net\n"),
    "articles/b.md": article("b", 2, "image: /logo.svg\nimage_caption: Ilustrasi\n"),
    "articles/c.md": article("c", 3, "image: https://img.example/c.jpg\nimage_caption: Foto/Net\nimage_alt: Warga antre di depan TPS\n"),
    "articles/d.md": article("d", 4, ""),
    "articles/e.md": article("e", 5, "image: https://img.example/e.jpg\n"),
    ...files,
  });
  const r = buildSite(root);
  expect(r.status, r.stderr).toBe(0);
  return { ...r, root, $: (path: string) => cheerio.load(read(r.out, path)) };
}
const meta = ($: cheerio.CheerioAPI, key: string): string | undefined => $(`meta[property="${key}"], meta[name="${key}"]`).attr("content");

describe("link previews", () => {
  test("a page with no picture of its own shows the site's shareImage; an SVG is never og:image", () => {
    const { $ } = build("shareImage: /share.png\npublisher:\n  logo: /logo.png\n");
    const home = $("index.html");
    expect(meta(home, "og:image")).toBe("https://kabar.example/share.png");
    expect(meta(home, "twitter:image")).toBe("https://kabar.example/share.png");
    expect(meta(home, "twitter:card")).toBe("summary");
    // No lead image: the site's picture.
    expect(meta($("berita/d/index.html"), "og:image")).toBe("https://kabar.example/share.png");
    // An SVG lead image is shown on the page but previews get the site's picture.
    const svg = $("berita/b/index.html");
    expect(svg(".lead-image img").attr("src")).toBe("/logo.svg");
    expect(meta(svg, "og:image")).toBe("https://kabar.example/share.png");
    expect(meta(svg, "twitter:card")).toBe("summary");
    // Its own photo: the photo, large.
    const own = $("berita/a/index.html");
    expect(meta(own, "og:image")).toBe("https://img.example/a.jpg");
    expect(meta(own, "twitter:card")).toBe("summary_large_image");
    // Category, tag and author pages too.
    expect(meta($("kategori/politik/index.html"), "og:image")).toBe("https://kabar.example/share.png");
  });

  test("an AVIF is never og:image either: previews do not show it", () => {
    const { $ } = build("shareImage: /share.png\n", { "articles/f.md": article("f", 6, "image: https://img.example/f.avif\n") });
    for (const path of ["berita/f/index.html"]) {
      const page = $(path);
      expect([meta(page, "og:image"), meta(page, "og:image:width")], path).toEqual(["https://kabar.example/share.png", "1200"]);
    }
    // Still the page's own lead image.
    expect($("berita/f/index.html")(".lead-image img").attr("src")).toBe("https://img.example/f.avif");
  });

  test("the site's picture has its width and height, as a lead image has; replaced by one of another size, a cached build says the new size", () => {
    const r = build("shareImage: /share.png\n", { "articles/f.md": article("f", 6, "image: /grafik.svgz\n"), "static/grafik.svgz": Buffer.from([0x1f, 0x8b, 8, 0]) });
    for (const path of ["index.html", "berita/d/index.html", "tag/index.html"]) {
      const page = r.$(path);
      expect([meta(page, "og:image"), meta(page, "og:image:width"), meta(page, "og:image:height")], path).toEqual(["https://kabar.example/share.png", "1200", "630"]);
    }
    // A compressed SVG (`.svgz`) is an SVG: no preview shows it, the site's picture stands in.
    expect(meta(r.$("berita/f/index.html"), "og:image")).toBe("https://kabar.example/share.png");
    expect(read(r.out, "feed.xml")).toMatch(/<media:content url="https:\/\/kabar\.example\/grafik\.svgz" medium="image" type="image\/svg\+xml"/);
    // 800 × 418 now.
    writeFileSync(join(r.root, "static/share.png"), Buffer.from("89504e470d0a1a0a0000000d4948445200000320000001a208060000000000000000", "hex"));
    const cached = buildSite(r.root);
    expect(cached.status, cached.stderr).toBe(0);
    expect(meta(cheerio.load(read(cached.out, "berita/d/index.html")), "og:image:width")).toBe("800");
    const fresh = buildSite(r.root, ["--no-cache", "--out", join(r.root, "fresh")]);
    for (const path of ["index.html", "berita/d/index.html", "berita/f/index.html"]) expect(read(cached.out, path), path).toBe(read(fresh.out, path));
  });

  test("an article with no words of its own (a photo alone) has no empty description: the tags are left out", () => {
    const { $ } = build("", { "articles/f.md": "---\ntitle: Foto Saja\ndate: 2024-09-06 10:00\nauthor: Rina\n---\n\n![Banjir](https://img.example/banjir.jpg)\n" });
    const page = $("berita/f/index.html");
    expect(page('meta[name="description"], meta[property="og:description"], meta[name="twitter:description"]').length).toBe(0);
    expect(meta($("berita/d/index.html"), "description")).toBe("Isi berita d.");
  });

  test("without shareImage a raster logo stands in; an SVG logo does not", () => {
    expect(meta(build("publisher:\n  logo: /logo.png\n").$("index.html"), "og:image")).toBe("https://kabar.example/logo.png");
    const svgOnly = build("publisher:\n  logo: /logo.svg\n").$("index.html");
    expect(meta(svgOnly, "og:image")).toBeUndefined();
    expect(meta(svgOnly, "twitter:image")).toBeUndefined();
  });

  test("a shareImage the site does not publish is a missing-image warning at its line and no preview; once it is there, the next build shows it", () => {
    const r = build("shareImage: /tidak-ada.png\npublisher:\n  logo: /logo.png\n");
    expect(r.stderr).toMatch(/warta\.config\.yaml:3:1: warning missing-image shareImage: share image "tidak-ada\.png" is not in static\/ or articles\//);
    // Never a broken preview: the logo stands in.
    expect(meta(r.$("index.html"), "og:image")).toBe("https://kabar.example/logo.png");
    writeFileSync(join(r.root, "static/tidak-ada.png"), PNG);
    const cached = buildSite(r.root);
    expect(cached.status, cached.stderr).toBe(0);
    expect(cached.stderr).not.toMatch(/missing-image/);
    expect(meta(cheerio.load(read(cached.out, "berita/d/index.html")), "og:image")).toBe("https://kabar.example/tidak-ada.png");
    const fresh = buildSite(r.root, ["--no-cache", "--out", join(r.root, "fresh")]);
    for (const path of ["index.html", "berita/d/index.html", "kategori/politik/index.html"]) expect(read(cached.out, path), path).toBe(read(fresh.out, path));
  });

  test("a logo the site does not publish is named nowhere (JSON-LD, feeds); once it is there, the next build names it", () => {
    const r = build("publisher:\n  name: Kabar\n  logo: /logo-baru.png\n");
    expect(r.stderr).toMatch(/warta\.config\.yaml:5:1: warning missing-image publisher\.logo: logo "logo-baru\.png" is not in static\/ or articles\//);
    const logos = (out: string): string[] => {
      const ld = cheerio.load(read(out, "berita/d/index.html"))('script[type="application/ld+json"]').get().map((s) => JSON.stringify(JSON.parse(cheerio.load(s).text())));
      return [...ld, read(out, "atom.xml"), read(out, "feed.json"), read(out, "feed.xml")].filter((text) => text.includes("logo-baru"));
    };
    expect(logos(r.out)).toEqual([]);
    writeFileSync(join(r.root, "static/logo-baru.png"), PNG);
    const cached = buildSite(r.root);
    expect(cached.status, cached.stderr).toBe(0);
    expect(cached.stderr).not.toMatch(/missing-image/);
    expect(logos(cached.out)).toHaveLength(4);
    const fresh = buildSite(r.root, ["--no-cache", "--out", join(r.root, "fresh")]);
    for (const path of ["berita/d/index.html", "atom.xml", "feed.json", "feed.xml"]) expect(read(cached.out, path), path).toBe(read(fresh.out, path));
  });

  test("shareImage follows the logo's rules: javascript: is a config error naming the field", () => {
    const root = site({ "warta.config.yaml": "shareImage: javascript:alert(1)\n", "articles/a.md": article("a", 1, "") });
    const r = buildSite(root);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/warta\.config\.yaml:1:1: error config shareImage: must be a site path or an absolute http\(s\) URL/);
  });
});

describe("the lead image as a screen reader reads it", () => {
  test("a caption is read once: the image's alt is empty unless image_alt is given", () => {
    const { $ } = build("");
    const captioned = $("berita/a/index.html");
    expect(captioned(".lead-image img").attr("alt")).toBe("");
    expect(captioned(".lead-image figcaption").text()).toBe("Foto/Net");
    expect(meta(captioned, "og:image:alt")).toBeUndefined();
    const described = $("berita/c/index.html");
    expect(described(".lead-image img").attr("alt")).toBe("Warga antre di depan TPS");
    expect(meta(described, "og:image:alt")).toBe("Warga antre di depan TPS");
    // No caption, no alt: the headline says what the picture is about.
    expect($("berita/e/index.html")(".lead-image img").attr("alt")).toBe("Berita e");
  });
});

describe("teaser images above the fold", () => {
  test("the first teaser of a page loads at once, with priority; the rest lazily", () => {
    const { $ } = build("");
    for (const path of ["index.html", "halaman/2/index.html", "kategori/politik/index.html"]) {
      const imgs = $(path)(".teaser__media img").toArray().map((el) => el.attribs);
      expect(imgs.length, path).toBeGreaterThan(0);
      const first = imgs[0]!;
      expect(first.loading, path).toBeUndefined();
      expect(first.fetchpriority, path).toBe("high");
      for (const img of imgs.slice(1)) expect([img.loading, img.fetchpriority], path).toEqual(["lazy", undefined]);
    }
  });
});

describe("the pager's page numbers", () => {
  test("the first, the last and the neighbours of the page, each a link to a page that is there; the page itself marked", () => {
    const extra = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`articles/x${i}.md`, article(`x${i}`, 6 + i, "")]));
    const { $, out } = build("", extra);
    const numbers = (path: string) => $(path)(".pager__pages li").toArray().map((li) => $(path)(li).text().trim());
    const home = $("index.html");
    const last = home(".pager__status").text().match(/(\d+)$/)![1]!;
    expect(Number(last)).toBeGreaterThanOrEqual(11);
    expect(numbers("index.html")).toEqual(["1", "2", "…", last]);
    expect(home(".pager__pages a[aria-current=page]").text()).toBe("1");
    expect(numbers("halaman/5/index.html")).toEqual(["1", "…", "4", "5", "6", "…", last]);
    expect($("halaman/5/index.html")(".pager__pages a[aria-current=page]").attr("href")).toBe("/halaman/5/");
    expect(numbers(`halaman/${last}/index.html`)).toEqual(["1", "…", String(Number(last) - 1), last]);
    // Every number links to its page of the same list.
    for (const path of ["index.html", "halaman/5/index.html", "kategori/politik/index.html"]) {
      for (const a of $(path)(".pager__pages a").toArray()) {
        const href = a.attribs.href!;
        const file = join(out, href.replace(/^\//, ""), "index.html");
        expect(cheerio.load(readFileSync(file, "utf8"))(".pager__status").text(), `${path} → ${href}`).toBe(`Halaman ${$(path)(a).text()} dari ${$(path)(".pager__status").text().split(" ").pop()}`);
      }
    }
    expect($("kategori/politik/halaman/2/index.html")(".pager__pages a").toArray().map((a) => a.attribs.href)[0]).toBe("/kategori/politik/");
    // A list of one page has no pager at all.
    expect($("penulis/rina/index.html")(".pager").length).toBe(Number($("penulis/rina/index.html")(".pager__status").length));
  });
});

describe("a reporter's later pages", () => {
  test("are a ProfilePage at their own address, about the reporter at the first", () => {
    const { $ } = build("");
    const profile = (path: string) => JSON.parse($(path)('script[type="application/ld+json"]').toArray().map((e) => $(path)(e).text()).find((t) => t.includes("ProfilePage"))!);
    const first = profile("penulis/rina/index.html");
    const second = profile("penulis/rina/halaman/2/index.html");
    expect(first.url).toBe("https://kabar.example/penulis/rina/");
    expect(second.url).toBe("https://kabar.example/penulis/rina/halaman/2/");
    expect(second.url).toBe($("penulis/rina/halaman/2/index.html")('link[rel="canonical"]').attr("href"));
    expect(second.mainEntity).toEqual(first.mainEntity);
    expect(second.mainEntity.url).toBe("https://kabar.example/penulis/rina/");
  });
});

describe("the menu's current section", () => {
  test("page 1 is the current page; later pages are in the current section, not the page itself", () => {
    const { $ } = build("menu: [Politik]\n");
    const current = (path: string) => $(path)(".nav__list a[aria-current]").toArray().map((el) => [$(path)(el).text(), el.attribs["aria-current"]]);
    expect(current("index.html")).toEqual([["Beranda", "page"]]);
    expect(current("halaman/2/index.html")).toEqual([["Beranda", "true"]]);
    expect(current("kategori/politik/index.html")).toEqual([["Politik", "page"]]);
    expect(current("kategori/politik/halaman/2/index.html")).toEqual([["Politik", "true"]]);
    // An article is in its desk's section.
    expect(current("berita/a/index.html")).toEqual([["Politik", "true"]]);
  });

  test("later pages of the home page and of lists have descriptions of their own", () => {
    const { $ } = build("description: Kabar terkini.\n");
    expect(meta($("index.html"), "description")).toBe("Kabar terkini.");
    expect(meta($("halaman/2/index.html"), "description")).toMatch(/^Halaman 2 dari \d+ – Kabar terkini\.$/);
    expect(meta($("halaman/3/index.html"), "og:description")).toMatch(/^Halaman 3 dari \d+ – Kabar terkini\.$/);
    // A category's too: its later pages do not repeat page 1's.
    const first = meta($("kategori/politik/index.html"), "description");
    expect(meta($("kategori/politik/halaman/2/index.html"), "description")).toMatch(new RegExp(`^Halaman 2 dari \\d+ – ${first.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  });
});

describe("corrections (ralat)", () => {
  test("stay with the article: a box after the body, oldest first, linked from the date line, and in the JSON-LD", () => {
    const { $, stderr } = build("", {
      "articles/d.md": article("d", 4, "corrections:\n  - date: 2024-09-05 08:15\n    text: Jumlah pengungsi yang benar 1.200 orang.\n  - date: 2024-09-04\n    text: Nama camat diperbaiki.\n"),
    });
    expect(stderr).not.toMatch(/corrections/);
    const page = $("berita/d/index.html");
    const link = page(".byline__date a");
    expect([link.text(), link.attr("href")]).toEqual(["Diralat", "#ralat"]);
    const box = page("#ralat");
    expect(box.find("h2").text()).toBe("Ralat");
    expect(box.find("li").toArray().map((li) => page(li).text())).toEqual([
      "Rabu, 04 September 2024: Nama camat diperbaiki.",
      "Kamis, 05 September 2024, 08:15 WIB: Jumlah pengungsi yang benar 1.200 orang.",
    ]);
    expect(box.find("time").map((_, t) => page(t).attr("datetime")).get()).toEqual(["2024-09-04", "2024-09-05T08:15:00+07:00"]);
    // After the body, before the source and tags.
    expect(page(".article__body + .corrections + .article__foot")).toHaveLength(1);
    const news = page('script[type="application/ld+json"]').toArray().map((s) => JSON.parse(page(s).text()) as { "@type": string; correction?: unknown }).find((o) => o["@type"] === "NewsArticle");
    expect(news?.correction).toEqual([
      { "@type": "CorrectionComment", text: "Nama camat diperbaiki.", datePublished: "2024-09-04T00:00:00+07:00" },
      { "@type": "CorrectionComment", text: "Jumlah pengungsi yang benar 1.200 orang.", datePublished: "2024-09-05T08:15:00+07:00" },
    ]);
    // An article without corrections shows neither.
    const plain = $("berita/e/index.html");
    expect([plain("#ralat").length, plain(".byline__date a").length]).toEqual([0, 0]);
  });
});

describe("share links", () => {
  test("each article links to WhatsApp, Facebook, X, Telegram and email with its own URL and headline, no script; `share` picks and orders them", () => {
    const { $ } = build("", { "articles/d.md": article("d", 4, "").replace("title: Berita d", 'title: "Banjir & \\"Rob\\" di Semarang"') });
    const links = $("berita/d/index.html")(".share a").toArray().map((a) => [a.attribs.href, cheerio.load(a).text()]);
    const url = encodeURIComponent("https://kabar.example/berita/d/");
    const title = encodeURIComponent('Banjir & "Rob" di Semarang');
    expect(links).toEqual([
      [`https://wa.me/?text=${title}%20${url}`, "WhatsApp"],
      [`https://www.facebook.com/sharer/sharer.php?u=${url}`, "Facebook"],
      [`https://x.com/intent/tweet?text=${title}&url=${url}`, "X"],
      [`https://t.me/share/url?url=${url}&text=${title}`, "Telegram"],
      [`mailto:?subject=${title}&body=${url}`, "Email"],
    ]);
    expect($("berita/d/index.html")(".share h2").text()).toBe("Bagikan");
    const picked = build("share: [telegram, linkedin]\n").$("berita/d/index.html");
    expect(picked(".share a").toArray().map((a) => cheerio.load(a).text())).toEqual(["Telegram", "LinkedIn"]);
    expect(build("share: []\n").$("berita/d/index.html")(".share")).toHaveLength(0);
  });

  test("a service warta does not know is a config error naming the ones it does", () => {
    const root = site({ "warta.config.yaml": "share: [whatsapp, myspace]\n", "articles/a.md": article("a", 1, "") });
    const r = buildSite(root);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/warta\.config\.yaml:1:1: error config share\.1: must be one of "whatsapp", "facebook", "x", "telegram", "linkedin", "email"/);
  });
});

describe("the date archive", () => {
  test("its index shows the latest three months day by day and the older by month under their years; each month and year is a page", () => {
    const days = ["2023-11-05", "2024-01-10", "2024-01-11", "2024-02-01", "2024-03-15", "2024-04-20", "2024-04-21"];
    const root = site(Object.fromEntries(days.map((d, i) => [`articles/a${i}.md`, `---\ntitle: Berita ${i}\ndate: ${d} 09:00\nauthor: Rina\n---\nIsi.\n`])));
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = (path: string): cheerio.CheerioAPI => cheerio.load(read(r.out, path));
    const index = $("indeks/index.html");
    expect(index("main h2").map((_, h) => index(h).text()).get()).toEqual(["April 2024", "Maret 2024", "Februari 2024", "2024", "2023"]);
    // The recent months by day; the older ones a link per month.
    expect(index("main section").first().find("a").map((_, a) => index(a).attr("href")).get()).toEqual(["/indeks/2024/04/", "/indeks/2024/04/21/", "/indeks/2024/04/20/"]);
    expect(index("main section").eq(3).find("li a").map((_, a) => [[index(a).attr("href"), index(a).text().replace(/\s+/g, " ")]]).get()).toEqual([["/indeks/2024/01/", "Januari 2 berita"]]);
    // Trimming a day's address gives its month, then its year: no 404.
    const month = $("indeks/2024/01/index.html");
    expect(month("h1").text()).toBe("Januari 2024");
    expect(month("title").text()).toBe("Indeks Berita Januari 2024 – Warta");
    expect(month("main li a").map((_, a) => month(a).attr("href")).get()).toEqual(["/indeks/2024/01/11/", "/indeks/2024/01/10/"]);
    expect(month('meta[name="robots"]').attr("content")).toBe("noindex, follow");
    const year = $("indeks/2023/index.html");
    expect(year("h1").text()).toBe("2023");
    expect(year("main li a").map((_, a) => year(a).attr("href")).get()).toEqual(["/indeks/2023/11/"]);
  });
});
