/**
 * Compiled templates are kept between runs in the package (`lib/.code-cache/templates/`, see
 * src/render/template-code-cache.ts). Only ever a faster start: a kept entry gives the same site
 * as a fresh compile, and a damaged one is compiled again and replaced. Each run here uses a site
 * template with a text of its own (a random marker), so the entries it finds are its own.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtureSites, listFiles, REPO, runCli, SMALL_ARTICLE as ARTICLE, tempDir } from "../support/site.ts";

const DIR = join(REPO, "lib", ".code-cache", "templates");
const { site, track } = fixtureSites();

/** The kept entry whose code holds `marker`: the site's own template. */
function entryWith(marker: string): string | undefined {
  if (!existsSync(DIR)) return undefined;
  return readdirSync(DIR).map((n) => join(DIR, n)).find((f) => f.endsWith(".js") && readFileSync(f, "utf8").includes(marker));
}

const checksummed = (code: string): string => `// sha256 ${createHash("sha256").update(code).digest("hex")}\n${code}`;

function build(root: string): { out: string; site: Map<string, string> } {
  const out = join(track(tempDir()), "out");
  const r = runCli(["build", "--root", root, "--out", out, "--no-cache"]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe("");
  return { out, site: new Map(listFiles(out).map((f) => [f, readFileSync(join(out, f), "utf8")])) };
}

describe("compiled templates kept between runs", () => {
  it("are written once, taken by the next run, and compiled again when damaged, with the same site each time", () => {
    const marker = `tanda-${randomUUID()}`;
    const root = site({
      "articles/rapat.md": ARTICLE,
      "templates/article.njk": `{% extends "layout.njk" %}\n{% block main %}<h1>{{ page.title }}</h1><p class="${marker}">{{ page.title | upper }}</p>{% endblock %}\n`,
    });
    const first = build(root);
    expect([...first.site.values()].filter((html) => html.includes(`<p class="${marker}">RAPAT PARIPURNA DPR SAHKAN RUU</p>`))).toHaveLength(1);
    const entry = entryWith(marker);
    expect(entry, "the first run kept the site template's compiled code").toBeDefined();
    const kept = readFileSync(entry!, "utf8");
    expect(kept).toMatch(/^\/\/ sha256 [0-9a-f]{64}\n/);

    // Taken as it is: a run that compiles nothing writes nothing.
    expect(build(root).site).toEqual(first.site);
    expect(readFileSync(entry!, "utf8")).toBe(kept);
    // (It is the kept code that runs: changed along with its checksum, it is what the page shows. Code in the package is trusted as the bundle is.)
    const changedCode = kept.slice(kept.indexOf("\n") + 1).replace(marker, `${marker}-kept`);
    writeFileSync(entry!, `${checksummed(changedCode)}`);
    expect([...build(root).site.values()].some((html) => html.includes(`<p class="${marker}-kept">`))).toBe(true);

    // Damaged: cut off, bytes changed without the checksum, garbage with a right checksum; each is compiled again and replaced.
    const garbage = "this is not JavaScript {";
    const damaged = [kept.slice(0, kept.length >> 1), kept.replace(marker, `${marker}-x`), checksummed(garbage), ""];
    for (const text of damaged) {
      writeFileSync(entry!, text);
      expect(build(root).site).toEqual(first.site);
      expect(readFileSync(entry!, "utf8")).toBe(kept);
    }
  }, 120_000);

  it("gives way to the template's new text when it changes", () => {
    const marker = `tanda-${randomUUID()}`;
    const template = (word: string): string => `{% extends "layout.njk" %}\n{% block main %}<p class="${marker}">${word}</p>{% endblock %}\n`;
    const root = site({ "articles/rapat.md": ARTICLE, "templates/article.njk": template("pertama") });
    expect([...build(root).site.values()].some((html) => html.includes(`<p class="${marker}">pertama</p>`))).toBe(true);
    writeFileSync(join(root, "templates/article.njk"), template("kedua"));
    const second = [...build(root).site.values()];
    expect(second.some((html) => html.includes(`<p class="${marker}">kedua</p>`))).toBe(true);
    expect(second.some((html) => html.includes("pertama"))).toBe(false);
  }, 120_000);
});
