/**
 * Gates 3–6 in real headless Chromium: accessibility (axe-core), layout (overflow, fold, type
 * size, measure; screenshots for people), weight (no JS needed, nothing leaves the origin),
 * and the XSS trap (no dialog, no page error). Each check takes an open tab and returns
 * problems naming the page, so the proof tests can feed it deliberately broken pages.
 */
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as cheerio from "cheerio";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { isolatedContext } from "../../support/browser.ts";
import { REPO } from "../../support/site.ts";
import { clip, isOwnSearchScript, type Problem } from "./problem.ts";

export const AXE_SOURCE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");
export const SCREENSHOTS = join(REPO, "screenshots");
export const MOBILE = { width: 375, height: 812 } as const;
export const DESKTOP = { width: 1280, height: 800 } as const;
/** WCAG 2.x A/AA plus axe's best practices; only serious and critical results fail the gate. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
export const WEIGHT_LIMIT = 60 * 1024;

export interface Tab {
  page: Page;
  /** Dialogs, page errors, failed requests and 4xx/5xx subresources since the last `visit`. */
  events: string[];
  /** Requests aborted for leaving 127.0.0.1, since the last `visit`. */
  blocked: string[];
}

export interface GateContext {
  context: BrowserContext;
  blocked: string[];
  newTab(): Promise<Tab>;
}

/**
 * An isolated context (nothing leaves 127.0.0.1) whose tabs record dialogs, page errors and
 * failed requests. With `axe`, axe.min.js is added to every document before its own content.
 */
export async function gateContext(browser: Browser, options: Parameters<Browser["newContext"]>[0] & { axe?: boolean } = {}): Promise<GateContext> {
  const { axe, ...contextOptions } = options;
  const { context, blocked } = await isolatedContext(browser, contextOptions);
  if (axe) await context.addInitScript({ path: AXE_SOURCE });
  const newTab = async (): Promise<Tab> => {
    const page = await context.newPage();
    const tab: Tab = { page, events: [], blocked: [] };
    page.on("dialog", (d) => {
      tab.events.push(`${d.type()} dialog opened: "${clip(d.message(), 60)}" (script ran)`);
      void d.dismiss().catch(() => {});
    });
    page.on("pageerror", (e) => tab.events.push(`page error: ${clip(e.message, 100)}`));
    page.on("requestfailed", (r) => {
      const url = new URL(r.url());
      const offsite = (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "127.0.0.1" && url.hostname !== "localhost";
      if (offsite) tab.blocked.push(r.url()); // aborted by isolatedContext's route
      else tab.events.push(`request failed: ${clip(r.url(), 100)} (${r.failure()?.errorText ?? "?"})`);
    });
    page.on("response", (r) => {
      if (r.status() >= 400 && r.request().resourceType() !== "document") tab.events.push(`${r.request().resourceType()} ${new URL(r.url()).pathname} answered ${r.status()}`);
    });
    return tab;
  };
  return { context, blocked, newTab };
}

/** Load `path` of the served site in the tab; resets the tab's event lists. */
export async function visit(tab: Tab, baseUrl: string, path: string): Promise<void> {
  tab.events.length = 0;
  tab.blocked.length = 0;
  await tab.page.goto(new URL(path, baseUrl).href, { waitUntil: "load" });
}

// ---------------------------------------------------------------------------------------------
// Accessibility

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string; summary: string }[];
}

/** The axe rules whose outcome depends on colors: all a second color scheme can change. */
export const AXE_COLOR_RULES = ["color-contrast", "link-in-text-block"];

/**
 * axe-core on the loaded document, in the given color scheme. Serious and critical only.
 * `colorsOnly` runs just the color rules: for the second scheme of a page already checked.
 */
