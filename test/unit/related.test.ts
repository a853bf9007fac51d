import { describe, expect, it } from "vitest";
import { relatedArticles } from "../../src/model/related.ts";
import type { Article, Term } from "../../src/model/types.ts";

/** The plain definition: score every other article, sort, take the first `count`. */
function reference(articles: readonly Article[], count: number): number[][] {
  return articles.map((a) => {
    const scored = articles
      .filter((b) => b.index !== a.index)
      .map((b) => ({ b: b.index, s: 2 * b.tagKeys.filter((t) => a.tagKeys.includes(t)).length + (a.categoryKey && a.categoryKey === b.categoryKey ? 1 : 0) }));
    const hits = scored.filter((x) => x.s > 0).sort((x, y) => y.s - x.s || x.b - y.b).map((x) => x.b);
    const rest = scored.filter((x) => x.s === 0).map((x) => x.b);
    return [...hits, ...rest].slice(0, count);
  });
}

describe("related articles", () => {
  it("equal the plain definition (score, then newest), on a random corpus", () => {
    let seed = 11;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const articles: Article[] = [];
    for (let i = 0; i < 300; i++) {
      const tagKeys = [...new Set(Array.from({ length: rnd(4) }, () => `t${rnd(25)}`))];
      articles.push({ index: i, tagKeys, categoryKey: rnd(5) ? `c${rnd(6)}` : undefined, authorKeys: [] } as unknown as Article);
    }
    const index = (key: (a: Article) => string[]): Map<string, Term> => {
      const map = new Map<string, Term>();
      for (const a of articles) for (const k of key(a)) (map.get(k) ?? map.set(k, { kind: "tag", key: k, name: k, articles: [] }).get(k)!).articles.push(a.index);
      return map;
    };
    const tags = index((a) => a.tagKeys);
    const categories = index((a) => (a.categoryKey ? [a.categoryKey] : []));
    for (const count of [0, 1, 5, 12]) expect(relatedArticles(articles, tags, categories, count)).toEqual(reference(articles, count));
  });
});
