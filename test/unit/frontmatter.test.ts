import { describe, expect, it } from "vitest";
import { parseFrontMatter } from "../../src/parse/frontmatter.ts";

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

  it("rejects front matter over 64 KiB", () => {
    const big = `---\ntitle: "${"x".repeat(70 * 1024)}"\n---\n`;
    expect(parseFrontMatter("a.md", big).diagnostics[0]?.code).toBe("frontmatter-too-large");
  });
});
