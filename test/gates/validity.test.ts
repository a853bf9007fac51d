/**
 * Gate 1 — HTML validity. The Nu Html Checker over every page of the sample and the hostile
 * site (one JVM for everything, including the proof inputs); html-validate on one page per
 * template as the fast in-process first pass, run while the JVM works.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanup } from "../support/site.ts";
import { brokenSite, brokenTemplateSite, page } from "./lib/fixtures.ts";
import { describeProblems, type Problem } from "./lib/problem.ts";
import { articlePages, builtSite, pageTypes, requireBuilt, type BuiltSite } from "./lib/sites.ts";
import { checkHtmlValidate, checkVnu } from "./lib/validity.ts";

let sample: BuiltSite;
let hostile: BuiltSite;
let broken: string;
let brokenTemplate: ReturnType<typeof brokenTemplateSite>;
/** vnu problems per folder, from ONE run over all four. */
let vnu: Map<string, Problem[]>;
/** html-validate on the real sites and on the proof pages, run while vnu's JVM works. */
let htmlValidate: { sites: Problem[]; broken: Problem[] };

beforeAll(async () => {
  sample = requireBuilt(builtSite("sample"));
  hostile = requireBuilt(builtSite("hostile"));
  broken = brokenSite({
    "index.html": page('<p>Daftar: <a href="nesting.html">nesting</a>, <a href="alt.html">alt</a>.</p>'),
    "nesting.html": page("<p>Paragraf dengan <div>blok di dalamnya</div> yang tidak sah.</p>"),
    "alt.html": page('<img src="/images/foto.jpg" width="100" height="50">'),
    "time.html": page('<p>Terbit <time datetime="Selasa, 04 Oktober 2022">Selasa</time>.</p>'),
    "duplicate-id.html": page('<p id="konten">Id ganda.</p>'),
  });
  brokenTemplate = brokenTemplateSite();
  const dirs = [sample.out, hostile.out, broken, brokenTemplate.out];
  const [all, sites, brokenPages] = await Promise.all([
    checkVnu(dirs),
    (async () => [...(await checkHtmlValidate(sample.out, Object.values(pageTypes(sample)))), ...(await checkHtmlValidate(hostile.out, articlePages(hostile)))])(),
    checkHtmlValidate(broken, ["nesting.html", "alt.html", "duplicate-id.html", "index.html"]),
  ]);
  htmlValidate = { sites, broken: brokenPages };
  vnu = new Map(dirs.map((d) => [d, all.filter((p) => p.site === d)]));
  const stray = all.filter((p) => !dirs.includes(p.site ?? ""));
  if (stray.length) throw new Error(`vnu problems outside the checked folders:\n${describeProblems(stray).join("\n")}`);
}, 120_000);
afterAll(() => {
  cleanup(broken);
  cleanup(brokenTemplate.root);
});

describe("gate 1: HTML validity", () => {
  it("both sites build (the hostile one with warnings only)", () => {
    expect(sample.stderr).toBe("");
    expect(sample.status).toBe(0);
    expect(hostile.status, hostile.stderr).toBe(0);
    // The hostile site's only diagnostics are the dropped unsafe body links and the HTML its text shows as text.
    const kinds = [...hostile.stderr.matchAll(/^\S+:\d+:\d+: (error|warning) (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(kinds.length).toBeGreaterThan(0);
    expect(new Set(kinds)).toEqual(new Set(["warning unsafe-link", "warning raw-html"]));
    expect(hostile.pages.length).toBeGreaterThan(15);
  });

  it("vnu: zero errors on every page of the sample site", () => {
    expect(sample.pages.length).toBeGreaterThan(100);
    expect(describeProblems(vnu.get(sample.out)!)).toEqual([]);
  });

  it("vnu: zero errors on every page of the hostile site", () => {
    expect(describeProblems(vnu.get(hostile.out)!)).toEqual([]);
  });

  it("html-validate: zero errors on one page per template (sample) and every hostile article", () => {
    expect(describeProblems(htmlValidate.sites)).toEqual([]);
  });
});

describe("gate 1 bites", () => {
  const find = (problems: Problem[], pageName: string, re: RegExp): Problem | undefined => problems.find((p) => p.page === pageName && re.test(p.message));

  it("vnu names the page with invalid nesting, a missing alt, a bad datetime, a duplicate id", () => {
    const problems = vnu.get(broken)!;
    expect(find(problems, "nesting.html", /No “p” element in scope but a “p” end tag seen/)).toBeDefined();
    expect(find(problems, "alt.html", /“img” element must have an “alt” attribute/)).toBeDefined();
    expect(find(problems, "time.html", /Bad value .* for attribute “datetime”/)).toBeDefined();
    expect(find(problems, "duplicate-id.html", /Duplicate ID “konten”/)).toBeDefined();
    expect(problems.filter((p) => p.page === "index.html")).toEqual([]);
  });

  it("vnu catches a broken template in every page that uses it", () => {
    expect(brokenTemplate.status, brokenTemplate.stderr).toBe(0);
    const problems = vnu.get(brokenTemplate.out)!;
    expect(find(problems, "index.html", /No “p” element in scope|“div” not allowed as child of element “p”/)).toBeDefined();
    expect(find(problems, "index.html", /“img” element must have an “alt” attribute/)).toBeDefined();
    expect(find(problems, "tag/index.html", /./)).toBeUndefined(); // term index has no teasers
    expect(new Set(problems.map((p) => p.page)).size).toBeGreaterThan(3);
  });

  it("html-validate names the page and rule", () => {
    const problems = htmlValidate.broken;
    expect(find(problems, "nesting.html", /close-order|element-permitted-content|no-implicit-close/)).toBeDefined();
    expect(find(problems, "alt.html", /wcag\/h37|alt/)).toBeDefined();
    expect(find(problems, "duplicate-id.html", /no-dup-id/)).toBeDefined();
    expect(problems.filter((p) => p.page === "index.html")).toEqual([]);
  });
});
