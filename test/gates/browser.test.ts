/**
 * Gates 3–6 in ONE headless Chromium shared by the whole file: accessibility (axe-core, light
 * and dark), layout (375×812 and 1280×800, screenshots into screenshots/), weight (budget, no
 * JavaScript needed, nothing leaves 127.0.0.1) and the XSS trap on every hostile page.
 *
 * Speed: each page is visited once per viewport and every gate reads that visit. Two tabs run
 * side by side, one per viewport: 1280×800 carries axe (injected before the page's own content,
 * full rule set in light, color rules again in dark), 375×812 has no axe (a pristine page for
 * the XSS trap). The sweeps of both sites and the proofs (deliberately broken pages that must
 * make each gate fail, naming page and fault) all run at once in `beforeAll`; each gate's `it`
 * asserts its share. Per-part timings go to screenshots/timings.json.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, serveDir } from "../support/browser.ts";
import { buildSite, cleanup, tempDir, writeSite } from "../support/site.ts";
import {
  checkAxe,
  checkLayout,
  checkReadableWithoutJs,
  checkRequests,
  checkWeight,
  checkXssEvents,
  DESKTOP,
  gateContext,
  MOBILE,
  screenshot,
  SCREENSHOTS,
  visit,
  type Tab,
} from "./lib/browser-gates.ts";
import { brokenSite, page } from "./lib/fixtures.ts";
import { describeProblems, type Problem } from "./lib/problem.ts";
import { articlePages, builtSite, requireBuilt, pageTypes, urlPath, type BuiltSite } from "./lib/sites.ts";

type Gate = "axe" | "layout" | "weight" | "xss";

interface SweepPage {
  /** Output path, e.g. `berita/x/index.html`. */
  path: string;
  /** Screenshot base name (`<folder>/<name>-<width>.png`); none when undefined. */
  shot?: string;
  /** Also a dark-scheme screenshot at 375px. */
  darkShot?: boolean;
  axe?: boolean;
}

interface SweepResult {
  problems: Record<Gate, Problem[]>;
  /** Milliseconds spent per gate (page loads counted under "load"). */
  ms: Record<Gate | "load" | "screenshots", number>;
  visits: number;
}

let browser: Browser;
const served: Record<"sample" | "hostile" | "broken", { url: string; dir: string; close: () => Promise<void> }> = {} as never;
let sample: BuiltSite;
let hostile: BuiltSite;
const results: Record<"sample" | "hostile", SweepResult> = {} as never;

/** Lazy images load now: every <img> eager, then wait until each has loaded or failed. */
async function loadAllImages(tab: Tab): Promise<void> {
  await tab.page.evaluate(async () => {
    const images = Array.from(document.images);
    for (const img of images) img.loading = "eager";
    await Promise.all(
      images.map((img) => (img.complete ? undefined : new Promise((done) => {
        img.addEventListener("load", done, { once: true });
        img.addEventListener("error", done, { once: true });
      }))),
    );
  });
}

/**
 * Visit every page once at 375×812 (requests, XSS trap, layout, screenshots) and the axe or
 * screenshot pages once at 1280×800 (layout, screenshot, axe), the two viewports in parallel tabs.
 */
