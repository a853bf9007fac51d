/** The render loops' heap bound: a check past the slack runs a full collection, one below it does not. */
import { getHeapStatistics } from "node:v8";
import { describe, expect, it } from "vitest";
import { HeapBudget } from "../../src/util/heap.ts";

const used = (): number => getHeapStatistics().used_heap_size;
const MiB = 1024 * 1024;

/** ~`mib` MiB of arrays (8 KiB each) kept alive long enough to reach the old generation, then dropped. */
function oldGarbage(mib: number): void {
  let keep: number[][] | undefined = [];
  for (let i = 0; i < mib * 128; i++) keep.push(new Array<number>(1024).fill(i));
  keep = undefined;
}

describe("HeapBudget", () => {
  it("collects once the heap grew past its slack, and not before", () => {
    const budget = new HeapBudget(32 * MiB);
    oldGarbage(8);
    const small = used();
    budget.check(); // 8 MiB of growth: under the slack
    expect(used()).toBeGreaterThan(small - 4 * MiB);
    oldGarbage(64);
    const big = used();
    budget.check();
    expect(used()).toBeLessThan(big - 48 * MiB);
  });
});
