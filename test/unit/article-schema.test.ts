/** What a reporter reads when a front-matter value has the wrong form: the field, the code and words, never zod's "Invalid input". */
import { describe, expect, it } from "vitest";
import { parseArticle } from "../../src/parse/article.ts";
import { parseAuthorSource } from "../../src/build/sources.ts";

const options = { timeZone: "Asia/Jakarta", allowRawHtml: false, linkify: false, basePath: "/" };
const parse = (extra: string, head = "title: A\ndate: 2024-01-01\nauthor: R") => parseArticle("articles/a.md", `---\n${head}\n${extra}\n---\nIsi.\n`, options);
const problems = (extra: string, head?: string): string[] => parse(extra, head).diagnostics.map((d) => `${d.line} ${d.code} ${d.field}: ${d.message}`);

describe("front-matter values of the wrong form", () => {
  it.each([
    ["title: true", "title: must be text, not true/false", "date: 2024-01-01\nauthor: R"],
    ["title: [a]", "title: must be text, not a list", "date: 2024-01-01\nauthor: R"],
    ["title: {a: b}", "title: must be text, not a `key: value` mapping", "date: 2024-01-01\nauthor: R"],
    ["category: [x]", "category: must be text, not a list"],
    ["image: [a.png]", "image: must be text, not a list"],
    ["slug: [x]", "slug: must be text, not a list"],
    ["tags: {a: b}", "tags: must be a name or a list of names, not a `key: value` mapping"],
    ["source: [a]", "source: must be a name or `{name, url}`, not a list"],
  ])("%s", (extra, message, head) => {
    const line = head ? 4 : 5;
    expect(problems(extra, head)).toEqual([`${line} invalid-type ${message}`]);
  });

  it("names the list item or the key below the field", () => {
    expect(problems("tags: [a, null, {b: c}]")).toEqual(["5 empty-value tags[1]: must not be empty", "5 invalid-type tags[2]: must be text, not a `key: value` mapping"]);
    expect(problems("source: {url: 'https://x.id/'}")).toEqual(["5 required source.name: is required"]);
    expect(problems("source: {name: A, url: 'javascript:x', foo: 1}")).toEqual([
      '5 unknown-key source.foo: unknown key "foo" in source is ignored (it takes name and url)',
      "5 invalid-url source.url: must be an absolute http(s) URL",
    ]);
    // Unknown keys are warnings, below a field as at the top.
    const r = parse("source: {name: Antara, situs: antara.id}");
    expect(r.record?.source).toEqual({ name: "Antara" });
    expect(r.diagnostics.map((d) => `${d.severity} ${d.code} ${d.field}`)).toEqual(["warning unknown-key source.situs"]);
  });

  it("a required key left empty is empty-value, not a type error", () => {
    expect(problems("", "title:\ndate: 2024-01-01\nauthor: R")).toEqual(["2 empty-value title: must not be empty"]);
    for (const author of ["author:", "author: ' '", "author: \"\\t\\u3000\"", "author: ' '\nauthors: []"]) {
      // At the empty key's line, not the file's first.
      expect(problems("", `title: A\ndate: 2024-01-01\n${author}`), author).toEqual(["4 required author: is required (a name or a list of names; `authors` also works)"]);
    }
    expect(problems("", "title: A\ndate: 2024-01-01\nauthors: []")).toEqual(["4 required authors: is required (a name or a list of names; `authors` also works)"]);
    expect(problems("", "title: A\ndate: 2024-01-01")).toEqual(["1 required author: is required (a name or a list of names; `authors` also works)"]);
  });

  it("an optional key left empty is as if it were not there; draft must still be true or false", () => {
    const r = parse("category:\ntags:\nsource: ''\nimage:\nsummary: ''\nupdated:");
    expect(r.diagnostics).toEqual([]);
    expect(r.record).toMatchObject({ tags: [], title: "A" });
    expect(r.record?.category).toBeUndefined();
    expect(r.record?.source).toBeUndefined();
    expect(r.record?.image).toBeUndefined();
    expect(problems("draft:")).toEqual(["5 invalid-type draft: must be true or false"]);
  });
});

