/**
 * Lists every page the site publishes, with a fingerprint of everything the page shows.
 * A page whose fingerprint is unchanged since the last build is not rendered again: the
 * dependency set is known by construction, nothing is inferred from templates.
 * Pure: the model comes in, a plan goes out.
 */
import { CODES, error, type Diagnostic } from "../diagnostics/diagnostic.ts";
import { linkTargets } from "../model/article-links.ts";
import type { Article, SiteModel, StaticPage, Term, TermKind } from "../model/types.ts";
import { hash, quickHash } from "../util/hash.ts";
import { termKey } from "../util/slug.ts";
import { paginate } from "./paginate.ts";
import { collisionKey, outputPath, routes } from "./routes.ts";

export type PageKind = "home" | "article" | "tag" | "category" | "author" | "day" | "archive" | "authors" | "tags" | "categories" | "notFound" | "search" | "redirect" | "page" | "archiveMonth" | "archiveYear";

export interface PlannedPage {
  kind: PageKind;
  url: string;
  path: string;
  template: string;
  /** The article of an article page. */
  article?: number;
  term?: Term;
  /** A month (`2022-10`) or a year (`2022`) of the date archive. */
  period?: string;
  /** A page of `pages/`: its index in the model's pages. */
  staticPage?: number;
  day?: string;
  /** A day page's neighbours in the archive: the day before and the day after that have articles. */
  olderDay?: string;
  newerDay?: string;
  items: number[];
  pageNo: number;
  pageCount: number;
  /** Hash of every input the page shows; equal fingerprint → equal bytes. */
  fingerprint: string;
  /** The source responsible, for diagnostics. */
  source: string;
  /** Line of the field that decides the URL. */
  line?: number;
}

export interface NavItem {
  name: string;
  url: string;
}

export interface Plan {
  pages: PlannedPage[];
  nav: NavItem[];
  /** The newsroom's own pages every page's footer links (`pages/`, `footer` not false). */
  footer: NavItem[];
  /** Hash of the chrome every page shows (navigation). */
  chromeHash: string;
}

const TERM_TEMPLATE = "list.njk";
/** The 404 page suggests the latest articles. */
export const NOT_FOUND_LATEST = 5;

export interface PlanOptions {
  perPage: number;
  globalHash: string;
  navSize?: number;
  /** The site's own menu: category names in order (config `menu`). */
  menu?: readonly string[];
  /** Articles the search page searches (config `searchItems`; 0 or none: no search page). */
  searchItems?: number;
  imageKey?: (a: Article) => string;
  /** The sizes of a body's images (a page of `pages/`), as its page shows them. */
  bodyImagesKey?: (p: StaticPage) => string;
}

/** The menu's categories: the site's list (those that have published articles), else the `navSize` with the most articles. */
export function menuItems(model: SiteModel, options: Pick<PlanOptions, "menu" | "navSize">): NavItem[] {
  if (options.menu) {
    const seen = new Set<string>();
    return options.menu.flatMap((name) => {
      const key = termKey(name);
      if (!model.categories.has(key) || seen.has(key)) return [];
      seen.add(key);
      return [{ name, url: routes.term("category", key) }];
    });
  }
  return [...model.categories.values()]
    .sort((a, b) => b.articles.length - a.articles.length || (a.key < b.key ? -1 : 1))
    .slice(0, options.navSize ?? 8)
    .map((t) => ({ name: t.name, url: routes.term("category", t.key) }));
}

/**
 * The home page's order: newest first, but the newest article the editors marked `headline: true`
 * leads page 1 (and is not listed again further down).
 */
export function homeOrder(articles: readonly Article[]): number[] {
  const lead = articles.find((a) => a.headline);
  const order = articles.map((a) => a.index);
  return lead === undefined ? order : [lead.index, ...order.filter((i) => i !== lead.index)];
}

