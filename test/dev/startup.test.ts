/**
 * Start-up: the server answers from its own thread, so the home page of the first build is served
 * as soon as it is written, while the rest of the site is still being built. Pages not written yet
 * wait for the build instead of being answered from an older output.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/build/pipeline.ts";
import { articlePath, afterRender, fixtureArticle, makeSite, NOW_MS, startTestDev, TEMPLATES, until, write } from "./helpers.ts";
import { cleanup } from "../support/site.ts";

/** Fetch URLs from another process while this thread is busy building; `null` when no answer came in `ms`. */
function fetchElsewhere(urls: { url: string; ms: number }[]): ({ status: number; type: string; text: string } | null)[] {
  const script = `
    const urls = JSON.parse(process.argv[1]);
    const out = [];
    for (const { url, ms } of urls) {
      try {
        const r = await fetch(url, { signal: AbortSignal.timeout(ms) });
        out.push({ status: r.status, type: r.headers.get("content-type"), text: await r.text() });
      } catch { out.push(null); }
    }
    process.stdout.write(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, JSON.stringify(urls)], { encoding: "utf8", timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as ReturnType<typeof fetchElsewhere>;
}

describe("warta dev: start-up", () => {
  it("with a broken config says it once, says there is nothing to serve yet, and builds when the config is fixed", async () => {
    const root = makeSite(3, { "warta.config.yaml": "title: Warta Uji\nperPage: -3\n" });
    const dev = await startTestDev(root);
    try {
      const first = await dev.settled();
      expect(first.ok).toBe(false);
      // The check after the watcher's scan built it a second time, and printed it all again.
      expect(dev.counters().builds).toBe(1);
      expect(dev.warnings.filter((w) => w.includes("perPage"))).toHaveLength(1);
      expect(dev.warnings.join("\n")).toContain("warta dev: build failed; nothing to serve until a build succeeds");
      expect(dev.warnings.join("\n")).not.toContain("still serving the last good output");
      write(root, "warta.config.yaml", "title: Warta Uji\nperPage: 4\n");
      await until(async () => (await dev.settled()).ok || undefined, 15_000, "the build after the fix");
      expect(readFileSync(join(dev.out, "index.html"), "utf8")).toContain("Warta Uji");
    } finally {
      await dev.close();
      cleanup(root);
    }
  });

  it("serves the first build's home page and stylesheet before the build ends, and holds the other pages until it does", async () => {
    const root = makeSite(6);
    const newest = articlePath(5); // 6 June: first on the home page
    // An older output in the folder: nothing of it may be served while the new build runs.
    write(root, newest, fixtureArticle(5, "Judul Lama"));
    expect(build({ root, out: join(root, "dist"), nowMs: NOW_MS, builtinTemplates: TEMPLATES }).ok).toBe(true);
    write(root, newest, fixtureArticle(5, "Judul Baru"));

    const logs: string[] = [];
    const hook = afterRender();
    let during: ReturnType<typeof fetchElsewhere> = [];
    hook.then(() => {
      // This thread is inside the first build (its pages rendered, nothing swapped in yet).
      const url = /serving (\S+)/.exec(logs.join("\n"))?.[1];
      expect(url).toBeDefined();
      during = fetchElsewhere([
        { url: url!, ms: 20_000 },
        { url: new URL("assets/warta.css", url).href, ms: 20_000 },
        { url: new URL("berita/berita-nomor-5/", url).href, ms: 1_500 },
      ]);
    });
    const dev = await startTestDev(root, { progress: hook.progress, log: (s) => logs.push(s) });
    try {
      const [home, css, held] = during;
      expect(home?.status).toBe(200);
      expect(home?.text).toContain("Judul Baru");
      expect(home?.text).not.toContain("Judul Lama");
      expect(css?.status).toBe(200);
      expect(css?.type).toMatch(/^text\/css/);
      // Not answered while the build ran (neither from the old output nor with a 404).
      expect(held).toBeNull();

      expect((await dev.settled()).ok).toBe(true);
      // The page served early is the page of the finished build, byte for byte.
      expect(await (await fetch(dev.url)).text()).toBe(home?.text);
      const article = await fetch(new URL("berita/berita-nomor-5/", dev.url));
      expect(article.status).toBe(200);
      expect(await article.text()).toContain("Judul Baru");
    } finally {
      await dev.close();
      cleanup(root);
    }
  });
});
