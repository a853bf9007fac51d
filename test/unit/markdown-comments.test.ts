/**
 * HTML comments in a body are a newsroom's notes to its editors ("narasumber minta anonim"): never published, as text
 * or as markup, and never the summary; where they are text (code), they stay. Real Markdown through the real parser.
 */
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/parse/markdown.ts";
import { parseArticle } from "../../src/parse/article.ts";

const options = { timeZone: "Asia/Jakarta", allowRawHtml: false, linkify: false, basePath: "/" };

const html = (body: string, allowRawHtml = false): string => renderMarkdown(body, "", { ...options, allowRawHtml }).html;

describe("HTML comments in a body", () => {
  it("are left out, on a line of their own, inline and over several paragraphs, with raw HTML off or on", () => {
    for (const raw of [false, true]) {
      expect(html("<!-- catatan redaktur: narasumber minta anonim -->\n\nParagraf pertama.\n", raw), String(raw)).toBe("<p>Paragraf pertama.</p>\n");
      expect(html("Teks <!-- catatan --> lanjut.\n", raw)).toBe("<p>Teks  lanjut.</p>\n");
      expect(html("A <!-- b `kode` c --> d\n", raw)).toBe("<p>A  d</p>\n");
    }
    expect(html("A\n\n<!-- baris\n\ndua\n\ntiga -->\n\nB\n")).toBe("<p>A</p>\n<p>B</p>\n");
  });

  it("stay where Markdown reads them as text: in code (fenced, indented, in a quote, a code span of two backticks) and written with \\<", () => {
    const body = "Contoh:\n\n    <p>halo</p>\n    <!-- dalam kode -->\n\nSpan ``a <!-- x --> b`` dan \\<!-- teks --> akhir.\n\n> ```\n> <!-- kutipan kode -->\n> ```\n\n```html\n<!-- pagar -->\n```\n";
    const out = html(body);
    for (const kept of ["&lt;!-- dalam kode --&gt;", "<code>a &lt;!-- x --&gt; b</code>", "&lt;!-- teks --&gt; akhir.", "&lt;!-- kutipan kode --&gt;", "&lt;!-- pagar --&gt;"]) expect(out, kept).toContain(kept);
  });

  it("are neither shown nor the summary; one never closed runs to the end and is told, at its line", () => {
    const r = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-03-03 10:00\nauthor: R\n---\n<!-- catatan: jangan terbit -->\n\nIsi berita.\n", options);
    expect(r.record?.summary).toBe("Isi berita.");
    expect(r.diagnostics).toEqual([]);
    const open = parseArticle("articles/a.md", "---\ntitle: A\ndate: 2024-03-03 10:00\nauthor: R\n---\nPembuka.\n\n<!-- catatan: narasumber minta anonim\n\nIsi berita utama.\n", options);
    expect(open.record?.summary).toBe("Pembuka.");
    expect(open.bodyHtml).not.toContain("anonim");
    expect(open.diagnostics.map((d) => `${d.line} ${d.severity} ${d.code}`)).toEqual(["8 warning unclosed-comment"]);
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

describe("quotes nested past what Markdown reads", () => {
  it("are a too-deep warning that names the lines lost, when the text after them is shown", () => {
    const deep = `${">".repeat(150)} dalam\n${">".repeat(150)} lagi`;
    const r = parseArticle("articles/a.md", `---\ntitle: A\ndate: 2024-03-03 10:00\nauthor: R\n---\nAwal.\n\n${deep}\n\nSesudah kutipan.\n`, options);
    expect(r.bodyHtml).toContain("Sesudah kutipan.");
    expect(r.bodyHtml).not.toContain("lagi");
    const warned = r.diagnostics.filter((d) => d.code === "too-deep");
    expect(warned.map((d) => [d.line, d.message.replace(/^.*: (the text|from this)/, "$1")])).toEqual([[8, "the text nested deeper, from this line to line 9, is not shown (nest less deeply)"]]);
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
