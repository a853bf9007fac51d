/**
 * nunjucks leaves `String.prototype` in V8's dictionary mode when it loads, which made every
 * string method call slower (markdown-it parsed ~1.7× slower in a process that had loaded
 * nunjucks). warta's nunjucks adapter turns it back into fast mode. Checked in real Node
 * processes with V8's own `%HasFastProperties`, on the compiled build (global setup compiles it).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../support/site.ts";

function fastAfter(imports: string): boolean {
  const script = `${imports}\nprocess.stdout.write(String(%HasFastProperties(String.prototype)));`;
  const r = spawnSync(process.execPath, ["--allow-natives-syntax", "--input-type=module", "-e", script], { cwd: REPO, encoding: "utf8" });
  expect(r.stderr).toBe("");
  return r.stdout === "true";
}

describe("String.prototype stays in fast mode", () => {
  it("nunjucks alone leaves it in dictionary mode (what the adapter mends)", () => {
    expect(fastAfter(`import "nunjucks";`)).toBe(false);
  });

  it("is fast once the build pipeline (and with it the nunjucks adapter) is loaded", () => {
    // tsc's output of the pipeline (the CLI's bundle holds the same code, and runs the CLI when loaded).
    expect(fastAfter(`await import(${JSON.stringify(join(REPO, "lib", "build", "pipeline.js"))});`)).toBe(true);
  });
});
