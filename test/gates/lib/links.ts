/**
 * Gate 2, links. A crawler over the built folder (no server needed): starting at index.html it
 * follows every `<a href>`, checks every reference a page makes (links, stylesheets, images,
 * srcset, feeds, canonical/og URLs and JSON-LD URLs on the site's own origin, `url()` inside
 * the stylesheets, sitemap `<loc>`s) resolves to a file in the output, that `#fragments` exist
 * in their target page, and that every HTML page can be reached by following links.
 * External URLs are not fetched (offline); unsafe schemes are the XSS gate's business.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import * as cheerio from "cheerio";
import { XMLParser } from "fast-xml-parser";
import { listFiles } from "../../support/site.ts";
import { clip, type Problem } from "./problem.ts";

export interface LinkOptions {
  /** Pages the crawl starts from; the first is the one "reachable" is measured from. */
  start?: string[];
  /** Pages nobody links to by design. */
  orphansAllowed?: string[];
  /** Absolute URLs under this prefix are the site's own (default: index.html's canonical). */
  baseUrl?: string;
}

/** Attributes that reference another resource, per element. `srcset` is a list. */
const REFS: [selector: string, attr: string][] = [
  ["a[href]", "href"],
  ["area[href]", "href"],
  ["link[href]", "href"],
  ["img[src]", "src"],
  ["img[srcset]", "srcset"],
  ["source[src]", "src"],
  ["source[srcset]", "srcset"],
  ["script[src]", "src"],
  ["iframe[src]", "src"],
  ["video[src]", "src"],
  ["video[poster]", "poster"],
  ["audio[src]", "src"],
  ["track[src]", "src"],
  ["embed[src]", "src"],
  ["object[data]", "data"],
  ["form[action]", "action"],
  ["button[formaction]", "formaction"],
  ["input[src]", "src"],
  ['meta[property="og:url"]', "content"],
  ['meta[property="og:image"]', "content"],
  ['meta[name="twitter:image"]', "content"],
];

