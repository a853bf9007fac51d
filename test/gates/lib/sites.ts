/**
 * The two sites every gate runs against, each built ONCE by the real CLI and shared by all
 * gate files: vitest runs files in separate workers, so the build is cached on disk under
 * os.tmpdir(), keyed by a hash of everything that goes into it (compiled lib/, built-in
 * templates, the site's sources and the fixed clock). A second worker, or a second run with
 * nothing changed, reuses it; any change to src (recompiled by the global setup), templates or
 * articles makes a new key. Set WARTA_GATES_NO_CACHE=1 to force a fresh build.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import * as cheerio from "cheerio";
import { buildSite, FIXTURES, listFiles, NOW_EPOCH, REPO } from "../../support/site.ts";

export const SITES = {
  /** The repository itself is the sample site. */
  sample: REPO,
  /** XSS payloads in every front-matter field and body, plus Unicode, RTL, long words, a wide table. */
  hostile: join(FIXTURES, "hostile"),
} as const;
export type SiteName = keyof typeof SITES;

export interface BuiltSite {
  name: string;
  root: string;
  /** The built output folder. */
  out: string;
  /** Build exit status and its stderr (warnings), as the CLI printed them. */
  status: number;
  stderr: string;
  /** Every HTML file of the output, relative POSIX paths, sorted. */
  pages: string[];
}

const SITE_INPUTS = ["articles", "authors", "static", "templates", "warta.config.yaml", "warta.config.yml", "warta.config.json"];

function hashInputs(root: string): string {
  const h = createHash("sha256");
  h.update(`epoch=${NOW_EPOCH}\nnode=${process.version}\n`);
  const add = (base: string, paths: string[]): void => {
    for (const p of paths) {
      const abs = join(base, p);
      if (!existsSync(abs)) continue;
      // Not lib/.code-cache/: the CLI's runs write and remove files there while this reads (a run's marker vanished between the listing and the read).
      const files = statSync(abs).isDirectory() ? listFiles(abs).filter((f) => !f.startsWith(".code-cache/")).map((f) => join(p, f)) : [p];
      for (const f of files) {
        h.update(`${relative(REPO, join(base, f))}\0`);
        h.update(readFileSync(join(base, f)));
        h.update("\0");
      }
    }
  };
  add(REPO, ["lib", "templates"]);
  add(root, SITE_INPUTS);
  return h.digest("hex").slice(0, 16);
}

const memo = new Map<string, BuiltSite>();

/**
 * Build `root` (default: a named site) once per input hash. Callers assert on `status` and
 * `stderr` themselves; this never throws on a failed build, so the gate can say why.
 */
export function builtSite(name: SiteName | string, root: string = SITES[name as SiteName]): BuiltSite {
  const cached = memo.get(root);
  if (cached) return cached;
  const key = `${name.replace(/[^a-z0-9-]/gi, "_")}-${hashInputs(root)}`;
  const cacheRoot = join(tmpdir(), "warta-gates");
  const final = join(cacheRoot, key);
  mkdirSync(cacheRoot, { recursive: true });
  let dir = final;
  if (process.env.WARTA_GATES_NO_CACHE || !existsSync(join(final, "build.json"))) {
    const tmp = join(cacheRoot, `${key}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`);
    mkdirSync(tmp, { recursive: true });
    const r = buildSite(root, ["--out", join(tmp, "dist"), "--no-cache"]);
    writeFileSync(join(tmp, "build.json"), JSON.stringify({ status: r.status, stderr: r.stderr, stdout: r.stdout }));
    if (r.status !== 0) {
      // A failed build is never cached (lib/ may be mid-rebuild): this process uses it, the next retries.
      dir = tmp;
    } else {
      if (process.env.WARTA_GATES_NO_CACHE) rmSync(final, { recursive: true, force: true });
      try {
        renameSync(tmp, final);
      } catch {
        // Another worker won the race with an identical build: use theirs.
        rmSync(tmp, { recursive: true, force: true });
      }
      pruneOld(cacheRoot, key);
    }
  }
  const info = JSON.parse(readFileSync(join(dir, "build.json"), "utf8")) as { status: number; stderr: string };
  const out = join(dir, "dist");
  const pages = existsSync(out) ? listFiles(out).filter((f) => f.endsWith(".html")) : [];
  const site: BuiltSite = { name, root, out, status: info.status, stderr: info.stderr, pages };
  memo.set(root, site);
  return site;
}

