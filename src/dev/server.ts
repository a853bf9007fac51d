/**
 * The dev server: `node:http`, plain `fs`, nothing else. It serves only files inside the output
 * folder, injects the live-reload client into HTML responses (never on disk) and pushes build
 * events over Server-Sent Events.
 *
 * Request paths are checked before the file system is asked anything:
 * - the raw path must start with `/`; encoded `/`, `\` and NUL (`%2f`, `%5c`, `%00`) are refused;
 * - it is percent-decoded exactly once; backslashes, control characters, `.`/`..` and empty
 *   segments (`//x`) are refused with 400;
 * - the file is `realpath`ed and must lie inside the `realpath` of the output folder (so a symlink
 *   in the output pointing elsewhere answers 404), and so must a directory's `index.html`.
 * No directory listings; a missing file answers the site's `404.html` with status 404.
 */
import { closeSync, createReadStream, openSync, readFileSync, realpathSync, statSync, type Stats } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { BlockList, isIP, type AddressInfo } from "node:net";
import { extname, join } from "node:path";
import { isInside } from "../load/walk.ts";
import { CLIENT_JS, CLIENT_PATH, EVENTS_PATH, RESERVED_PREFIX } from "./client.ts";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".xsl": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".pdf": "application/pdf",
  ".mp3": "audio/mpeg",
  ".mp4": "video/mp4",
  ".webm": "video/webm",
  ".m4a": "audio/mp4",
  ".ogg": "audio/ogg",
  ".oga": "audio/ogg",
  ".ogv": "video/ogg",
  ".wav": "audio/wav",
  ".vtt": "text/vtt; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".tsv": "text/tab-separated-values; charset=utf-8",
  ".geojson": "application/geo+json",
  ".wasm": "application/wasm",
  ".xhtml": "application/xhtml+xml; charset=utf-8",
  ".heic": "image/heic",
  ".jxl": "image/jxl",
};

export const contentType = (path: string): string => TYPES[extname(path).toLowerCase()] ?? "application/octet-stream";
const isHtml = (path: string): boolean => /\.html?$/i.test(path);

export type PathResult =
  | { kind: "path"; segments: string[]; dir: boolean }
  | { kind: "redirect"; location: string }
  | { kind: "not-found" }
  | { kind: "bad" };

/** Turn the raw request path (no query) into path segments under the output folder, or refuse it. */
export function parseRequestPath(rawPath: string, basePath = "/"): PathResult {
  if (!rawPath.startsWith("/")) return { kind: "bad" };
  if (/%(2f|5c|00)/i.test(rawPath)) return { kind: "bad" };
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return { kind: "bad" };
  }
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(decoded)) return { kind: "bad" };
  let rest = decoded;
  if (basePath !== "/") {
    if (decoded === "/" || decoded === basePath.slice(0, -1)) return { kind: "redirect", location: encodeURI(basePath) };
    if (!decoded.startsWith(basePath)) return { kind: "not-found" };
    rest = decoded.slice(basePath.length - 1);
  }
  const dir = rest.endsWith("/");
  const inner = rest.slice(1, dir ? -1 : undefined);
  const segments = inner === "" ? [] : inner.split("/");
  if (segments.some((s) => s === "" || s === "." || s === "..")) return { kind: "bad" };
  return { kind: "path", segments, dir };
}

/** realpath + containment; undefined when missing, looping or outside `outReal`. */
function containedReal(outReal: string, candidate: string): { real: string; stat: Stats } | undefined {
  try {
    const real = realpathSync(candidate);
    if (!isInside(outReal, real)) return undefined;
    return { real, stat: statSync(real) };
  } catch {
    return undefined;
  }
}

export type FileResult = { kind: "file"; path: string; stat: Stats } | { kind: "redirect-dir" } | { kind: "not-found" };

