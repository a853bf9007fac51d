/**
 * A file at the site's top named like a config (a second `warta.config.yml` beside the
 * `.yaml`, a `warta.yaml` typo) is read by no build, but every build warns about it. The quick
 * "nothing changed" check must step aside when such a name comes or goes, so that a warm build
 * reports what a fresh build reports (found by a cached-vs-fresh sweep: the warm build replayed
 * the last report without the new warning).
 */
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { snapshotDir } from "../support/site.ts";
import { build, cleanupAll, expectSameOutput, freshBuild, newDir, newSite, siteFiles } from "./corpus.ts";

afterAll(cleanupAll);

/** stderr of a `--no-cache` build into a new folder. */
function freshReport(root: string): string {
  const out = join(newDir("warta-cache-fresh-"), "out");
  return build(root, out, ["--no-cache"]).stderr;
}

describe("a name at the site's top that looks like a config", () => {
  for (const [name, files] of [
    ["warta.config.yml", { "warta.config.yaml": "title: Warta Uji\n" }],
    ["warta.yaml", { "warta.config.yaml": "title: Warta Uji\n" }],
    ["Warta.config.toml", {}],
  ] as const) {
    it(`${name}, added and removed, is reported by a warm build as by a fresh one`, () => {
      const root = newSite({ ...siteFiles(), ...files });
      const out = join(newDir(), "out");
      const first = build(root, out);
      expect(first.stderr).not.toContain(name);

      writeFileSync(join(root, name), "title: Lupa Dihapus\n");
      const added = build(root, out);
      expect(added.stderr).toContain(`${name}:1:1: warning config:`);
      expect(added.stderr).toBe(freshReport(root));

      rmSync(join(root, name));
      const removed = build(root, out);
      expect(removed.stderr).not.toContain(name);
      expect(removed.stderr).toBe(freshReport(root));
      expectSameOutput(snapshotDir(out), freshBuild(root));
    });
  }
});
