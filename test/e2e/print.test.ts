/**
 * A page printed from a screen in dark mode: paper is white, so the page takes its light colours
 * (it came out grey text on white paper, links pale blue). On screen, dark mode stays dark.
 */
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolatedContext, launchBrowser, serveDir } from "../support/browser.ts";
import { buildSite, fixtureSites, SMALL_ARTICLE } from "../support/site.ts";

const { site } = fixtureSites();
let browser: Browser;
let served: { url: string; close: () => Promise<void> };

beforeAll(async () => {
  const r = buildSite(site({ "articles/rapat.md": SMALL_ARTICLE }));
  expect(r.status, r.stderr).toBe(0);
  served = await serveDir(r.out);
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await served?.close();
});

describe("an article printed from dark mode", () => {
  it("prints dark text on white, while the screen in dark mode stays dark", async () => {
    const { context } = await isolatedContext(browser, { viewport: { width: 1280, height: 800 }, colorScheme: "dark" });
    try {
      const page = await context.newPage();
      await page.goto(new URL("/", served.url).href);
      const colours = (): Promise<[string, string]> => page.evaluate(() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]);
      expect(await colours()).toEqual(["rgb(233, 233, 236)", "rgb(18, 19, 22)"]);
      await page.emulateMedia({ media: "print", colorScheme: "dark" });
      expect(await colours()).toEqual(["rgb(26, 26, 26)", "rgb(255, 255, 255)"]);
    } finally {
      await context.close();
    }
  });
});
