/**
 * `warta dev` in a real headless Chromium: edits show up without a manual reload, a stylesheet
 * change is swapped in place keeping the scroll position, a broken save shows the overlay and the
 * fix clears it, a deleted article leaves the home page.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isolatedContext, launchBrowser } from "../support/browser.ts";
import { cleanup } from "../support/site.ts";
import { articlePath, fixtureArticle, makeSite, remove, startTestDev, TEMPLATES, write, type TestDev } from "./helpers.ts";

const LONG_BODY = Array.from({ length: 60 }, (_, i) => `Paragraf panjang nomor ${i + 1}. ${"Kalimat pengisi agar halaman cukup tinggi untuk digulir. ".repeat(4)}`).join("\n\n");

let browser: Browser;
let context: BrowserContext;
let blocked: string[];
let dev: TestDev;
const dialogs: string[] = [];

beforeAll(async () => {
  // A site whose layout also links its own stylesheet from static/.
  const layout = readFileSync(join(TEMPLATES, "layout.njk"), "utf8").replace(
    '<link rel="stylesheet" href="{{ site.stylesheet | url }}">',
    '<link rel="stylesheet" href="{{ site.stylesheet | url }}">\n<link rel="stylesheet" href="{{ \'situs.css\' | url }}">',
  );
  expect(layout).toContain("situs.css");
  const root = makeSite(5, {
    "templates/layout.njk": layout,
    "static/situs.css": "body { background-color: rgb(255, 255, 255); }\n",
    [articlePath(1)]: fixtureArticle(1, "Judul Awal", {}, LONG_BODY),
  });
  [browser, dev] = await Promise.all([launchBrowser(), startTestDev(root)]);
  expect((await dev.settled()).ok).toBe(true);
  ({ context, blocked } = await isolatedContext(browser));
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await dev?.close();
  if (dev) cleanup(dev.root);
});

async function open(path: string): Promise<Page> {
  const page = await context.newPage();
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(new URL(path, dev.url).href);
  // Wait until the live-reload connection is up.
  await page.waitForFunction(() => (window as unknown as { __wartaLive?: boolean }).__wartaLive === true, undefined, { timeout: 10_000 });
  return page;
}

const h1 = (page: Page): Promise<string> => page.locator("h1").first().innerText();

describe("warta dev in Chromium", () => {
  it("shows an edited headline without a manual reload", async () => {
    const page = await open("berita/berita-nomor-1/");
    expect(await h1(page)).toBe("Judul Awal");
    const t0 = performance.now();
    write(dev.root, articlePath(1), fixtureArticle(1, "Judul Sesudah Disunting", {}, LONG_BODY));
    await expect.poll(() => h1(page), { timeout: 15_000 }).toBe("Judul Sesudah Disunting");
    console.log(`save → new headline in the tab: ${Math.round(performance.now() - t0)} ms`);
    await page.close();
  });

  it("swaps a changed stylesheet in place, keeping the scroll position", async () => {
    const page = await open("berita/berita-nomor-1/");
    await page.evaluate(() => {
      window.scrollTo(0, 900);
      (window as unknown as { __stillHere: number }).__stillHere = 1;
    });
    const y = await page.evaluate(() => new Promise<number>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(window.scrollY)))));
    expect(y).toBeGreaterThan(500);
    const bg = (): Promise<string> => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(await bg()).toBe("rgb(255, 255, 255)");
    const t0 = performance.now();
    write(dev.root, "static/situs.css", "body { background-color: rgb(255, 250, 205); }\n");
    await expect.poll(bg, { timeout: 15_000 }).toBe("rgb(255, 250, 205)");
    console.log(`save → stylesheet applied: ${Math.round(performance.now() - t0)} ms`);
    // Same document (no reload), same scroll position, one stylesheet link per sheet.
    expect(await page.evaluate(() => (window as unknown as { __stillHere?: number }).__stillHere)).toBe(1);
    expect(await page.evaluate(() => window.scrollY)).toBe(y);
    await expect.poll(() => page.locator('link[href*="situs.css"]').count()).toBe(1);
    expect(await page.locator('link[href*="situs.css"]').getAttribute("href")).toMatch(/situs\.css\?warta=\d+$/);
    await page.close();
  });

  it("shows the error overlay on a broken save and clears it on the fix", async () => {
    const page = await open("berita/berita-nomor-1/");
    const broken = `---\ntitle: "<img src=x onerror=alert(1)> tanpa penutup\ndate: 2024-02-02T10:00:00+07:00\nauthor: Rina Kusuma\n---\n<script>alert(2)</script>\n`;
    write(dev.root, articlePath(1), broken);
    const overlay = page.locator("#warta-dev-overlay");
    await overlay.waitFor({ state: "visible", timeout: 15_000 });
    const text = await overlay.innerText();
    expect(text).toContain(articlePath(1));
    expect(text).toContain("yaml-syntax");
    // Built from text nodes: nothing from the message became markup.
    expect(await overlay.locator("img, script").count()).toBe(0);
    // The last good page is still there underneath.
    expect(await h1(page)).toBe("Judul Sesudah Disunting");
    // A tab opened while the build is broken shows the overlay too.
    const second = await open("");
    await second.locator("#warta-dev-overlay").waitFor({ state: "visible", timeout: 15_000 });
    await second.close();

    write(dev.root, articlePath(1), fixtureArticle(1, "Judul Setelah Diperbaiki", {}, LONG_BODY));
    await expect.poll(() => h1(page), { timeout: 15_000 }).toBe("Judul Setelah Diperbaiki");
    expect(await page.locator("#warta-dev-overlay").count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("a page with six of the site's own pages in frames still loads, fetches and reloads (one connection, not one per frame)", async () => {
    for (let i = 1; i <= 6; i++) write(dev.root, `static/grafik/g${i}.html`, `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Grafik ${i}</title></head><body><p>grafik ${i}</p></body></html>\n`);
    const frames = Array.from({ length: 6 }, (_, i) => `<iframe src="/grafik/g${i + 1}.html" title="Grafik ${i + 1}"></iframe>`).join("");
    write(dev.root, "static/grafik.html", `<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Grafik</title></head><body>${frames}</body></html>\n`);
    await expect.poll(async () => (await fetch(new URL("grafik.html", dev.url))).status, { timeout: 15_000 }).toBe(200);
    const page = await open("grafik.html");
    await expect.poll(() => page.frames().filter((f) => f.url().includes("/grafik/g")).length, { timeout: 10_000 }).toBe(6);
    // With a live-reload connection per frame, the browser's six per host were all taken and this hung.
    const status = await page.evaluate(() => Promise.race([fetch("/robots.txt").then((r) => r.status), new Promise((r) => setTimeout(() => r("hung"), 5000))]));
    expect(status).toBe(200);
    await page.evaluate(() => ((window as unknown as { __before: number }).__before = 1));
    write(dev.root, articlePath(2), fixtureArticle(2, "Judul Nomor Dua Baru"));
    await expect.poll(() => page.evaluate(() => (window as unknown as { __before?: number }).__before).catch(() => 1), { timeout: 15_000 }).toBeUndefined();
    await page.close();
  });

  it("reloads a page framed by another origin (an editor's preview pane)", async () => {
    const pane = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(`<!doctype html><title>Pane</title><iframe src="${new URL("berita/berita-nomor-4/", dev.url).href}" width="800" height="600"></iframe>`));
    await new Promise<void>((r) => pane.listen(0, "127.0.0.1", r));
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${(pane.address() as AddressInfo).port}/`);
    const frame = (): Frame => page.frames().find((f) => f.url().includes("/berita/berita-nomor-4/"))!;
    await expect.poll(() => frame()?.evaluate(() => (window as unknown as { __wartaLive?: boolean }).__wartaLive === true).catch(() => false), { timeout: 10_000 }).toBe(true);
    write(dev.root, articlePath(4), fixtureArticle(4, "Judul Di Panel Editor"));
    await expect.poll(() => frame()?.locator("h1").first().innerText().catch(() => ""), { timeout: 15_000 }).toBe("Judul Di Panel Editor");
    await page.close();
    await new Promise((r) => pane.close(r));
  });

  it("removes a deleted article from the home page", async () => {
    const page = await open("");
    const link = page.locator('a[href="/berita/berita-nomor-3/"]');
    expect(await link.count()).toBeGreaterThan(0);
    remove(dev.root, articlePath(3));
    await expect.poll(() => link.count(), { timeout: 15_000 }).toBe(0);
    expect(await page.locator('a[href="/berita/berita-nomor-4/"]').count()).toBeGreaterThan(0);
    const gone = await page.goto(new URL("berita/berita-nomor-3/", dev.url).href);
    expect(gone?.status()).toBe(404);
    expect(blocked).toEqual([]);
    await page.close();
  });
});
