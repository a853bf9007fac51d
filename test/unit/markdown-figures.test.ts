/**
 * A body photo alone in its paragraph with a title is a figure, its title the caption readers
 * see (a title alone is a tooltip no phone shows: a body photo's credit was lost). The caption
 * stands for an article that is only a photo in its summary, and for no other.
 */
import * as cheerio from "cheerio";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/parse/markdown.ts";

const options = { allowRawHtml: false, linkify: false, basePath: "/" };
const render = (body: string, raw = false) => renderMarkdown(body, "2024", { ...options, allowRawHtml: raw });

describe("a body photo with a title", () => {
  it("is a figure with its title as the caption, escaped; one in a sentence, or without a title, stays an image", () => {
    const r = render('![Warga mengungsi](foto.jpg "Warga mengungsi ke lantai dua. FOTO: Rina <Warta> & Co")\n\nTeks ![ikon](ikon.png "ikon") di kalimat.\n\n![Tanpa judul](b.jpg)\n');
    const $ = cheerio.load(r.html);
    expect($("figure.body-figure").length).toBe(1);
    expect($("figure.body-figure > img").attr("alt")).toBe("Warga mengungsi");
    // The caption is not repeated as a tooltip (screen readers read a title as well as the caption).
    expect($("figure.body-figure > img").attr("title")).toBeUndefined();
    expect($('p > img[alt="ikon"]').attr("title")).toBe("ikon");
    expect($("figure.body-figure > figcaption").text()).toBe("Warga mengungsi ke lantai dua. FOTO: Rina <Warta> & Co");
    expect(r.html).toContain("<figcaption>Warga mengungsi ke lantai dua. FOTO: Rina &lt;Warta&gt; &amp; Co</figcaption>");
    expect($("p > img").map((_, i) => $(i).attr("alt")).get()).toEqual(["ikon", "Tanpa judul"]);
    // The lead is the first paragraph with words, not the caption.
    expect(r.lead).toBe("Teks ikon di kalimat.");
  });

  it("gives an article that is only a photo its caption as its lead", () => {
    expect(render('![Pasar](pasar.jpg "Pedagang menata sayur di Pasar Minggu.")\n').lead).toBe("Pedagang menata sayur di Pasar Minggu.");
    expect(render("![Pasar](pasar.jpg)\n").lead).toBe("");
  });

  it("is a figure where the site allows raw HTML too", () => {
    const $ = cheerio.load(render('![Peta](peta.png "Peta sebaran banjir. Sumber: BPBD")\n', true).html);
    expect($("figure.body-figure figcaption").text()).toBe("Peta sebaran banjir. Sumber: BPBD");
  });
});