/** Find the file for checked segments inside the output folder. */
export function findFile(out: string, segments: readonly string[], dir: boolean): FileResult {
  let outReal: string;
  try {
    outReal = realpathSync(out);
  } catch {
    return { kind: "not-found" };
  }
  const candidate = join(outReal, ...segments);
  if (!isInside(outReal, candidate)) return { kind: "not-found" };
  const hit = containedReal(outReal, candidate);
  if (!hit) return { kind: "not-found" };
  if (hit.stat.isDirectory()) {
    if (!dir && segments.length > 0) return { kind: "redirect-dir" };
    const index = containedReal(outReal, join(hit.real, "index.html"));
    return index && index.stat.isFile() ? { kind: "file", path: index.real, stat: index.stat } : { kind: "not-found" };
  }
  if (!hit.stat.isFile() || dir || hit.real === outReal) return { kind: "not-found" };
  return { kind: "file", path: hit.real, stat: hit.stat };
}

/**
 * Insert `tag` before the last `</body>` (any case), or append it. On the page's bytes, found
 * through their latin1 reading (one character per byte): every other byte stays as it is, in
 * whatever encoding the page is written, and no letter before it moves the place (`İ` is two
 * characters in lower case).
 */
export function injectBeforeBody(html: Buffer, tag: string): Buffer {
  let at = -1;
  for (const m of html.toString("latin1").matchAll(/<\/body>/gi)) at = m.index;
  const t = Buffer.from(tag);
  return at < 0 ? Buffer.concat([html, t]) : Buffer.concat([html.subarray(0, at), t, html.subarray(at)]);
}

export interface DevServerOptions {
  out: string;
  /** Path prefix of the site, from its base URL (`/` or `/berita/`). */
  basePath: string;
  /** The client tag for HTML responses, built per response (it carries the build number). */
  clientTag: () => string;
  events: EventHub;
  /**
   * Set while the first build runs: the files it already wrote (`early`: output path → staged
   * folder) are served from there, every other request waits in `held` until the build is over.
   */
  starting?: StartGate;
  /**
   * Listening on a loopback address: only requests that name a loopback host are answered. A web
   * page elsewhere cannot then read the preview (drafts included) by pointing its own domain at
   * 127.0.0.1 (DNS rebinding).
   */
  loopbackOnly?: boolean;
}

/**
 * `localhost`, `x.localhost`, `127.0.0.1` and the like, `::1` (also written `0:0:0:0:0:0:0:1`),
 * `::ffff:127.0.0.1`: names that can only mean this machine. `host` is a Host header (`name:port`,
 * `[v6]:port`) or an address to listen on (a bare IPv6 address: its last group is no port).
 */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(h);
  const name = bracketed ? bracketed[1]! : (h.match(/:/g) ?? []).length > 1 ? h : h.replace(/:\d*$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  const family = isIP(name);
  return family !== 0 && LOOPBACK.check(name, family === 4 ? "ipv4" : "ipv6");
}

/** 127.0.0.0/8 and ::1; IPv4-mapped IPv6 addresses (`::ffff:127.0.0.1`) are checked against the IPv4 rule. */
const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

export interface StartGate {
  early?: { dir: string; paths: ReadonlySet<string> };
  held: (() => void)[];
}

/** The first build is over: serve from the output folder, answer the requests that waited. */
export function openGate(options: DevServerOptions): void {
  const held = options.starting?.held ?? [];
  options.starting = undefined;
  for (const answer of held) answer();
}

const COMMON = { "cache-control": "no-store", "x-content-type-options": "nosniff" } as const;

export function createDevServer(options: DevServerOptions): Server {
  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    try {
      handle(options, req, res, answer);
    } catch {
      if (!res.headersSent) res.writeHead(500, { ...COMMON, "content-type": "text/plain; charset=utf-8" });
      res.end("internal error");
    }
  };
  return createServer(answer);
}

