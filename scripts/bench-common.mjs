/**
 * Pieces `scripts/bench.mjs` and `scripts/bench-dev.mjs` share: the `--help` text taken from a
 * script's header comment, argument readers that stop with that text, a median, and the list of
 * a corpus' Markdown files.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** Print the header comment of `script` (from line 3 to the line closing the comment) and exit with `code`. */
export function usage(script, code) {
  const lines = readFileSync(script, "utf8").split("\n");
  const text = lines.slice(2, lines.indexOf(" */")).map((l) => l.replace(/^ \* ?/, "")).join("\n");
  (code ? process.stderr : process.stdout).write(`${text}\n`);
  process.exit(code);
}

/** `need(i)`: the value after flag `argv[i]`, or the usage text and exit 2 (messages start with `name:`). */
export function argReader(name, script, argv) {
  return {
    need(i) {
      if (i + 1 >= argv.length) fail(`${argv[i]} needs a value`);
      return argv[i + 1];
    },
    fail,
  };
  function fail(message) {
    console.error(`${name}: ${message}`);
    usage(script, 2);
  }
}

export const median = (xs) => {
  const v = xs.filter((x) => x != null).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};

/** Every `.md` / `.markdown` file under `dir`, recursively. */
export function listMarkdown(dir) {
  const out = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...listMarkdown(p));
    else if (/\.(md|markdown)$/i.test(e.name)) out.push(p);
  }
  return out;
}

/** The Node flags in the CLI's shebang (`#!/usr/bin/env -S node --max-semi-space-size=16`). */
export function cliNodeFlags(cli) {
  const first = readFileSync(cli, "utf8").split("\n", 1)[0];
  const m = /^#!.*\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s*$/.exec(first);
  return m ? m[1].trim().split(/\s+/).filter(Boolean) : [];
}
