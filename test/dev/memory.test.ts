/**
 * A `warta dev` session rebuilds for hours: each build may keep what the next one reuses (the last
 * state), and nothing older. A sitemap file in the state's shape held a closure over the whole
 * build, its `previous` state included, so every rebuild that planned the site again (a tag or a
 * date changed) kept all the builds before it: ~3.5 MB a save at 800 articles, until the heap ran out.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { build, type BuildOptions } from "../../src/build/pipeline.ts";
import type { BuildState } from "../../src/build/state.ts";
import { cleanup } from "../support/site.ts";
import { articlePath, fixtureArticle, makeSite, NOW_MS, TEMPLATES, write } from "./helpers.ts";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 5 && ref.deref() !== undefined; i++) {
    await new Promise((r) => setTimeout(r, 10));
    gc();
  }
  return ref.deref() === undefined;
}

describe("live rebuilds", () => {
  it.each([
    ["planned again (a tag changed)", (i: number) => fixtureArticle(1, "Berita Nomor 1", { tags: `[Tag${i % 2}]` })],
    ["patched (only the text changed)", (i: number) => fixtureArticle(1, "Berita Nomor 1", {}, `Isi ke-${i}.`)],
  ])("keep nothing of the builds before the last: %s", async (_, text) => {
    const root = makeSite(6);
    try {
      const options: BuildOptions = { root, out: join(root, "dist"), nowMs: NOW_MS, builtinTemplates: TEMPLATES, trustOutput: true };
      let state: BuildState = build(options).state;
      const first = new WeakRef(state);
      for (let i = 0; i < 4; i++) {
        write(root, articlePath(1), text(i));
        const r = build({ ...options, changedSources: [articlePath(1)] }, state);
        expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
        state = r.state;
      }
      expect(await collected(first), "the first build's state is garbage four builds later").toBe(true);
    } finally {
      cleanup(root);
    }
  });
});