function handle(options: DevServerOptions, req: IncomingMessage, res: ServerResponse, again: (req: IncomingMessage, res: ServerResponse) => void): void {
  const method = req.method ?? "GET";
  const raw = req.url ?? "/";
  const q = raw.search(/[?#]/);
  const rawPath = q >= 0 ? raw.slice(0, q) : raw;
  const query = q >= 0 && raw[q] === "?" ? raw.slice(q).replace(/#.*$/, "") : "";
  if (method !== "GET" && method !== "HEAD") {
    res.writeHead(405, { ...COMMON, allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" }).end("method not allowed");
    return;
  }
  const head = method === "HEAD";
  const host = req.headers.host;
  if (options.loopbackOnly && host !== undefined && !isLoopbackHost(host)) {
    res.writeHead(403, { ...COMMON, "content-type": "text/plain; charset=utf-8" }).end(head ? undefined : "this preview answers only to localhost");
    return;
  }
  if (rawPath === EVENTS_PATH && !head) return options.events.connect(req, res);
  if (rawPath === CLIENT_PATH) {
    res.writeHead(200, { ...COMMON, "content-type": TYPES[".js"]!, "content-length": Buffer.byteLength(CLIENT_JS) });
    res.end(head ? undefined : CLIENT_JS);
    return;
  }
  if (rawPath.startsWith(RESERVED_PREFIX)) return notFound(options, res, head);

  const p = parseRequestPath(rawPath, options.basePath);
  if (p.kind === "bad") {
    res.writeHead(400, { ...COMMON, "content-type": "text/plain; charset=utf-8" }).end(head ? undefined : "bad request");
    return;
  }
  if (p.kind === "redirect") return redirect(res, p.location + query);
  if (options.starting) {
    const early = p.kind === "path" ? earlyFile(options.starting, p.segments, p.dir) : undefined;
    if (early) return sendFile(options, res, early.path, early.stat, 200, head);
    options.starting.held.push(() => again(req, res));
    return;
  }
  if (p.kind === "not-found") return notFound(options, res, head);
  const f = findFile(options.out, p.segments, p.dir);
  if (f.kind === "redirect-dir") return redirect(res, `${rawPath}/${query}`);
  if (f.kind === "not-found") return notFound(options, res, head);
  sendFile(options, res, f.path, f.stat, 200, head, typeof req.headers.range === "string" ? req.headers.range : undefined);
}

/** A file the first build wrote early, found in its staged folder (gone once the build ends). */
function earlyFile(gate: StartGate, segments: readonly string[], dir: boolean): { path: string; stat: Stats } | undefined {
  if (!gate.early) return undefined;
  const path = dir || segments.length === 0 ? [...segments, "index.html"].join("/") : segments.join("/");
  if (!gate.early.paths.has(path)) return undefined;
  const f = findFile(gate.early.dir, segments, dir);
  return f.kind === "file" ? f : undefined;
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(301, { ...COMMON, location, "content-type": "text/plain; charset=utf-8" }).end();
}

function notFound(options: DevServerOptions, res: ServerResponse, head: boolean): void {
  const f = findFile(options.out, ["404.html"], false);
  if (f.kind === "file") return sendFile(options, res, f.path, f.stat, 404, head);
  const body = injectBeforeBody(Buffer.from("<!doctype html><html><head><meta charset=utf-8><title>404</title></head><body><h1>404</h1><p>Not found.</p></body></html>"), options.clientTag());
  res.writeHead(404, { ...COMMON, "content-type": TYPES[".html"]!, "content-length": body.length });
  res.end(head ? undefined : body);
}

/** A file of the output that cannot be read (its mode changed by hand, gone since it was found): said, not a dropped connection. */
function unreadable(res: ServerResponse, e: unknown, head: boolean): void {
  const code = (e as NodeJS.ErrnoException).code ?? "error";
  res.writeHead(code === "EACCES" || code === "EPERM" ? 403 : code === "ENOENT" ? 404 : 500, { ...COMMON, "content-type": "text/plain; charset=utf-8" });
  res.end(head ? undefined : `cannot read this file: ${code}`);
}

/**
 * Pages up to this size get the live-reload script, which means reading them whole for each
 * request; a larger HTML file (a data dump in `static/`) is streamed as it is: 40 tabs on a 20 MB
 * one took the server from 283 MB to 1.2 GB.
 */
const MAX_INJECTED_BYTES = 4 * 1024 * 1024;

function sendFile(options: DevServerOptions, res: ServerResponse, path: string, stat: Stats, status: number, head: boolean, range?: string): void {
  const type = contentType(path);
  if (isHtml(path) && stat.size <= MAX_INJECTED_BYTES) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      return unreadable(res, e, head);
    }
    const body = injectBeforeBody(bytes, options.clientTag());
    res.writeHead(status, { ...COMMON, "content-type": type, "content-length": body.length });
    res.end(head ? undefined : body);
    return;
  }
  // One byte range (`Range: bytes=0-`), as static hosts answer: a video seeks, and Safari plays MP4 only so.
  const part = status === 200 && range !== undefined ? byteRange(range, stat.size) : undefined;
  if (part === "unsatisfiable") {
    res.writeHead(416, { ...COMMON, "content-range": `bytes */${stat.size}`, "content-length": 0 });
    res.end();
    return;
  }
  const [start, end] = part ?? [0, stat.size - 1];
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    return unreadable(res, e, head);
  }
  res.writeHead(part ? 206 : status, { ...COMMON, "content-type": type, "accept-ranges": "bytes", "content-length": end - start + 1, ...(part ? { "content-range": `bytes ${start}-${end}/${stat.size}` } : {}) });
  if (head || end < start) {
    closeSync(fd);
    res.end();
    return;
  }
  const stream = createReadStream(path, { fd, start, end });
  stream.on("error", () => res.destroy());
  stream.pipe(res);
}

/**
 * The bytes a `Range` header asks for, inclusive; undefined for a header that is not one byte
 * range (served whole, as RFC 9110 allows); "unsatisfiable" for a range past the end.
 */
export function byteRange(header: string, size: number): [number, number] | "unsatisfiable" | undefined {
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === "" && m[2] === "")) return undefined;
  if (m[1] === "") {
    // The last N bytes.
    const n = Number(m[2]);
    return n === 0 || size === 0 ? "unsatisfiable" : [Math.max(0, size - n), size - 1];
  }
  const start = Number(m[1]);
  const end = m[2] === "" ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size) return "unsatisfiable";
  return start > end ? undefined : [start, end];
}

