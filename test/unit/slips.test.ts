/**
 * Slips YAML reads without complaint and the suggestions warta makes for them: the pure
 * functions, on front matter as reporters write it.
 */
import { describe, expect, it } from "vitest";
import { commaAuthors, commentCuts, firstLines, mayHaveComment, quotingFix, tagsAsList } from "../../src/parse/slips.ts";
import { parseIsoDate } from "../../src/util/dates.ts";
import { closeName, closestFrontMatterKey, closestKey } from "../../src/util/suggest.ts";
import { KNOWN_KEYS } from "../../src/parse/article-schema.ts";

const lines = (s: string): string[] => s.split("\n");

describe("commentCuts: a ` #` ends a plain value", () => {
  it("warns at the `#`, saying what was kept and what was lost, for text keys and their list items", () => {
    const fm = lines("---\ntitle: Harga Cabai #1 Naik\ndraft: false # sampai disetujui\ntags:\n  - Pasar #2\n  - \"Nomor #3\"\nsource:\n  name: Antara #foto\n---");
    const found = commentCuts("a.md", fm, { title: 2, draft: 3, tags: 4, source: 7 });
    expect(found.map((d) => [d.code, d.line, d.column, d.field])).toEqual([
      ["yaml-comment", 2, 20, "title"],
      ["yaml-comment", 5, 11, "tags"],
      ["yaml-comment", 8, 16, "source"],
    ]);
    expect(found[0]!.message).toContain('"#1 Naik" is a YAML comment');
    expect(found[0]!.message).toContain('only "Harga Cabai"');
  });

  it("leaves quoted values, flow lists, a `#` inside a word and CRLF lines alone, and finds the column on CRLF too", () => {
    expect(commentCuts("a.md", lines('title: "Harga #1"\ntags: [a, b] # x\ncategory: C#'), { title: 1, tags: 2, category: 3 })).toEqual([]);
    const crlf = commentCuts("a.md", lines("title: A #b\r\n"), { title: 1 });
    expect(crlf.map((d) => d.column)).toEqual([10]);
  });
});

describe("commaAuthors and tagsAsList", () => {
  it("a plain author with a comma is one name: warned, with the list it likely meant; quoted, it is kept quietly", () => {
    const fm = lines("author: Rina Sari, Budi Santoso");
    const [d] = commaAuthors("a.md", { author: "Rina Sari, Budi Santoso" }, () => fm, { author: 1 });
    expect(d).toMatchObject({ code: "author-comma", line: 1, field: "author" });
    expect(d!.message).toContain("authors: [Rina Sari, Budi Santoso]");
    expect(commaAuthors("a.md", { author: "Dr. Rina, M.Si." }, () => lines('author: "Dr. Rina, M.Si."'), { author: 1 })).toEqual([]);
    expect(commaAuthors("a.md", { authors: ["A, B"] }, () => lines("authors: [\"A, B\"]"), { authors: 1 })).toEqual([]);
    // An editor line is the same slip.
    const [e] = commaAuthors("a.md", { editor: "Budi Santoso, Rina Sari" }, () => lines("editor: Budi Santoso, Rina Sari"), { editor: 1 });
    expect(e).toMatchObject({ code: "author-comma", line: 1, field: "editor" });
    expect(e!.message).toBe('"Budi Santoso, Rina Sari" is one editor with a comma in the name: for 2 editors write `editors: [Budi Santoso, Rina Sari]`; for one name that has a comma, put it in double quotes');
  });

  it("plain tags with commas are a list; quoted, a list already, or without a comma they stay as written", () => {
    expect(tagsAsList({ tags: "banjir, Jakarta Utara, " }, () => lines("tags: banjir, Jakarta Utara, "), { tags: 1 })).toEqual(["banjir", "Jakarta Utara"]);
    expect(tagsAsList({ tags: "a, b" }, () => lines('tags: "a, b"'), { tags: 1 })).toBe("a, b");
    expect(tagsAsList({ tags: ["a, b"] }, () => lines("tags: [\"a, b\"]"), { tags: 1 })).toEqual(["a, b"]);
    expect(tagsAsList({ tags: "banjir" }, () => lines("tags: banjir"), { tags: 1 })).toBe("banjir");
  });

  it("mayHaveComment looks only at the front matter", () => {
    const text = "---\ntitle: A\n---\nIsi #1 di badan.\n";
    expect(mayHaveComment(text, text.indexOf("Isi"))).toBe(false);
    expect(mayHaveComment("---\ntitle: A #1\n---\nx", 18)).toBe(true);
    expect(mayHaveComment("---\ntitle: A\t#1\n---\nx", 18)).toBe(true);
  });

  it("firstLines reads only the lines asked for", () => {
    expect(firstLines("a\nb\nc\nd", 2)).toEqual(["a", "b"]);
    expect(firstLines("a\nb", 5)).toEqual(["a", "b"]);
  });
});

