/**
 * Gate 6 — XSS, static half: every page of the hostile site (and the sample) parsed with
 * cheerio carries nothing executable, JSON-LD parses and cannot break out of its element. The
 * fixture is checked to be live (payloads reach the page as text), and payloads the build must
 * refuse (unsafe URLs in `image`, `source.url`, author links; path slugs) make it fail.
 * The browser half (no dialog, no page error) is in browser.test.ts.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as cheerio from "cheerio";
import { beforeAll, describe, expect, it } from "vitest";
import { buildSite, cleanup, FIXTURES, tempDir } from "../support/site.ts";
import { page } from "./lib/fixtures.ts";
import { describeProblems } from "./lib/problem.ts";
import { builtSite, requireBuilt, type BuiltSite } from "./lib/sites.ts";
import { checkXss, checkXssHtml } from "./lib/xss.ts";

let sample: BuiltSite;
let hostile: BuiltSite;
beforeAll(() => {
  sample = requireBuilt(builtSite("sample"));
  hostile = requireBuilt(builtSite("hostile"));
}, 60_000);

const TITLE = `</title><script>alert(1)</script> Judul <b>tebal</b> & "kutip" 'apostrof'`;
const load = (site: BuiltSite, p: string): cheerio.CheerioAPI => cheerio.load(readFileSync(join(site.out, p), "utf8"));

describe("gate 6: XSS (static)", () => {
  it("hostile site: no script but JSON-LD, no on* attribute, no javascript:/vbscript:/data:text/html URL, JSON-LD safe", () => {
    expect(hostile.status, hostile.stderr).toBe(0);
    expect(hostile.pages.length).toBeGreaterThan(15);
    expect(describeProblems(checkXss(hostile.out, hostile.pages))).toEqual([]);
  });

  it("sample site: same, on every page", () => {
    expect(describeProblems(checkXss(sample.out, sample.pages))).toEqual([]);
  });

  it("the hostile payloads reach the pages, as text", () => {
    const $ = load(hostile, "berita/judul-berbahaya/index.html");
    expect($("h1").text()).toBe(TITLE);
    expect($("title").text()).toBe(`${TITLE} – Warta`);
    expect($(".article__dek").text()).toBe(`"><img src=x onerror=alert(1)> ringkasan </textarea><script>alert(1)</script>`);
    expect($(".byline__author").text()).toBe("</script><!--<script>");
    expect($(".crumbs li").eq(1).text()).toBe("<img src=x onerror=alert(1)>");
    expect($(".lead-image img").attr("alt")).toBe(`" onerror="alert(1)" data-x="`);
    expect($(".lead-image figcaption").text()).toContain("<script>alert(1)</script> keterangan");
    expect($(".tags__list a").map((_, a) => $(a).text()).get()).toEqual([`"><img src=x onerror=alert(1)>`, "<svg onload=alert(1)>", "javascript:alert(1)", "</script><!--<script>"]);
    expect($(".source a").text()).toBe("</a><script>alert(1)</script>");
    expect(new URL($(".source a").attr("href")!).searchParams.get("q")).toBe(`"><script>alert(1)</script>`);
    expect($(".prose p").text()).toContain("<script>alert(1)</script>");
    expect($(".prose p").text()).toContain('<iframe srcdoc="<script>alert(1)</script>"></iframe>');
    expect($(".prose p").text()).toContain("{{ 7*7 }} {% include \"layout.njk\" %}");
    const ld: Record<string, unknown>[] = $('script[type="application/ld+json"]').get().map((s) => JSON.parse($(s).html()!) as Record<string, unknown>);
    expect(ld.find((d) => d["@type"] === "NewsArticle")?.headline).toBe(TITLE);
    // Unsafe body links are dropped, each with a warning.
    for (const scheme of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "vbscript:msgbox(1)", "data:text/html"]) expect(hostile.stderr).toContain(`unsafe link "${scheme}`);
    // Their words stay, unlinked, and no Markdown shows: the reader sees what the reporter meant to say.
    const dropped = $(".prose p").filter((_, p) => $(p).text().startsWith("Tautan berbahaya"));
    expect(dropped.text().replace(/\s+/g, " ")).toBe("Tautan berbahaya: skrip, kapital, data, vb, entitas, spasi dan gambar.");
    expect(dropped.find("a, img")).toHaveLength(0);
    const author = load(hostile, "penulis/script-script/index.html");
    expect(author("h1").text()).toBe("</script><!--<script>");
    expect(author(".profile__role").text()).toBe(`"><img src=x onerror=alert(1)>`);
    const unicode = load(hostile, "berita/unicode-dunia/index.html");
    expect(unicode("h1").text()).toBe("Warga Menyambut HUT RI 🇮🇩🎉 — مرحبا بالعالم — 東京と北京で会議 — Ẓ̌ếñ");
    expect(unicode(".prose table th")).toHaveLength(10);
  });

  it("unsafe URLs and path slugs in front matter fail the build, naming each file", () => {
    const tmp = tempDir("warta-gates-rejected-");
    const out = join(tmp, "dist");
    const r = buildSite(join(FIXTURES, "hostile-rejected"), ["--out", out, "--no-cache"]);
    const wroteOutput = existsSync(join(out, "index.html"));
    cleanup(tmp);
    expect(wroteOutput).toBe(false);
    expect(r.status).toBe(1);
    const expected: [file: string, code: string, field: string][] = [
      ["articles/sumber-javascript.md", "invalid-url", "source.url"],
      ["articles/sumber-kapital.md", "invalid-url", "source.url"],
      ["articles/sumber-data.md", "invalid-url", "source.url"],
      ["articles/gambar-javascript.md", "invalid-url", "image"],
      ["articles/gambar-kapital.md", "invalid-url", "image"],
      ["articles/gambar-data.md", "invalid-url", "image"],
      ["articles/gambar-vbscript.md", "invalid-url", "image"],
      ["articles/gambar-protokol-relatif.md", "invalid-url", "image"],
      ["articles/slug-traversal.md", "unsafe-slug", "slug"],
      ["authors/penulis-jahat.md", "invalid-url", "links[0].url"],
    ];
    for (const [file, code, field] of expected) expect(r.stderr).toMatch(new RegExp(`^${file.replace(/[.[\]]/g, "\\$&")}:\\d+:\\d+: error ${code} ${field.replace(/[.[\]]/g, "\\$&")}: `, "m"));
    expect(r.stderr).toMatch(/^10 errors/m);
  });
});

describe("gate 6 bites (static)", () => {
  it("names the page and each executable construct", () => {
    const html = page(`
      <script>alert(1)</script>
      <script src="/x.js"></script>
      <p><img src="x" alt="" onerror="alert(1)"></p>
      <p><a href="javascript:alert(1)">a</a> <a href=" JaVaScRiPt:alert(1)">b</a> <a href="java&#x09;script:alert(1)">c</a>
      <a href="vbscript:msgbox(1)">d</a> <a href="data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;">e</a></p>
      <form action="javascript:alert(1)"><button formaction="javascript:alert(1)">f</button></form>
      <iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;" title="x"></iframe>
      <p><img src="data:image/png;base64,iVBORw0KGgo=" alt="aman"> <a href="https://example.com/">aman</a></p>`,
    { head: '<script type="application/ld+json">{"headline":"</script><script>alert(1)</script>"}</script><script type="application/ld+json">{"a":</script>' });
    const problems = describeProblems(checkXssHtml("berita/jahat/index.html", html));
    const expected = [
      /executable <script>: "alert\(1\)"/,
      /executable <script>: "\/x\.js"/,
      /event handler attribute onerror="alert\(1\)" on <img>/,
      /dangerous URL in href on <a>: "javascript:alert\(1\)"/,
      /dangerous URL in href on <a>: "JaVaScRiPt:alert\(1\)"/, // leading space ignored, as by the URL parser
      /dangerous URL in href on <a>: "java script:alert\(1\)"/, // a tab inside the scheme (shown as a space)
      /dangerous URL in href on <a>: "vbscript:msgbox\(1\)"/,
      /dangerous URL in href on <a>: "data:text\/html/,
      /dangerous URL in action on <form>/,
      /dangerous URL in formaction on <button>/,
      /<iframe> element in the output/,
      /srcdoc attribute on <iframe>/,
      /JSON-LD does not parse/,
    ];
    for (const re of expected) expect(problems.some((p) => p.startsWith("[xss] berita/jahat/index.html: ") && re.test(p)), `${re} in:\n${problems.join("\n")}`).toBe(true);
    expect(problems.filter((p) => /aman|example\.com|image\/png/.test(p))).toEqual([]);
  });

  it("flags JSON-LD that carries a raw <", () => {
    const problems = describeProblems(checkXssHtml("index.html", page("", { head: '<script type="application/ld+json">{"headline":"<b>x</b>"}</script>' })));
    expect(problems).toEqual([expect.stringMatching(/^\[xss\] index\.html: JSON-LD contains a raw "<"/)]);
  });
});
