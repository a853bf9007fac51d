/**
 * The watcher on its own (real chokidar, real files): every file a build would read is handed
 * over, also where chokidar itself reports nothing.
 */
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { watchSources, type SourceWatcher } from "../../src/dev/watch.ts";
import { tempDir } from "../support/site.ts";
import { until } from "./helpers.ts";

let watcher: SourceWatcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

describe("the source watcher", () => {
  it("hands over a file saved into a new folder while chokidar is still reading it (before it watches it)", async () => {
    // chokidar reports a new folder, reads it, and only then watches it: a file made in between
    // gets no event (paulmillr/chokidar#1471). A folder of 3,000 files moved in keeps it reading
    // long enough that the file saved 20 ms later lands in that gap every time.
    const root = tempDir();
    mkdirSync(join(root, "articles"));
    writeFileSync(join(root, "articles/satu.md"), "satu\n");
    const handed = new Set<string>();
    watcher = watchSources({ root, out: join(root, "dist"), onBatch: (paths) => paths.forEach((p) => handed.add(p)) });
    await watcher.ready;
    const stage = join(tempDir(), "map");
    mkdirSync(stage);
    for (let i = 0; i < 3000; i++) writeFileSync(join(stage, `lampiran-${i}.txt`), `${i}\n`);
    renameSync(stage, join(root, "articles/baru"));
    await new Promise((r) => setTimeout(r, 20));
    writeFileSync(join(root, "articles/baru/terlambat.md"), "terlambat\n");
    await until(() => handed.has("articles/baru/terlambat.md"), 5000, "the late file handed over");
    expect([...handed].filter((p) => p.startsWith("articles/baru/lampiran-")).length).toBe(3000);
  });
});
