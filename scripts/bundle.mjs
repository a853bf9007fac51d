/**
 * `npm run compile`, step 2: bundle the entry points tsc wrote — the CLI (`lib/cli/main.js`),
 * the helper thread (`lib/build/helper-worker.js`), the dev server thread
 * (`lib/dev/serving-worker.js`) and the image thread (`lib/images/resize-worker.js`) — in place, with the code they share in `lib/chunks/`.
 * Loading ~400 module files (zod, yaml, markdown-it, nunjucks… and ours) cost Node's module
 * loader ~0.25 s per start, paid by every `warta build` and by the helper thread; a few files
 * load in a fraction of that. What is imported dynamically (the pipeline, behind a warm build's
 * "nothing changed" check; the dev server) is its own chunk, loaded only when needed.
 * Same paths, so `bin`, the scripts and the helper keep working.
 */
import { build } from "esbuild";
import { chmodSync, rmSync } from "node:fs";

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
await build({
  entryPoints: ["lib/cli/main.js", "lib/build/helper-worker.js", "lib/dev/serving-worker.js", "lib/images/resize-worker.js"],
  // A native module: loaded from node_modules by the image thread, and only there.
  external: ["sharp"],
  outdir: "lib",
  outbase: "lib",
  // One level below lib/, as every module is: paths from import.meta.url stay right.
  chunkNames: "chunks/[name]-[hash]",
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  platform: "node",
  format: "esm",
  target: "node20",
  logLevel: "warning",
  plugins: [oneJsYaml],
  // CommonJS dependencies (nunjucks, gray-matter) call require() for Node's own modules.
  banner: { js: "import { createRequire as __wartaCreateRequire } from 'node:module'; const require = __wartaCreateRequire(import.meta.url);" },
});
chmodSync("lib/cli/main.js", 0o755);
