/**
 * What every gate returns: a list of problems, each naming the gate, the page (a path relative
 * to the built site, e.g. `berita/x/index.html`) and what is wrong. A gate passes when the list
 * is empty; the proof tests feed broken input and assert the list names the page and the fault.
 */
export interface Problem {
  gate: "vnu" | "html-validate" | "links" | "axe" | "layout" | "weight" | "xss";
  page: string;
  message: string;
  /** The built folder the page belongs to, when one run checks several (vnu). */
  site?: string;
}

/** One line per problem, for assertion messages: `[links] berita/x/index.html: broken link …`. */
export function describeProblems(problems: readonly Problem[]): string[] {
  return problems.map((p) => `[${p.gate}] ${p.page}: ${p.message}`);
}

/** Shorten hostile or huge values before they go into a message. */
export function clip(text: string, max = 120): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/** The page whose search needs a script of its own (see templates/search.njk). */
export const SEARCH_PAGE = "cari/index.html";

/**
 * The one script a built page may load: on the search page, the site's own `assets/cari.js`,
 * deferred. Everything else a gate finds is a finding.
 */
export const isOwnSearchScript = (page: string, src: string | undefined, deferred: boolean): boolean =>
  page === SEARCH_PAGE && src !== undefined && deferred && /^(\.\.\/|\/)([^/]+\/)*assets\/cari\.js$/.test(src);
