/**
 * The dev server serves only the output folder, on loopback unless told otherwise. Requests go over raw sockets (node:net), because
 * fetch and browsers normalise `..` and `%2e%2e` away before sending.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cssChange } from "../../src/dev/dev-server.ts";
import { contentType, findFile, injectBeforeBody, isLoopbackHost, parseRequestPath } from "../../src/dev/server.ts";
import { watchedRel } from "../../src/dev/watch.ts";
import { CLI, cleanup, NOW_EPOCH, tempDir } from "../support/site.ts";
import { articlePath, makeSite, remove, startTestDev, until, type TestDev } from "./helpers.ts";

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Send `GET <path>` byte for byte and read the whole response (Connection: close). */
function raw(port: number, path: string, method = "GET", host = `127.0.0.1:${port}`, address = "127.0.0.1"): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, address);
    const chunks: Buffer[] = [];
    socket.on("connect", () => socket.write(`${method} ${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`));
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", reject);
    socket.on("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      const split = text.indexOf("\r\n\r\n");
      const head = text.slice(0, split).split("\r\n");
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head[0] ?? "")?.[1] ?? 0);
      const headers: Record<string, string> = {};
      for (const line of head.slice(1)) {
        const i = line.indexOf(":");
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status, headers, body: text.slice(split + 4) });
    });
  });
}

const SECRET = "RAHASIA-JANGAN-BOCOR-7f3a";

let dev: TestDev;
let outside: string;
let port: number;

beforeAll(async () => {
  outside = tempDir("warta-outside-");
  writeFileSync(join(outside, "secret.txt"), SECRET);
  const root = makeSite(4);
  // Files next to the output folder that a traversal would reach.
  writeFileSync(join(root, "package.json"), `{"secret": "${SECRET}"}`);
  mkdirSync(join(root, "dist-leak"), { recursive: true });
  writeFileSync(join(root, "dist-leak", "x"), SECRET);
  writeFileSync(join(root, "x"), SECRET);
  dev = await startTestDev(root);
  await dev.settled();
  port = dev.port;
  // Symlinks planted in the output folder, pointing out of it.
  symlinkSync(join(outside, "secret.txt"), join(dev.out, "bocor.txt"));
  symlinkSync(outside, join(dev.out, "luar"));
  symlinkSync(join(root, "package.json"), join(dev.out, "paket.html"));
});

afterAll(async () => {
  await dev.close();
  cleanup(dev.root);
  cleanup(outside);
});