describe("quotingFix: the YAML error a headline with `: ` or quotes gives", () => {
  it("names the key and shows the value quoted", () => {
    expect(quotingFix("---\ntitle: Jokowi: Kita Harus Bersatu\n", 2)).toEqual({ line: 2, key: "title", advice: 'put the whole value in quotes: title: "Jokowi: Kita Harus Bersatu"' });
    expect(quotingFix('---\ntitle: "Kami Siap," Kata Prabowo\n', 2)?.advice).toBe(`put the whole value in quotes: title: '"Kami Siap," Kata Prabowo'`);
    // A flow list may go on over indented lines: no advice to close it on its line.
    expect(quotingFix("---\ntitle: [unclosed\nauthor: R\n", 3)).toBeUndefined();
    expect(quotingFix("---\ntitle: Biasa\n", 2)).toBeUndefined();
  });

  it("a list of names with a quoted one in it gets brackets, not quotes around it all (which would make one tag)", () => {
    expect(quotingFix('---\ntags: "banjir, rob", Jakarta\n', 2)?.advice).toBe('write the list in brackets: tags: ["banjir, rob", Jakarta]');
    expect(quotingFix("---\nauthors: 'Dr. Rina, M.Si.', Budi\n", 2)?.advice).toBe("write the list in brackets: authors: ['Dr. Rina, M.Si.', Budi]");
    expect(quotingFix('---\ntitle: "a, b", c\n', 2)?.advice).toBe(`put the whole value in quotes: title: '"a, b", c'`);
  });
});

describe("suggestions", () => {
  it("closestFrontMatterKey: typos, another case, Indonesian names; nothing for a word far from every key", () => {
    const known = [...KNOWN_KEYS];
    expect(["tittle", "catgory", "sumary", "Tags", "judul", "penulis", "caption", "img", "Image-Caption"].map((k) => closestFrontMatterKey(k, known))).toEqual(["title", "category", "summary", "tags", "title", "author", "image_caption", "image", "image_caption"]);
    expect(closestFrontMatterKey("publishDate", known)).toBe("date");
    expect(closestFrontMatterKey("subtitle", known)).toBeUndefined();
    expect(closestFrontMatterKey("foo", known)).toBeUndefined();
  });

  it("closestKey for the config; closeName for bylines, case aside, never the name itself", () => {
    expect(closestKey("baseURL", ["baseUrl", "title"])).toBe("baseUrl");
    expect(closestKey("timezone", ["timeZone", "locale"])).toBe("timeZone");
    expect(closeName("Rina Sary", ["Rina Sari", "Budi Santoso"])).toBe("Rina Sari");
    expect(closeName("rina sari", ["Rina Sari"])).toBeUndefined();
    expect(closeName("Rudi Hartono", ["Rina Sari"])).toBeUndefined();
  });
});

describe("date hints", () => {
  it("a zone name after the time, and a day-first date, say how to write them", () => {
    const wib = parseIsoDate("2024-05-01 08:00 WIB", "Asia/Jakarta");
    expect(wib.ok).toBe(false);
    expect(!wib.ok && wib.message).toContain('drop "WIB"');
    expect(!wib.ok && wib.message).toContain("2024-05-01 08:00+07:00");
    const dmy = parseIsoDate("04/10/2022 18:23", "Asia/Jakarta");
    expect(!dmy.ok && dmy.message).toContain("write the year first, 2022-10-04 18:23");
    expect(parseIsoDate("2024-05-01 08:00", "Asia/Jakarta").ok).toBe(true);
  });
});