describe("updated", () => {
  it("a day alone on the article's own day is not earlier than its date: no warning, no update shown", () => {
    const r = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-03-03 10:00\nauthor: R\nupdated: 2024-03-03\n---\nIsi.\n", options);
    expect(r.diagnostics).toEqual([]);
    expect(r.record?.updatedMs).toBeUndefined();
    const earlier = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-03-03 10:00\nauthor: R\nupdated: 2024-03-02\n---\nIsi.\n", options);
    expect(earlier.diagnostics.map((d) => `${d.line} ${d.code}`)).toEqual(["5 invalid-date"]);
  });
});

describe("names that give no URL", () => {
  it("are reported with the file's other problems, not only once those are fixed", () => {
    expect(problems('author: "???"\ncategory: "..."\ntags: ["!!!", ok]', "title: T\ndate: 2024-02-30")).toEqual([
      '4 unsafe-slug author: author "???" gives an empty URL slug: use letters or digits',
      '5 unsafe-slug category: category "..." gives an empty URL slug: use letters or digits',
      '6 unsafe-slug tags: tag "!!!" gives an empty URL slug: use letters or digits',
      '3 invalid-date date: "2024-02-30" is not a calendar date (February 2024 has 29 days)',
    ]);
  });

  it("a soft hyphen, zero-width space or direction mark pasted into a name is left out: one tag, not two or a clash", () => {
    const r = parseArticle("articles/a.md", '---\ntitle: A\ndate: 2024-03-03 10:00\nauthor: "Rina\\u200b"\ntags: ["Jakarta\\u200b", "Ja\\u00adkarta", "\\u200eBandung"]\ncategory: "Poli\\u00adtik"\n---\nIsi.\n', options);
    expect(r.diagnostics).toEqual([]);
    expect([r.record?.authors, r.record?.tags, r.record?.category]).toEqual([["Rina"], ["Jakarta", "Bandung"], "Politik"]);
  });

  it("a name of invisible characters only is told once, as empty", () => {
    expect(problems('author: R\ntags: ["\\u200b", "\\u202e", ok]', "title: T\ndate: 2024-02-03")).toEqual([
      "5 empty-value tags[0]: must not be empty: it has only invisible characters",
      "5 empty-value tags[1]: must not be empty: it has only invisible characters",
    ]);
  });
});

