import { describe, expect, it } from "vitest";
import { fieldLine } from "../../src/parse/zod-diagnostics.ts";

const lines = [
  "title: X", // 1
  "publisher:", // 2
  "  name: P", // 3
  "", // 4
  "  # the site", // 5
  "  url: ftp://x", // 6
  "links:", // 7
  "  - label: A", // 8
  "    url: https://a.id", // 9
  "  -", // 10
  "    label: B", // 11
  "    url: ftp://b", // 12
  "menu:", // 13
  "- Politik", // 14
  "- 5", // 15
  "tags: [a, {url: x}]", // 16
  "url: top", // 17
];

describe("fieldLine", () => {
  it("finds a field below a top-level key at its own line, key by key and item by item", () => {
    expect(fieldLine(lines, 2, ["url"])).toBe(6);
    expect(fieldLine(lines, 2, "name")).toBe(3);
    expect(fieldLine(lines, 7, [0, "label"])).toBe(8);
    expect(fieldLine(lines, 7, [0, "url"])).toBe(9);
    expect(fieldLine(lines, 7, [1])).toBe(10);
    expect(fieldLine(lines, 7, [1, "url"])).toBe(12);
    expect(fieldLine(lines, 13, [1])).toBe(15);
    expect(fieldLine(lines, 2, [])).toBe(2);
  });

  it("stops at the last step written on a line of its own: a flow value, a missing key, the next top-level key", () => {
    expect(fieldLine(lines, 16, [1, "url"])).toBe(16);
    expect(fieldLine(lines, 7, [0, "role"])).toBe(8);
    expect(fieldLine(lines, 7, [2, "url"])).toBe(7);
    expect(fieldLine(lines, 13, ["url"])).toBe(13);
    expect(fieldLine(lines, 2, ["label"])).toBe(2);
  });
});