export function planPages(model: SiteModel, options: PlanOptions): { plan: Plan; diagnostics: Diagnostic[] } {
  const { articles } = model;
  const nav = menuItems(model, options);
  const footer = footerItems(model);
  const chromeHash = hash(options.globalHash, JSON.stringify(nav), JSON.stringify(footer));
  const fingerprint = pageFingerprint(model, chromeHash, options);
  const pages: PlannedPage[] = [];
  const add = (page: Omit<PlannedPage, "fingerprint">): void => {
    const p = page as PlannedPage;
    p.fingerprint = fingerprint(p);
    pages.push(p);
  };

  const listPages = (kind: PageKind, items: readonly number[], url: (page: number) => string, source: string, extra: Partial<PlannedPage>): void => {
    for (const slice of paginate(items, options.perPage)) {
      const u = url(slice.pageNo);
      add({ kind, url: u, path: outputPath(u), template: kind === "home" ? "home.njk" : TERM_TEMPLATE, items: slice.items, pageNo: slice.pageNo, pageCount: slice.pageCount, source, ...extra });
    }
  };

  listPages("home", homeOrder(articles), (p) => routes.home(p), "articles/", {});

  for (const a of articles) {
    const u = routes.article(a.slug);
    add({ kind: "article", url: u, path: outputPath(u), template: "article.njk", article: a.index, items: model.related[a.index] ?? [], pageNo: 1, pageCount: 1, source: a.file, line: a.keyLines.slug ?? 1 });
  }
  // An article's old addresses: each a page that sends the reader on (it shows the article's title and URL, as a list does).
  for (const a of articles) {
    for (const old of a.aliases ?? []) add({ kind: "redirect", url: old.url, path: outputPath(old.url), template: "redirect.njk", article: a.index, items: [a.index], pageNo: 1, pageCount: 1, source: a.file, line: old.line });
  }

  const termKinds: [TermKind, Map<string, Term>][] = [["author", model.authors], ["tag", model.tags], ["category", model.categories]];
  for (const [kind, map] of termKinds) {
    for (const term of map.values()) {
      const source = articles[term.articles[0]!]?.file ?? "articles/";
      listPages(kind, term.articles, (p) => routes.term(kind, term.key, p), source, { term });
    }
    const indexUrl = routes.termIndex(kind);
    const all = [...map.values()];
    pages.push({
      kind: kind === "author" ? "authors" : kind === "tag" ? "tags" : "categories", url: indexUrl, path: outputPath(indexUrl), template: "terms.njk", items: [], pageNo: 1, pageCount: 1, source: "articles/",
      fingerprint: hash(chromeHash, "terms", kind, ...all.map((t) => `${t.key}|${t.name}|${t.articles.length}|${t.profile?.hash ?? ""}`)),
    });
  }

  const days = [...model.days.keys()];
  days.forEach((day, i) => {
    const around = { ...(days[i + 1] ? { olderDay: days[i + 1] } : {}), ...(i > 0 ? { newerDay: days[i - 1] } : {}) };
    listPages("day", model.days.get(day)!, (p) => routes.day(day, p), articles[model.days.get(day)![0]!]!.file, { day, ...around });
  });
  const archiveUrl = routes.archive();
  pages.push({
    kind: "archive", url: archiveUrl, path: outputPath(archiveUrl), template: "archive.njk", items: [], pageNo: 1, pageCount: 1, source: "articles/",
    fingerprint: hash(chromeHash, "archive", ...[...model.days].map(([d, l]) => `${d}:${l.length}`)),
  });
  // The archive by month and by year (`indeks/2022/10/`, `indeks/2022/`): what a reader who trims
  // a day's address expects, and the archive's index stays short at 10k articles.
  const months = archiveMonths(model.days);
  for (const m of months) {
    const url = routes.archiveMonth(m.key);
    pages.push({ kind: "archiveMonth", url, path: outputPath(url), template: "archive.njk", items: [], pageNo: 1, pageCount: 1, source: "articles/", period: m.key, fingerprint: hash(chromeHash, "month", m.key, ...m.days.map((d) => `${d.day}:${d.count}`)) });
  }
  for (const y of archiveYears(months)) {
    const url = routes.archiveYear(y.key);
    pages.push({ kind: "archiveYear", url, path: outputPath(url), template: "archive.njk", items: [], pageNo: 1, pageCount: 1, source: "articles/", period: y.key, fingerprint: hash(chromeHash, "year", y.key, ...y.months.map((m) => `${m.key}:${m.count}`)) });
  }
  add({ kind: "notFound", url: routes.notFound(), path: routes.notFound(), template: "404.njk", items: [], pageNo: 1, pageCount: 1, source: "templates/404.njk" });
  if (options.searchItems) {
    // The page is a form and a script: what it finds is in the search index (see search-index.ts).
    // It says how many articles that holds, and whether they are all of them.
    const url = routes.search();
    const searched = Math.min(options.searchItems, articles.length);
    pages.push({ kind: "search", url, path: outputPath(url), template: "search.njk", items: [], pageNo: 1, pageCount: 1, source: "templates/search.njk", fingerprint: hash(chromeHash, "search", String(searched), String(searched === articles.length)) });
  }

  // The newsroom's own pages: each shows its own text and the chrome.
  (model.pages ?? []).forEach((sp, i) => {
    const url = routes.page(sp.slug);
    pages.push({ kind: "page", url, path: outputPath(url), template: "page.njk", staticPage: i, items: [], pageNo: 1, pageCount: 1, source: sp.file, line: sp.slugLine, fingerprint: hash(chromeHash, "page", sp.file, sp.hash, linkTargets(model, sp.articleLinks), options.bodyImagesKey?.(sp) ?? "") });
  });

  return { plan: { pages, nav, footer, chromeHash }, diagnostics: [] };
}