describe("warta dev server: containment", () => {
  it.each([
    "/../package.json",
    "/%2e%2e/package.json",
    "/%2E%2E/package.json",
    "/..%2fpackage.json",
    "/..%2Fpackage.json",
    "/%2e%2e%2f..%2fx",
    "/%2e%2e%2fdist-leak/x",
    "/../dist-leak/x",
    "/..\\package.json",
    "/..%5cpackage.json",
    "/%2e%2e%5cpackage.json",
    "//etc/passwd",
    "/etc/passwd",
    "/%2fetc/passwd",
    "/berita/../../package.json",
    "/berita/%2e%2e/%2e%2e/package.json",
    "/./package.json",
    "/%00",
    "/index.html%00.txt",
    "/%252e%252e/package.json",
    "/bocor.txt",
    "/luar/secret.txt",
    "/paket.html",
    "/luar/",
    "http://127.0.0.1/../package.json",
    "*",
  ])("GET %s never answers with a file from outside", async (path) => {
    const r = await raw(port, path);
    expect(r.status).not.toBe(200);
    expect([301, 400, 404]).toContain(r.status);
    expect(r.body).not.toContain(SECRET);
    expect(r.body).not.toContain("root:x:0:0");
    if (r.status === 301) expect(r.headers.location).toMatch(/^\/[^/\\]/);
  });

  it("answers only requests that name this machine (no DNS rebinding: another site's name pointed at 127.0.0.1)", async () => {
    for (const host of ["evil.example", `evil.example:${port}`, "192.168.1.5", "127.0.0.1.nip.io"]) {
      const r = await raw(port, "/", "GET", host);
      expect(r.status, host).toBe(403);
      expect(r.body).not.toContain("<html");
    }
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, "localhost", `[::1]:${port}`, `warta.localhost:${port}`]) {
      expect((await raw(port, "/", "GET", host)).status, host).toBe(200);
    }
  });

  it("knows every way of writing this machine, and nothing else, as a loopback name", () => {
    for (const host of ["localhost", "LOCALHOST:80", "warta.localhost", "127.0.0.1", "127.9.8.7:8080", "::1", "[::1]", "[::1]:8080", "0:0:0:0:0:0:0:1", "[0:0:0:0:0:0:0:1]:80", "::ffff:127.0.0.1", "[::ffff:7f00:1]:80"]) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
    for (const host of ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "::", "0.0.0.0", "::2", "192.168.1.5", "[::ffff:192.168.1.5]", "", "[::1", "128.0.0.1"]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });

  it("binds to 127.0.0.1 by default and prints the URL", () => {
    expect(dev.url).toBe(`http://127.0.0.1:${port}/`);
    expect(dev.logs.join("\n")).toContain(dev.url);
  });

  it("answers a deleted article's URL with the site's 404 page and status 404", async () => {
    const ok = await raw(port, "/berita/berita-nomor-2/");
    expect(ok.status).toBe(200);
    remove(dev.root, articlePath(2));
    await dev.settled();
    const gone = await raw(port, "/berita/berita-nomor-2/");
    expect(gone.status).toBe(404);
    expect(gone.headers["content-type"]).toBe("text/html; charset=utf-8");
    const tag = /<script src="\/__warta\/client\.js"[^>]*><\/script>/.exec(gone.body)?.[0] ?? "(no tag)";
    expect(tag).toContain(`data-warta-build="${(await dev.settled()).generation}"`);
    expect(gone.body).toBe(injectBeforeBody(readFileSync(join(dev.out, "404.html")), tag).toString("utf8"));
  });

  it("streams an HTML file too large to take the live-reload script as it is (each request read it whole)", async () => {
    const big = `<!doctype html><html><body>${"<p>data</p>".repeat(500_000)}</body></html>`;
    writeFileSync(join(dev.out, "besar.html"), big);
    const r = await raw(port, "/besar.html");
    expect(r.status).toBe(200);
    expect(r.headers["content-length"]).toBe(String(big.length));
    expect(r.body).toBe(big);
    expect(r.body).not.toContain("__warta");
  });

  it("serves the right content types, index.html for folders, redirects folders without a slash, lists no directory", async () => {
    const home = await raw(port, "/");
    expect(home.status).toBe(200);
    expect(home.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(home.body).toContain('<script src="/__warta/client.js"');
    expect(home.body.indexOf("/__warta/client.js")).toBeLessThan(home.body.lastIndexOf("</body>"));
    expect((await raw(port, "/assets/warta.css")).headers["content-type"]).toBe("text/css; charset=utf-8");
    const feed = await raw(port, "/feed.xml");
    expect(feed.headers["content-type"]).toBe("application/xml; charset=utf-8");
    expect(feed.body).not.toContain("__warta");
    expect((await raw(port, "/feed.json")).headers["content-type"]).toBe("application/json; charset=utf-8");
    expect((await raw(port, "/robots.txt")).headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect((await raw(port, "/__warta/client.js")).headers["content-type"]).toBe("text/javascript; charset=utf-8");
    const dir = await raw(port, "/berita/berita-nomor-1");
    expect(dir.status).toBe(301);
    expect(dir.headers.location).toBe("/berita/berita-nomor-1/");
    // A folder without index.html: 404, never a listing.
    const listing = await raw(port, "/berita/");
    expect(listing.status).toBe(404);
    // …answered by the site's 404 page, not by a listing of the folder.
    expect(listing.body.slice(0, 400)).toBe(readFileSync(join(dev.out, "404.html"), "utf8").slice(0, 400));
    expect((await raw(port, "/index.html/")).status).toBe(404);
    const head = await raw(port, "/", "HEAD");
    expect(head.status).toBe(200);
    expect(head.body).toBe("");
    expect((await raw(port, "/", "POST")).status).toBe(405);
    expect((await raw(port, "/__warta/nope")).status).toBe(404);
  });

  it("answers a byte range as a static host does (a video seeks, Safari plays MP4), and serves data and media types by name", async () => {
    const css = readFileSync(join(dev.out, "assets/warta.css"));
    const ranged = (range: string): Promise<Response> => fetch(new URL("assets/warta.css", `http://127.0.0.1:${port}/`), { headers: { range } });
    const part = await ranged("bytes=10-19");
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe(`bytes 10-19/${css.length}`);
    expect(Buffer.from(await part.arrayBuffer())).toEqual(css.subarray(10, 20));
    const tail = await ranged("bytes=-5");
    expect([tail.status, Buffer.from(await tail.arrayBuffer()).toString()]).toEqual([206, css.subarray(css.length - 5).toString()]);
    const past = await ranged(`bytes=${css.length}-`);
    expect([past.status, past.headers.get("content-range")]).toEqual([416, `bytes */${css.length}`]);
    // Not one range: the whole file, as RFC 9110 allows.
    const whole = await ranged("bytes=0-1,5-6");
    expect([whole.status, whole.headers.get("accept-ranges"), (await whole.arrayBuffer()).byteLength]).toEqual([200, "bytes", css.length]);
    expect([contentType("a/b.vtt"), contentType("x.wasm"), contentType("data.csv"), contentType("suara.m4a")]).toEqual(["text/vtt; charset=utf-8", "application/wasm", "text/csv; charset=utf-8", "audio/mp4"]);
  });
});

