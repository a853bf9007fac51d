/**
 * Property test: seeded random sequences of edit/add/rename/delete/draft saves, sometimes
 * coalesced by the watcher, always end with the dev output equal to a fresh build.
 */
import { describe, expect, it } from "vitest";
import { articlePath, compareWithFresh, fixtureArticle, makeSite, move, remove, rng, useDevServers, write } from "./helpers.ts";

const devOn = useDevServers();

describe("warta dev: randomized sequences", () => {
  it("randomized edit/add/rename/delete/draft sequences (seeded)", async () => {
    const random = rng(20241001);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const dev = await devOn(makeSite(5));
    // path → what the file holds
    const live = new Map<string, { i: number; draft: boolean; title: string }>();
    for (let i = 0; i < 5; i++) live.set(articlePath(i), { i, draft: false, title: `Berita Nomor ${i}` });
    let next = 100;
    const log: string[] = [];
    for (let step = 0; step < 30; step++) {
      const op = pick(["edit", "edit", "add", "rename", "delete", "draft", "body"] as const);
      const paths = [...live.keys()].sort();
      if (op === "add" || paths.length < 3) {
        const i = next++;
        const p = articlePath(i, `acak-${i}`);
        const title = `Acak ${i} ${Math.floor(random() * 1000)}`;
        write(dev.root, p, fixtureArticle(i, title));
        live.set(p, { i, draft: false, title });
        log.push(`add ${p}`);
      } else {
        const p = pick(paths);
        const a = live.get(p)!;
        if (op === "edit") {
          a.title = `Diubah ${step} ${Math.floor(random() * 1000)}`;
          write(dev.root, p, fixtureArticle(a.i, a.title, a.draft ? { draft: "true" } : {}));
        } else if (op === "body") {
          write(dev.root, p, fixtureArticle(a.i, a.title, a.draft ? { draft: "true" } : {}, `Isi baru ${step}.\n\n## Sub ${step}\n\nLagi.`));
        } else if (op === "draft") {
          a.draft = !a.draft;
          write(dev.root, p, fixtureArticle(a.i, a.title, a.draft ? { draft: "true" } : {}));
        } else if (op === "rename") {
          const to = articlePath(a.i + 7 * step, `pindah-${step}-${a.i}`);
          move(dev.root, p, to);
          live.delete(p);
          live.set(to, a);
        } else {
          remove(dev.root, p);
          live.delete(p);
        }
        log.push(`${op} ${p}`);
      }
      // Sometimes let the watcher coalesce several steps into one build.
      if (random() < 0.5) await dev.settled();
      if (step % 6 === 5 || step === 29) expect(await compareWithFresh(dev), log.join("\n")).toEqual([]);
    }
    expect(dev.counters().missed).toBe(0);
  });
});