export async function checkAxe(tab: Tab, name: string, colorScheme: "light" | "dark", colorsOnly = false): Promise<Problem[]> {
  await tab.page.emulateMedia({ colorScheme });
  const runOnly = colorsOnly ? { type: "rule", values: AXE_COLOR_RULES } : { type: "tag", values: AXE_TAGS };
  const violations = await tab.page.evaluate(async (only) => {
    const axe = (window as unknown as { axe?: { run: (ctx: Document, opts: object) => Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    if (!axe) throw new Error("axe-core is not loaded in this page (use gateContext({ axe: true }))");
    const r = await axe.run(document, { runOnly: only, resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target.map(String).join(" "), summary: n.failureSummary ?? "" })) }));
  }, runOnly) as AxeViolation[];
  return violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      gate: "axe",
      page: name,
      message: `${colorScheme}: ${v.id} (${v.impact}): ${v.help}: ${v.nodes.slice(0, 3).map((n) => `${clip(n.target, 60)} — ${clip(n.summary.replace(/^Fix (any|all) of the following:\s*/i, ""), 110)}`).join("; ")}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : ""}`,
    }));
}

// ---------------------------------------------------------------------------------------------
// Layout

export interface LayoutMetrics {
  innerWidth: number;
  scrollWidth: number;
  /** Outermost elements sticking out of the viewport sideways (cut off, or widening the page). */
  overflowing: string[];
  headline?: { top: number; bottom: number };
  leadImage?: { top: number; bottom: number };
  /** Per `.prose` paragraph sample: computed font size (px) and width in `ch` of its own font. */
  prose: { fontSize: number; widthCh: number; text: string }[];
  /** Other paragraphs in <main> that wrap onto two lines or more, measured the same way. */
  paragraphs: { widthCh: number; where: string }[];
  /** Smallest computed font size of any visible text in <main>, and where. */
  smallestText?: { fontSize: number; where: string };
}

export async function layoutMetrics(page: Page): Promise<LayoutMetrics> {
  return page.evaluate(() => {
    window.scrollTo(0, 0);
    const describe = (el: Element): string => {
      const cls = typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "";
      const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 40);
      return `<${el.tagName.toLowerCase()}${cls}> ${Math.round(el.getBoundingClientRect().width)}px wide${text ? ` "${text}"` : ""}`;
    };
    const iw = window.innerWidth;
    const sw = document.documentElement.scrollWidth;
    // Elements that stick out of the viewport sideways while partly on screen (wholly off-screen
    // ones, like a skip link parked at left:-999px, are on purpose), outermost only, ignoring
    // content inside a container that scrolls or clips sideways (it cannot widen the page).
    const overflowing: string[] = [];
    const sticksOut = (el: Element): boolean => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && (r.right > iw + 0.5 || r.left < -0.5) && r.right > 0 && r.left < iw;
    };
    const clipped = (el: Element): boolean => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== "visible") return true;
      return false;
    };
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      if (!sticksOut(el) || clipped(el)) continue;
      if (el.parentElement && el.parentElement !== document.body && sticksOut(el.parentElement) && !clipped(el.parentElement)) continue;
      overflowing.push(describe(el));
      if (overflowing.length >= 5) break;
    }
    const box = (sel: string): { top: number; bottom: number } | undefined => {
      const el = document.querySelector(sel);
      if (!el) return undefined;
      const r = el.getBoundingClientRect();
      return { top: Math.round(r.top + window.scrollY), bottom: Math.round(r.bottom + window.scrollY) };
    };
    const measure = (p: Element): { fontSize: number; widthCh: number; text: string; lines: number } => {
      const probe = document.createElement("span");
      probe.style.cssText = "display:inline-block;width:100ch;height:0;padding:0;border:0;margin:0";
      p.appendChild(probe);
      const ch = probe.getBoundingClientRect().width / 100;
      probe.remove();
      const cs = getComputedStyle(p);
      const rect = p.getBoundingClientRect();
      const content = rect.width - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
      const lineHeight = cs.lineHeight === "normal" ? 1.2 * parseFloat(cs.fontSize) : parseFloat(cs.lineHeight);
      return { fontSize: parseFloat(cs.fontSize), widthCh: Math.round((content / ch) * 10) / 10, text: (p.textContent ?? "").trim().slice(0, 40), lines: Math.round(rect.height / lineHeight) };
    };
    const nonEmpty = (p: Element): boolean => (p.textContent ?? "").trim().length > 0 && p.getClientRects().length > 0;
    const prose = Array.from(document.querySelectorAll(".prose > p")).filter(nonEmpty).slice(0, 5).map(measure);
    // Any other paragraph of <main> that wraps: summaries, bios, notes.
    const paragraphs = Array.from(document.querySelectorAll("main p"))
      .filter((p) => !p.closest(".prose") && nonEmpty(p))
      .slice(0, 60)
      .map((p) => ({ ...measure(p), where: describe(p) }))
      .filter((p) => p.lines >= 2);
    let smallestText: { fontSize: number; where: string } | undefined;
    const main = document.querySelector("main");
    if (main) {
      const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!el || !(n.textContent ?? "").trim() || !el.getClientRects().length) continue;
        const size = parseFloat(getComputedStyle(el).fontSize);
        if (!smallestText || size < smallestText.fontSize) smallestText = { fontSize: size, where: describe(el) };
      }
    }
    return { innerWidth: iw, scrollWidth: sw, overflowing, headline: box(".article__title"), leadImage: box(".lead-image img"), prose, paragraphs, smallestText };
  });
}

