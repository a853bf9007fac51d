/**
 * "Artikel Lainnya": articles sharing the most tags (2 points each) and the category (1 point),
 * ties broken by the newest. Candidates come from the indexes, never from a scan of all
 * articles; each tag contributes its newest CANDIDATES_PER_TERM articles, so the cost stays
 * linear in the corpus even for a tag on thousands of articles.
 */
import type { Article, Term } from "./types.ts";

const CANDIDATES_PER_TERM = 200;

export function relatedArticles(articles: readonly Article[], tags: ReadonlyMap<string, Term>, categories: ReadonlyMap<string, Term>, count: number): number[][] {
  const scores = new Int32Array(articles.length);
  const touched: number[] = [];
  const result: number[][] = [];
  for (const a of articles) {
    if (count === 0) {
      result.push([]);
      continue;
    }
    const add = (list: readonly number[], points: number): void => {
      const n = Math.min(list.length, CANDIDATES_PER_TERM);
      for (let i = 0; i < n; i++) {
        const j = list[i]!;
        if (j === a.index) continue;
        if (scores[j] === 0) touched.push(j);
        scores[j] = scores[j]! + points;
      }
    };
    for (const k of a.tagKeys) add(tags.get(k)?.articles ?? [], 2);
    if (a.categoryKey) add(categories.get(a.categoryKey)?.articles ?? [], 1);
    touched.sort((x, y) => scores[y]! - scores[x]! || x - y);
    const picked = touched.slice(0, count);
    if (picked.length < count) {
      // Fill with the newest articles when the indexes give too few.
      for (let j = 0; j < articles.length && picked.length < count; j++) if (j !== a.index && scores[j] === 0) picked.push(j);
    }
    for (const j of touched) scores[j] = 0;
    touched.length = 0;
    result.push(picked);
  }
  return result;
}