describe("corrections", () => {
  it("a list of {date, text}, or one mapping alone, oldest first; a day alone is printed as the day", () => {
    const r = parse("corrections:\n  - date: 2024-01-03 09:30\n    text: Angka  korban\n      diperbaiki.\n  - date: 2024-01-02\n    text: Nama camat diperbaiki.");
    expect(r.diagnostics).toEqual([]);
    expect(r.record?.corrections).toEqual([
      { dateMs: Date.parse("2024-01-02T00:00:00+07:00"), dateOnly: true, text: "Nama camat diperbaiki." },
      { dateMs: Date.parse("2024-01-03T09:30:00+07:00"), text: "Angka korban diperbaiki." },
    ]);
    expect(parse("corrections: {date: 2024-01-02, text: Satu.}").record?.corrections).toHaveLength(1);
    expect(parse("corrections:").record?.corrections).toBeUndefined();
  });

  it("each problem at its own line and field, in one run; a correction before the article's date is a warning", () => {
    // An unknown key is a warning, as at the top: the correction is kept without it.
    expect(problems("corrections:\n  - Salah ketik.\n  - date: 2024-13-01\n    text: ''\n  - text: Tanpa tanggal\n    oleh: R")).toEqual([
      '10 unknown-key corrections[2].oleh: unknown key "oleh" in corrections is ignored (it takes date and text)',
      "6 invalid-type corrections[0]: must be `{date, text}`, not text (write `- date: 2024-10-05 09:00` and below it `  text: …`, one item for each correction)",
      '7 invalid-date corrections[1].date: "2024-13-01" has month 13: not a calendar date',
      "8 empty-value corrections[1].text: must not be empty",
      "9 required corrections[2].date: is required",
    ]);
    const kept = parse("corrections:\n  - date: 2024-01-02\n    text: Ralat.\n    oleh: Redaksi\n    txt: x");
    expect(kept.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code} ${d.field}: ${d.message}`)).toEqual([
      '8 warning unknown-key corrections[0].oleh: unknown key "oleh" in corrections is ignored (it takes date and text)',
      '9 warning unknown-key corrections[0].txt: unknown key "txt" in corrections is ignored (it takes date and text): did you mean "text"?',
    ]);
    expect(kept.record?.corrections).toHaveLength(1);
    const early = parse("corrections:\n  - date: 2023-12-31\n    text: Ralat.\n  - date: 2024-01-01\n    text: Hari yang sama.", "title: A\ndate: 2024-01-01 10:00\nauthor: R");
    expect(early.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code} ${d.field}`)).toEqual(["6 warning invalid-date corrections[0].date"]);
    expect(early.record?.corrections).toHaveLength(2);
    // One item's error does not hide another's warning; an item left empty is said to be empty.
    expect(problems("corrections:\n  - date: 2023-12-31\n    text: Ralat.\n  - date: 2024-01-02\n    text: ''\n  -")).toEqual([
      "6 invalid-date corrections[0].date: a correction dated before the article's `date`",
      "9 empty-value corrections[1].text: must not be empty",
      "10 invalid-type corrections[2]: must not be empty",
    ]);
  });

  it("headline is true or false; left empty, as if not there", () => {
    expect(parse("headline:").diagnostics).toEqual([]);
    expect(parse("headline:").record?.headline).toBeUndefined();
    expect(parse("headline: true").record?.headline).toBe(true);
    expect(problems("headline: ya")).toEqual(['5 invalid-type headline: must be true or false, not the text "ya"']);
  });
});

describe("unsafe links in the body", () => {
  it("are reported where each is written, however it is spelled (a reference definition once, at its line; a table cell at its row's)", () => {
    const body = "![g](javascript:x)\n\n[ref]: javascript:y\n\nTeks.\n\n[a][ref] dan [b][ref] dan [c](javascript:x)\n\nLihat\n[t](&#x6A;avascript:z) dan [u](javascript&colon;w) [v](javascript:x)\n\n| a | b |\n|---|---|\n| [t](javascript:t1) | ![i](javascript:t2) |\n\nteks\n![x [y](javascript:alt) z](a.png)\n";
    const r = parseArticle("articles/a.md", `---\ntitle: A\ndate: 2024-01-01\nauthor: R\n---\n${body}`, options);
    expect(r.diagnostics.map((d) => `${d.line} ${d.code} ${d.field}: ${d.message}`)).toEqual([
      '8 unsafe-link body: unsafe link "javascript:y" was dropped',
      '6 unsafe-link body: unsafe link "javascript:x" was dropped',
      '12 unsafe-link body: unsafe link "javascript:x" was dropped',
      '15 unsafe-link body: unsafe link "javascript:z" was dropped',
      '15 unsafe-link body: unsafe link "javascript:w" was dropped',
      '15 unsafe-link body: unsafe link "javascript:x" was dropped',
      // A table cell, at its row's line; a link in an image's alt text, once, at the image's line.
      '19 unsafe-link body: unsafe link "javascript:t1" was dropped',
      '19 unsafe-link body: unsafe link "javascript:t2" was dropped',
      '22 unsafe-link body: unsafe link "javascript:alt" was dropped',
    ]);
  });
});