async function sweep(base: string, pages: readonly SweepPage[], folder: string): Promise<SweepResult> {
  const result: SweepResult = { problems: { axe: [], layout: [], weight: [], xss: [] }, ms: { axe: 0, layout: 0, weight: 0, xss: 0, load: 0, screenshots: 0 }, visits: 0 };
  const timed = async <T>(key: keyof SweepResult["ms"], fn: () => Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await fn();
    } finally {
      result.ms[key] += performance.now() - t;
    }
  };
  const desktop = async (): Promise<void> => {
    const ctx = await gateContext(browser, { axe: true, viewport: DESKTOP, colorScheme: "light" });
    const tab = await ctx.newTab();
    // At 1280 only the pages that get axe or a screenshot (the 375 pass sees every page).
    for (const p of pages.filter((q) => q.axe || q.shot)) {
      await timed("load", () => visit(tab, base, urlPath(p.path)));
      result.visits++;
      result.problems.layout.push(...(await timed("layout", () => checkLayout(tab, p.path, { minProseFont: 16, maxMeasureCh: 80, minTextPx: 12 }))));
      if (p.shot) {
        await loadAllImages(tab);
        await timed("screenshots", () => screenshot(tab, `${folder}/${p.shot}-${DESKTOP.width}.png`));
      }
      if (p.axe) result.problems.axe.push(...(await timed("axe", async () => [...(await checkAxe(tab, p.path, "light")), ...(await checkAxe(tab, p.path, "dark", true))])));
      await tab.page.emulateMedia({ colorScheme: "light" });
    }
    await ctx.context.close();
  };
  const mobile = async (): Promise<void> => {
    const ctx = await gateContext(browser, { viewport: MOBILE, colorScheme: "light" });
    const tab = await ctx.newTab();
    for (const p of pages) {
      const url = new URL(urlPath(p.path), base).href;
      await timed("load", () => visit(tab, base, urlPath(p.path)));
      result.visits++;
      await timed("weight", () => loadAllImages(tab));
      result.problems.weight.push(...checkRequests(tab, p.path));
      await timed("xss", () => tab.page.waitForTimeout(20)); // late handlers and timers get a chance to fire
      result.problems.xss.push(...checkXssEvents(tab, p.path, url));
      result.problems.layout.push(...(await timed("layout", () => checkLayout(tab, p.path))));
      if (p.shot) await timed("screenshots", () => screenshot(tab, `${folder}/${p.shot}-${MOBILE.width}.png`));
      if (p.darkShot) {
        await tab.page.emulateMedia({ colorScheme: "dark" });
        await timed("screenshots", () => screenshot(tab, `${folder}/${p.shot}-${MOBILE.width}-dark.png`));
        await tab.page.emulateMedia({ colorScheme: "light" });
      }
    }
    result.problems.weight.push(...ctx.blocked.map((u) => ({ gate: "weight", page: "(context)", message: `request left 127.0.0.1: ${u}` }) satisfies Problem));
    await ctx.context.close();
  };
  await Promise.all([desktop(), mobile()]);
  return result;
}

