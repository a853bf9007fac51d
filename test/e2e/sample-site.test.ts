/**
 * The repository's own sample site, built by the real CLI into a temp folder and read back
 * with a real HTML parser: what a reader sees.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite, cleanup, listFiles, readHtml, REPO, tempDir } from "../support/site.ts";

let out: string;
let tmp: string;

beforeAll(() => {
  tmp = tempDir();
  out = join(tmp, "dist");
  const r = buildSite(REPO, ["--out", out, "--no-cache"]);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
});
afterAll(() => cleanup(tmp));

const SEED = "berita/terus-bertambah-200-ribu-warga-rusia-sudah-kabur-ke-kazakhstan/index.html";

/** Crawl from index.html: every internal page reachable, every internal link resolving to a file. */
function crawl(dir: string): { reached: Set<string>; broken: string[] } {
  const reached = new Set<string>();
  const broken: string[] = [];
  const queue = ["index.html"];
  while (queue.length) {
    const path = queue.shift()!;
    if (reached.has(path)) continue;
    reached.add(path);
    if (!path.endsWith(".html")) continue;
    const $ = readHtml(dir, path);
    $("a[href], link[href], img[src]").each((_, el) => {
      const raw = $(el).attr("href") ?? $(el).attr("src")!;
      const url = new URL(raw, `https://warta.example/${path}`);
      if (url.origin !== "https://warta.example") return;
      let target = decodeURIComponent(url.pathname.slice(1));
      if (target === "" || target.endsWith("/")) target += "index.html";
      if (!existsSync(join(dir, target))) broken.push(`${path} → ${raw}`);
      else if (!reached.has(target)) queue.push(target);
    });
  }
  return { reached, broken };
}

describe("sample site", () => {
  it("presents the reference article as the portal did", () => {
    const $ = readHtml(out, SEED);
    expect($("h1").text()).toBe("Terus Bertambah, 200 Ribu Warga Rusia Sudah Kabur ke Kazakhstan");
    const byline = $("a[rel=author]");
    expect(byline.text()).toBe("Alifia Dwi Ramandhita");
    expect(byline.attr("href")).toBe("/penulis/alifia-dwi-ramandhita/");
    expect($("time").first().text()).toBe("Selasa, 04 Oktober 2022, 18:23 WIB");
    expect($("time").first().attr("datetime")).toBe("2022-10-04T18:23:00+07:00");
    expect($("figure img").attr("src")).toBe("/images/2022/10/warga-rusia-kazakhstan.jpg");
    // The photo's smaller copies, offered for phones (see photos.test.ts).
    const srcset = $("figure picture source[type='image/webp']").attr("srcset") ?? "";
    expect(srcset.split(", ").map((c) => c.split(" ")[1])).toEqual(["400w", "800w", "1200w", "1600w"]);
    for (const c of srcset.split(", ")) expect(existsSync(join(out, c.split(" ")[0]!))).toBe(true);
    expect($("figcaption").text()).toBe("Ilustrasi/Net");
    expect($(".prose p").first().text()).toMatch(/^Sejauh ini lebih dari 200 ribu warga negara Rusia/);
    expect($(".source a").text()).toBe("ANI News");
    expect($("a[rel=tag]").map((_, e) => $(e).text()).get()).toEqual(["Rusia", "Kazakhstan", "Mobilisasi Militer", "Vladimir Putin"]);
    expect($("#artikel-lainnya").text()).toBe("Artikel Lainnya");
    expect($(".related .teaser").length).toBe(5);
    expect($("a[rel=prev]").length + $("a[rel=next]").length).toBe(2);
  });

  it("reaches every published page from the home page, with no broken internal link", () => {
    const { reached, broken } = crawl(out);
    expect(broken).toEqual([]);
    const pages = listFiles(out).filter((f) => f.endsWith(".html") && f !== "404.html");
    expect(pages.filter((p) => !reached.has(p))).toEqual([]);
    expect(pages.filter((p) => p.startsWith("berita/")).length).toBeGreaterThanOrEqual(30);
  });

  it("paginates the home page and lists newest first", () => {
    const $ = readHtml(out, "index.html");
    const dates = $("main time").map((_, e) => $(e).attr("datetime")).get();
    expect(dates.length).toBe(20);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect($("a[rel=next]").attr("href")).toBe("/halaman/2/");
    expect(existsSync(join(out, "halaman/2/index.html"))).toBe(true);
  });

  it("has author, tag, category and archive pages", () => {
    const author = readHtml(out, "penulis/alifia-dwi-ramandhita/index.html");
    expect(author("h1").text()).toBe("Alifia Dwi Ramandhita");
    expect(author(".profile__bio").text().length).toBeGreaterThan(10);
    expect(readHtml(out, "tag/pemilu-2024/index.html")("main .teaser").length).toBeGreaterThan(3);
    expect(readHtml(out, "kategori/politik/index.html")("h1").text()).toBe("Politik");
    expect(readHtml(out, "indeks/2022/10/04/index.html")("main .teaser a").text()).toContain("Kazakhstan");
    expect(readHtml(out, "404.html")("h1").text()).toBe("Halaman tidak ditemukan");
  });

  it("leaves the draft out of every file", () => {
    const draft = "startup-lokal-kembangkan-model-bahasa-ai-berbahasa-indonesia";
    for (const f of listFiles(out)) {
      if (/\.(html|xml|json|txt)$/.test(f)) expect(readFileSync(join(out, f), "utf8").includes(draft), f).toBe(false);
    }
  });

  it("co-authored articles link both reporters", () => {
    const $ = readHtml(out, "berita/dpr-pemerintah-sepakat-kebut-ruu-perampasan-aset/index.html");
    expect($("a[rel=author]").length).toBe(2);
    expect($("h1").text()).toBe('DPR & Pemerintah Sepakat "Kebut" Pembahasan RUU Perampasan Aset');
  });
});
