/**
 * The quick "nothing changed" check of a warm `warta build` (src/build/quick.ts): it answers
 * from the cache's quick part without loading the pipeline or the records, and only when the
 * output really is right. Every case that must not be answered that way is built again and
 * compared with a fresh build.
 */
import { chmodSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { NOW_EPOCH, snapshotDir } from "../support/site.ts";
import { articlePath, articleText, build, cacheFile, cleanupAll, expectSameOutput, freshBuild, newDir, newSite, readCache, siteFiles } from "./corpus.ts";

afterAll(cleanupAll);

const TIMED = { WARTA_TIMINGS: "1" };
/** The stages the build reports: `["unchanged"]` alone is the quick check. */
const stages = (stdout: string): string[] => Object.keys(JSON.parse(stdout.trim().split("\n").at(-1)!) as object);
const quick = (stdout: string): boolean => stages(stdout).join() === "unchanged";

describe("a warm build with nothing changed", () => {
  it("answers from the quick check, with the counts and the warnings of the full build", () => {
    const files = siteFiles();
    files[articlePath(3)] = articleText(3).replace("---\ntitle:", "---\nrubrik: Opini\ntitle:");
    const root = newSite(files);
    const out = join(newDir(), "out");
    const first = build(root, out, [], TIMED);
    expect(quick(first.stdout)).toBe(false);
    expect(first.stderr).toContain("rubrik");

    const second = build(root, out, [], TIMED);
    expect(quick(second.stdout)).toBe(true);
    const summary = (s: string): string => s.split("\n")[0]!.replace(/ in [\d.]+ s/, "");
    expect(summary(second.stdout)).toBe(summary(first.stdout).replace(/\(\d+ rendered, \d+ files written/, "(0 rendered, 0 files written"));
    expect(second.stderr).toBe(first.stderr);
  });

  it("also after a deploy step changed the output folder's owner or mode (its change time, not its content)", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    chmodSync(out, 0o750);
    chmodSync(out, 0o755);
    const again = build(root, out, [], TIMED);
    expect(quick(again.stdout)).toBe(true);
    expect(again.stdout).toMatch(/0 rendered, 0 files written/);
  });
});

describe("the quick check steps aside", () => {
  it("when a template's bytes change, even with its size and mtime put back", () => {
    const files = { ...siteFiles(), "templates/404.njk": '{% extends "layout.njk" %}{% block main %}<h1>Hilang A</h1>{% endblock %}' };
    const root = newSite(files);
    const out = join(newDir(), "out");
    build(root, out);
    const file = join(root, "templates/404.njk");
    const { atime, mtime } = statSync(file);
    writeFileSync(file, readFileSync(file, "utf8").replace("Hilang A", "Hilang B"));
    utimesSync(file, atime, mtime);
    const r = build(root, out, [], TIMED);
    expect(quick(r.stdout)).toBe(false);
    expect(readFileSync(join(out, "404.html"), "utf8")).toContain("Hilang B");
  });

  it("when time publishes a future article", () => {
    const files = siteFiles();
    // Two days after the build's "now" (NOW_EPOCH, 2024-10-01T00:00Z).
    files[articlePath(40)] = articleText(40, { date: "2024-10-03T09:00:00+07:00", title: "Terbit Dua Hari Lagi" });
    const root = newSite(files);
    const out = join(newDir(), "out");
    build(root, out);
    expect(quick(build(root, out, [], TIMED).stdout)).toBe(true);
    expect(readFileSync(join(out, "index.html"), "utf8")).not.toContain("Terbit Dua Hari Lagi");

    const later = { SOURCE_DATE_EPOCH: String(Number(NOW_EPOCH) + 3 * 86400) };
    const r = build(root, out, [], { ...later, ...TIMED });
    expect(quick(r.stdout)).toBe(false);
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("Terbit Dua Hari Lagi");
    expectSameOutput(snapshotDir(out), freshBuild(root, [], later));
  });

  it("when the options or the output folder differ", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    const other = build(root, out, ["--base-url", "https://lain.example/"], TIMED);
    expect(quick(other.stdout)).toBe(false);
    expectSameOutput(snapshotDir(out), freshBuild(root, ["--base-url", "https://lain.example/"]));
    const elsewhere = join(newDir(), "out");
    expect(quick(build(root, elsewhere, ["--base-url", "https://lain.example/"], TIMED).stdout)).toBe(false);
    expectSameOutput(snapshotDir(elsewhere), snapshotDir(out));
  });

  it("when an output file was deleted by hand", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    const before = snapshotDir(out);
    rmSync(join(out, "berita/berita-05/index.html"));
    const r = build(root, out, [], TIMED);
    expect(quick(r.stdout)).toBe(false);
    const after = snapshotDir(out);
    expect(after.get("berita/berita-05/index.html")).toBe(before.get("berita/berita-05/index.html"));
  });

  it("when its part of the cache is damaged (one bit), and the output is still right", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    const bytes = readCache(root);
    const at = bytes.indexOf(Buffer.from('"outputs":['));
    expect(at).toBeGreaterThan(0);
    bytes[at + 20]! ^= 0x01;
    writeFileSync(cacheFile(root), bytes);
    const r = build(root, out, [], TIMED);
    expect(quick(r.stdout)).toBe(false);
    expectSameOutput(snapshotDir(out), freshBuild(root));
    expect(quick(build(root, out, [], TIMED).stdout)).toBe(true);
  });

  it("a touched file reports each warning once, the config's too, as a fresh build does", () => {
    const files = siteFiles();
    files["warta.config.yaml"] = "strings:\n  myOwnKey: x\n";
    files[articlePath(3)] = articleText(3).replace("\ndate:", "\nsubjudul: x\ndate:");
    const root = newSite(files);
    const out = join(newDir(), "out");
    const first = build(root, out);
    const t = new Date(Date.now() + 5000);
    utimesSync(join(root, articlePath(6)), t, t);
    const touched = build(root, out);
    expect(touched.stderr).toBe(first.stderr);
    expect(touched.stderr.split("\n").filter((l) => l.includes("myOwnKey"))).toHaveLength(1);
    expect(touched.stderr).toContain("0 errors, 2 warnings");
  });

  it("once for a touched file, which is then taken as listed", () => {
    const root = newSite();
    const out = join(newDir(), "out");
    build(root, out);
    const t = new Date(Date.now() + 5000);
    utimesSync(join(root, articlePath(6)), t, t);
    const r = build(root, out, [], TIMED);
    expect(quick(r.stdout)).toBe(false);
    expect(r.stdout).toContain("(0 rendered, 0 files written");
    expect(quick(build(root, out, [], TIMED).stdout)).toBe(true);
  });
});

describe("time going backwards (SOURCE_DATE_EPOCH set earlier than the last build's)", () => {
  it("hides again an article the later build had published", () => {
    const files = siteFiles();
    files[articlePath(40)] = articleText(40, { date: "2024-10-03T09:00:00+07:00", title: "Terbit Dua Hari Lagi" });
    const root = newSite(files);
    const out = join(newDir(), "out");
    const later = { SOURCE_DATE_EPOCH: String(Number(NOW_EPOCH) + 3 * 86400) };
    build(root, out, [], later);
    expect(readFileSync(join(out, "index.html"), "utf8")).toContain("Terbit Dua Hari Lagi");
    const r = build(root, out, [], TIMED);
    expect(quick(r.stdout)).toBe(false);
    expect(readFileSync(join(out, "index.html"), "utf8")).not.toContain("Terbit Dua Hari Lagi");
    expectSameOutput(snapshotDir(out), freshBuild(root));
  });
});
