export interface PageSlice {
  pageNo: number;
  pageCount: number;
  items: number[];
}

/** Split a list into pages of `perPage`; an empty list still gives one (empty) page. */
export function paginate(items: readonly number[], perPage: number): PageSlice[] {
  const pageCount = Math.max(1, Math.ceil(items.length / perPage));
  const pages: PageSlice[] = [];
  for (let p = 0; p < pageCount; p++) pages.push({ pageNo: p + 1, pageCount, items: items.slice(p * perPage, (p + 1) * perPage) });
  return pages;
}

/**
 * The page numbers a pager shows on page `pageNo` of `pageCount`: the first and the last, the
 * page itself and its neighbours, and `null` for each run of pages left out ("…"). A run of one
 * page is shown as its number (a "…" would take as much room). At most seven entries, so that the
 * row fits a phone: `1 … 4 5 6 … 500`.
 */
export function pageWindow(pageNo: number, pageCount: number): (number | null)[] {
  const shown: (number | null)[] = [];
  let last = 0;
  for (const n of [1, pageNo - 1, pageNo, pageNo + 1, pageCount]) {
    if (n <= last || n > pageCount) continue;
    if (n - last === 2) shown.push(n - 1);
    else if (n - last > 2) shown.push(null);
    shown.push(n);
    last = n;
  }
  return shown;
}
