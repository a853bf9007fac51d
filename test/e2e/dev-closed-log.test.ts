/**
 * `warta dev | grep -m1 serving` (a script waiting for the server), `warta dev | head`: the
 * reader of the session's log goes away, and the session keeps serving and rebuilding. Writing
 * the next log line to the closed pipe raised EPIPE, which ended the dev server with a stack trace.
 */
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { article, cleanup, CLI, NOW_EPOCH, REPO, writeSite } from "../support/site.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

async function until<T>(fn: () => Promise<T | undefined>, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await fn().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("warta dev with a log reader that goes away", () => {
  it("keeps serving and rebuilding after its stdout pipe is closed", async () => {
    const fields = { title: "Banjir di Kota", date: "2024-05-01T10:00:00+07:00", author: "Rina Sari" };
    const root = writeSite({ "articles/banjir.md": article(fields, "Isi pertama.") });
    dirs.push(root);
    const child = spawn(process.execPath, [CLI, "dev", "--root", root, "--port", "0"], { cwd: REPO, env: { ...process.env, SOURCE_DATE_EPOCH: NOW_EPOCH, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    let exited: number | null | undefined;
    child.on("exit", (code) => (exited = code));
    try {
      // Read the address, as `grep -m1 serving` does, then stop reading: the pipe is closed.
      const url = await new Promise<string>((resolve, reject) => {
        let seen = "";
        child.stdout.on("data", (d: Buffer) => {
          seen += d.toString();
          const m = /serving (http:\/\/\S+)/.exec(seen);
          if (m) {
            child.stdout.destroy();
            resolve(m[1]!);
          }
        });
        child.on("exit", () => reject(new Error(`dev ended before serving: ${stderr}`)));
      });
      const page = new URL("berita/banjir/", url).href;
      await until(async () => ((await (await fetch(page)).text()).includes("Isi pertama.") ? true : undefined), 20_000, "the first build");
      // A save: the session logs the rebuild to the closed pipe, and must go on.
      writeFileSync(join(root, "articles/banjir.md"), article(fields, "Isi kedua."));
      await until(async () => ((await (await fetch(page)).text()).includes("Isi kedua.") ? true : undefined), 20_000, "the rebuild after the save");
      await new Promise((r) => setTimeout(r, 300));
      expect(exited, stderr).toBeUndefined();
      expect(stderr).not.toContain("EPIPE");
    } finally {
      child.kill("SIGINT");
      if (exited === undefined) await new Promise((r) => child.once("exit", r));
    }
  }, 60_000);
});
