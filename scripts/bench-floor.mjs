#!/usr/bin/env node
/**
 * The benchmark floor: markdown-it rendering every article body of a corpus in one process,
 * nothing else (no front-matter parsing, no templates, no writes). A lower bound for any
 * build of the same corpus with the same Markdown engine.
 *
 *   node scripts/bench-floor.mjs CORPUS [--linkify]
 *
 * CORPUS holds articles/ (gen-corpus.mjs layout; sub-folders are walked too).
 * The parser uses markdown-it's defaults (raw HTML, linkify and typographer off), which are also
 * warta's defaults and what the Hugo/Eleventy peers match; --linkify turns linkify on (a site
 * with `linkify: true`). Until 2026-11-26 04:40 the floor ran with linkify on (about 20 % slower).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import markdownIt from "markdown-it";

const args = process.argv.slice(2);
const corpus = args.find((a) => !a.startsWith("--"));
if (!corpus) {
  process.stderr.write("usage: node scripts/bench-floor.mjs CORPUS [--linkify]\n");
  process.exit(2);
}
const md = markdownIt({ html: false, linkify: args.includes("--linkify"), typographer: false });

const t0 = performance.now();
const files = [];
const walk = (dir) => {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p);
    else if (e.isFile() && /\.(md|markdown)$/i.test(e.name)) files.push(p);
  }
};
walk(join(corpus, "articles"));

let bytesIn = 0;
let bytesOut = 0;
for (const f of files) {
  const text = readFileSync(f, "utf8");
  bytesIn += text.length;
  // Simple front-matter strip: "---\n<yaml>\n---\n<body>".
  let body = text;
  if (text.startsWith("---\n")) {
    const end = text.indexOf("\n---\n", 4);
    if (end >= 0) body = text.slice(end + 5);
  }
  bytesOut += md.render(body).length;
}
const ms = performance.now() - t0;
process.stdout.write(`floor: ${files.length} bodies, ${(bytesIn / 2 ** 20).toFixed(1)} MiB in, ${(bytesOut / 2 ** 20).toFixed(1)} MiB HTML, ${(ms / 1000).toFixed(2)} s\n`);