/** The site, or an error carrying the CLI's own report when it did not build. */
export function requireBuilt(site: BuiltSite): BuiltSite {
  if (site.status !== 0 || site.pages.length === 0) throw new Error(`the ${site.name} site did not build (exit ${site.status}):\n${site.stderr.slice(0, 4000)}`);
  return site;
}

/** Drop cached builds of the same site older than an hour (a concurrent run may still use a fresh one). */
function pruneOld(cacheRoot: string, keep: string): void {
  const prefix = keep.slice(0, keep.lastIndexOf("-") + 1);
  for (const entry of readdirSync(cacheRoot)) {
    if (entry === keep || !entry.startsWith(prefix)) continue;
    try {
      if (Date.now() - statSync(join(cacheRoot, entry)).mtimeMs > 3_600_000) rmSync(join(cacheRoot, entry), { recursive: true, force: true });
    } catch {
      /* another worker removed it */
    }
  }
}

export type PageType =
  | "home"
  | "home-paged"
  | "article"
  | "author"
  | "tag"
  | "category"
  | "archive-day"
  | "archive"
  | "authors-index"
  | "tags-index"
  | "categories-index"
  | "404"
  | "search";

/**
 * One representative page per template. The article is the richest one (lead image, table,
 * source, tags); lists prefer a paginated one. Types the site lacks are left out.
 */
export function pageTypes(site: BuiltSite): Partial<Record<PageType, string>> {
  const known = typesMemo.get(site);
  if (known) return known;
  const has = new Set(site.pages);
  const pick = (re: RegExp, score: (p: string) => number = () => 0): string | undefined => {
    const matches = site.pages.filter((p) => re.test(p));
    return matches.sort((a, b) => score(b) - score(a) || a.localeCompare(b))[0];
  };
  const html = (p: string): string => readFileSync(join(site.out, p), "utf8");
  const articleScore = (p: string): number => {
    const $ = cheerio.load(html(p));
    return ($(".lead-image img").length ? 4 : 0) + ($(".prose table").length ? 2 : 0) + ($(".source a").length ? 1 : 0) + ($(".prose h2").length ? 1 : 0);
  };
  const paged = (p: string): number => (has.has(p.replace(/index\.html$/, "halaman/2/index.html")) ? 1 : 0);
  const types: Partial<Record<PageType, string>> = {
    home: has.has("index.html") ? "index.html" : undefined,
    "home-paged": pick(/^halaman\/2\/index\.html$/),
    article: pick(/^berita\/[^/]+\/index\.html$/, articleScore),
    author: pick(/^penulis\/[^/]+\/index\.html$/, (p) => (cheerio.load(html(p))(".profile").length ? 2 : 0) + paged(p)),
    tag: pick(/^tag\/[^/]+\/index\.html$/, paged),
    category: pick(/^kategori\/[^/]+\/index\.html$/, paged),
    "archive-day": pick(/^indeks\/\d{4}\/\d{2}\/\d{2}\/index\.html$/),
    archive: has.has("indeks/index.html") ? "indeks/index.html" : undefined,
    "authors-index": has.has("penulis/index.html") ? "penulis/index.html" : undefined,
    "tags-index": has.has("tag/index.html") ? "tag/index.html" : undefined,
    "categories-index": has.has("kategori/index.html") ? "kategori/index.html" : undefined,
    "404": has.has("404.html") ? "404.html" : undefined,
    search: has.has("cari/index.html") ? "cari/index.html" : undefined,
  };
  for (const k of Object.keys(types) as PageType[]) if (!types[k]) delete types[k];
  typesMemo.set(site, types);
  return types;
}

const typesMemo = new WeakMap<BuiltSite, Partial<Record<PageType, string>>>();

/** Every article page of a site. */
export function articlePages(site: BuiltSite): string[] {
  return site.pages.filter((p) => /^berita\/[^/]+\/index\.html$/.test(p));
}

/** URL path of an output file: `berita/x/index.html` → `berita/x/`. */
export function urlPath(page: string): string {
  return page.replace(/(^|\/)index\.html$/, "$1");
}
