/**
 * Bodies with thousands of one heading or of unsafe links on one paragraph's lines: the ids and
 * lines are the same as for a short body, and they take time in proportion to their length
 * (numbering copies of a heading from `-1` each time, or counting a link's line from its
 * paragraph's start, took minutes). The timeouts are vitest's default: the code takes well under
 * a second for these sizes, quadratic code took far longer.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderMarkdown, TEMPLATE_IDS } from "../../src/parse/markdown.ts";
import { REPO } from "../support/site.ts";

const options = { allowRawHtml: false, linkify: false, basePath: "/" };
const ids = (body: string): string[] => [...renderMarkdown(body, "", options).html.matchAll(/<h[2-6] id="([^"]*)"/g)].map((m) => m[1]!);
const headings = (...texts: string[]): string => texts.map((t) => `## ${t}\n\n`).join("");

describe("heading ids", () => {
  it("never take an id the built-in templates give an element (the search box's too): `## Cari kata` is `cari-kata-isi`", () => {
    const dir = join(REPO, "templates");
    const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".njk"));
    const templateIds = new Set(files.flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(/\bid="([a-z0-9-]+)"/g)].map((m) => m[1]!)));
    expect(templateIds.size).toBeGreaterThan(5);
    expect([...templateIds].filter((id) => !TEMPLATE_IDS.has(id))).toEqual([]);
    expect(ids(headings("Cari kata", "Cari atas"))).toEqual(["cari-kata-isi", "cari-atas-isi"]);
  });

  it("number the copies of a heading from -1, past the ids headings already have, never a template's", () => {
    expect(ids(headings("a", "a", "a-2", "a", "a-1", "a", "a-1", "a-1-2", "a-1"))).toEqual(["a", "a-1", "a-2", "a-3", "a-1-1", "a-4", "a-1-2", "a-1-2-1", "a-1-3"]);
    expect(ids(headings("a-1", "a-3", "a", "a", "a", "a", "a-2"))).toEqual(["a-1", "a-3", "a", "a-2", "a-4", "a-5", "a-2-1"]);
    // A heading without a slug is a "bagian"; one a template's id would be takes "-isi".
    expect(ids(headings("!!!", "???", "bagian-1", "Konten", "konten isi", "Konten", "# konten-isi-1", "Terbaru", "???"))).toEqual([
      "bagian",
      "bagian-1",
      "bagian-1-1",
      "konten-isi",
      "konten-isi-1",
      "konten-isi-2",
      "konten-isi-1-1",
      "terbaru-isi",
      "bagian-2",
    ]);
  });

  it("of 20,000 copies of a heading are a, a-1 … a-19999, and of 2,000 headings without a slug bagian … bagian-1999", { timeout: 5_000 }, () => {
    const body = headings(...Array.from({ length: 20_000 }, () => "a")) + headings("a-20000", "a") + headings(...Array.from({ length: 2_000 }, () => "!!!"));
    const expected = ["a", ...Array.from({ length: 19_999 }, (_, i) => `a-${i + 1}`), "a-20000", "a-20001", "bagian", ...Array.from({ length: 1_999 }, (_, i) => `bagian-${i + 1}`)];
    const got = ids(body);
    expect(got.length).toBe(expected.length);
    expect(got.findIndex((id, i) => id !== expected[i])).toBe(-1);
  });
});

describe("lines of unsafe links", () => {
  it("are counted from the paragraph's first line, whichever order markdown-it looks at the links in", () => {
    const body = "Teks\n[a](javascript:1) [b](javascript:2)\n\n[x [y](javascript:in)\nz](javascript:out)\n![i\n[j](javascript:alt)](p.png) [k](javascript:1)\nakhir [a](javascript:1)\n";
    expect(renderMarkdown(body, "", options, 6).droppedLinks).toEqual([
      { url: "javascript:1", line: 7 },
      { url: "javascript:2", line: 7 },
      // A link is at the line of its `[`. A link in a link's text is the link (its words kept,
      // unlinked); the one around it is then text, as CommonMark reads it: no URL to drop.
      { url: "javascript:in", line: 9 },
      // A link in an image's alt text on the image's next line: at its own line (as markdown-it
      // looks for the end of the alt text) and at the image's (as it reads the alt text).
      { url: "javascript:alt", line: 12 },
      { url: "javascript:alt", line: 11 },
      { url: "javascript:1", line: 12 },
      { url: "javascript:1", line: 13 },
    ]);
  });

  it("of 60,000 lines of one paragraph are 60,000 lines", { timeout: 5_000 }, () => {
    const lines = 60_000;
    const { droppedLinks } = renderMarkdown("[x](javascript:1)\n".repeat(lines), "", options, 6);
    expect(droppedLinks.length).toBe(lines);
    expect(droppedLinks.findIndex((d, i) => d.url !== "javascript:1" || d.line !== 6 + i)).toBe(-1);
  });
});

describe("text nested deeper than markdown-it reads", () => {
  it("is said, at the first line lost; a body nested less deeply is read whole and says nothing", () => {
    const deepList = Array.from({ length: 60 }, (_, i) => `${"  ".repeat(i)}- x`).join("\n");
    const lost = renderMarkdown(`Awal.\n\n${deepList}\n\nSesudahnya.\n`, "", options, 6);
    expect(lost.html).not.toContain("Sesudahnya");
    // A list and its item are two levels: the 50th item's text (line 6 + 2 + 49) is the first lost.
    expect(lost.cutAt).toBe(57);
    const quotes = renderMarkdown(`${Array.from({ length: 119 }, (_, i) => `${"> ".repeat(i + 1)}q`).join("\n")}\n`, "", options, 1);
    expect(quotes.cutAt).toBe(100);
    const fine = renderMarkdown(`${Array.from({ length: 40 }, (_, i) => `${"  ".repeat(i)}- x`).join("\n")}\n\nSesudahnya.\n`, "", options, 1);
    expect(fine.cutAt).toBeUndefined();
    expect(fine.html).toContain("Sesudahnya");
  });
});

describe("citations of notes not written", () => {
  it("are found in time linear in the text: 150,000 `^[` with no `]` (a `[^` scanned to the end from each) and a citation after them", { timeout: 5_000 }, () => {
    const body = `Awal${"^[".repeat(150_000)} dan [^hilang] serta [^a b] [^] [^x[y] akhir.\n`;
    const r = renderMarkdown(body, "", options, 4);
    expect(r.unwrittenNotes).toEqual([
      { label: "hilang", line: 4 },
      { label: "x[y", line: 4 },
    ]);
  });
});

describe("HTML written in the text", () => {
  it("is found in time linear in the text: a tag left open over 160 KB (`<img a-a-a-…`), then a pasted tag with a quoted attribute", { timeout: 5_000 }, () => {
    const body = `Awal <img ${"a-".repeat(80_000)}\n\nLalu <iframe src="https://x.test/v"></iframe> akhir.\n`;
    const r = renderMarkdown(body, "", options, 4);
    expect(r.htmlAsText).toEqual({ tag: '<iframe src="https://x.test/v">', line: 6 });
    expect(renderMarkdown(`<b ${"x".repeat(80_000)}>`, "", options).htmlAsText).toBeUndefined();
  });
});

describe("citations of one note", () => {
  it("80,000 of them take time linear in their number; one in a link's text, before, between or after them, is no link of its own", { timeout: 5_000 }, () => {
    const many = "y[^1] ".repeat(40_000);
    const body = `[situs ^[a]](https://x.test/) ${many}[situs ^[b]](https://x.test/) ${many}[situs ^[c]](https://x.test/)\n\n[^1]: Sumber.\n`;
    const html = renderMarkdown(body, "", options).html;
    expect(html.match(/<sup class="footnote-ref" id="[^"]*">\[\d\]<\/sup>/g)).toEqual(["[1]", "[3]", "[4]"].map((n, i) => `<sup class="footnote-ref" id="catatan_ref_${i === 0 ? 1 : i + 2}">${n}</sup>`));
    expect(html.match(/<sup class="footnote-ref"><a href="#catatan_2" id="[^"]*">\[2\]<\/a><\/sup>/g)).toHaveLength(80_000);
  });
});

describe("notes cited and not written, written and not cited", () => {
  it("30,000 of each in one paragraph take time linear in their number; each citation keeps its line, a name in other capitals is matched to its note", { timeout: 5_000 }, () => {
    const citations = Array.from({ length: 30_000 }, (_, i) => `a[^u${i}]`).join(" ");
    const notes = Array.from({ length: 30_000 }, (_, i) => `[^d${i}]: x\n`).join("");
    const r = renderMarkdown(`${citations}\nbaris kedua [^Sumber]\n\n${notes}[^sumber]: BPS.\n`, "", options, 3);
    expect(r.unwrittenNotes).toHaveLength(30_001);
    expect(r.unwrittenNotes![29_999]).toEqual({ label: "u29999", line: 3 });
    expect(r.unwrittenNotes![30_000]).toEqual({ label: "Sumber", line: 4, written: "sumber" });
    expect(r.uncitedNotes).toHaveLength(30_000);
    expect(r.uncitedNotes![0]!.label).toBe("d0");
  });
});

describe("a site's own HTML nested thousands deep (allowRawHtml)", () => {
  it("is cut at 512 levels, as browsers build it, and said at the body's first line, instead of overflowing the stack", { timeout: 5_000 }, () => {
    const raw = { ...options, allowRawHtml: true };
    for (const html of ["<div>".repeat(5_000), "<b>".repeat(5_000), "<template>".repeat(3_000)]) {
      const r = renderMarkdown(`Awal.\n\n${html}dalam\n\nAkhir [x](hilang.md).\n`, "", raw, 7);
      expect(r.htmlCutAt).toBe(7);
      expect(r.html).toContain("<p>Awal.</p>");
      expect(r.html).not.toContain("dalam");
      expect(r.html.match(/<(div|b|template)>/g)!.length).toBeLessThan(520);
    }
    // Nested no deeper than a page is: whole, and nothing said.
    const r = renderMarkdown(`${"<div>".repeat(400)}dalam\n`, "", raw);
    expect(r.htmlCutAt).toBeUndefined();
    expect(r.html).toContain("dalam");
  });
});
