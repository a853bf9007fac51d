/**
 * Core Web Vitals of the pages a reader opens most: the picture that is the largest on the first
 * screen loads at once (LCP), and nothing on screen moves when a picture or the search results
 * arrive late (CLS, measured in Chromium with a PerformanceObserver).
 */
import { describe, expect, it } from "vitest";
import type { Page } from "playwright-core";
import { isolatedContext, useServedSite } from "../support/browser.ts";
import { article, buildSite, fixtureSites, NOW_EPOCH, readHtml } from "../support/site.ts";

const { site } = fixtureSites();
const NOW = Number(NOW_EPOCH) * 1000;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d+Z$/, "Z");
const REMOTE = "https://img.example.id";
// A 16:9 picture, as a photo desk's CDN serves a lead image; it stands in for the remote JPEG.
const PICTURE = `<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900"><rect width="1600" height="900" fill="#4fc3f7"/></svg>`;
const BODY = Array.from({ length: 12 }, (_, i) => `Paragraf ${i + 1}: warga pesisir mengungsi ke balai desa setelah air laut naik hingga lutut orang dewasa sejak pagi.`).join("\n\n");

const files = (): Record<string, string> => ({
  // The newest story has no picture; the ones under it have.
  "articles/tanpa-foto.md": article({ title: "Rapat Paripurna Tanpa Foto", date: iso(NOW - 3600_000), author: "Rina", category: "Politik", tags: "[Banjir]" }, BODY),
  "articles/banjir.md": article({ title: "Banjir Rob Rendam Pesisir", date: iso(NOW - 2 * 3600_000), author: "Rina", category: "Daerah", tags: "[Banjir]", image: `${REMOTE}/2024/09/banjir.jpg`, image_caption: "\"Foto: Antara\"" }, BODY),
  "articles/pasar.md": article({ title: "Harga Beras di Pasar Induk", date: iso(NOW - 3 * 3600_000), author: "Rina", category: "Ekonomi", tags: "[Banjir]", image: `${REMOTE}/2024/09/pasar.jpg` }, BODY),
  "articles/jalan.md": article({ title: "Jalan Pantura Tergenang", date: iso(NOW - 4 * 3600_000), author: "Rina", category: "Daerah", tags: "[Banjir]", image: `${REMOTE}/2024/09/jalan.jpg` }, BODY),
});

describe("the first picture on screen loads at once", () => {
  it("on the home page and a list, also when the newest story has no picture", () => {
    const r = buildSite(site(files()));
    expect(r.status, r.stderr).toBe(0);
    const loading = (path: string): string[] => {
      const $ = readHtml(r.out, path);
      return $("main img").map((_, img) => `${$(img).attr("src")!.replace(REMOTE, "")} ${$(img).attr("fetchpriority") ?? ""}${$(img).attr("loading") ?? ""}`).get();
    };
    // The headline has no picture: the first of the grid (on a phone under the headline, on a wide screen in the first row) is the largest on the first screen.
    expect(loading("index.html")).toEqual(["/2024/09/banjir.jpg high", "/2024/09/pasar.jpg lazy", "/2024/09/jalan.jpg lazy"]);
    expect(loading("tag/banjir/index.html")).toEqual(["/2024/09/banjir.jpg high", "/2024/09/pasar.jpg lazy", "/2024/09/jalan.jpg lazy"]);
  });
});

describe("nothing on screen moves while the page loads (CLS)", () => {
  const served = useServedSite(() => {
    const r = buildSite(site(files()));
    expect(r.status, r.stderr).toBe(0);
    return r.out;
  });

  /** Open `path` at `viewport`, `delay` ms for the remote pictures and the search index, and give the sum of the layout shifts once `ready` holds. */
  async function layoutShift(path: string, viewport: { width: number; height: number }, ready: (page: Page) => Promise<unknown>): Promise<{ cls: number; blocked: string[] }> {
    const { context, blocked } = await isolatedContext(served.browser, { viewport, deviceScaleFactor: viewport.width < 500 ? 2 : 1 });
    try {
      await context.addInitScript(() => {
        const w = window as unknown as { cls: number };
        w.cls = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries() as unknown as { value: number; hadRecentInput: boolean }[]) if (!e.hadRecentInput) w.cls += e.value;
        }).observe({ type: "layout-shift", buffered: true });
      });
      const late = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 700));
      // Registered after the isolation's own route, so these answer first.
      await context.route(`${REMOTE}/**`, async (route) => {
        await late();
        await route.fulfill({ status: 200, contentType: "image/svg+xml", body: PICTURE });
      });
      await context.route("**/cari/data.json", async (route) => {
        await late();
        await route.continue();
      });
      const page = await context.newPage();
      await page.goto(new URL(path, served.url).href);
      await ready(page);
      await page.waitForTimeout(300);
      const cls = await page.evaluate(() => (window as unknown as { cls: number }).cls);
      return { cls, blocked };
    } finally {
      await context.close();
    }
  }

  for (const viewport of [{ width: 375, height: 812 }, { width: 1280, height: 800 }]) {
    it(`an article whose lead image is an https:// URL (no size known to the build), at ${viewport.width}×${viewport.height}`, async () => {
      const r = await layoutShift("/berita/banjir/", viewport, (page) => page.waitForFunction(() => (document.querySelector(".lead-image img") as HTMLImageElement | null)?.complete === true && (document.querySelector(".lead-image img") as HTMLImageElement).naturalWidth > 0));
      expect(r.blocked).toEqual([]);
      expect(r.cls).toBeLessThan(0.01);
    });
  }

  it("the search page opened from the masthead box, its results arriving after the index, at 1280×800", async () => {
    const r = await layoutShift("/cari/?q=banjir", { width: 1280, height: 800 }, (page) => page.waitForFunction(() => (document.querySelector("#cari-status")?.textContent ?? "").endsWith("ditemukan.")));
    expect(r.blocked).toEqual([]);
    expect(r.cls).toBeLessThan(0.01);
  });
});