describe("lines of fields below a key", () => {
  it("point at the line where the field is written (source.url, list items), the key's line when it is on the key's line", () => {
    const r = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\nsource:\n  name: Antara\n  url: ftp://x.example/\n  laman: y\ntags:\n  - satu\n  - ''\n  - [a]\n---\nIsi.\n", options);
    expect(r.diagnostics.map((d) => `${d.line} ${d.code} ${d.field}`).sort()).toEqual([
      "11 empty-value tags[1]",
      "12 invalid-type tags[2]",
      "7 invalid-url source.url",
      "8 unknown-key source.laman",
    ]);
    const flow = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\ntags: [a, '', b]\n---\nIsi.\n", options);
    expect(flow.diagnostics.map((d) => `${d.line} ${d.field}`)).toEqual(["5 tags[1]"]);
  });
});

describe("every problem of a file in one run", () => {
  it("the body's unsafe links are reported also when the front matter has errors", () => {
    const r = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-02-30\nauthor: R\n---\nTeks.\n\n[klik](javascript:alert(1))\n", options);
    expect(r.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code}`).sort()).toEqual(["3 error invalid-date", "8 warning unsafe-link"]);
  });
});

describe("an author profile", () => {
  it("reports its text's unsafe links at their line, also when its front matter has errors", () => {
    const parse = parseAuthorSource(options);
    const r = parse("authors/r.md", "---\nname: R\nlinks: bukan\njabatan: x\n---\nProfil.\n\n[klik](javascript:alert(1))\n", "h");
    expect(r.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code} ${d.field}`).sort()).toEqual(["3 error invalid-type links", "4 warning unknown-key jabatan", "8 warning unsafe-link body"]);
  });
});

