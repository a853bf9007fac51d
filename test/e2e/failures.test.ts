/**
 * Failures of the system under a real `warta build`: a disk that fills up, in either thread of a
 * two-thread full build, and a failure warta has no words for. They are made by a preloaded
 * module (test/support/inject-failure.cjs) where a test cannot fill a disk for real; the rest of
 * the process is warta as it ships.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupAll, newDir, newSite, siteFiles } from "../cache/corpus.ts";
import { CLI, listFiles, NOW_EPOCH, REPO } from "../support/site.ts";

afterAll(cleanupAll);

const INJECT = join(REPO, "test", "support", "inject-failure.cjs");

function build(root: string, out: string, env: Record<string, string> = {}, nodeFlags: string[] = [], cli = CLI): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [...nodeFlags, "-r", INJECT, cli, "build", "--root", root, "--out", out, "--no-cache"], {
    env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1", ...env },
    encoding: "utf8",
    timeout: 120_000,
  });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const snapshot = (dir: string): Map<string, string> => new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), "latin1")]));
/** What a stopped build could leave beside the output: its staging folder. */
const leftovers = (out: string): string[] => readdirSync(dirname(out)).filter((n) => n.startsWith(`${basename(out)}.warta-tmp-`));

describe("a disk that fills up during a full build", () => {
  // 300 articles, ~900 pages: with WARTA_WORKERS=1 both threads render, whatever the size.
  const root = newSite(siteFiles(300));
  const out = join(newDir(), "dist");
  const first = build(root, out);

  // The main thread fails part-way through its pages, while the helper is still writing hers. (After
  // 100 of its writes, not 300: the threads take chunks of 50 of the ~900 pages as they come, and on
  // a busy machine the helper took so many that the main thread wrote fewer than 300, and nothing failed.)
  it.each([["helper", "0"], ["main", "100"]])("in the %s thread: one line naming the page and ENOSPC, the output as it was, nothing left beside it", (thread, after) => {
    expect(first.status, first.stderr).toBe(0);
    const before = snapshot(out);
    const r = build(root, out, { WARTA_WORKERS: "1", INJECT_FAIL: "enospc", INJECT_AT: ".warta-tmp-", INJECT_THREAD: thread, INJECT_AFTER: after });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^warta: cannot write \\S+\\.html in ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: ENOSPC: no space left on device, write; the output is as it was\\n$`));
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
  }, 120_000);
});

describe("a disk that is full before the build starts", () => {
  it("cannot lock the output folder: says so, leaves no empty lock behind, and the output is as it was", () => {
    const root = newSite(siteFiles(3));
    const out = join(newDir(), "dist");
    expect(build(root, out).status).toBe(0);
    const before = snapshot(out);
    const r = build(root, out, { INJECT_FAIL: "enospc", INJECT_AT: ".warta-lock" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("cannot lock the output folder: ENOSPC: no space left on device");
    expect(readdirSync(dirname(out)).filter((n) => n.includes(".warta-lock"))).toEqual([]);
    expect(snapshot(out)).toEqual(before);
  }, 60_000);
});

describe("a failure warta has no words for", () => {
  it.each(["throw", "warn", "none"])("ends the build with its stack and status 1 (node --unhandled-rejections=%s)", (mode) => {
    const flags = [`--unhandled-rejections=${mode}`];
    const root = newSite(siteFiles(3));
    const out = join(newDir(), "dist");
    const r = build(root, out, { INJECT_FAIL: "rename", INJECT_AT: ".warta-tmp-" }, flags);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain("Error: boom: a failure warta has no words for");
    expect(r.stdout).toBe("");
  }, 60_000);
});

describe("a helper thread that ends without answering", () => {
  // The main thread waits for the helper synchronously, where a worker's exit never reached it:
  // such a build waited for ever. The helper now says it stopped (src/build/helper-entry.ts).
  const root = newSite(siteFiles(300));
  const out = join(newDir(), "dist");
  const first = build(root, out);

  it.each([
    ["mid-render (the thread exits)", { INJECT_FAIL: "exit", INJECT_AFTER: "5" }, [], "helper thread failed: the helper thread exited (code 3)"],
    ["out of memory (V8 ends it and no handler of its own runs)", { INJECT_FAIL: "oom" }, ["--max-old-space-size=150"], "helper thread failed: it ended without a word (out of memory?)"],
  ])("%s: the build fails at once, the output as it was", (_, inject, nodeFlags, said) => {
    expect(first.status, first.stderr).toBe(0);
    const before = snapshot(out);
    const r = build(root, out, { WARTA_WORKERS: "1", INJECT_AT: ".warta-tmp-", INJECT_THREAD: "helper", ...inject }, nodeFlags);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain(said);
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
  }, 120_000);

  it("whose code is missing (a damaged install): the build fails at once with the module's name", () => {
    // A copy of the package without the helper's chunk.
    const pkg = newDir();
    for (const part of ["package.json", "lib", "templates"]) cpSync(join(REPO, part), join(pkg, part), { recursive: true });
    symlinkSync(join(REPO, "node_modules"), join(pkg, "node_modules"));
    rmSync(join(pkg, "lib", ".code-cache"), { recursive: true, force: true });
    const chunk = readdirSync(join(pkg, "lib", "chunks")).find((n) => /^helper-worker-[A-Z0-9]+\.js$/.test(n));
    expect(chunk, "the helper's own chunk").toBeDefined();
    rmSync(join(pkg, "lib", "chunks", chunk!));
    const fresh = join(newDir(), "dist");
    mkdirSync(fresh);
    const r = build(root, fresh, { WARTA_WORKERS: "1" }, [], join(pkg, "lib", "cli", "main.js"));
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain("helper thread failed");
    expect(r.stderr).toContain(chunk);
    expect(readdirSync(fresh)).toEqual([]);
    expect(leftovers(fresh)).toEqual([]);
  }, 120_000);
});

describe("a signal while a full build swaps its folder in", () => {
  // The swap is two renames: the output aside (`<out>.warta-old-…`), the new one in its place.
  const root = newSite(siteFiles(20));
  const signalled = (out: string, signal: string): ReturnType<typeof build> =>
    build(root, out, { INJECT_FAIL: "signal", INJECT_SIGNAL: signal, INJECT_AT: ".warta-old-", INJECT_THREAD: "main" });

  it("SIGTERM or SIGINT waits for the second rename: the new output is whole, and the build says it stopped", () => {
    for (const [signal, status] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
      const out = join(newDir(), "dist");
      expect(build(root, out).status).toBe(0);
      const site = snapshot(out);
      const r = signalled(out, signal);
      expect(r.status, r.stderr).toBe(status);
      expect(r.stderr).toContain(`warta: stopped by ${signal} after the output was complete`);
      expect(snapshot(out)).toEqual(site);
    }
  }, 120_000);

  it("SIGKILL between the renames: the next build, even one that fails, puts the previous output back", async () => {
    const out = join(newDir(), "dist");
    expect(build(root, out).status).toBe(0);
    const before = snapshot(out);
    const killed = spawnSync(process.execPath, ["-r", INJECT, CLI, "build", "--root", root, "--out", out, "--no-cache"], {
      env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1", INJECT_FAIL: "signal", INJECT_SIGNAL: "SIGKILL", INJECT_AT: ".warta-old-", INJECT_THREAD: "main" },
      encoding: "utf8",
      timeout: 120_000,
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(readdirSync(dirname(out)).filter((n) => n === "dist")).toEqual([]);
    // A content error: this build writes nothing, and the output is the one the killed build set aside.
    const broken = newSite({ ...siteFiles(20), "articles/rusak.md": "---\ntitle: Rusak\ndate: 2024-02-30\nauthor: R\n---\nx\n" });
    const failed = build(broken, out);
    expect(failed.status, failed.stderr).toBe(1);
    expect(snapshot(out)).toEqual(before);
    // The killed build's staging folder is set aside and removed in the background.
    const aside = (): string[] => readdirSync(dirname(out)).filter((n) => n.startsWith("dist.warta-"));
    for (let i = 0; i < 100 && aside().length; i++) await new Promise((r) => setTimeout(r, 50));
    expect(aside()).toEqual([]);
  }, 120_000);

  it("a previous output that was being deleted after a whole swap is never put back", () => {
    // What a remover stopped half-way leaves (its build's process is gone), with no output beside it: a reader must not get it back.
    const out = join(newDir(), "dist");
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!;
    const halfGone = `${out}.warta-old-${dead}-${Date.now().toString(36)}-done`;
    mkdirSync(join(halfGone, "berita"), { recursive: true });
    writeFileSync(join(halfGone, "berita", "sisa.html"), "<p>sisa</p>");
    const broken = newSite({ ...siteFiles(3), "articles/rusak.md": "---\ntitle: Rusak\ndate: 2024-02-30\nauthor: R\n---\nx\n" });
    expect(build(broken, out).status).toBe(1);
    expect(readdirSync(dirname(out)).includes("dist")).toBe(false);
  }, 60_000);
});