describe("warta dev server: ports and hosts", () => {
  it("moves to the next free port when the requested one is busy", async () => {
    const blocker: Server = createServer();
    await new Promise<void>((r) => blocker.listen(0, "127.0.0.1", r));
    const busy = (blocker.address() as AddressInfo).port;
    const root = makeSite(2);
    const other = await startTestDev(root, { port: busy });
    try {
      expect(other.port).not.toBe(busy);
      expect(other.port).toBeGreaterThan(busy);
      expect(other.url).toBe(`http://127.0.0.1:${other.port}/`);
      expect((await raw(other.port, "/")).status).toBe(200);
    } finally {
      await other.close();
      await new Promise((r) => blocker.close(r));
      cleanup(root);
    }
  });

  it.each(["::1", "[::1]"])("on IPv6's loopback (--host %s) it answers only requests that name this machine too", async (host) => {
    const root = makeSite(2);
    const other = await startTestDev(root, { host });
    try {
      expect(other.url).toBe(`http://[::1]:${other.port}/`);
      expect(other.logs.join("\n")).not.toContain("reachable from other machines");
      for (const name of ["attacker.example", `attacker.example:${other.port}`]) {
        expect((await raw(other.port, "/", "GET", name, "::1")).status, name).toBe(403);
        expect((await raw(other.port, "/__warta/events", "GET", name, "::1")).status, name).toBe(403);
      }
      expect((await raw(other.port, "/", "GET", `[::1]:${other.port}`, "::1")).status).toBe(200);
      expect((await raw(other.port, "/", "GET", `localhost:${other.port}`, "::1")).status).toBe(200);
    } finally {
      await other.close();
      cleanup(root);
    }
  });

  it("serves the site under the path of --base-url", async () => {
    const root = makeSite(2);
    const other = await startTestDev(root, { baseUrl: "https://contoh.id/berita-kita/" });
    try {
      expect(other.url).toBe(`http://127.0.0.1:${other.port}/berita-kita/`);
      const home = await raw(other.port, "/berita-kita/");
      expect(home.status).toBe(200);
      expect(home.body).toContain('<link rel="canonical" href="https://contoh.id/berita-kita/">');
      expect(home.body).toContain('href="/berita-kita/assets/warta.css"');
      expect((await raw(other.port, "/berita-kita/assets/warta.css")).status).toBe(200);
      expect((await raw(other.port, "/")).headers.location).toBe("/berita-kita/");
      expect((await raw(other.port, "/assets/warta.css")).status).toBe(404);
    } finally {
      await other.close();
      cleanup(root);
    }
  });
});

