/**
 * Footnotes, as GitHub reads them (`teks[^1]`, `[^1]: catatan`, `^[sebaris]`): numbered links
 * in the text to a list under the body, each note linking back. Before, a reporter's `[^1]`
 * was shown to readers as it was written.
 */
import * as cheerio from "cheerio";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/parse/markdown.ts";

const options = { allowRawHtml: false, linkify: false, basePath: "/" };
const render = (body: string, extra: Partial<Parameters<typeof renderMarkdown>[2]> = {}) => renderMarkdown(body, "2024", { ...options, ...extra }, 6);

const BODY = [
  "Anggaran naik 12 persen[^1] menurut BPK[^bpk], dan naik lagi[^1].",
  "",
  "## Catatan 1",
  "",
  "Teks dengan catatan sebaris^[ditulis *di tempat*].",
  "",
  "[^1]: Angka dari [APBN 2024](https://kemenkeu.go.id/), halaman 3.",
  "[^bpk]: Laporan BPK. [jahat](javascript:alert(1)) <script>alert(1)</script>",
].join("\n");

describe("footnotes", () => {
  it("are numbered links to notes under the body, each note linking back to every place that cites it", () => {
    const r = render(BODY);
    const $ = cheerio.load(r.html);
    const refs = $("sup.footnote-ref a").toArray().map((a) => [$(a).text(), a.attribs.href, a.attribs.id]);
    expect(refs).toEqual([
      ["[1]", "#catatan_1", "catatan_ref_1"],
      ["[2]", "#catatan_2", "catatan_ref_2"],
      ["[1]", "#catatan_1", "catatan_ref_1_1"],
      ["[3]", "#catatan_3", "catatan_ref_3"],
    ]);
    const notes = $("section.footnotes[aria-label='Catatan kaki'] > ol > li");
    expect(notes.toArray().map((li) => li.attribs.id)).toEqual(["catatan_1", "catatan_2", "catatan_3"]);
    expect(notes.eq(0).find(".footnote-backref").toArray().map((a) => a.attribs.href)).toEqual(["#catatan_ref_1", "#catatan_ref_1_1"]);
    // Cited twice: the two ways back are numbered, to be told apart; a note cited once has one, unnumbered.
    expect(notes.eq(0).find(".footnote-backref").toArray().map((a) => [a.attribs["aria-label"], $(a).text()])).toEqual([["Kembali ke teks 1", "↩︎1"], ["Kembali ke teks 2", "↩︎2"]]);
    expect(notes.eq(1).find(".footnote-backref").toArray().map((a) => [a.attribs["aria-label"], $(a).text()])).toEqual([["Kembali ke teks", "↩︎"]]);
    // Each number stays on the line of the word before it.
    expect(r.html).toContain("persen\u2060<sup");
    expect(notes.eq(2).find("em").text()).toBe("di tempat");
    // Every link in the body leads to an id the body has, and no id is given twice (a heading
    // "Catatan 1" keeps its own).
    const ids = $("[id]").toArray().map((e) => e.attribs.id!);
    expect(new Set(ids).size).toBe(ids.length);
    expect($("h2").attr("id")).toBe("catatan-1");
    for (const a of $("a[href^='#']").toArray()) expect(ids).toContain(a.attribs.href!.slice(1));
  });

  it("hold what the rest of the body may: a javascript: link is dropped at its line, pasted HTML stays text", () => {
    const r = render(BODY);
    const $ = cheerio.load(r.html);
    expect($("script").length).toBe(0);
    expect($("#catatan_2").text()).toContain("<script>alert(1)</script>");
    expect($("#catatan_2 a:not(.footnote-backref)").length).toBe(0);
    expect(r.droppedLinks).toEqual([{ url: "javascript:alert(1)", line: 13 }]);
    expect(r.htmlAsText?.line).toBe(13);
  });

  it("written inline (^[…]) keep the line they are written on for what is said about them", () => {
    const r = render("Satu.\n\nDua^[lihat [laporan](/tidak-ada/) dan <b>tebal</b>] di sini.\n\nTiga.\n\nEmpat^[[rusak](javascript:alert(1))].\n\nLima[^1].\n\n[^1]: Ada [di sini](/juga-tidak/).");
    // The body starts on line 6: "Dua" is on 8, "Empat" on 12, the note [^1] on 16.
    expect(r.fileLinks.map((l) => [l.file, l.line])).toEqual([["tidak-ada/", 8], ["juga-tidak/", 16]]);
    expect(r.htmlAsText).toEqual({ tag: "<b>", line: 8 });
    expect(r.droppedLinks).toEqual([{ url: "javascript:alert(1)", line: 12 }]);
  });

  it("stay out of the summary and keep the body's words counted", () => {
    const r = render(BODY);
    expect(r.lead).toBe("Anggaran naik 12 persen menurut BPK, dan naik lagi.");
    expect(r.words).toBeGreaterThan(20);
  });

  it("are named in the site's language (strings.footnotes, strings.footnoteBack)", () => {
    const $ = cheerio.load(render(BODY, { footnotesLabel: "Footnotes", footnoteBackLabel: "Back to the text" }).html);
    expect($("section.footnotes").attr("aria-label")).toBe("Footnotes");
    expect($(".footnote-backref").last().attr("aria-label")).toBe("Back to the text");
  });

  it("are what a link to their id leads to, even beside a heading of like text", () => {
    const $ = cheerio.load(render("Lihat[^1] dan [catatan](#catatan_1).\n\n## Catatan 1\n\n[^1]: Isi.").html);
    expect($("p a:not(.footnote-ref a)").first().attr("href")).toBe("#catatan_1");
    expect($("h2").attr("id")).toBe("catatan-1");
  });

  it("cited inside a link's text are no link in a link; the note still leads back to the citation", () => {
    const $ = cheerio.load(render("Lihat [situs resmi ^[diakses 3 Mei]](https://contoh.go.id/) dan lagi[^1].\n\n[^1]: Isi.").html);
    expect($("a a").length).toBe(0);
    const link = $('a[href="https://contoh.go.id/"]');
    expect(link.text()).toBe("situs resmi \u2060[1]");
    expect(link.find("sup.footnote-ref").attr("id")).toBe("catatan_ref_1");
    expect($("#catatan_1 .footnote-backref").attr("href")).toBe("#catatan_ref_1");
    expect($("sup.footnote-ref a").attr("href")).toBe("#catatan_2");
  });

  it("leave a reference to a note nobody wrote as text, and say so at its first citation's line (not in code)", () => {
    const r = render("Tanpa catatan[^9].\n\nDua[^1] lalu\n[^x] dan `[^kode]` dan [^9] lagi.\n\n[^1]: Ada.");
    const $ = cheerio.load(r.html);
    expect($("p").first().text()).toBe("Tanpa catatan[^9].");
    expect(r.unwrittenNotes).toEqual([{ label: "9", line: 6 }, { label: "x", line: 9 }]);
    expect(render(BODY).unwrittenNotes).toBeUndefined();
  });
});