beforeAll(async () => {
  const t0 = performance.now();
  sample = requireBuilt(builtSite("sample"));
  hostile = requireBuilt(builtSite("hostile"));
  const broken = brokenSite({
    "index.html": page('<p>Halaman <a href="/tanpa-alt.html">tanpa alt</a>.</p>'),
    // axe: an image without alt, unreadable contrast, a link with no name
    "tanpa-alt.html": page('<p><img src="/foto.svg" width="100" height="50"></p><p style="color:#bbb;background:#fff">Teks abu-abu pucat di atas putih.</p><p><a href="/"><img src="/foto.svg" alt="" width="10" height="10"></a></p>'),
    // layout: a 1000px-wide fixed element at 375px, headline pushed below the fold, small text, long lines
    "lebar.html": page('<div style="position:fixed;top:0;left:0;width:1000px;height:10px;background:red"></div>'),
    // (max-width:none: the theme keeps a bare table in an article's text within the column; this one insists.)
    "tabel.html": page('<table style="width:1000px;max-width:none"><tr><td>sel tabel lebar</td></tr></table>'),
    "lipatan.html": page("").replace('<h1 class="article__title">', '<div style="height:900px">Iklan besar</div><h1 class="article__title">'),
    "kecil.html": page('<p style="font-size:13px">Teks isi yang terlalu kecil untuk dibaca dengan nyaman di ponsel.</p>'),
    "panjang.html": page("", { head: "<style>.article{max-width:none}</style>" }),
    "ringkasan.html": page("").replace("</main>", `<p class="catatan">${"Ringkasan yang terbentang di seluruh lebar halaman. ".repeat(6)}</p></main>`),
    // weight: too heavy, a script, a request to another origin, content that needs JavaScript
    "berat.html": page(`<p>${"Kalimat panjang pengisi halaman yang berat. ".repeat(1500)}</p>`),
    "skrip.html": page('<script>document.title = "x";</script><script src="/app.js"></script>'),
    "luar.html": page('<p><img src="https://cdn.example.com/foto.jpg" alt="Foto dari CDN" width="100" height="50"></p>'),
    "butuh-js.html": page("").replace(/<main[\s\S]*<\/main>/, '<main id="app"></main><script>document.getElementById("app").innerHTML = "<h1>Judul</h1><p class=prose>Isi</p>";</script>'),
    // xss: a handler that runs, a script that throws, a refresh that navigates away
    "xss.html": page('<p><img src="/tidak-ada.png" alt="x" onerror="alert(1)"></p>'),
    "galat.html": page('<script>throw new Error("boom")</script>'),
    "segarkan.html": page("", { head: '<meta http-equiv="refresh" content="0;url=/">' }),
    "foto.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"/>',
    "app.js": "",
  });
  const [b, s, h, k] = await Promise.all([launchBrowser(), serveDir(sample.out), serveDir(hostile.out), serveDir(broken)]);
  browser = b;
  served.sample = { ...s, dir: sample.out };
  served.hostile = { ...h, dir: hostile.out };
  served.broken = { ...k, dir: broken };
  const t1 = performance.now();

  const types = Object.entries(pageTypes(sample));
  const hostileTypes = new Set(Object.values(pageTypes(hostile)));
  const hostileArticles = articlePages(hostile);
  const since = (t: number): number => Math.round(performance.now() - t);
  const ms: Record<string, number> = {};
  // Everything at once: the sample and hostile sweeps (two tabs each) and the proofs.
  await Promise.all([
    // Screenshots of every type but the second home page (same template as the first); dark too for the article.
    sweep(served.sample.url, types.map(([name, path]) => ({ path, axe: true, ...(name === "home-paged" ? {} : { shot: name }), darkShot: name === "article" })), "sample").then((r) => {
      results.sample = r;
      ms.sampleSweep = since(t1);
    }),
    sweep(
      served.hostile.url,
      hostile.pages.map((path) => ({ path, axe: hostileTypes.has(path) || hostileArticles.includes(path), ...(hostileArticles.includes(path) ? { shot: `article-${path.split("/")[1]}` } : {}) })),
      "hostile",
    ).then((r) => {
      results.hostile = r;
      ms.hostileSweep = since(t1);
    }),
    runProofs().then(() => void (ms.proofs = since(t1))),
  ]);
  const timing = { setupMs: Math.round(t1 - t0), ...ms, totalMs: since(t0), sample: roundAll(results.sample.ms), hostile: roundAll(results.hostile.ms), visits: results.sample.visits + results.hostile.visits };
  mkdirSync(SCREENSHOTS, { recursive: true });
  writeFileSync(join(SCREENSHOTS, "timings.json"), JSON.stringify(timing, null, 2));
}, 180_000);

const roundAll = (o: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(o).map(([k, v]) => [k, Math.round(v)]));

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(served).map((s) => s.close()));
  if (served.broken) cleanup(served.broken.dir);
});

const has = (problems: string[], re: RegExp): void => void expect(problems.some((p) => re.test(p)), `${re} in:\n${problems.join("\n")}`).toBe(true);

/** What each gate said about the deliberately broken pages (computed in beforeAll, asserted by the "bites" tests). */
const proofs: Record<Gate, string[]> = { axe: [], layout: [], weight: [], xss: [] };

