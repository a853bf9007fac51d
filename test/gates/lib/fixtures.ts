/**
 * Deliberately broken inputs for the "gates bite" tests: small hand-written pages (one fault
 * each, everything else valid) and a site built from a broken template override.
 */
import { cpSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildSite, REPO, tempDir, writeSite } from "../../support/site.ts";

/** A complete, valid page around `body`; faults go in `body` (or `head`). */
export function page(body: string, options: { title?: string; head?: string; lang?: string } = {}): string {
  return `<!doctype html>
<html lang="${options.lang ?? "id"}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title ?? "Halaman uji"}</title>
<link rel="stylesheet" href="/assets/warta.css">
${options.head ?? ""}
</head>
<body>
<main id="konten" class="wrap main">
<article class="article">
<h1 class="article__title">Judul halaman uji</h1>
<div class="article__body prose">
<p>Paragraf isi yang cukup panjang untuk dibaca dengan nyaman oleh pembaca di ponsel maupun di layar lebar.</p>
${body}
</div>
</article>
</main>
</body>
</html>
`;
}

/** Write pages (path → HTML) plus the real stylesheet into a fresh folder: a tiny "built site". */
export function brokenSite(pages: Record<string, string>): string {
  const dir = writeSite(pages);
  mkdirSync(join(dir, "assets"), { recursive: true });
  cpSync(join(REPO, "templates", "static", "warta.css"), join(dir, "assets", "warta.css"));
  return dir;
}

/**
 * A real site built by the CLI whose teaser template is broken on purpose: a `<div>` inside a
 * `<p>` (invalid nesting) and an image without `alt`. Returns the output folder.
 */
export function brokenTemplateSite(): { root: string; out: string; status: number; stderr: string } {
  const teaser = readFileSync(join(REPO, "templates", "partials", "teaser.njk"), "utf8")
    .replace(/<p class="teaser__meta">/, '<p class="teaser__meta"><div class="rusak">blok di dalam paragraf</div>')
    .replace(/<div class="teaser__body">/, '<div class="teaser__body"><img src="/images/foto.svg" width="10" height="10">');
  const root = writeSite({
    "articles/2024/01/berita-satu.md": "---\ntitle: Berita Satu\ndate: 2024-01-02T10:00:00+07:00\nauthor: Rina\n---\nIsi berita satu.\n",
    "articles/2024/01/berita-dua.md": "---\ntitle: Berita Dua\ndate: 2024-01-03T10:00:00+07:00\nauthor: Rina\n---\nIsi berita dua.\n",
    "articles/images/foto.svg": '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>',
    "templates/partials/teaser.njk": teaser,
  }, tempDir("warta-gates-broken-"));
  const out = join(root, "dist");
  const r = buildSite(root, ["--out", out, "--no-cache"]);
  return { root, out, status: r.status, stderr: r.stderr };
}
