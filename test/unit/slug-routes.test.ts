import { describe, expect, it } from "vitest";
import { pageWindow, paginate } from "../../src/pages/paginate.ts";
import { collisionKey, outputPath, routes } from "../../src/pages/routes.ts";
import { nameKey, SAFE_SLUG, slugify, termKey } from "../../src/util/slug.ts";

describe("slugify", () => {
  it.each([
    ["Pemilu 2024", "pemilu-2024"],
    ["DPR & Pemerintah", "dpr-dan-pemerintah"],
    ["Inflasi 5%", "inflasi-5-persen"],
    ["Jum’at Berkah", "jumat-berkah"],
    ["Café Résumé", "cafe-resume"],
    ["../../etc/passwd", "etc-passwd"],
  ])("%s → %s", (input, expected) => {
    expect(slugify(input)).toBe(expected);
    expect(SAFE_SLUG.test(slugify(input))).toBe(true);
  });

  it("spells out + and a # after a letter in term names (C++ and C# are two tags), not in articles' slugs", () => {
    expect(["C++", "C#", "F# dan C#", "#Pemilu2024", "Notepad++"].map((n) => termKey(n))).toEqual(["c-plus-plus", "c-sharp", "f-sharp-dan-c-sharp", "pemilu2024", "notepad-plus-plus"]);
    // An article's file `promo-1+1.md` keeps the address it had.
    expect(slugify("promo-1+1")).toBe("promo-1-1");
  });

  it("gives names without Latin letters a stable hashed slug, and punctuation nothing", () => {
    expect(slugify("中文")).toMatch(/^x-[0-9a-f]{8}$/);
    expect(slugify(" 中文 ")).toBe(slugify("中文"));
    expect(slugify("العربية")).not.toBe(slugify("中文"));
    expect(slugify("😀")).toMatch(/^x-[0-9a-f]{8}$/);
    expect(slugify("..")).toBe("");
    expect(slugify("!!!")).toBe("");
  });

  it("gives a name that is already a slug back as it is, as the slug library does (seeded fuzz)", () => {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789--";
    let x = 11;
    const next = (n: number): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n;
    let checked = 0;
    for (let i = 0; i < 4000; i++) {
      let s = "";
      for (let j = 0, n = 1 + next(24); j < n; j++) s += alphabet[next(alphabet.length)];
      if (!SAFE_SLUG.test(s)) continue;
      checked++;
      expect(slugify(s)).toBe(s);
      // The library itself, past the fast path (a leading space is not slug-shaped, and trimmed).
      expect(slugify(` ${s}`)).toBe(s);
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("caps very long slugs", () => {
    expect(slugify("kata ".repeat(100)).length).toBeLessThanOrEqual(120);
  });

  it("treats case, spacing and Unicode form as one name", () => {
    expect(nameKey("  Pemilu   2024 ")).toBe(nameKey("pemilu 2024"));
    expect(nameKey("Re\u0301formasi")).toBe(nameKey("Réformasi"));
    // Letters whose capital is two letters (ß → SS) or that have a final form (ς).
    expect(nameKey("Straße")).toBe(nameKey("STRASSE"));
    expect(nameKey("ΟΔΟΣ")).toBe(nameKey("οδος"));
    expect(nameKey("İzmir")).toBe(nameKey("izmir"));
    expect(nameKey("İSTANBUL")).toBe(nameKey("istanbul"));
    expect(slugify("İzmir")).toBe(slugify("izmir"));
    expect(nameKey("Pemilu")).not.toBe(nameKey("Pemilu 2024"));
  });
});

describe("routes", () => {
  it("maps every page kind to one URL and one output path", () => {
    expect(routes.home()).toBe("");
    expect(outputPath(routes.home())).toBe("index.html");
    expect(routes.home(3)).toBe("halaman/3/");
    expect(outputPath(routes.article("x"))).toBe("berita/x/index.html");
    expect(routes.term("tag", "dpr", 2)).toBe("tag/dpr/halaman/2/");
    expect(routes.term("author", "a", 1)).toBe("penulis/a/");
    expect(routes.day("2022-10-04")).toBe("indeks/2022/10/04/");
    expect(outputPath(routes.notFound())).toBe("404.html");
  });

  it("collides paths that differ only in case or Unicode form", () => {
    expect(collisionKey("berita/Banjir/index.html")).toBe(collisionKey("berita/banjir/index.html"));
    expect(collisionKey("berita/caf\u00e9/index.html")).toBe(collisionKey("berita/cafe\u0301/index.html"));
  });
});

describe("paginate", () => {
  it.each([
    [0, 20, [0]],
    [1, 20, [1]],
    [20, 20, [20]],
    [21, 20, [20, 1]],
    [45, 20, [20, 20, 5]],
  ])("%i items by %i", (n, per, sizes) => {
    const pages = paginate(Array.from({ length: n }, (_, i) => i), per);
    expect(pages.map((p) => p.items.length)).toEqual(sizes);
    expect(pages.every((p, i) => p.pageNo === i + 1 && p.pageCount === sizes.length)).toBe(true);
  });
});

describe("pageWindow: the numbers a pager shows", () => {
  it.each([
    [1, 2, [1, 2]],
    [1, 3, [1, 2, 3]],
    [1, 500, [1, 2, null, 500]],
    [3, 500, [1, 2, 3, 4, null, 500]],
    [4, 500, [1, 2, 3, 4, 5, null, 500]],
    [5, 500, [1, null, 4, 5, 6, null, 500]],
    [497, 500, [1, null, 496, 497, 498, 499, 500]],
    [500, 500, [1, null, 499, 500]],
    [2, 4, [1, 2, 3, 4]],
  ])("page %i of %i", (pageNo, pageCount, shown) => {
    expect(pageWindow(pageNo, pageCount)).toEqual(shown);
  });
});
