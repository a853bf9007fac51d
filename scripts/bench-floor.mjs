#!/usr/bin/env node
/**
 * The benchmark floor: markdown-it rendering every article body of a corpus in one process,
 * nothing else (no front-matter parsing, no templates, no writes). A lower bound for any
 * build of the same corpus with the same Markdown engine.
 *
 *   node scripts/bench-floor.mjs CORPUS [--defaults]
 *
 * CORPUS holds articles/ (gen-corpus.mjs layout; sub-folders are walked too).
 * The parser uses warta's markdown-it options (linkify on, raw HTML off, typographer off);
 * --defaults uses markdown-it's defaults instead (what the Hugo/Eleventy peers match).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import markdownIt from "markdown-it";

const args = process.argv.slice(2);
const corpus = args.find((a) => !a.startsWith("--"));
if (!corpus) {
  process.stderr.write("usage: node scripts/bench-floor.mjs CORPUS [--defaults]\n");
  process.exit(2);
}
const md = args.includes("--defaults") ? markdownIt() : markdownIt({ html: false, linkify: true, typographer: false });

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
