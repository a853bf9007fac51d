/**
 * A large cold build parses (from 1,500 articles) and renders (from 10,000 pages) on two threads,
 * which take chunks of the work as they go. The site must not depend on which thread did what:
 * same bytes, same problems reported, as a build on one thread (WARTA_WORKERS=0). The two-thread
 * builds here set WARTA_WORKERS=1, which starts the helper for both stages whatever the size:
 * this site has 1,600 articles but fewer than 10,000 pages.
 */
import { readFileSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { articlePath, articleText, build, cleanupAll, expectSameOutput, freshBuild, newDir, newSite, siteFiles } from "../cache/corpus.ts";
import { buildSite } from "../support/site.ts";

const COUNT = 1600;
const ONE_THREAD = { WARTA_WORKERS: "0" };
const TWO_THREADS = { WARTA_WORKERS: "1" };

afterAll(cleanupAll);

describe.skipIf(availableParallelism() < 2)(`a ${COUNT}-article site on two threads`, () => {
  it("gives the same bytes as on one thread", () => {
    const root = newSite(siteFiles(COUNT));
    const two = freshBuild(root, [], TWO_THREADS);
    const one = freshBuild(root, [], ONE_THREAD);
    expectSameOutput(two, one);
    // Every article has its page: parsing on the helper lost none.
    for (const i of [1, 2, 799, 800, 1599, COUNT]) expect(Buffer.from(two.get(`berita/berita-${String(i).padStart(2, "0")}/index.html`) ?? "", "base64").toString("utf8"), `article ${i}`).toContain(`Berita nomor ${i}:`);
  }, 180_000);

  it("reports the same problems, wherever the broken articles were parsed", () => {
    const files = siteFiles(COUNT);
    for (const i of [3, 4, 900, 1597, 1598]) files[articlePath(i)] = articleText(i, { date: "kemarin sore" });
    const root = newSite(files);
    const two = buildSite(root, ["--no-cache", "--out", newDir()], TWO_THREADS);
    const one = buildSite(root, ["--no-cache", "--out", newDir()], ONE_THREAD);
    expect(two.status).toBe(1);
    expect(one.status).toBe(1);
    expect(two.stderr).toBe(one.stderr);
    for (const i of [3, 4, 900, 1597, 1598]) expect(two.stderr).toContain(articlePath(i));
  }, 180_000);

  it("a cached rebuild after a cold two-thread build changes nothing; one after an output file was deleted puts it back", () => {
    const root = newSite(siteFiles(COUNT));
    const out = newDir();
    build(root, out, [], TWO_THREADS);
    const again = build(root, out);
    expect(again.stdout).toMatch(/0 rendered, 0 files written/);
    const page = join(out, "berita/berita-1234/index.html");
    const bytes = readFileSync(page);
    rmSync(page);
    const mended = build(root, out);
    expect(mended.stdout).not.toMatch(/0 files written/);
    expect(readFileSync(page).equals(bytes)).toBe(true);
    expect(build(root, out).stdout).toMatch(/0 rendered, 0 files written/);
  }, 180_000);
});
