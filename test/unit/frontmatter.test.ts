import matter from "gray-matter";
import { describe, expect, it } from "vitest";
import { isMap, isScalar, LineCounter, parseDocument } from "yaml";
import { parseFrontMatter, readPlainYaml } from "../../src/parse/frontmatter.ts";
import { countWords } from "../../src/parse/markdown.ts";

describe("front matter", () => {
  it("reports key lines as file lines", () => {
    const r = parseFrontMatter("a.md", "---\ntitle: A\n\ndate: 2024-01-01\n---\nBody\n");
    expect(r.value?.keyLines).toEqual({ title: 2, date: 4 });
    expect(r.value?.bodyLine).toBe(6);
    expect(r.value?.data.date).toBe("2024-01-01"); // stays a string: we parse dates ourselves
  });

  it("gives the YAML error position as the file position", () => {
    const r = parseFrontMatter("a.md", "---\ntitle: A\ntags: [a, b\nauthor: x\n---\n");
    expect(r.diagnostics[0]).toMatchObject({ code: "yaml-syntax", file: "a.md" });
    expect(r.diagnostics[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it("rejects duplicate keys", () => {
    const r = parseFrontMatter("a.md", "---\ntitle: A\ntitle: B\n---\n");
    expect(r.diagnostics[0]).toMatchObject({ code: "yaml-syntax", line: 3 });
  });

  it.each(["js", "javascript"])("never evaluates ---%s front matter", (lang) => {
    const r = parseFrontMatter("a.md", `---${lang}\n{ title: (globalThis.__pwned = 1) }\n---\n`);
    expect(r.diagnostics[0]?.code).toBe("frontmatter-script");
    expect((globalThis as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it("reports a missing front matter block", () => {
    expect(parseFrontMatter("a.md", "Just text").diagnostics[0]?.code).toBe("frontmatter-missing");
  });

  it("survives alias bombs and deep nesting with a per-file error", () => {
    const bomb = `---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n---\n`;
    expect(parseFrontMatter("a.md", bomb).diagnostics.length).toBeGreaterThan(0);
    const deep = `---\nx: ${"[".repeat(5000)}\n---\n`;
    expect(parseFrontMatter("a.md", deep).diagnostics.length).toBeGreaterThan(0);
  });

  it("cuts the body where gray-matter cuts it, though gray-matter only sees the front matter block", () => {
    const texts = [
      "---\ntitle: a\n---\nbody\n",
      "---\ntitle: a\n---",
      "---\ntitle: a\n---\n\n\nbody",
      "---\ntitle: a\n---\r\nbody\r\n",
      "---\n---\nbody",
      "--- yaml\ntitle: a\n---\nbody ---\n---\nmore",
    ];
    for (const text of texts) {
      const expected = matter(text, { engines: { yaml: () => ({}) } } as never).content;
      expect(parseFrontMatter("a.md", text).value?.body, JSON.stringify(text)).toBe(expected);
    }
  });

  it("ends only at a line of exactly `---` (`----` would leave a stray list item in the body)", () => {
    for (const close of ["----", "---trailing", "--- x"]) {
      const r = parseFrontMatter("a.md", `---\ntitle: a\ndate: 2024-01-01\n${close}\nbody`);
      expect(r.diagnostics.map((d) => [d.code, d.line, d.message]), close).toEqual([["yaml-syntax", 4, "the front matter must end with a line of exactly `---`"]]);
    }
    expect(parseFrontMatter("a.md", "---\ntitle: a\n---  \nbody").value?.body).toBe("body");
  });

  it("refuses front matter that never ends (gray-matter read the whole file as front matter)", () => {
    for (const text of ["---\ntitle: a\ndate: 2024-01-01\nauthor: X\n", "---\ntitle: a\nsummary: Ringkas\n\n  lanjutan\n", "---\ntitle: a\n--"]) {
      const r = parseFrontMatter("a.md", text);
      expect(r.value, JSON.stringify(text)).toBeUndefined();
      expect(r.diagnostics.map((d) => [d.code, d.line]), JSON.stringify(text)).toEqual([["yaml-syntax", 1]]);
    }
  });

  it("reads YAML only: `---yaml` is YAML, `---json` and `---toml` are refused, `---js` never runs", () => {
    expect(parseFrontMatter("a.md", "---YAML\ntitle: a\n---\nbody").value?.data).toEqual({ title: "a" });
    for (const language of ["json", "JSON", "toml", "coffee"]) {
      const r = parseFrontMatter("a.md", `---${language}\n{"title": "a"}\n---\nbody`);
      expect(r.diagnostics.map((d) => [d.code, d.line, d.message])).toEqual([["yaml-syntax", 1, `front matter in "${language}" is not read: write YAML between two \`---\` lines`]]);
    }
    expect(parseFrontMatter("a.md", "---js\n{ title: 'a' }\n---\n").diagnostics[0]?.code).toBe("frontmatter-script");
  });

  it("words YAML problems for a reporter, not in the parser's terms", () => {
    expect(parseFrontMatter("a.md", `---\ntitle: a\nx: ${"[".repeat(30000)}\n---\n`).diagnostics.map((d) => d.message)).toEqual(["is nested too deeply"]);
    expect(parseFrontMatter("a.md", "---\ntitle: a\n...\nbody\n---\n").diagnostics.map((d) => d.message)).toEqual(["must be one YAML document: a `...` or `---` line inside it starts another"]);
  });

  it("turns no YAML tag into bytes, dates or sets: `!!binary` is a problem at its place, never a mapping of its bytes", () => {
    const where = (fm: string): string[] => parseFrontMatter("a.md", `---\n${fm}\n---\nIsi.\n`).diagnostics.map((d) => `${d.line}:${d.column} ${d.code}: ${d.message}`);
    expect(where("title: T\nsource: !!binary QW50YXJh")).toEqual(["3:9 yaml-syntax: YAML tag !!binary is not read here: write the value as plain text, a list or a mapping"]);
    expect(where("!!binary aGVsbG8=")).toEqual(["2:1 yaml-syntax: YAML tag !!binary is not read here: write the value as plain text, a list or a mapping"]);
    expect(where("date: !!timestamp 2024-01-01")).toEqual(["2:7 yaml-syntax: YAML tag !!timestamp is not read here: write the value as plain text, a list or a mapping"]);
    expect(where("tags: !!set {a, b}")).toHaveLength(1);
  });

  it("rejects front matter over 64 KiB", () => {
    const big = `---\ntitle: "${"x".repeat(70 * 1024)}"\n---\n`;
    expect(parseFrontMatter("a.md", big).diagnostics[0]?.code).toBe("frontmatter-too-large");
  });
});

describe("front matter fast path (js-yaml) agrees with the yaml Document path", () => {
  const slow = (src: string): unknown => parseDocument(src, { schema: "core", uniqueKeys: true }).toJS();
  const cases: Record<string, string> = {
    plain: "\ntitle: Terus Bertambah, Warga Rusia\ndate: 2022-10-04T18:23:00+07:00\n",
    quoted: `\ntitle: "Kata \\"Rakyat\\": apa?"\nsummary: 'It''s: a # not comment'\n`,
    escapes: '\ntitle: "Tab\\tand \\u00e9 and \\x41"\n',
    folded: "\nsummary: >\n  one\n  two\n\n  three\n",
    literal: "\nsummary: |-\n  line one\n    indented\n",
    multiline: "\ntitle: a plain\n  scalar over\n  lines\n",
    lists: "\ntags: [Politik, 'Luar Negeri', \"DPR\"]\nauthors:\n  - Ana\n  - Budi\n",
    nested: "\nsource:\n  name: Antara\n  url: https://antara.example/x?y=1#z\n",
    bools: "\ndraft: true\nfeatured: False\nx: yes\ny: off\nz: ~\nw:\n",
    comments: "\n# a comment\ntitle: A # trailing\ntags: [a] # more\n",
    unicode: "\ntitle: Пресс-релиз 中文 العربية 🇮🇩\n",
    dates: "\ndate: 2024-02-30\nupdated: 2022-10-04 18:23\n",
    colons: "\ntitle: 'Jokowi: Kita: Semua'\nurl: http://x.example:8080/a\n",
    empty: "\n",
  };
  it.each(Object.entries(cases))("%s", (_name, src) => {
    const fast = readPlainYaml(src);
    expect(fast, "the fast path takes plain front matter").toBeDefined();
    expect(fast!.data).toEqual(slow(src) ?? {});
    const lines = new LineCounter();
    const doc = parseDocument(src, { schema: "core", lineCounter: lines });
    const expected: Record<string, number> = {};
    if (isMap(doc.contents)) for (const pair of doc.contents.items) if (isScalar(pair.key)) expected[String(pair.key.value)] = lines.linePos(pair.key.range![0]).line;
    expect(fast!.keyLines).toEqual(expected);
  });

  it.each([
    ["anchors", "\na: &x 1\nb: *x\n"],
    ["tags", "\ntitle: !!str 12\n"],
    ["numbers", "\ntitle: 2024\n"],
    ["duplicate keys", "\ntitle: A\ntitle: B\n"],
    ["quoted keys", '\n"title": A\n'],
    ["proto keys", "\n__proto__: {a: b}\n"],
    ["syntax errors", "\ntags: [a, b\n"],
    ["a flow list closed at column 0", "\ntags: [a,\nb]\n"],
    ["a quoted value whose next line looks like a key", '\nsummary: "one\ndraft: two"\ndraft: true\n'],
  ])("leaves %s to the yaml path", (_name, src) => {
    expect(readPlainYaml(src)).toBeUndefined();
  });

  it("gives one answer whatever else the front matter holds (an `&` in the title sends it to the yaml path)", () => {
    for (const title of ["A dan B", "A & B"]) {
      const r = parseFrontMatter("a.md", `---\ntitle: ${title}\ntags: [a,\nb]\n---\n`);
      expect(r.diagnostics.map((d) => [d.code, d.line]), title).toEqual([["yaml-syntax", 4]]);
    }
  });

  it("reads numbers as the text written: 007 is not 7, 1.10 is not 1.1", () => {
    const r = parseFrontMatter("a.md", "---\ntitle: 007\ntags: [1e3, 0x1F, 2024]\nauthor: 1.10\nslug: 0o17\n---\n");
    expect(r.value?.data).toEqual({ title: "007", tags: ["1e3", "0x1F", "2024"], author: "1.10", slug: "0o17" });
    expect(r.value?.keyLines.slug).toBe(5);
  });
});

describe("countWords", () => {
  it("counts what /\\S+/g counts, for every kind of space", () => {
    const spaces = [" ", "\t", "\n", "\r", "\v", "\f", "\u00a0", "\u1680", "\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000", "\ufeff", "\u200b"];
    const pieces = ["kata", "é", "한국어", "-", "**", ...spaces];
    let seed = 7;
    for (let n = 0; n < 500; n++) {
      let s = "";
      for (let k = 0; k < 12; k++) {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        s += pieces[seed % pieces.length];
      }
      expect(countWords(s), JSON.stringify(s)).toBe(s.match(/\S+/g)?.length ?? 0);
    }
  });

  it("counts two Chinese or Japanese characters as a word (written without spaces)", () => {
    expect(countWords("中".repeat(3001))).toBe(1501);
    expect(countWords("東京でニュースを読む and more")).toBe(5 + 2);
    expect(countWords("서울 뉴스")).toBe(2);
  });

  it("counts Thai, Lao, Khmer and Burmese words by dictionary (written without spaces), not each run as one", () => {
    // "The government announced a new policy today" in Thai: 6 words.
    expect(countWords("รัฐบาลประกาศนโยบายใหม่วันนี้")).toBeGreaterThanOrEqual(5);
    const thai = "รัฐบาลประกาศนโยบายใหม่วันนี้ ".repeat(300);
    expect(countWords(thai)).toBeGreaterThan(1500);
    expect(countWords("ຂ່າວມື້ນີ້")).toBeGreaterThan(1);
    expect(countWords("សារព័ត៌មានថ្ងៃនេះ")).toBeGreaterThan(1);
    expect(countWords("Berita รัฐบาลประกาศ hari ini")).toBe(3 + countWords("รัฐบาลประกาศ"));
  });
});