async function runProofs(): Promise<void> {
  const base = served.broken.url;
  const inContext = async (options: Parameters<typeof gateContext>[1], fn: (tab: Tab) => Promise<void>): Promise<void> => {
    const ctx = await gateContext(browser, options);
    try {
      await fn(await ctx.newTab());
    } finally {
      await ctx.context.close();
    }
  };
  await Promise.all([
    // axe: an image without alt, poor contrast, a link without a name
    inContext({ axe: true, viewport: DESKTOP }, async (tab) => {
      for (const p of ["tanpa-alt.html", "index.html"]) {
        await visit(tab, base, p);
        proofs.axe.push(...describeProblems([...(await checkAxe(tab, p, "light")), ...(await checkAxe(tab, p, "dark", true))]));
      }
    }),
    // layout: each page at the viewport where its fault shows
    ...([
      [MOBILE, ["lebar.html", "tabel.html", "lipatan.html", "kecil.html", "index.html"]],
      [DESKTOP, ["panjang.html", "ringkasan.html", "index.html"]],
    ] as const).map(([viewport, pages]) =>
      inContext({ viewport }, async (tab) => {
        for (const p of pages) {
          await visit(tab, base, p);
          proofs.layout.push(...describeProblems(await checkLayout(tab, p)));
        }
      }),
    ),
    // weight: static budget and scripts; a request to another origin; content that needs JavaScript
    (async () => {
      proofs.weight.push(...describeProblems(["berat.html", "skrip.html", "butuh-js.html", "index.html"].flatMap((p) => checkWeight(served.broken.dir, p))));
    })(),
    inContext({ viewport: MOBILE }, async (tab) => {
      for (const p of ["luar.html", "index.html"]) {
        await visit(tab, base, p);
        proofs.weight.push(...describeProblems(checkRequests(tab, p)));
      }
    }),
    inContext({ viewport: MOBILE, javaScriptEnabled: false }, async (tab) => {
      for (const p of ["butuh-js.html", "index.html"]) {
        await visit(tab, base, p);
        proofs.weight.push(...describeProblems(await checkReadableWithoutJs(tab, p)));
      }
    }),
    // xss: a handler that runs, a script that throws, a refresh that navigates away
    inContext({ viewport: MOBILE }, async (tab) => {
      for (const p of ["xss.html", "galat.html", "segarkan.html", "index.html"]) {
        const url = new URL(p, base).href;
        await visit(tab, base, p);
        // A 0-second refresh fires after load; on a busy machine give it up to 5 s.
        if (p === "segarkan.html") await tab.page.waitForURL((u) => u.href !== url, { timeout: 5_000 }).catch(() => {});
        else await tab.page.waitForTimeout(20);
        proofs.xss.push(...describeProblems(checkXssEvents(tab, p, url)));
      }
    }),
  ]);
}

// ---------------------------------------------------------------------------------------------

