/**
 * `warta dev` survives content errors: a broken save shows an `error` event (file, line, code),
 * the terminal gets the same diagnostics, the last good output keeps being served, and the fix
 * brings one reload. Three rounds of different breakages in one process.
 */
import { readFileSync } from "node:fs";
import { get, type IncomingMessage } from "node:http";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { articlePath, compareWithFresh, fixtureArticle, headline, makeSite, until, useDevServers, write } from "./helpers.ts";

interface SseEvent {
  event: string;
  data: unknown;
}

/** A raw SSE subscriber (node:http): collects parsed events. */
function subscribe(url: string): Promise<{ events: SseEvent[]; close: () => void; res: IncomingMessage }> {
  return new Promise((resolve, reject) => {
    const req = get(new URL("/__warta/events", url), (res) => {
      const events: SseEvent[] = [];
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        buf += chunk;
        let i: number;
        while ((i = buf.indexOf("\n\n")) >= 0) {
          const block = buf.slice(0, i);
          buf = buf.slice(i + 2);
          const ev = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (ev && data !== undefined) events.push({ event: ev, data: JSON.parse(data) });
        }
      });
      resolve({ events, res, close: () => req.destroy() });
    });
    req.on("error", reject);
  });
}

async function fetchText(url: string): Promise<{ status: number; text: string }> {
  const r = await fetch(url);
  return { status: r.status, text: await r.text() };
}

const devOn = useDevServers();

describe("warta dev: errors never kill the preview", () => {
  it("bad YAML, a template error and a bad config: error event, last good output served, recovery", async () => {
    const dev = await devOn(makeSite(4));
    const sse = await subscribe(dev.url);
    await until(() => sse.events.length > 0, 10_000, "hello");
    // Build 0: the first build's pages (tabs opened while it ran saw the same ones).
    expect(sse.events[0]).toEqual({ event: "hello", data: { build: 0, session: expect.stringMatching(/^[0-9a-f]{12}$/) } });
    const articleUrl = new URL("berita/berita-nomor-1/", dev.url).href;

    const breakages: { name: string; file: string; bad: string; good: string; code: string; line?: number }[] = [
      {
        name: "bad YAML",
        file: articlePath(1),
        bad: '---\ntitle: "Judul tanpa penutup\ndate: 2024-02-02T10:00:00+07:00\nauthor: Rina Kusuma\n---\nIsi.\n',
        good: fixtureArticle(1, "Judul Setelah Perbaikan"),
        code: "yaml-syntax",
      },
      {
        name: "unclosed {% if %} in a site template",
        file: "templates/article.njk",
        bad: '{% extends "layout.njk" %}{% block main %}{% if page.title %}<h1>{{ page.title }}</h1>{% endblock %}\n',
        good: '{% extends "layout.njk" %}{% block main %}<h1>{{ page.title }}</h1><p class="khusus">templat situs</p>{% endblock %}\n',
        code: "template",
      },
      {
        name: "bad config",
        file: "warta.config.yaml",
        bad: "title: Warta Uji\nperPage: banyak\n",
        good: "title: Warta Uji Pulih\nperPage: 4\n",
        code: "config",
      },
    ];

    for (const b of breakages) {
      const before = sse.events.length;
      const goodPage = await fetchText(articleUrl);
      write(dev.root, b.file, b.bad);
      const failed = await dev.settled();
      expect(failed.ok, b.name).toBe(false);
      expect(failed.sent).toBe("error");
      await until(() => sse.events.slice(before).find((e) => e.event === "error"), 10_000, `error event (${b.name})`);
      const err = sse.events.slice(before).find((e) => e.event === "error")!.data as { diagnostics: { file: string; line?: number; code: string; message: string }[] };
      expect(err.diagnostics.some((d) => d.file === b.file && d.code === b.code), `${b.name}: ${JSON.stringify(err.diagnostics)}`).toBe(true);
      if (b.code === "yaml-syntax") expect(err.diagnostics.find((d) => d.file === b.file)!.line).toBeGreaterThanOrEqual(2);
      // Terminal: the same diagnostics, formatted.
      expect(dev.warnings.join("\n")).toContain(`${b.file}:`);
      // The last good pages are still served, unchanged; other routes too.
      expect(await fetchText(articleUrl)).toEqual(goodPage);
      expect((await fetchText(dev.url)).status).toBe(200);
      // A tab opened now learns about the failure on connect.
      const late = await subscribe(dev.url);
      await until(() => late.events.length > 0, 10_000, "hello while failing");
      expect((late.events[0]!.data as { error?: unknown }).error).toBeTruthy();
      late.close();

      const mark = sse.events.length;
      write(dev.root, b.file, b.good);
      const fixed = await dev.settled();
      expect(fixed.ok, `${b.name} fixed: ${fixed.diagnostics.map((d) => d.message).join("; ")}`).toBe(true);
      await until(() => sse.events.slice(mark).some((e) => e.event === "reload"), 10_000, `reload after fixing ${b.name}`);
      expect(sse.events.slice(mark).filter((e) => e.event === "reload")).toHaveLength(1);
      expect(sse.events.slice(mark).filter((e) => e.event === "error")).toHaveLength(0);
    }
    const page = await fetchText(articleUrl);
    expect(page.text).toContain("Judul Setelah Perbaikan");
    expect(page.text).toContain("templat situs");
    expect(page.text).toContain("Warta Uji Pulih");
    sse.close();
  });

  it("an article saved together with a broken config is built once the config is fixed", async () => {
    const dev = await devOn(makeSite(3));
    const config = readFileSync(join(dev.root, "warta.config.yaml"), "utf8");
    // One batch: the config breaks and an article changes; the build stops at the config.
    write(dev.root, "warta.config.yaml", "title: [tidak, tertutup\n");
    write(dev.root, articlePath(1), fixtureArticle(1, "Diubah Saat Konfigurasi Rusak"));
    expect((await dev.settled()).kind).toBe("config");
    // The next batch names only the config: the article's change must still be seen.
    write(dev.root, "warta.config.yaml", config);
    expect((await dev.settled()).ok).toBe(true);
    expect(headline(dev, "berita-nomor-1")).toBe("Diubah Saat Konfigurasi Rusak");
    expect(await compareWithFresh(dev)).toEqual([]);
  });

  it("a fix that restores the exact previous bytes clears the error with `ok`", async () => {
    const dev = await devOn(makeSite(3));
    const sse = await subscribe(dev.url);
    await until(() => sse.events.length > 0, 10_000, "hello");
    write(dev.root, "authors/rina-kusuma.md", "---\nname: [tidak, tertutup\n---\n");
    expect((await dev.settled()).sent).toBe("error");
    write(dev.root, "authors/rina-kusuma.md", "---\nname: Rina Kusuma\nbio: Wartawan desk politik.\n---\n");
    expect((await dev.settled()).sent).toBe("ok");
    await until(() => sse.events.some((e) => e.event === "ok"), 10_000, "ok event");
    expect(sse.events.map((e) => e.event)).toEqual(["hello", "error", "ok"]);
    sse.close();
  });
});