export interface LayoutRules {
  /** Viewport height: headline and lead-image top must start above it (mobile). */
  fold?: number;
  /** Minimum body (.prose) font size in px. */
  minProseFont?: number;
  /** Maximum line length in ch of .prose and of any other wrapping paragraph in <main>. */
  maxMeasureCh?: number;
  /** Minimum size of any text in <main>. */
  minTextPx?: number;
}

export const LAYOUT_RULES: Required<LayoutRules> = { fold: MOBILE.height, minProseFont: 16, maxMeasureCh: 80, minTextPx: 12 };

/** Lead image: at least this much of it must show above the fold, not just its top pixel. */
const LEAD_IMAGE_VISIBLE_PX = 80;

export function judgeLayout(name: string, viewport: string, m: LayoutMetrics, rules: LayoutRules = LAYOUT_RULES): Problem[] {
  const problems: Problem[] = [];
  const add = (message: string): void => void problems.push({ gate: "layout", page: name, message: `${viewport}: ${message}` });
  if (m.scrollWidth > m.innerWidth) add(`horizontal overflow: page is ${m.scrollWidth}px wide in a ${m.innerWidth}px viewport${m.overflowing.length ? `; sticking out: ${m.overflowing.join("; ")}` : ""}`);
  else if (m.overflowing.length) add(`content cut off at the edge of the ${m.innerWidth}px viewport: ${m.overflowing.join("; ")}`);
  if (rules.fold !== undefined) {
    if (m.headline && m.headline.bottom > rules.fold) add(`headline ends at ${m.headline.bottom}px, below the fold (${rules.fold}px)`);
    if (m.leadImage && m.leadImage.top + LEAD_IMAGE_VISIBLE_PX > rules.fold) add(`lead image starts at ${m.leadImage.top}px: less than ${LEAD_IMAGE_VISIBLE_PX}px of it above the fold (${rules.fold}px)`);
  }
  for (const p of m.prose) {
    if (rules.minProseFont !== undefined && p.fontSize < rules.minProseFont) add(`body text is ${p.fontSize}px, under ${rules.minProseFont}px ("${p.text}")`);
    if (rules.maxMeasureCh !== undefined && p.widthCh > rules.maxMeasureCh) add(`body text lines are ${p.widthCh}ch long, over ${rules.maxMeasureCh}ch ("${p.text}")`);
  }
  for (const p of m.paragraphs) {
    if (rules.maxMeasureCh !== undefined && p.widthCh > rules.maxMeasureCh) add(`text lines are ${p.widthCh}ch long, over ${rules.maxMeasureCh}ch: ${p.where}`);
  }
  if (rules.minTextPx !== undefined && m.smallestText && m.smallestText.fontSize < rules.minTextPx) add(`text at ${m.smallestText.fontSize}px is under ${rules.minTextPx}px: ${m.smallestText.where}`);
  return problems;
}

export async function checkLayout(tab: Tab, name: string, rules: LayoutRules = LAYOUT_RULES): Promise<Problem[]> {
  const vp = tab.page.viewportSize();
  return judgeLayout(name, vp ? `${vp.width}×${vp.height}` : "?", await layoutMetrics(tab.page), rules);
}

