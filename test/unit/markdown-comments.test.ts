/**
 * HTML comments in a body are a newsroom's notes to its editors ("narasumber minta anonim"): never published, as text
 * or as markup, and never the summary; where they are text (code), they stay. Real Markdown through the real parser.
 */
import { describe, expect, it } from "vitest";
import { renderMarkdown, withoutComments } from "../../src/parse/markdown.ts";
import { parseArticle } from "../../src/parse/article.ts";

const options = { timeZone: "Asia/Jakarta", allowRawHtml: false, linkify: false, basePath: "/" };

describe("HTML comments in a body", () => {
  it("are left out, on a line of their own, inline and over several lines; their line breaks stay", () => {
    expect(withoutComments("<!-- catatan redaktur: narasumber minta anonim -->\n\nParagraf pertama.\n")).toBe("\n\nParagraf pertama.\n");
    expect(withoutComments("Teks <!-- catatan --> lanjut.\n")).toBe("Teks  lanjut.\n");
    expect(withoutComments("A\n<!-- baris\ndua\ntiga -->\nB\n")).toBe("A\n\n\n\nB\n");
  });

  it("stay where they are text: in a fenced code block, in a code span, and one never closed", () => {
    expect(withoutComments("```html\n<!-- kode -->\n```\n<!-- hapus -->x\n")).toBe("```html\n<!-- kode -->\n```\nx\n");
    expect(withoutComments("Kode `<!-- tetap -->` dan <!-- hilang --> selesai\n")).toBe("Kode `<!-- tetap -->` dan  selesai\n");
    expect(withoutComments("<!-- tidak ditutup\n\nsisa\n")).toBe("<!-- tidak ditutup\n\nsisa\n");
  });

  it("are neither shown nor the summary, with raw HTML off or on", () => {
    for (const allowRawHtml of [false, true]) {
      const html = renderMarkdown("<!-- narasumber minta anonim -->\n\nParagraf pertama.\n", "", { ...options, allowRawHtml }).html;
      expect(html, String(allowRawHtml)).not.toContain("anonim");
      expect(html).toContain("Paragraf pertama.");
    }
    const r = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-03-03 10:00\nauthor: R\n---\n<!-- catatan: jangan terbit -->\n\nIsi berita.\n", options);
    expect(r.record?.summary).toBe("Isi berita.");
  });
});

describe("lists nested past what Markdown reads", () => {
  it("are a too-deep warning at the first line lost, which says that the rest of the body is not shown", () => {
    const items = Array.from({ length: 60 }, (_, i) => `${"  ".repeat(i)}- butir ${i + 1}`).join("\n");
    const r = parseArticle("articles/a.md", `---\ntitle: A\ndate: 2024-03-03 10:00\nauthor: R\n---\nAwal.\n\n${items}\n\nAkhir paragraf di luar daftar.\n`, options);
    const deep = r.diagnostics.filter((d) => d.code === "too-deep");
    expect(deep).toHaveLength(1);
    expect(deep[0]!.message).toMatch(/each list in a list takes two.*from this line to the end, the text is not shown/);
    // 49 lists are read whole: the 50th item is the first line lost (the body starts on line 6, the list on line 8).
    expect(deep[0]!.line).toBe(8 + 49);
  });
});

describe("links to a heading of the body", () => {
  it("written with the heading's text (Arabic, Chinese, capitals, a template's name) go to its id", () => {
    const html = renderMarkdown("Lihat [arab](#العربية), [cina](#中文标题), [latar](#Latar-Belakang), [isi](#konten) dan [id](#latar-belakang).\n\n## العربية\n\nx\n\n## 中文标题\n\ny\n\n## Latar Belakang\n\nz\n\n## Konten\n\nw\n", "", options).html;
    const ids = [...html.matchAll(/<h2 id="([^"]+)"/g)].map((m) => m[1]);
    const hrefs = [...html.matchAll(/<a href="#([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(4);
    expect(hrefs).toEqual([ids[0], ids[1], "latar-belakang", "konten-isi", "latar-belakang"]);
  });

  it("to no heading of the body are left as written", () => {
    expect(renderMarkdown("[x](#tidak-ada)\n\n## Ada\n", "", options).html).toContain('href="#tidak-ada"');
  });
});
