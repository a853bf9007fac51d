/**
 * A same-shape rebuild reprices only the pages that show a changed article. `dev` finds them
 * through an index of the plan it keeps between saves; one `warta build` looks through the pages
 * once. Both must find the same pages, for any set of changed articles.
 */
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { build } from "../../src/build/pipeline.ts";
import { repricePlan, type PlanOptions } from "../../src/pages/plan.ts";
import { NOW_EPOCH } from "../support/site.ts";
import { cleanupAll, newDir, newSite, siteFiles } from "../cache/corpus.ts";

afterAll(cleanupAll);

describe("repricing a plan", () => {
  it("finds the same pages by scanning as through the index", () => {
    const root = newSite(siteFiles(60));
    const r = build({ root, out: join(newDir(), "out"), nowMs: Number(NOW_EPOCH) * 1000 });
    expect(r.ok).toBe(true);
    const shape = r.state.live!.shape!;
    const options: PlanOptions = { perPage: 5, globalHash: "g", imageKey: () => "" };
    const n = shape.model.articles.length;
    let seed = 7;
    const random = (k: number): number => (seed = (seed * 1103515245 + 12345) >>> 0) % k;
    const sets: number[][] = [[0], [1], [n - 1], [n - 2, n - 1], [2, 3, 4], [...Array(n).keys()]];
    for (let t = 0; t < 40; t++) sets.push(Array.from({ length: 1 + random(5) }, () => random(n)));
    for (const set of sets) {
      const changed = new Set(set);
      // A copy of the plan has no index yet: "scan" then really looks through the pages.
      const paths = (mode: "index" | "scan"): string[] => repricePlan(mode === "scan" ? { ...shape.plan } : shape.plan, shape.model, changed, options, mode).repriced.map((p) => p.path);
      const scanned = paths("scan");
      expect(scanned, `changed ${set.join(",")}`).toEqual(paths("index"));
      // Every changed article's own page is among them.
      for (const a of changed) expect(scanned).toContain(shape.plan.pages.find((p) => p.kind === "article" && p.article === a)!.path);
    }
  });
});
