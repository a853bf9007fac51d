/**
 * A bound on heap growth for the long render loops. V8 lets a busy isolate's heap grow to about
 * twice its live data before a major collection; in a 10k-article build the main thread and the
 * helper each carry ~150 MiB of dead render output that way, which is the build's peak RSS.
 * `HeapBudget.check()` collects as soon as the heap has grown `slack` bytes past what the last
 * collection left: a few full collections of ~30–80 ms each per build instead of the growth.
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
  private limit: number;

  constructor(slackBytes = 64 * 1024 * 1024) {
    this.slack = slackBytes;
    this.limit = used() + slackBytes;
  }

  check(): void {
    if (used() <= this.limit) return;
    collector()?.();
    this.limit = used() + this.slack;
  }
}
