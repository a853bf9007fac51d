/**
 * The output folder's lock (`<out>.warta-lock`, beside `dist` in the site folder) as a newsroom
 * meets it: `warta build` while `warta dev` runs is told to stop the session (a dev session is
 * never done), and a lock copied with the site folder (`cp -r situs situs-uji` while the session
 * runs) is no lock of the copy's output.
 */
import { spawn } from "node:child_process";
import { existsSync, realpathSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { article, cleanup, runCli, writeSite } from "../support/site.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

describe("the output lock", () => {
  it("names a running warta dev as the writer to stop, and takes over a lock that names another folder", () => {
    const root = writeSite({ "articles/a.md": article({ title: "A", date: "2024-01-02T10:00:00+07:00", author: "Rina" }) });
    dirs.push(root);
    const out = join(root, "dist");
    const lock = `${out}.warta-lock`;
    const holder = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    try {
      // A dev session holds the folder.
      writeFileSync(lock, `${holder.pid}\n${join(realpathSync(root), "dist")}\ndev\n`);
      const refused = runCli(["build", "--root", root]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(`warta dev (process ${holder.pid}) is writing ${out}: stop it (Ctrl+C) first, or build into another folder with --out`);
      expect(refused.stderr).not.toContain("wait until it is done");
      // The same session's lock, copied into another site folder: the copy builds, and releases it.
      writeFileSync(lock, `${holder.pid}\n/somewhere/else/situs/dist\ndev\n`);
      const copy = runCli(["build", "--root", root]);
      expect(copy.status, copy.stderr).toBe(0);
      expect(existsSync(lock)).toBe(false);
    } finally {
      holder.kill();
    }
  });
});
