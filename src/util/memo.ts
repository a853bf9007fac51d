/**
 * `fn` with its results kept by `key(...args)`, for pure functions called with the same
 * arguments again and again (tag names, article dates). The store is emptied once it holds
 * `max` results, so a long `dev` session cannot grow it without bound.
 */
export function memoize<A extends unknown[], V>(fn: (...args: A) => V, key: (...args: A) => string, max: number): (...args: A) => V {
  const results = new Map<string, V>();
  return (...args) => {
    const k = key(...args);
    let v = results.get(k);
    if (v === undefined) {
      v = fn(...args);
      if (results.size >= max) results.clear();
      results.set(k, v);
    }
    return v;
  };
}
