/**
 * `npm run compile`, step 2: bundle the entry points tsc wrote. Loading ~400 module files (zod,
 * yaml, markdown-it, nunjucks… and ours) cost Node's module loader ~0.25 s per start, paid by
 * every `warta build` and by the helper thread; a few files load in a fraction of that.
 * - The CLI (`lib/cli/main.js` from tsc) becomes one CommonJS file, `lib/chunks/warta-<hash>.cjs`,
 *   run by the launcher (src/cli/launcher.ts, written over lib/cli/main.js) through a V8 code cache.
 * - The threads (`lib/build/helper-entry.js`, `lib/dev/serving-worker.js`,
 *   `lib/images/resize-worker.js`) become hashed ES module chunks, with the code they share in
 *   `lib/chunks/`, each started through a one-line module at its usual path.
 * Every file under `lib/chunks/` is named after a hash of its content: the cache's code
 * fingerprint takes their names for their content (src/build/cache.ts).
 * Same paths, so `bin`, the scripts and the helper keep working.
 */
import { build } from "esbuild";
import { chmodSync, rmSync, writeFileSync } from "node:fs";

/**
 * gray-matter requires its own js-yaml 3 only for its default YAML engine, which warta never
 * uses (src/parse/frontmatter.ts passes its own). Loading it cost every process ~20 ms, most of
 * it a failing `require("esprima")`. It gets warta's js-yaml 4 instead: the module gray-matter
 * reads `safeLoad` and `safeDump` from at load is there (v4 keeps both names, as functions that
 * throw if called), and the bundle holds one YAML 1.1 parser fewer.
 */
const oneJsYaml = {
  name: "one-js-yaml",
  setup(b) {
    b.onResolve({ filter: /^js-yaml$/ }, (args) =>
      /[\\/]node_modules[\\/]gray-matter[\\/]/.test(args.importer) ? b.resolve("js-yaml", { kind: "import-statement", resolveDir: process.cwd() }) : undefined,
    );
  },
};

rmSync("lib/chunks", { recursive: true, force: true });
rmSync("lib/.code-cache", { recursive: true, force: true });

/** What both bundles share: hashed files under lib/chunks/, one level below lib/ as every module is (paths from import.meta.url stay right). */
const chunked = {
  bundle: true,
  platform: "node",
  target: "node20",
  // A native module: loaded from node_modules by the image thread, and only there.
  external: ["sharp"],
  outdir: "lib",
  entryNames: "chunks/[name]-[hash]",
  logLevel: "error",
  plugins: [oneJsYaml],
  metafile: true,
};

/** The file name under lib/chunks/ that `result` wrote for `entry`. */
function outputOf(result, entry) {
  const out = Object.entries(result.metafile.outputs).find(([, o]) => o.entryPoint === entry)?.[0];
  if (!out) throw new Error(`bundle: no output for ${entry}`);
  return out.split("/").pop();
}

// The CLI: one CommonJS file, `lib/chunks/warta-<hash>.cjs`, which lib/cli/main.js (launcher.ts)
// runs through a V8 code cache. Named after its content, so that a cache is never taken for
// another bundle and the cache's code fingerprint need not read it (src/build/cache.ts).
const cli = await build({
  ...chunked,
  entryPoints: { warta: "lib/cli/main.js" },
  outExtension: { ".js": ".cjs" },
  format: "cjs",
  // As strict as the ES modules it is made of; import.meta.url is the bundle's own URL.
  banner: { js: '"use strict";\nconst __wartaUrl = require("node:url").pathToFileURL(__filename).href;' },
  define: { "import.meta.url": "__wartaUrl" },
});
const bundleName = outputOf(cli, "lib/cli/main.js");

// The threads: ES modules, with the code they share in lib/chunks/. Each is a hashed chunk too
// (`chunks/helper-entry-<hash>.js`; the helper's own code, which the entry imports, in a chunk of
// its own), started through a one-line module at its usual path.
const workers = ["lib/build/helper-entry.js", "lib/dev/serving-worker.js", "lib/images/resize-worker.js"];
const threads = await build({
  ...chunked,
  entryPoints: workers,
  chunkNames: "chunks/[name]-[hash]",
  splitting: true,
  format: "esm",
  // CommonJS dependencies (nunjucks, gray-matter) call require() for Node's own modules.
  banner: { js: "import { createRequire as __wartaCreateRequire } from 'node:module'; const require = __wartaCreateRequire(import.meta.url);" },
});
for (const entry of workers) writeFileSync(entry, `import "../chunks/${outputOf(threads, entry)}";\n`);

// The `warta` bin, lib/cli/main.js: the launcher, told the bundle's name.
await build({
  entryPoints: ["lib/cli/launcher.js"],
  outfile: "lib/cli/main.js",
  allowOverwrite: true,
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  define: { WARTA_BUNDLE: JSON.stringify(bundleName) },
});
rmSync("lib/cli/launcher.js");
chmodSync("lib/cli/main.js", 0o755);