describe("gate 3: accessibility (axe-core, serious and critical)", () => {
  it("sample site: every page type, light and dark", () => {
    expect(Object.keys(pageTypes(sample)).length).toBeGreaterThanOrEqual(11);
    expect(describeProblems(results.sample.problems.axe)).toEqual([]);
  });

  it("hostile site: every page type and every article, light and dark", () => {
    expect(describeProblems(results.hostile.problems.axe)).toEqual([]);
  });

  it("bites: names the page, the rule and the element", () => {
    const problems = proofs.axe;
    has(problems, /^\[axe\] tanpa-alt\.html: light: image-alt \(critical\): Images must have alternative text: img/);
    has(problems, /^\[axe\] tanpa-alt\.html: light: color-contrast \(serious\)/);
    has(problems, /^\[axe\] tanpa-alt\.html: dark: color-contrast \(serious\)/);
    has(problems, /^\[axe\] tanpa-alt\.html: light: link-name \(serious\)/);
    expect(problems.filter((p) => p.includes("index.html"))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("gate 4: layout (375×812 and 1280×800)", () => {
  it("sample site: no sideways scroll at 375px, article headline and lead image above the fold, body text ≥ 16px and ≤ 80ch; screenshots written", () => {
    expect(describeProblems(results.sample.problems.layout)).toEqual([]);
    expect(pageTypes(sample).article).toBeDefined();
  });

  it("hostile site: every page fits 375px (long words, RTL, CJK, emoji, a 1000px table)", async () => {
    expect(describeProblems(results.hostile.problems.layout)).toEqual([]);
    // The fixture really is hostile: its table is far wider than a phone and scrolls in its own box.
    const ctx = await gateContext(browser, { viewport: MOBILE });
    const tab = await ctx.newTab();
    await visit(tab, served.hostile.url, "berita/unicode-dunia/");
    const table = await tab.page.evaluate(() => {
      const wrap = document.querySelector(".table-wrap")!;
      return { table: wrap.querySelector("table")!.getBoundingClientRect().width, wrap: wrap.clientWidth, scrolls: getComputedStyle(wrap).overflowX };
    });
    await ctx.context.close();
    expect(table.table).toBeGreaterThan(900);
    expect(table.wrap).toBeLessThanOrEqual(MOBILE.width);
    expect(table.scrolls).toBe("auto");
  });

  it("sample site at 320px with the text doubled (a reader's larger default font): overview pages, pagers and articles still fit", async () => {
    const ctx = await gateContext(browser, { viewport: { width: 320, height: 700 } });
    const tab = await ctx.newTab();
    const overflow: Record<string, number> = {};
    for (const path of ["", "halaman/2/", "kategori/", "penulis/", "tag/", "kategori/politik/", urlPath(pageTypes(sample).article!)]) {
      await visit(tab, served.sample.url, path);
      await tab.page.addStyleTag({ content: "html { font-size: 200% }" });
      overflow[path] = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    }
    await ctx.context.close();
    expect(Object.entries(overflow).filter(([, px]) => px > 0)).toEqual([]);
  });

  it("the Ralat box leaves the corrected fact most of the body's width on a phone with doubled text; share links are not printed", async () => {
    const ctx = await gateContext(browser, { viewport: { width: 320, height: 700 } });
    const tab = await ctx.newTab();
    await visit(tab, served.sample.url, "berita/hari-pencoblosan-berjalan-lancar-partisipasi-pemilih-di-jakarta-tinggi/");
    await tab.page.addStyleTag({ content: "html { font-size: 200% }" });
    const widths = await tab.page.evaluate(() => ({ correction: document.querySelector(".corrections li")!.getBoundingClientRect().width, body: document.querySelector(".article__body p")!.getBoundingClientRect().width }));
    await tab.page.emulateMedia({ media: "print" });
    const printed = await tab.page.evaluate(() => ({ share: getComputedStyle(document.querySelector(".share")!).display, corrections: getComputedStyle(document.querySelector(".corrections")!).display }));
    await ctx.context.close();
    expect(widths.correction / widths.body).toBeGreaterThan(0.75);
    expect(printed).toEqual({ share: "none", corrections: "block" });
  });

  it("a phone loads a photo's small WebP copy, a wide screen a larger one; a list's teaser one near its width", async () => {
    const seed = "berita/terus-bertambah-200-ribu-warga-rusia-sudah-kabur-ke-kazakhstan/";
    const loaded = async (viewport: { width: number; height: number }, deviceScaleFactor: number, path: string, selector: string): Promise<{ src: string; natural: number; shown: number }> => {
      const ctx = await gateContext(browser, { viewport, deviceScaleFactor });
      const tab = await ctx.newTab();
      await visit(tab, served.sample.url, path);
      const img = tab.page.locator(selector).first();
      await img.scrollIntoViewIfNeeded();
      await tab.page.waitForFunction((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0, await img.elementHandle(), { timeout: 10_000 });
      const got = await img.evaluate((el: HTMLImageElement) => ({ src: el.currentSrc.replace(/^.*\//, ""), natural: el.naturalWidth, shown: el.getBoundingClientRect().width }));
      await ctx.context.close();
      return got;
    };
    // 375 px at 2× shows the lead 343 px wide: 686 device pixels, so the 800 px copy, not the 2400 px original.
    const phone = await loaded(MOBILE, 2, seed, ".lead-image img");
    expect(phone.src).toMatch(/^warga-rusia-kazakhstan-800w\.[0-9a-f]{8}\.webp$/);
    // naturalWidth is in CSS pixels: the 800 px copy at the density srcset gave it.
    expect(phone.natural).toBe(343);
    const desktop = await loaded(DESKTOP, 1, seed, ".lead-image img");
    expect(desktop.src).toMatch(/-800w\.[0-9a-f]{8}\.webp$/);
    expect(desktop.shown).toBe(640);
    const wide = await loaded(DESKTOP, 2, seed, ".lead-image img");
    expect(wide.src).toMatch(/-1600w\.[0-9a-f]{8}\.webp$/);
    // Its teaser in the Dunia list (14rem wide at 1280 px): the 400 px copy.
    const related = await loaded(DESKTOP, 1, "kategori/dunia/", `.teaser__media[href="/${seed}"] img`);
    expect(related.src).toMatch(/-400w\.[0-9a-f]{8}\.webp$/);
  });

  it("quotes in quotes and lists in lists twenty and forty levels deep, and a page of pages/ with a very long word in its title (in every footer), fit a 375px phone", async () => {
    const root = tempDir();
    const quotes = Array.from({ length: 20 }, (_, i) => `${">".repeat(i + 1)} Kutipan tingkat ${i + 1}`).join("\n");
    const lists = Array.from({ length: 40 }, (_, i) => `${"  ".repeat(i)}- butir ${i + 1}`).join("\n");
    writeSite({
      "articles/dalam.md": `---\ntitle: Dalam\nauthor: Rina\ndate: 2024-01-01\n---\nPembuka.\n\n${quotes}\n\nTengah.\n\n${lists}\n\nPenutup.\n`,
      "pages/panjang.md": `---\ntitle: Halaman${"Panjang".repeat(8)}\n---\nIsi.\n`,
    }, root);
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const server = await serveDir(r.out);
    const ctx = await gateContext(browser, { viewport: MOBILE });
    const tab = await ctx.newTab();
    const overflow: Record<string, number> = {};
    for (const path of ["berita/dalam/", ""]) {
      await visit(tab, server.url, path);
      overflow[path] = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    }
    await ctx.context.close();
    await server.close();
    cleanup(root);
    expect(overflow).toEqual({ "berita/dalam/": 0, "": 0 });
  });

  it("raw HTML a site allows (a YouTube frame, a video, a wide table) fits a 320px phone", async () => {
    const root = tempDir();
    const wide = `<table><tr>${Array.from({ length: 12 }, (_, i) => `<td>kolom-data-panjang-${i}</td>`).join("")}</tr></table>`;
    writeSite({
      "warta.config.yaml": "allowRawHtml: true\n",
      "articles/sematan.md": `---\ntitle: Sematan\nauthor: Rina\ndate: 2024-01-01\n---\nPembuka.\n\n<iframe width="560" height="315" src="/kosong.html" title="Video"></iframe>\n\n<video width="640" height="360" controls></video>\n\n${wide}\n\n<div class="grafik">${wide}</div>\n\n<embed width="700" height="100" src="/kosong.html">\n`,
      "static/kosong.html": "<!doctype html><title>x</title>",
    }, root);
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const server = await serveDir(r.out);
    const ctx = await gateContext(browser, { viewport: { width: 320, height: 700 } });
    const tab = await ctx.newTab();
    await visit(tab, server.url, "berita/sematan/");
    const overflow = await tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    await ctx.context.close();
    await server.close();
    cleanup(root);
    expect(overflow).toBe(0);
  });

  it("forced colours (Windows High Contrast): only the current section's menu link is underlined", async () => {
    const ctx = await gateContext(browser, { viewport: DESKTOP, forcedColors: "active" });
    const tab = await ctx.newTab();
    await visit(tab, served.sample.url, "kategori/politik/");
    const links = await tab.page.evaluate(() => {
      const page = getComputedStyle(document.body).backgroundColor;
      return [...document.querySelectorAll(".nav__list a")].map((a) => ({ current: a.hasAttribute("aria-current"), underlined: getComputedStyle(a).borderBottomColor !== page }));
    });
    await ctx.context.close();
    expect(links.filter((l) => l.current)).toHaveLength(1);
    expect(links.filter((l) => l.underlined)).toEqual(links.filter((l) => l.current));
  });

  it("bites: a 1000px-wide element or table, a headline below the fold, small text and long lines are named", () => {
    const problems = proofs.layout;
    has(problems, /^\[layout\] lebar\.html: 375×812: content cut off at the edge of the 375px viewport: <div> 1000px wide/);
    has(problems, /^\[layout\] tabel\.html: 375×812: horizontal overflow: .*sticking out: <table> 1000px wide "sel tabel lebar"/);
    has(problems, /^\[layout\] lipatan\.html: 375×812: headline ends at \d+px, below the fold \(812px\)/);
    has(problems, /^\[layout\] kecil\.html: 375×812: body text is 13px, under 16px/);
    has(problems, /^\[layout\] panjang\.html: 1280×800: body text lines are [\d.]+ch long, over 80ch/);
    has(problems, /^\[layout\] ringkasan\.html: 1280×800: text lines are [\d.]+ch long, over 80ch: <p\.catatan>/);
    expect(problems.filter((p) => p.includes("index.html"))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("gate 5: weight", () => {
  it("every article page: HTML + CSS under 60 KB; no page of either site has a <script> but JSON-LD", () => {
    const articles = articlePages(sample);
    expect(articles.length).toBeGreaterThan(30);
    const problems = [
      ...articles.flatMap((p) => checkWeight(sample.out, p)),
      ...sample.pages.filter((p) => !articles.includes(p)).flatMap((p) => checkWeight(sample.out, p, Infinity)),
      ...hostile.pages.flatMap((p) => checkWeight(hostile.out, p, Infinity)),
    ];
    expect(describeProblems(problems)).toEqual([]);
  });

  it("no request leaves 127.0.0.1 and none fails (every page type, every hostile page, lazy images included)", () => {
    expect(describeProblems([...results.sample.problems.weight, ...results.hostile.problems.weight])).toEqual([]);
  });

  it("an article reads without JavaScript", async () => {
    const ctx = await gateContext(browser, { viewport: MOBILE, javaScriptEnabled: false });
    const tab = await ctx.newTab();
    const problems: Problem[] = [];
    for (const [site, base] of [[sample, served.sample.url], [hostile, served.hostile.url]] as const) {
      for (const article of [pageTypes(site).article!]) {
        await visit(tab, base, urlPath(article));
        problems.push(...(await checkReadableWithoutJs(tab, article)));
      }
    }
    await ctx.context.close();
    expect(describeProblems(problems)).toEqual([]);
  });

  it("bites: a page over budget, a script, a request to another origin and JS-only content are named", () => {
    const problems = proofs.weight;
    has(problems, /^\[weight\] berat\.html: HTML \+ CSS is [\d.]+ KB \(HTML [\d.]+ KB, CSS [\d.]+ KB\), over the 60\.0 KB budget/);
    has(problems, /^\[weight\] skrip\.html: has a <script> inline "document\.title = "x";": pages must need no JavaScript/);
    has(problems, /^\[weight\] skrip\.html: has a <script> loading \/app\.js/);
    has(problems, /^\[weight\] luar\.html: request leaves the site's origin: https:\/\/cdn\.example\.com\/foto\.jpg/);
    has(problems, /^\[weight\] butuh-js\.html: without JavaScript the headline \(h1\) is not visible/);
    expect(problems.filter((p) => p.includes("index.html"))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("gate 6: XSS in the browser", () => {
  it("every hostile page loads with no dialog, no page error, no navigation", () => {
    expect(hostile.pages.length).toBeGreaterThan(15);
    expect(results.hostile.visits).toBeGreaterThanOrEqual(hostile.pages.length);
    expect(describeProblems(results.hostile.problems.xss)).toEqual([]);
    expect(describeProblems(results.sample.problems.xss)).toEqual([]);
  });

  it("bites: a handler that runs, a script error and a redirect are named", () => {
    const problems = proofs.xss;
    has(problems, /^\[xss\] xss\.html: alert dialog opened: "1" \(script ran\)/);
    has(problems, /^\[xss\] galat\.html: page error: boom/);
    has(problems, /^\[xss\] segarkan\.html: navigated away to http:\/\/127\.0\.0\.1:\d+\//);
    expect(problems.filter((p) => p.includes("index.html"))).toEqual([]);
  });
});