/** A month of the date archive (`2022-10`), its days newest first, and how many articles each has. */
export interface ArchiveMonthDays {
  key: string;
  count: number;
  days: { day: string; count: number }[];
}

/** The archive's months, newest first (the days' order), each with its days: what the archive's pages show and their fingerprints hold. */
export function archiveMonths(days: ReadonlyMap<string, readonly number[]>): ArchiveMonthDays[] {
  const months = new Map<string, ArchiveMonthDays>();
  for (const [day, items] of days) {
    const key = day.slice(0, 7);
    let month = months.get(key);
    if (!month) months.set(key, (month = { key, count: 0, days: [] }));
    month.days.push({ day, count: items.length });
    month.count += items.length;
  }
  return [...months.values()];
}

/** `months` by year (`2022`), newest first, with their counts. */
export function archiveYears<M extends { key: string; count: number }>(months: readonly M[]): { key: string; count: number; months: M[] }[] {
  const years = new Map<string, { key: string; count: number; months: M[] }>();
  for (const month of months) {
    const key = month.key.slice(0, 4);
    let year = years.get(key);
    if (!year) years.set(key, (year = { key, count: 0, months: [] }));
    year.months.push(month);
    year.count += month.count;
  }
  return [...years.values()];
}

/** The footer's links to the newsroom's own pages, in the model's order. */
export function footerItems(model: SiteModel): NavItem[] {
  return (model.pages ?? []).filter((p) => p.footer).map((p) => ({ name: p.title, url: routes.page(p.slug) }));
}

/**
 * The fingerprint of a page that shows articles (lists, article pages, the 404 page). The other
 * pages (term overviews, the archive) show only names and counts and are fingerprinted in place.
 */
function pageFingerprint(model: SiteModel, chromeHash: string, options: PlanOptions): (p: PlannedPage) => string {
  const { articles } = model;
  // A teaser shows its article's fields and the names of its authors and category as the site
  // spells them (the first spelling in file-path order): a file elsewhere can change those.
  const teasers: string[] = [];
  const teaser = (i: number): string => (teasers[i] ??= teaserKey(model, articles[i]!));
  return (p) => {
    if (p.kind === "article") {
      const a = articles[p.article!]!;
      const termNames = [...a.authorKeys.map((k) => model.authors.get(k)!.name), ...a.tagKeys.map((k) => model.tags.get(k)!.name), a.categoryKey ? model.categories.get(a.categoryKey)!.name : ""];
      const neighbours = [a.index + 1 < articles.length ? teaser(a.index + 1) : "", a.index > 0 ? teaser(a.index - 1) : ""];
      // The file's path too: relative links and images in the body, and the lead image, resolve against its folder.
      // Links to other articles by file show those articles' URLs.
      const linked = linkTargets(model, a.articleLinks);
      return quickHash(`${chromeHash}|article|${a.file}|${a.hash}|${termNames.join("\u0001")}|${p.items.map(teaser).join(",")}|${neighbours.join(",")}|${options.imageKey?.(a) ?? ""}|${linked}`);
    }
    if (p.kind === "notFound") return hash(chromeHash, "404", ...articles.slice(0, NOT_FOUND_LATEST).map((a) => teaser(a.index)));
    const salt = p.term ? `${p.term.name}|${p.term.articles.length}|${p.term.profile?.hash ?? ""}|${linkTargets(model, p.term.profile?.articleLinks)}` : p.kind === "day" ? `${p.olderDay ?? ""}|${p.newerDay ?? ""}` : "";
    return quickHash(`${chromeHash}|${p.kind}|${p.url}|${salt}|${p.pageCount}|${p.items.map(teaser).join(",")}`);
  };
}

function teaserKey(model: SiteModel, a: Article): string {
  let key = a.teaserHash;
  for (const k of a.authorKeys) key += `|${model.authors.get(k)!.name}`;
  return a.categoryKey === undefined ? key : `${key}|${model.categories.get(a.categoryKey)!.name}`;
}

