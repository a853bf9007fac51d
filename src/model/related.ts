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
    const picked = topK(touched, scores, count);
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

/**
 * The first `count` of `items` in (score descending, index ascending) order: what sorting all
 * candidates and slicing gives, without sorting a thousand candidates to keep five.
 */
function topK(items: readonly number[], scores: Int32Array, count: number): number[] {
  const best: number[] = [];
  const before = (x: number, y: number): boolean => scores[x]! > scores[y]! || (scores[x] === scores[y] && x < y);
  for (const j of items) {
    if (best.length === count && !before(j, best[count - 1]!)) continue;
    let at = best.length === count ? count - 1 : best.length;
    while (at > 0 && before(j, best[at - 1]!)) {
      best[at] = best[at - 1]!;
      at--;
    }
    best[at] = j;
  }
  return best;
}