export function checkLinks(dir: string, options: LinkOptions = {}): Problem[] {
  const start = options.start ?? ["index.html", ...(existsSync(join(dir, "404.html")) ? ["404.html"] : [])];
  const orphansAllowed = new Set(options.orphansAllowed ?? ["404.html"]);
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const report = (page: string, message: string): void => {
    const key = `${page}\0${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    problems.push({ gate: "links", page, message });
  };

  if (!existsSync(join(dir, start[0]!))) return [{ gate: "links", page: start[0]!, message: "start page does not exist" }];
  const site = new URL(options.baseUrl ?? canonicalBase(dir, start[0]!));
  const local = new URL("http://warta.local/");
  const docs = new Map<string, cheerio.CheerioAPI>();
  const load = (page: string): cheerio.CheerioAPI => {
    let $ = docs.get(page);
    if (!$) docs.set(page, ($ = cheerio.load(readFileSync(join(dir, page), "utf8"))));
    return $;
  };
  const ids = new Map<string, Set<string>>();
  const idsOf = (page: string): Set<string> => {
    let set = ids.get(page);
    if (!set) {
      const $ = load(page);
      set = new Set<string>();
      $("[id]").each((_, el) => void set!.add($(el).attr("id")!));
      $("a[name]").each((_, el) => void set!.add($(el).attr("name")!));
      ids.set(page, set);
    }
    return set;
  };

  /**
   * Resolve a reference made by `from` (an output path) to an output path, or report it.
   * Returns the target file when it exists and is local, else undefined.
   */
  const resolveRef = (from: string, raw: string, what: string): string | undefined => {
    const ref = raw.trim();
    if (!ref) {
      report(from, `empty reference in ${what}`);
      return undefined;
    }
    if (ref === "#") {
      report(from, `${what} "#" goes nowhere`);
      return undefined;
    }
    let url: URL;
    try {
      url = new URL(ref, new URL(from, local));
    } catch {
      report(from, `unparsable URL "${clip(ref)}" in ${what}`);
      return undefined;
    }
    let path: string;
    if (url.origin === local.origin) path = url.pathname;
    else if (url.origin === site.origin && url.pathname.startsWith(site.pathname)) path = "/" + url.pathname.slice(site.pathname.length);
    else return undefined; // external, mailto:, data:, …
    let target: string;
    try {
      target = decodeURIComponent(path.slice(1));
    } catch {
      report(from, `bad percent-encoding in "${clip(ref)}" (${what})`);
      return undefined;
    }
    if (target === "" || target.endsWith("/")) target += "index.html";
    target = posix.normalize(target);
    const abs = join(dir, target);
    if (!existsSync(abs)) {
      report(from, `broken ${what} "${clip(ref)}": ${target} does not exist`);
      return undefined;
    }
    if (statSync(abs).isDirectory()) {
      report(from, `${what} "${clip(ref)}" points at the folder ${target}/ without a trailing slash`);
      return undefined;
    }
    if (url.hash.length > 1 && target.endsWith(".html")) {
      const frag = safeDecode(url.hash.slice(1));
      if (!idsOf(target).has(frag)) report(from, `broken anchor ${what} "${clip(ref)}": no id "${clip(frag, 60)}" in ${target}`);
    }
    return target;
  };

  const cssChecked = new Set<string>();
  const checkCss = (css: string): void => {
    if (cssChecked.has(css)) return;
    cssChecked.add(css);
    const text = readFileSync(join(dir, css), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
    for (const m of text.matchAll(/url\(\s*(['"]?)([^'")]+)\1\s*\)|@import\s+(['"])([^'"]+)\3/g)) {
      const ref = m[2] ?? m[4]!;
      if (!ref.startsWith("data:") && !ref.startsWith("#")) resolveRef(css, ref, "url() in stylesheet");
    }
  };

  const reached = new Set<string>();
  const crawl = (seed: string): void => {
    const queue = [seed];
    while (queue.length) {
      const page = queue.shift()!;
      if (reached.has(page)) continue;
      reached.add(page);
      const $ = load(page);
      for (const [selector, attr] of REFS) {
        $(selector).each((_, el) => {
          const value = $(el).attr(attr)!;
          const tag = (el as { tagName?: string }).tagName ?? "?";
          const what = `<${tag} ${attr}>`;
          const refs = attr === "srcset" ? value.split(",").map((c) => c.trim().split(/\s+/)[0] ?? "") : [value];
          for (const ref of refs) {
            const target = resolveRef(page, ref, what);
            if (!target) continue;
            if (tag === "link" && target.endsWith(".css")) checkCss(target);
            // Reachable means a reader can click to it: only <a>/<area> are followed.
            if ((tag === "a" || tag === "area") && target.endsWith(".html") && !reached.has(target)) queue.push(target);
          }
        });
      }
      $('script[type="application/ld+json"]').each((_, el) => {
        let data: unknown;
        try {
          data = JSON.parse($(el).text());
        } catch {
          return; // the XSS gate reports unparsable JSON-LD
        }
        for (const url of jsonStrings(data)) if (url.startsWith(site.href)) resolveRef(page, url, "JSON-LD URL");
      });
    }
  };

  crawl(start[0]!);
  const fromIndex = new Set(reached);
  for (const page of start.slice(1)) crawl(page);
  for (const page of listFiles(dir).filter((f) => f.endsWith(".html"))) {
    if (!fromIndex.has(page) && !orphansAllowed.has(page)) report(page, `not reachable from ${start[0]} by following links`);
    crawl(page); // orphans still get their own references checked
  }

  checkSitemaps(dir, site, (from, loc) => resolveRef(from, loc, "sitemap <loc>"));
  return problems;
}

/** robots.txt → sitemap (index) → every `<loc>` must be a file of the output. */
function checkSitemaps(dir: string, site: URL, check: (from: string, loc: string) => string | undefined): void {
  const robots = join(dir, "robots.txt");
  const roots = existsSync(robots) ? [...readFileSync(robots, "utf8").matchAll(/^sitemap:\s*(\S+)/gim)].map((m) => m[1]!) : [];
  const parser = new XMLParser({ ignoreAttributes: true, isArray: (name) => name === "url" || name === "sitemap" });
  const visited = new Set<string>();
  const visit = (from: string, loc: string): void => {
    const file = check(from, loc);
    if (!file || visited.has(file) || !file.endsWith(".xml")) return;
    visited.add(file);
    const doc = parser.parse(readFileSync(join(dir, file), "utf8")) as { sitemapindex?: { sitemap?: { loc: string }[] }; urlset?: { url?: { loc: string }[] } };
    for (const s of doc.sitemapindex?.sitemap ?? []) visit(file, String(s.loc));
    for (const u of doc.urlset?.url ?? []) if (String(u.loc).startsWith(site.href)) check(file, String(u.loc));
  };
  for (const loc of roots) visit("robots.txt", loc);
}

/** The site's base URL, from the start page's canonical link (the build makes them absolute). */
function canonicalBase(dir: string, page: string): string {
  const $ = cheerio.load(readFileSync(join(dir, page), "utf8"));
  const canonical = $('link[rel="canonical"]').attr("href");
  return canonical && /^https?:/.test(canonical) ? new URL("./", new URL(canonical)).href : "https://warta.example/";
}

function* jsonStrings(value: unknown): Generator<string> {
  if (typeof value === "string") yield value;
  else if (Array.isArray(value)) for (const v of value) yield* jsonStrings(v);
  else if (value && typeof value === "object") for (const v of Object.values(value)) yield* jsonStrings(v);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