/**
 * The plan after some articles changed only in what they show (title, summary, body, image),
 * not in where they appear (date, slug, authors, tags, category, draft): same pages, and new
 * fingerprints for exactly the pages that show a changed article — its own page, its
 * neighbours' pages, the pages that list it or relate to it, the 404 page if it is among the
 * latest. `model` is the patched model; equal to `planPages` on it (tested). `repriced`: the
 * pages whose fingerprint was computed again; no other page can have changed.
 * `reuse: "index"` (a `dev` session, which saves again and again) makes the plan's show index
 * once and carries it to every repriced plan; `"scan"` (one `warta build`, which reprices once)
 * looks through the pages instead: the same pages, without building an index of every article
 * (~65 ms at 10k articles, for one look).
 */
export function repricePlan(plan: Plan, model: SiteModel, changed: ReadonlySet<number>, options: PlanOptions, reuse: "index" | "scan" = "index"): { plan: Plan; repriced: PlannedPage[] } {
  const fingerprint = pageFingerprint(model, plan.chromeHash, options);
  const index = reuse === "index" ? showIndex(plan) : showIndexes.get(plan);
  const affected = index ? affectedByIndex(index, changed) : affectedByScan(plan, changed);
  const pages = plan.pages.slice();
  const repriced: PlannedPage[] = [];
  for (const i of [...affected].sort((x, y) => x - y)) {
    const next = { ...pages[i]!, fingerprint: fingerprint(pages[i]!) };
    pages[i] = next;
    repriced.push(next);
  }
  const next = { ...plan, pages };
  if (index) showIndexes.set(next, index); // same pages at the same places, showing the same articles
  return { plan: next, repriced };
}

/** Indexes of the pages that show one of the `changed` articles. */
function affectedByIndex(index: ShowIndex, changed: ReadonlySet<number>): Set<number> {
  const affected = new Set<number>();
  for (const a of changed) {
    for (const i of index.byArticle.get(a) ?? []) affected.add(i);
    if (a < NOT_FOUND_LATEST) for (const i of index.notFound) affected.add(i);
  }
  return affected;
}

/** The same as `affectedByIndex`, found by looking at every page. */
function affectedByScan(plan: Plan, changed: ReadonlySet<number>): Set<number> {
  const affected = new Set<number>();
  const latest = [...changed].some((a) => a < NOT_FOUND_LATEST);
  plan.pages.forEach((p, i) => {
    if ((p.kind === "notFound" && latest) || shownBy(p).some((a) => changed.has(a))) affected.add(i);
  });
  return affected;
}

/**
 * The articles page `p` shows by index: an article page its own and its neighbours' (the
 * previous/next links), every page its list items. The 404 page also shows the latest articles,
 * whichever they are (`ShowIndex.notFound`).
 */
function shownBy(p: PlannedPage): readonly number[] {
  return p.kind === "article" ? [p.article! - 1, p.article!, p.article! + 1, ...p.items] : p.items;
}

interface ShowIndex {
  /** Article index → indexes of the pages that show it (its page, its neighbours' pages, lists, related lists). */
  byArticle: Map<number, number[]>;
  /** Indexes of the pages that show the latest articles whatever they are (the 404 page). */
  notFound: number[];
}

const showIndexes = new WeakMap<Plan, ShowIndex>();

/** Made once per plan (a `dev` session's first same-shape save), then carried to each repriced plan. */
function showIndex(plan: Plan): ShowIndex {
  let index = showIndexes.get(plan);
  if (index) return index;
  index = { byArticle: new Map(), notFound: [] };
  const byArticle = index.byArticle;
  const add = (article: number, page: number): void => {
    const list = byArticle.get(article);
    if (!list) byArticle.set(article, [page]);
    else if (list[list.length - 1] !== page) list.push(page);
  };
  plan.pages.forEach((p, i) => {
    if (p.kind === "notFound") index.notFound.push(i);
    for (const a of shownBy(p)) add(a, i);
  });
  showIndexes.set(plan, index);
  return index;
}

/** Something a build writes, for findCollisions. */
export interface Output {
  path: string;
  /** The site's file responsible (its diagnostics are reported there). */
  source: string;
  line?: number;
  /** The field that decides the path (`slug` for a page); none for a file copied as it is. */
  field?: string;
  /**
   * Set for what warta itself writes (a page of its own, a feed, the built-in stylesheet): how
   * messages name it, and how a site changes it. It is no site file, so no diagnostic is reported
   * at it; the site's file that clashes with it gets one.
   */
  builtIn?: { name: string; hint?: string };
}

