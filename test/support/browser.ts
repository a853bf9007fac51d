/**
 * One headless Chromium (Debian's /usr/bin/chromium) driven by playwright-core, plus a tiny
 * static server for a built site. Requests that leave 127.0.0.1 are aborted and recorded.
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll } from "vitest";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

/**
 * For the tests of a file or a `describe`: the site `build` writes (it returns its output folder)
 * served, and a browser, made before them and closed after. Read `browser` and `url` in the tests.
 */
export function useServedSite(build: () => string): { readonly browser: Browser; readonly url: string } {
  let browser: Browser | undefined;
  let served: Awaited<ReturnType<typeof serveDir>> | undefined;
  beforeAll(async () => {
    served = await serveDir(build());
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });
  return {
    get browser(): Browser {
      return browser!;
    },
    get url(): string {
      return served!.url;
    },
  };
}

/** A context whose pages may only talk to loopback; everything else is aborted and listed in `blocked`. */
export async function isolatedContext(browser: Browser, options: Parameters<Browser["newContext"]>[0] = {}): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext(options);
  const blocked: string[] = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "127.0.0.1" && url.hostname !== "localhost") {
      blocked.push(url.href);
      return route.abort();
    }
    return route.continue();
  });
  return { context, blocked };
}

/** Open `url` in a fresh isolated context with `options`, run `check` on its page, and close the context whatever happens. */
export async function withPage<T>(browser: Browser, options: Parameters<Browser["newContext"]>[0], url: string, check: (page: Page, blocked: string[]) => Promise<T>): Promise<T> {
  const { context, blocked } = await isolatedContext(browser, options);
  try {
    const page = await context.newPage();
    await page.goto(url);
    return await check(page, blocked);
  } finally {
    await context.close();
  }
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".json": "application/json",
  ".xml": "application/xml", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".webp": "image/webp", ".txt": "text/plain; charset=utf-8",
};

/** Serve a built `dist/` on 127.0.0.1 (random port), with the site's 404 page. */
export async function serveDir(dir: string): Promise<{ url: string; close: () => Promise<void>; server: Server }> {
  const server = createServer((req, res) => {
    let path: string;
    try {
      path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir.endsWith(sep) ? dir : dir + sep) && file !== dir) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      const notFound = join(dir, "404.html");
      res.writeHead(404, { "content-type": TYPES[".html"] });
      if (existsSync(notFound)) createReadStream(notFound).pipe(res);
      else res.end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, server, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
