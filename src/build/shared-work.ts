/**
 * Work shared by the main thread and the helper thread through one atomic counter: each takes
 * the next chunk of a list until none is left. A fixed half each left the main thread waiting
 * for the helper, which starts later (it loads its code first) and runs colder; with chunks
 * taken on demand both finish within one chunk of each other.
 */

/** A counter both threads can see (posting it to the helper shares it, it is not copied). */
export function sharedCounter(): Int32Array {
  return new Int32Array(new SharedArrayBuffer(4));
}

/** The items of the chunks this thread claims from `counter`, as it goes; in list order within a chunk. */
export function* claimed<T>(counter: Int32Array, items: readonly T[], chunk: number): Generator<T> {
  for (;;) {
    const start = Atomics.add(counter, 0, 1) * chunk;
    if (start >= items.length) return;
    const end = Math.min(start + chunk, items.length);
    for (let i = start; i < end; i++) yield items[i]!;
  }
}

/** How many items both threads have claimed so far (for progress: a chunk is claimed before it is done). */
export function claimedCount(counter: Int32Array, items: readonly unknown[], chunk: number): number {
  return Math.min(items.length, Atomics.load(counter, 0) * chunk);
}

/** Call `each` for every item of the chunks this thread claims from `counter`; in list order within a chunk. */
export function takeChunks<T, R>(counter: Int32Array, items: readonly T[], chunk: number, each: (item: T) => R): R[] {
  const done: R[] = [];
  for (const item of claimed(counter, items, chunk)) done.push(each(item));
  return done;
}

/** Leave no chunk to claim: a thread that asks for the next one is done (a build that failed stops its helper so). */
export function stopClaims(counter: Int32Array): void {
  Atomics.store(counter, 0, 1 << 28);
}
