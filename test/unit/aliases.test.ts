import { describe, expect, it } from "vitest";
import { oldAddress as address } from "../../src/parse/aliases.ts";

const oldAddress = (raw: string): ReturnType<typeof address> => address(raw, "berita/");

describe("oldAddress: an article's old address as the URL of its page", () => {
  it("a folder path stays a folder; a path without a slash at the end names a folder; .html names a file", () => {
    expect(oldAddress("/berita/harga-beras-naik/")).toEqual({ url: "berita/harga-beras-naik/" });
    expect(oldAddress("/read/2022/10/04/12345/judul-lama")).toEqual({ url: "read/2022/10/04/12345/judul-lama/" });
    expect(oldAddress("/arsip/berita-lama.html")).toEqual({ url: "arsip/berita-lama.html" });
    expect(oldAddress("/arsip/BERITA.HTM")).toEqual({ url: "arsip/BERITA.HTM" });
  });

  it("without the leading slash, a path among the articles (an old slug alone is that article's old address)", () => {
    expect(oldAddress("judul-lama")).toEqual({ url: "berita/judul-lama/" });
    // A path without it is from the site's root all the same: `berita/judul-lama` is not /berita/berita/….
    expect(oldAddress("./2022/judul-lama.html")).toEqual({ url: "2022/judul-lama.html" });
    expect(oldAddress("berita/judul-lama")).toEqual({ url: "berita/judul-lama/" });
    expect(oldAddress("judul-lama/")).toEqual({ url: "berita/judul-lama/" });
    expect(oldAddress("../rahasia/")).toEqual({ problem: expect.stringContaining('".." segment') });
  });

  it("percent escapes are decoded as a static host decodes the request; Unicode is NFC", () => {
    expect(oldAddress("/berita/kopi%20tubruk-100%25/")).toEqual({ url: "berita/kopi tubruk-100%/" });
    expect(oldAddress("/berita/%20kopi/")).toEqual({ problem: expect.stringContaining("space at an end") });
    expect(oldAddress("/arsip/{id}^x/")).toEqual({ url: "arsip/{id}^x/" });
    expect(oldAddress("/berita/100%25-naik/")).toEqual({ url: "berita/100%-naik/" });
    expect(oldAddress("/berita/cafe\u0301/")).toEqual({ url: "berita/caf\u00e9/" });
    expect(oldAddress("/berita/%E2%82%AC/")).toEqual({ url: "berita/€/" });
  });

  it("refuses what cannot be a file of the site or a page a static host serves", () => {
    const problem = (s: string): string => {
      const r = oldAddress(s);
      return "problem" in r ? r.problem : `accepted as ${r.url}`;
    };

    expect(problem("https://contoh.id/berita/lama/")).toContain("is a full URL");
    expect(problem("//contoh.id/berita/lama/")).toContain("is a full URL");
    expect(problem("javascript:alert(1)")).toContain("is a full URL");
    expect(problem("/")).toBe("/ is the home page");
    expect(problem("/berita/lama/?id=5")).toContain("?query or #fragment");
    expect(problem("/berita/lama/#atas")).toContain("?query or #fragment");
    expect(problem("/berita//lama/")).toContain("empty segment");
    expect(problem("/berita/../../etc/")).toContain('".." segment');
    expect(problem("/berita/%2e%2e/x/")).toContain('".." segment');
    expect(problem("/berita/a%2Fb/")).toContain("slash");
    expect(problem("/berita/a%5Cb/")).toContain("slash");
    expect(problem("/berita/a%00b/")).toContain("control character");
    // Windows hosts drop a last dot and cannot hold device names; names that only begin like one pass.
    expect(problem("/dotted./")).toContain("ends in a dot");
    for (const raw of ["/CON", "/read/nul.html", "/Com1/x/", "/lpt9/"]) expect(problem(raw), raw).toContain("Windows device");
    for (const raw of ["/console/", "/read/nulis.html", "/com10/", "/auxiliary/", "/a.b/"]) expect(problem(raw), raw).toMatch(/^accepted as /);
    expect(problem("/berita/a\u200bb/")).toContain("control character");
    expect(problem("/berita/a%0Ab/")).toContain("control character");
    expect(problem("/berita/%zz/")).toContain("% that starts no escape");
    expect(problem("/.htaccess")).toContain("starts with a dot");
    expect(problem("/.well-known/security.txt")).toContain("starts with a dot");
    expect(problem("/berita/%2Egit/")).toContain("starts with a dot");
    expect(problem('/berita/"><script>/')).toContain("quote");
    expect(problem(`/arsip/${"b".repeat(201)}/`)).toContain("longer than 200 bytes");
    expect(problem(`/arsip/${"%E4%B8%AD".repeat(67)}/`)).toContain("longer than 200 bytes");
    expect(problem(`/${"a/".repeat(501)}`)).toContain("longer than 1000 bytes");
  });
});
