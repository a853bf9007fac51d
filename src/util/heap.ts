/**
 * A bound on heap growth for the long render loops. V8 lets a busy isolate's heap grow to about
 * twice its live data before a major collection; in a 10k-article build the main thread and the
 * helper each carry ~150 MiB of dead render output that way, which is the build's peak RSS.
 * `HeapBudget.check()` collects as soon as the heap has grown past what the last collection left
 * by a quarter of that, or by `slack` bytes if more: a few full collections of ~70–150 ms each per
 * 10k build instead of the growth. A full collection costs in proportion to the live heap, so
 * growth in proportion to it keeps the cost per page the same at 100k articles.
 * The collector is reached through `--expose-gc`, set at run time (the flag only adds the `gc`
 * function to new contexts); where that fails, the check does nothing.
 */
import { getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let collect: (() => void) | undefined | null = null;

function collector(): (() => void) | undefined {
  if (collect === null) {
    try {
      setFlagsFromString("--expose-gc");
      collect = runInNewContext("gc") as () => void;
    } catch {
      collect = undefined;
    }
  }
  return collect;
}

const used = (): number => getHeapStatistics().used_heap_size;

export class HeapBudget {
  private readonly slack: number;
  private readonly growth: number;
  private limit: number;

  /** Collect once the heap has grown past the last collection's live data by `growth` of it, or by `slackBytes` if more. */
  constructor(slackBytes = 32 * 1024 * 1024, growth = 1 / 4) {
    this.slack = slackBytes;
    this.growth = growth;
    this.limit = used() + slackBytes;
  }

  check(): void {
    if (used() <= this.limit) return;
    collector()?.();
    const live = used();
    this.limit = live + Math.max(this.slack, live * this.growth);
  }
}
