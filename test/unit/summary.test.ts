/**
 * The summary cut from a body's first paragraph: at most so many characters as a reader counts
 * them, between words, in every script.
 */
import { describe, expect, it } from "vitest";
import { truncate } from "../../src/parse/article.ts";

const graphemeCount = (s: string): number => [...new Intl.Segmenter(undefined, { granularity: "grapheme" }).segment(s)].length;

describe("truncate", () => {
  it("leaves short text alone and cuts Latin text at the last space, without trailing punctuation", () => {
    expect(truncate("Pendek saja.", 20)).toBe("Pendek saja.");
    expect(truncate("Harga cabai naik, kata pedagang di pasar induk", 24)).toBe("Harga cabai naik, kata…");
  });

  it("never splits a flag, a combining accent or a family emoji", () => {
    const flags = truncate(`x${"🇮🇩".repeat(200)}`, 50);
    expect(flags).toBe(`x${"🇮🇩".repeat(49)}…`);
    const accents = truncate(`x${"e\u0301".repeat(200)}`, 50);
    expect(accents.endsWith("e\u0301…")).toBe(true);
    expect(graphemeCount(accents)).toBe(51);
    const family = "👨‍👩‍👧‍👦";
    expect(truncate(`x${family.repeat(300)}`, 30)).toBe(`x${family.repeat(29)}…`);
  });

  it("cuts Thai, written without spaces, between words: `น้ำ` (water) stays whole", () => {
    const thai = "ผู้ใหญ่บ้านกล่าวว่าน้ำท่วมหนักมาก".repeat(8);
    for (const prefix of ["xxx", "xxxx", "xxxxx"]) {
      const cut = truncate(prefix + thai, 40);
      expect(cut.endsWith("…")).toBe(true);
      expect(graphemeCount(cut) - 1).toBeLessThanOrEqual(40);
      const body = cut.slice(0, -1);
      // The cut is at a word boundary of the full text.
      const boundaries = new Set([...new Intl.Segmenter("th", { granularity: "word" }).segment(prefix + thai)].map((w) => w.index));
      expect(boundaries.has(body.length), `${prefix}: ${body}`).toBe(true);
    }
  });
});