/** Server-Sent Events fan-out. Messages are one JSON line each. */
export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly hello: () => { event: string; data: unknown };
  private readonly onSize: (n: number) => void;

  constructor(hello: () => { event: string; data: unknown }, onSize: (n: number) => void = () => {}) {
    this.hello = hello;
    this.onSize = onSize;
  }

  get size(): number {
    return this.clients.size;
  }

  connect(req: IncomingMessage, res: ServerResponse): void {
    req.socket.setNoDelay(true);
    res.writeHead(200, { ...COMMON, "content-type": "text/event-stream; charset=utf-8", connection: "keep-alive", "x-accel-buffering": "no" });
    const h = this.hello();
    res.write(`retry: 500\n\n${frame(h.event, h.data)}`);
    this.clients.add(res);
    this.onSize(this.clients.size);
    const drop = (): void => {
      if (this.clients.delete(res)) this.onSize(this.clients.size);
    };
    req.on("close", drop);
    res.on("error", drop);
    if (!this.heartbeat) {
      this.heartbeat = setInterval(() => {
        for (const c of this.clients) c.write(": ping\n\n");
      }, 15_000);
      this.heartbeat.unref();
    }
  }

  send(event: string, data: unknown): void {
    const msg = frame(event, data);
    for (const c of this.clients) c.write(msg);
  }

  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = undefined;
    for (const c of this.clients) c.end();
    this.clients.clear();
  }
}

const frame = (event: string, data: unknown): string => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** Listen on `host:port`; a busy port moves to the next one (up to 20 tries). Port 0 picks any. */
export async function listen(server: Server, host: string, port: number, tries = 20): Promise<number> {
  for (let i = 0; ; i++) {
    const p = port === 0 ? 0 : port + i;
    try {
      await new Promise<void>((resolve, reject) => {
        const onError = (e: Error): void => {
          server.off("listening", onListening);
          reject(e);
        };
        const onListening = (): void => {
          server.off("error", onError);
          resolve();
        };
        server.once("error", onError);
        server.once("listening", onListening);
        // `[::1]`, as URLs write it, is the address `::1`.
        server.listen(p, host.replace(/^\[(.*)\]$/, "$1"));
      });
      return (server.address() as AddressInfo).port;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== "EADDRINUSE" || port === 0 || i + 1 >= tries || p >= 65535) throw e;
    }
  }
}
