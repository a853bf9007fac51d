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