describe("warta dev: pure helpers", () => {
  it("parseRequestPath decodes once and refuses traversal", () => {
    expect(parseRequestPath("/a/b/")).toEqual({ kind: "path", segments: ["a", "b"], dir: true });
    expect(parseRequestPath("/caf%C3%A9.html")).toEqual({ kind: "path", segments: ["café.html"], dir: false });
    expect(parseRequestPath("/%252e%252e/x")).toEqual({ kind: "path", segments: ["%2e%2e", "x"], dir: false });
    for (const bad of ["/../x", "/%2e%2e/x", "/a/%2E%2E/x", "/..%2fx", "/a%5cb", "/a\\b", "//x", "/a//b", "/%00", "/%E0%A4%A", "x", "/a/./b"]) {
      expect(parseRequestPath(bad).kind, bad).toBe("bad");
    }
    expect(parseRequestPath("/", "/berita/")).toEqual({ kind: "redirect", location: "/berita/" });
    expect(parseRequestPath("/lain/", "/berita/")).toEqual({ kind: "not-found" });
    expect(parseRequestPath("/berita/x/", "/berita/")).toEqual({ kind: "path", segments: ["x"], dir: true });
  });

  it("injectBeforeBody puts the tag right before the last </body>, whatever the letters before it, and keeps every other byte", () => {
    const tag = "<script src=/x.js></script>";
    const page = (text: string): Buffer => Buffer.from(`<p>${text}</p></body></html>`);
    // İ lowers to two characters: a place found in the lower-cased text lands past </body>.
    expect(injectBeforeBody(page("İstanbul, İzmir, İ".repeat(5)), tag).toString()).toBe(`<p>${"İstanbul, İzmir, İ".repeat(5)}</p>${tag}</body></html>`);
    expect(injectBeforeBody(Buffer.from("<P>a</P></BODY></HTML>"), tag).toString()).toBe(`<P>a</P>${tag}</BODY></HTML>`);
    expect(injectBeforeBody(Buffer.from("<p>tanpa body"), tag).toString()).toBe(`<p>tanpa body${tag}`);
    // A page in windows-1252 keeps its bytes (café: e9).
    const legacy = Buffer.concat([Buffer.from("<p>caf"), Buffer.from([0xe9]), Buffer.from("</p></body>")]);
    expect(injectBeforeBody(legacy, tag)).toEqual(Buffer.concat([Buffer.from("<p>caf"), Buffer.from([0xe9]), Buffer.from(`</p>${tag}</body>`)]));
  });

  it("findFile refuses paths that resolve outside, even through symlinks", () => {
    expect(findFile(dev.out, ["bocor.txt"], false).kind).toBe("not-found");
    expect(findFile(dev.out, ["luar", "secret.txt"], false).kind).toBe("not-found");
    expect(findFile(dev.out, [".."], true).kind).toBe("not-found");
    expect(findFile(dev.out, ["index.html"], false).kind).toBe("file");
  });

  it("watchedRel keeps sources and config, drops editor droppings and everything else", () => {
    const root = "/site";
    expect(watchedRel(root, "/site/articles/2024/x.md", "/site/dist")).toBe("articles/2024/x.md");
    expect(watchedRel(root, "/site/warta.config.yaml", "/site/dist")).toBe("warta.config.yaml");
    expect(watchedRel(root, "/site/static/a.css", "/site/dist")).toBe("static/a.css");
    expect(watchedRel(root, "/site/static/.well-known/security.txt", "/site/dist")).toBe("static/.well-known/security.txt");
    for (const p of ["/site/articles/.htaccess", "/site/articles/.well-known/x.txt", "/site/dist/index.html", "/site/node_modules/x", "/site/.git/HEAD", "/site/README.md", "/elsewhere/articles/x.md", "/site/articles/.x.md.swp", "/site/articles/x.md~", "/site/articles/4913", "/site/articles/.#x.md", "/site/articles/#x.md#", "/site/articles/.hidden/x.md"]) {
      expect(watchedRel(root, p, "/site/dist"), p).toBeUndefined();
    }
  });

  it("cssChange hot-swaps only when stylesheets alone changed", () => {
    expect(cssChange(["a.css"], ["static/a.css"])).toEqual(["a.css"]);
    expect(cssChange(["a.css", "index.html"], ["static/a.css"])).toEqual(["a.css"]);
    expect(cssChange(["a.css", "index.html"], ["static/a.css", "articles/x.md"])).toBeUndefined();
    expect(cssChange(["index.html"], ["static/a.css"])).toBeUndefined();
    expect(cssChange(["a.css", "index.html"], [])).toBeUndefined();
  });
});


const canConnect = (host: string, port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = connect(port, host);
    s.on("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.on("error", () => resolve(false));
  });

describe("warta dev (CLI)", () => {
  /** `warta dev` on `root` as a reporter starts it, with what it printed so far. */
  function startCli(root: string) {
    const child = spawn(process.execPath, [CLI, "dev", "--root", root, "--out", join(root, "dist"), "--port", "0"], {
      env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const printed = { stdout: "", stderr: "" };
    child.stdout.on("data", (c: Buffer) => (printed.stdout += c.toString()));
    child.stderr.on("data", (c: Buffer) => (printed.stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const served = (): Promise<string> => until(() => /serving (http:\/\/\S+)/.exec(printed.stdout)?.[1], 30_000, `the URL in ${JSON.stringify(printed.stdout + printed.stderr)}`);
    return { child, printed, exited, served };
  }

  it("prints the URL, binds 127.0.0.1 only, and exits 0 on SIGINT", async () => {
    const root = makeSite(2);
    const { child, printed, exited, served } = startCli(root);
    try {
      const url = await served();
      const { hostname, port } = new URL(url);
      expect(hostname).toBe("127.0.0.1");
      const home = await fetch(url);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain("/__warta/client.js");
      // Not reachable through any other interface.
      const others = Object.values(networkInterfaces()).flat().filter((i) => i && !i.internal && i.family === "IPv4").map((i) => i!.address);
      for (const address of others) expect(await canConnect(address, Number(port)), address).toBe(false);
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited).toBe(0);
    expect(printed.stdout).toContain("stopping");
    expect(printed.stderr).toBe("");
    cleanup(root);
  });

  it("a closed terminal (SIGHUP) stops it as Ctrl+C does: exit 0, the cache saved for the next build", async () => {
    const root = makeSite(2);
    const { child, printed, exited, served } = startCli(root);
    try {
      await served();
    } finally {
      child.kill("SIGHUP");
    }
    expect(await exited).toBe(0);
    expect(printed.stdout).toContain("stopping");
    expect(existsSync(join(root, ".warta-cache", "state.bin"))).toBe(true);
    cleanup(root);
  });
});
