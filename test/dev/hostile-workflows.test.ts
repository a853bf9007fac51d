/**
 * What happens to a newsroom's folders while `warta dev` (or a build) runs: a site reached
 * through a link, an output emptied by hand, a folder or file made unreadable, Ctrl+C while a
 * build replaces pages. Each once left a stale preview, a dead end, a crash or a mixed site.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, listFiles, NOW_EPOCH, snapshotDir, writeSite } from "../support/site.ts";
import { articlePath, compareWithFresh, fixtureArticle, headline, makeSite, until, useDevServers, write } from "./helpers.ts";

const devOn = useDevServers();
const asRoot = process.getuid?.() === 0;
/** As root every file is readable: such cases run the CLI as `nobody`. */
const asNobody = (args: string[]): [string, string[]] => (asRoot ? ["setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, ...args]] : [process.execPath, args]);

/** A folder `nobody` may enter and write, with the site in `site/`. */
function openBase(files: Record<string, string>): { base: string; root: string } {
  const base = mkdtempSync(join(tmpdir(), "warta-hostile-dev-"));
  const root = writeSite(files, join(base, "site"));
  spawnSync("chmod", ["-R", "a+rwX", base]);
  return { base, root };
}

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill("SIGKILL");
});

describe("warta dev", () => {
  it.each([
    ["replaced by a copy", (root: string): void => {
      cpSync(root, `${root}-salinan`, { recursive: true });
      rmSync(root, { recursive: true });
      renameSync(`${root}-salinan`, root);
    }],
    ["moved away and back", async (root: string): Promise<void> => {
      renameSync(root, `${root}-pindah`);
      await new Promise((r) => setTimeout(r, 1200));
      renameSync(`${root}-pindah`, root);
    }],
  ])("watches the site folder again once it was %s", async (_, change) => {
    const out = join(mkdtempSync(join(tmpdir(), "warta-out-")), "dist");
    const dev = await devOn(makeSite(3), { out });
    const title = (): string => /<h1[^>]*>([^<]*)<\/h1>/.exec(readFileSync(join(out, "berita", "berita-nomor-1", "index.html"), "utf8"))?.[1] ?? "";
    await change(dev.root);
    await until(() => dev.logs.some((l) => l.includes("was moved or replaced; watching it again")) || undefined, 5000, "the new folder watched");
    write(dev.root, articlePath(1), fixtureArticle(1, "Judul Sesudah Diganti"));
    await until(() => title() === "Judul Sesudah Diganti" || undefined, 8000, "the save after it built");
    rmSync(dirname(out), { recursive: true, force: true });
  });

  it("says why a saved draft or a story dated later has no page, with the flag that shows it", async () => {
    const dev = await devOn(makeSite(3));
    write(dev.root, articlePath(7), fixtureArticle(7, "Draf Baru", { draft: "true" }));
    await until(() => dev.logs.some((l) => l.includes(`${articlePath(7)} is a draft`)) || undefined, 8000, "the draft said");
    expect(dev.logs.join("\n")).toContain(`warta dev: ${articlePath(7)} is a draft (draft: true): not on the site; restart with warta dev --drafts to see drafts, or publish it with draft: false`);
    write(dev.root, articlePath(8), fixtureArticle(8, "Besok", { date: "2099-01-01T08:00:00+07:00" }));
    await until(() => dev.logs.some((l) => l.includes(`${articlePath(8)} is dated after now`)) || undefined, 8000, "the later story said");
    // A published story saved says nothing of the kind.
    write(dev.root, articlePath(1), fixtureArticle(1, "Judul Baru"));
    await until(() => dev.logs.some((l) => l.includes(articlePath(1)) && l.includes("rendered")) || undefined, 8000, "the edit built");
    expect(dev.logs.filter((l) => l.includes(`${articlePath(1)} is`))).toEqual([]);
  });

  it("sees the saves of a site whose folder is given through a symbolic link", async () => {
    const real = makeSite(4);
    const link = `${real}-link`;
    symlinkSync(real, link);
    try {
      const dev = await devOn(link);
      write(real, articlePath(1), fixtureArticle(1, "Judul Lewat Tautan"));
      await until(() => headline(dev, "berita-nomor-1") === "Judul Lewat Tautan" || undefined);
      expect(await compareWithFresh(dev)).toEqual([]);
    } finally {
      rmSync(link);
    }
  });

  it("a link back to the site folder or into its output is a symlink-loop error that reads nothing under it; once removed, the site builds again", async () => {
    const dev = await devOn(makeSite(4, { "secret.txt": "RAHASIA-XYZ" }));
    const settledWith = async (code: string | undefined) =>
      until(async () => {
        const o = await dev.settled();
        const codes = o.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file} ${d.code}`);
        return (code ? codes.length > 0 && codes.every((c) => c.endsWith(` ${code}`)) && o : o.ok && o) || undefined;
      }, 15_000, `${code ?? "a good build"} after the links`);
    symlinkSync("..", join(dev.root, "articles/semua"));
    symlinkSync("../dist", join(dev.root, "articles/hasil"));
    write(dev.root, articlePath(1), fixtureArticle(1, "Setelah Tautan"));
    const o = await settledWith("symlink-loop");
    expect(o.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(["articles/hasil symlink-loop", "articles/semua symlink-loop"]);
    expect(listFiles(dev.out).filter((f) => /^(semua|hasil)\//.test(f))).toEqual([]);
    rmSync(join(dev.root, "articles/semua"));
    rmSync(join(dev.root, "articles/hasil"));
    write(dev.root, articlePath(2), fixtureArticle(2, "Tanpa Tautan"));
    await settledWith(undefined);
    expect(headline(dev, "berita-nomor-2")).toBe("Tanpa Tautan");
    expect(await compareWithFresh(dev)).toEqual([]);
  });

  it("after the output is emptied by hand, the next save builds the whole site again", async () => {
    const dev = await devOn(makeSite(6));
    for (const name of readdirSync(dev.out)) rmSync(join(dev.out, name), { recursive: true });
    write(dev.root, articlePath(2), fixtureArticle(2, "Disunting Setelah Dikosongkan"));
    await until(() => listFiles(dev.out).includes("index.html") || undefined);
    expect(headline(dev, "berita-nomor-2")).toBe("Disunting Setelah Dikosongkan");
    expect(await compareWithFresh(dev)).toEqual([]);
  });

  it("a folder made unreadable is an error that keeps the last good pages, not articles that vanish", async () => {
    const files: Record<string, string> = { "articles/a/satu.md": fixtureArticle(1, "Satu"), "articles/b/dua.md": fixtureArticle(2, "Dua") };
    const { base, root } = openBase(files);
    let child: ChildProcess | undefined;
    try {
      const [cmd, args] = asNobody([CLI, "dev", "--root", root, "--port", "0"]);
      child = spawn(cmd, args, { env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
      children.push(child);
      let out = "";
      child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
      child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
      await until(() => out.includes("watching for changes") || undefined, 30_000, "dev to start");
      chmodSync(join(root, "articles/b"), 0o000);
      await until(() => /articles\/b\/:1:1: error encoding: cannot read folder: EACCES/.test(out) || undefined, 30_000, `an encoding error, got:\n${out}`);
      // No rebuild went through (each logs "… N removed in … ms"): the failed one kept the output.
      expect(out).not.toMatch(/removed in/);
      expect(existsSync(join(root, "dist/berita/dua/index.html")), out).toBe(true);
      expect(readFileSync(join(root, "dist/berita/dua/index.html"), "utf8")).toContain("Dua");
    } finally {
      // Stopped before the folder is removed: a build it ran meanwhile would write into it.
      if (child && child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child!.once("exit", r));
        child.kill("SIGKILL");
        await exited;
      }
      chmodSync(join(root, "articles/b"), 0o755);
      rmSync(base, { recursive: true, force: true });
    }
  });
});

describe("warta build", () => {
  it("an output folder holding what is left of the last build (emptied by hand but for one folder) is built again, not refused", () => {
    const root = makeSite(6);
    try {
      const run = (): ReturnType<typeof spawnSync> => spawnSync(process.execPath, [CLI, "build", "--root", root], { encoding: "utf8", env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1" } });
      expect(run().status).toBe(0);
      const full = snapshotDir(join(root, "dist"));
      for (const name of readdirSync(join(root, "dist"))) if (name !== "berita") rmSync(join(root, "dist", name), { recursive: true });
      const again = run();
      expect(again.status, String(again.stderr)).toBe(0);
      expect(snapshotDir(join(root, "dist"))).toEqual(full);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it("a copied file it cannot read is an error naming it, before anything is written (not a crash)", () => {
    const { base, root } = openBase({ "articles/a.md": fixtureArticle(1, "Satu"), "static/a.txt": "rahasia" });
    try {
      chmodSync(join(root, "static/a.txt"), 0o000);
      const [cmd, args] = asNobody([CLI, "build", "--root", root, "--no-cache"]);
      const r = spawnSync(cmd, args, { encoding: "utf8", env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1" } });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toMatch(/^static\/a\.txt:1:1: error encoding: cannot read file: EACCES$/m);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      // `check` reads what `build` reads: the same error.
      const [checkCmd, checkArgs] = asNobody([CLI, "check", "--root", root]);
      const checked = spawnSync(checkCmd, checkArgs, { encoding: "utf8", env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1" } });
      expect(checked.status, checked.stderr).toBe(1);
      expect(checked.stderr).toMatch(/^static\/a\.txt:1:1: error encoding: cannot read file: EACCES$/m);
      expect(readdirSync(root).sort()).toEqual(["articles", "static"]);
    } finally {
      rmSync(base, { recursive: true, force: true });
    }
  });

  it("Ctrl+C while it replaces pages in place waits for the last one: the output is the new site, whole", async () => {
    const n = 300;
    const files: Record<string, string> = { "warta.config.yaml": "title: Warta Uji\nperPage: 10\n" };
    for (let i = 0; i < n; i++) files[articlePath(i)] = fixtureArticle(i);
    const root = writeSite(files);
    const dir = mkdtempSync(join(tmpdir(), "warta-sigint-"));
    try {
      const env = { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1" };
      expect(spawnSync(process.execPath, [CLI, "build", "--root", root], { env }).status).toBe(0);
      // Two articles in three get a new sentence: some hundreds of pages replaced one by one (a
      // change to most pages would be a full build, written beside the output and swapped in).
      for (let i = 0; i < n; i++) if (i % 3 !== 0) writeFileSync(join(root, articlePath(i)), fixtureArticle(i, undefined, {}, `Isi baru berita ${i}.`));
      const state = join(root, ".warta-cache", "state.bin");
      const child = spawn(process.execPath, [CLI, "build", "--root", root], { env, stdio: ["ignore", "pipe", "pipe"] });
      children.push(child);
      let stderr = "";
      child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      // The cache marks its state just before the first page is replaced: that is when to interrupt
      // (polled every millisecond: the writes take a few tens).
      await new Promise<void>((resolve, reject) => {
        const t0 = Date.now();
        const poll = setInterval(() => {
          if (readFileSync(state).includes("f".repeat(64))) {
            clearInterval(poll);
            child.kill("SIGINT");
            resolve();
          } else if (Date.now() - t0 > 60_000) {
            clearInterval(poll);
            reject(new Error(`no write phase seen: ${stderr}`));
          }
        }, 1);
      });
      const code = await exited;
      const fresh = join(dir, "fresh");
      expect(spawnSync(process.execPath, [CLI, "build", "--root", root, "--out", fresh, "--no-cache"], { env }).status).toBe(0);
      expect(code, stderr).toBe(130);
      expect(stderr).toMatch(/stopped by SIGINT after the output was complete/);
      expect(snapshotDir(join(root, "dist"))).toEqual(snapshotDir(fresh));
    } finally {
      rmSync(root, { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