/** Full-page PNG under screenshots/ (git-ignored), for people to look at. */
export async function screenshot(tab: Tab, file: string): Promise<string> {
  const path = join(SCREENSHOTS, file);
  mkdirSync(dirname(path), { recursive: true });
  await tab.page.screenshot({ path, fullPage: true, animations: "disabled" });
  return path;
}

// ---------------------------------------------------------------------------------------------
// Weight

/**
 * Static part of the weight gate for one built page: HTML + its local stylesheets under the
 * limit, and no `<script>` other than JSON-LD data.
 */
export function checkWeight(dir: string, page: string, limit = WEIGHT_LIMIT): Problem[] {
  const problems: Problem[] = [];
  const html = readFileSync(join(dir, page), "utf8");
  const $ = cheerio.load(html);
  const htmlBytes = statSync(join(dir, page)).size;
  let cssBytes = 0;
  $('link[rel~="stylesheet"][href]').each((_, el) => {
    const href = $(el).attr("href")!;
    const url = new URL(href, new URL(page, "http://warta.local/"));
    if (url.origin !== "http://warta.local") {
      problems.push({ gate: "weight", page, message: `stylesheet from another origin: ${href}` });
      return;
    }
    let target = decodeURIComponent(url.pathname.slice(1));
    if (target.endsWith("/")) target += "index.html";
    try {
      cssBytes += statSync(join(dir, target)).size;
    } catch {
      problems.push({ gate: "weight", page, message: `stylesheet ${href} is missing` });
    }
  });
  if (htmlBytes + cssBytes >= limit) {
    problems.push({ gate: "weight", page, message: `HTML + CSS is ${fmtKB(htmlBytes + cssBytes)} (HTML ${fmtKB(htmlBytes)}, CSS ${fmtKB(cssBytes)}), over the ${fmtKB(limit)} budget` });
  }
  $("script").each((_, el) => {
    const type = ($(el).attr("type") ?? "").trim().toLowerCase();
    if (type === "application/ld+json") return;
    const src = $(el).attr("src");
    // The one exception: the search page's own script, from the site (the page reads without it).
    if (isOwnSearchScript(page, src, $(el).attr("defer") !== undefined)) return;
    problems.push({ gate: "weight", page, message: `has a <script${type ? ` type="${type}"` : ""}> ${src ? `loading ${clip(src, 80)}` : `inline "${clip($(el).text(), 60)}"`}: pages must need no JavaScript` });
  });
  return problems;
}

const fmtKB = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Readable without JavaScript: in a tab of a `javaScriptEnabled: false` context, the headline
 * and the first body paragraph are rendered, visible and non-empty.
 */
export async function checkReadableWithoutJs(tab: Tab, name: string): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const [selector, what] of [["h1", "headline"], [".prose p, main p", "body text"]] as const) {
    const el = tab.page.locator(selector).first();
    const visible = (await el.count()) > 0 && (await el.isVisible());
    const text = visible ? (await el.innerText()).trim() : "";
    if (!visible || !text) problems.push({ gate: "weight", page: name, message: `without JavaScript the ${what} (${selector}) is not visible` });
  }
  return problems;
}

/** Requests that tried to leave 127.0.0.1 during the last visit, and failed same-origin ones. */
export function checkRequests(tab: Tab, name: string): Problem[] {
  return [
    ...tab.blocked.map((url) => ({ gate: "weight", page: name, message: `request leaves the site's origin: ${clip(url, 100)}` }) satisfies Problem),
    ...tab.events.filter((e) => e.startsWith("request failed") || / answered \d+$/.test(e)).map((e) => ({ gate: "weight", page: name, message: e }) satisfies Problem),
  ];
}

// ---------------------------------------------------------------------------------------------
// XSS (browser half; the static half is in xss.ts)

/** After a visit: no dialog opened, no page error, and the tab is still on the page it loaded. */
export function checkXssEvents(tab: Tab, name: string, expectedUrl: string): Problem[] {
  const problems: Problem[] = tab.events.filter((e) => e.includes("dialog") || e.startsWith("page error")).map((e) => ({ gate: "xss", page: name, message: e }));
  if (tab.page.url() !== expectedUrl) problems.push({ gate: "xss", page: name, message: `navigated away to ${clip(tab.page.url(), 100)}` });
  return problems;
}
