/**
 * The site's own pictures (publisher.logo, shareImage) kept under articles/, as the README allows,
 * stay published when a draft shows one too: a photo only unpublished articles name is held back
 * (an embargoed story's lead image), but the logo is named by the config, for every page and feed.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite, fixtureSites, readHtml } from "../support/site.ts";

const { site } = fixtureSites();
const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

describe("the site's logo and share picture under articles/", () => {
  it("stay in every page, feed and JSON-LD while a draft shows them too", () => {
    const root = site({
      "warta.config.yaml": "title: Warta\nshareImage: /images/bagikan.png\npublisher:\n  name: Warta\n  logo: /images/logo.png\n",
      "articles/images/logo.png": png,
      "articles/images/bagikan.png": png,
      "articles/images/rahasia.png": png,
      "articles/2024/draf.md": "---\ntitle: Ulang Tahun Warta\ndate: 2024-09-20 10:00\nauthor: Rina\ndraft: true\nimage: /images/logo.png\n---\n![foto](../images/bagikan.png) ![rahasia](../images/rahasia.png)\n",
      "articles/2024/terbit.md": "---\ntitle: Terbit\ndate: 2024-09-21 10:00\nauthor: Rina\n---\nIsi.\n",
    });
    const r = buildSite(root, ["--no-cache"]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(existsSync(join(r.out, "images/logo.png"))).toBe(true);
    expect(existsSync(join(r.out, "images/bagikan.png"))).toBe(true);
    // What only the draft shows is still held back.
    expect(existsSync(join(r.out, "images/rahasia.png"))).toBe(false);
    const $ = readHtml(r.out, "index.html");
    expect($('meta[property="og:image"]').attr("content")).toBe("https://warta.example/images/bagikan.png");
    const article = readHtml(r.out, "berita/terbit/index.html");
    const news = JSON.parse(article('script[type="application/ld+json"]').first().text());
    expect(news.publisher.logo.url).toBe("https://warta.example/images/logo.png");
    expect(readFileSync(join(r.out, "feed.xml"), "utf8")).toContain("<image><url>https://warta.example/images/logo.png</url>");
    expect(JSON.parse(readFileSync(join(r.out, "feed.json"), "utf8")).icon).toBe("https://warta.example/images/logo.png");
  });
});