describe("headings in the body", () => {
  it("are sections under the headline (h1 becomes h2) with ids from their text, unique and never a template's", () => {
    const r = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\n---\n# Latar Belakang\n\n## Latar belakang\n\n### Artikel Lainnya\n\n## ???\n\n## 東京\n\n[ke atas](#latar-belakang)\n", options);
    expect(r.bodyHtml).toContain('<h2 id="latar-belakang">Latar Belakang</h2>');
    expect(r.bodyHtml).toContain('<h2 id="latar-belakang-1">Latar belakang</h2>');
    expect(r.bodyHtml).toContain('<h3 id="artikel-lainnya-isi">Artikel Lainnya</h3>');
    expect(r.bodyHtml).toContain('<h2 id="bagian">???</h2>');
    expect(r.bodyHtml).toMatch(/<h2 id="x-[0-9a-f]{8}">東京<\/h2>/);
    expect(r.bodyHtml).not.toContain("<h1");
    expect(r.bodyHtml).toContain('<a href="#latar-belakang">');
  });

  it("a link to a part no heading is gets a broken-link warning at its line, once per part; headings by text, notes, the page's own parts and the top do not", () => {
    const body = "Lihat [latar](#latar-belakang), [teks](#Latar%20Belakang),\n[salah](#latar-belakng) dan [ralat](#ralat), [atas](#), [puncak](#top).\n\n## Latar Belakang\n\nIsi[^1] dan [catatan](#catatan_1), [lagi](#latar-belakng), [lain](#sejarah).\n\n[^1]: Catatan.\n";
    const warnings = (raw: boolean) => parseArticle("articles/a.md", `---\ntitle: A\ndate: 2024-01-01\nauthor: R\n---\n${body}`, { ...options, allowRawHtml: raw }).diagnostics.map((d) => `${d.line} ${d.code} ${d.message.split(",")[0]}`);
    expect(warnings(false)).toEqual(["7 broken-link links to #latar-belakng", "11 broken-link links to #sejarah"]);
    // A site's own HTML may give ids the build does not read: nothing said.
    expect(warnings(true)).toEqual([]);
  });

  it("a footnote cited and never written is a broken-link warning at its citation's line", () => {
    const r = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\n---\nNaik[^1] dan turun[^2].\n\n[^1]: BPS.\n", options);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.field}: ${d.message}`)).toEqual([
      '6:1 warning broken-link body: cites the note [^2], which is not written: readers see "[^2]" as it is (write `[^2]: …` on a line of its own below the text)',
    ]);
    const twice = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\n---\nNaik[^1].\n\n[^1]: BPS.\n\n[^1]: Kemenkeu.\n", options);
    expect(twice.diagnostics.map((d) => `${d.line} ${d.code}: ${d.message}`)).toEqual(["10 broken-link: the note [^1] is written again here (first on line 8): readers see only this one, and the first is lost (give each note its own label)"]);
    expect(twice.bodyHtml).toContain("Kemenkeu.");
  });

  it("a footnote cited in other capitals than its note is told which note it meant; a note never cited is said at its line", () => {
    const r = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\n---\nNaik[^Sumber] dan turun[^1].\n\n[^sumber]: BPS.\n[^1]: Ada.\n  [^lupa]: Tidak dikutip.\n", options);
    expect(r.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.field}: ${d.message}`)).toEqual([
      '6:1 warning broken-link body: cites the note [^Sumber], which is not written: readers see "[^Sumber]" as it is (the note written is [^sumber]: a note\'s name takes the same capitals where it is cited and where it is written)',
      "10:1 warning broken-link body: writes the note [^lupa]: …, which the text never cites: readers do not see it (cite it after the words it backs, `kata[^lupa]`, or delete it)",
    ]);
    const fine = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-01-01\nauthor: R\n---\nNaik[^1] dan turun[^1].\n\n[^1]: BPS.\n", options);
    expect(fine.diagnostics).toEqual([]);
  });
});

describe("the summary made from the first paragraph (no `summary:`)", () => {
  const summaryOf = (body: string): string | undefined => parseArticle("articles/a.md", `---\ntitle: A\ndate: 2024-01-01\nauthor: R\n---\n${body}\n`, options).record?.summary;

  it("reads images as their alt text and keeps one space between words", () => {
    expect(summaryOf("Gambar ![peta banjir](peta.png) dan  ![grafik](g.png)\n*curah hujan*   naik.")).toBe("Gambar peta banjir dan grafik curah hujan naik.");
    expect(summaryOf("Isi ![](kosong.png) dengan [tautan](https://bps.go.id/) saja.")).toBe("Isi dengan tautan saja.");
  });
});

describe("a slug longer than an address takes", () => {
  it("is cut at 120 characters between words, and said at its line", () => {
    const long = Array.from({ length: 30 }, () => "kata").join("-");
    const r = parse(`slug: ${long}`);
    expect(r.record?.slug).toBe(Array.from({ length: 24 }, () => "kata").join("-"));
    expect(r.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code} ${d.field}: ${d.message}`)).toEqual([
      `5 warning unsafe-slug slug: is longer than 120 characters: the address is cut to /berita/${r.record?.slug}/ (give a shorter slug)`,
    ]);
    expect(parse(`slug: ${"kata-".repeat(23)}kata`).diagnostics).toEqual([]);
  });
});

describe("a slug with a percent sign", () => {
  it("is a headline's (\"Naik 50% Lagi\" → naik-50-persen-lagi), as in a file name or a category; one that encodes a path (%2F) is refused", () => {
    for (const [written, slug] of [["\"Naik 50% Lagi\"", "naik-50-persen-lagi"], ["\"100%\"", "100-persen"], ["\"Inflasi 3%, BI Tahan Suku Bunga\"", "inflasi-3-persen-bi-tahan-suku-bunga"]] as const) {
      const r = parse(`slug: ${written}`);
      expect(r.diagnostics, written).toEqual([]);
      expect(r.record?.slug, written).toBe(slug);
    }
    for (const written of ["..%2Fetc", "a%2fb", "%2e%2e", "a%20b"]) {
      expect(problems(`slug: "${written}"`), written).toEqual([`5 unsafe-slug slug: "${written}" is not a safe slug: use letters, digits and hyphens`]);
    }
  });
});
