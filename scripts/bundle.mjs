/**
 * `npm run compile`, step 2: bundle the entry points tsc wrote — the CLI (`lib/cli/main.js`),
 * the helper thread (`lib/build/helper-worker.js`) and the dev server thread
 * (`lib/dev/serving-worker.js`) — each into one file, in place.
 * Loading ~400 module files (zod, yaml, markdown-it, nunjucks… and ours) cost Node's module
 * loader ~0.25 s per start, paid by every `warta build` and by the helper thread; one file loads
 * in a fraction of that. Same paths, so `bin`, the scripts and the helper keep working.
 */
import { build } from "esbuild";
import { chmodSync } from "node:fs";

const entries = ["lib/cli/main.js", "lib/build/helper-worker.js", "lib/dev/serving-worker.js"];
await Promise.all(entries.map((file) =>
  build({
    entryPoints: [file],
    outfile: file,
    allowOverwrite: true,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    logLevel: "warning",
    // CommonJS dependencies (nunjucks, gray-matter) call require() for Node's own modules.
    banner: { js: "import { createRequire as __wartaCreateRequire } from 'node:module'; const require = __wartaCreateRequire(import.meta.url);" },
  }),
));
chmodSync("lib/cli/main.js", 0o755);