/** warta's own pages, by kind: no field of any article decides their path. */
const OWN_PAGES: Partial<Record<PageKind, string>> = {
  home: "the home page", authors: "the author overview", tags: "the tag overview", categories: "the category overview", archive: "the date archive", archiveMonth: "a month of the date archive", archiveYear: "a year of the date archive", notFound: "the 404 page", search: "the search page",
};

/**
 * The pages of a plan as outputs for findCollisions: warta's own pages by name; the others at
 * the front-matter field that decides their path (an article's slug; a term page's author, tags
 * or category, and a day page's date, in the first article that has it).
 */
export function pageOutputs(plan: Plan, model: SiteModel): Output[] {
  return plan.pages.map((p): Output => {
    const own = OWN_PAGES[p.kind];
    if (own) return { path: p.path, source: p.source, builtIn: { name: own, hint: `a site's own templates/${p.template} changes what it shows` } };
    if (p.kind === "article") return { path: p.path, source: p.source, line: p.line ?? 1, field: "slug" };
    if (p.kind === "redirect") return { path: p.path, source: p.source, line: p.line ?? 1, field: "aliases" };
    if (p.kind === "page") return { path: p.path, source: p.source, line: p.line ?? 1, field: "slug" };
    const first = p.term ? p.term.articles[0] : p.day !== undefined ? model.days.get(p.day)?.[0] : undefined;
    const lines = first === undefined ? {} : model.articles[first]!.keyLines;
    const field = p.kind === "tag" ? "tags" : p.kind === "category" ? "category" : p.kind === "day" ? "date" : lines.authors !== undefined ? "authors" : "author";
    return { path: p.path, source: p.source, line: lines[field] ?? 1, field };
  });
}

/** Two outputs on one path (after NFC + lowercase) are an error naming both sources. */
export function findCollisions(outputs: ReadonlyArray<Output>): Diagnostic[] {
  const seen = new Map<string, Output>();
  const diagnostics: Diagnostic[] = [];
  const nameOf = (o: Output): string => o.builtIn?.name ?? o.source;
  const hint = (a: Output, b: Output): string => {
    const builtIn = a.builtIn ?? b.builtIn;
    const page = [a, b].find((o) => o.source.startsWith("pages/"));
    if (builtIn && page) return "give the page another `slug:`";
    // An old address is an article's own line to drop: the site's page is where readers are.
    if (builtIn && [a, b].some((o) => o.field === "aliases")) return "leave this old address out: that address is the site's own";
    // `café.md` twice: one written with its accents as marks of their own (as macOS keeps names), which looks the same.
    if (!builtIn && a.source !== b.source && a.source.normalize("NFC") === b.source.normalize("NFC")) return "the two file names look the same but are written differently (one spells its accents as separate marks, as copies from a Mac do): delete or rename one";
    return builtIn ? `give the site's file a different name${builtIn.hint ? ` (${builtIn.hint})` : ""}` : "give one a different slug or name";
  };
  const report = (at: Output, message: string): void => {
    if (at.builtIn) return;
    diagnostics.push(error(CODES.duplicateUrl, at.source, message, { line: at.line ?? 1, column: 1, ...(at.field !== undefined ? { field: at.field } : {}) }));
  };
  for (const o of outputs) {
    const key = collisionKey(o.path);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, o);
      continue;
    }
    report(o, `writes /${o.path}, which ${nameOf(first)} also writes: ${hint(o, first)}`);
    // One file's two fields (an old address and its byline's author page): each line is told.
    if (first.source !== o.source || first.line !== o.line || first.field !== o.field) report(first, `writes /${first.path}, which ${nameOf(o)} also writes: ${hint(first, o)}`);
  }
  // A file where another output needs a folder (`static/berita` against every article page):
  // reported once at that file (naming the first output inside), and at each site file inside.
  const blocking = new Set<Output>();
  for (const [key, o] of seen) {
    for (let slash = key.indexOf("/"); slash !== -1; slash = key.indexOf("/", slash + 1)) {
      const file = seen.get(key.slice(0, slash));
      if (!file) continue;
      const message = `/${file.path} is a file of ${nameOf(file)}, but ${nameOf(o)} writes /${o.path} inside it as a folder: ${hint(file, o)}`;
      if (!blocking.has(file)) report(file, message);
      blocking.add(file);
      if (file.source !== o.source) report(o, message);
      break;
    }
  }
  return diagnostics;
}
