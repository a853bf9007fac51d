/**
 * Preloaded with `node -r` into a real `warta` process (and so into its worker threads) to make
 * the system fail as a full disk or a broken file system would, where a test cannot make it fail
 * for real. Set by environment:
 *   INJECT_FAIL    "enospc" (writeFileSync fails with ENOSPC), "rename" (renameSync throws an
 *                  Error with no code: a failure warta has no words for) or "exit" (the thread
 *                  that calls writeFileSync ends there, as a thread that dies does) or "signal"
 *                  (the process sends itself INJECT_SIGNAL right after a renameSync *to* a path
 *                  that contains INJECT_AT succeeded) or "oom" (the thread that calls writeFileSync
 *                  fills its heap there: run node with a small --max-old-space-size)
 *   INJECT_AT      the failing call's path contains this
 *   INJECT_THREAD  "main" or "helper": fail in that thread only (default: both)
 *   INJECT_AFTER   let this many matching calls succeed first, in each thread (default 0)
 */
const fs = require("node:fs");
const { isMainThread } = require("node:worker_threads");

const { INJECT_FAIL: kind, INJECT_AT: at, INJECT_THREAD: thread, INJECT_AFTER: after } = process.env;
const here = !thread || (thread === "main") === isMainThread;
let passed = 0;
const hits = (path) => here && typeof path === "string" && at !== undefined && path.includes(at) && passed++ >= Number(after ?? 0);

if (kind === "enospc") {
  const writeFileSync = fs.writeFileSync;
  fs.writeFileSync = function (path, ...rest) {
    if (hits(path)) {
      // As a full disk does it: the file is made, its bytes are not written.
      if (typeof path === "string") fs.closeSync(fs.openSync(path, "a"));
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC", errno: -28, syscall: "write" });
    }
    return writeFileSync.call(this, path, ...rest);
  };
}
if (kind === "exit") {
  const writeFileSync = fs.writeFileSync;
  fs.writeFileSync = function (path, ...rest) {
    if (hits(path)) process.exit(3);
    return writeFileSync.call(this, path, ...rest);
  };
}
if (kind === "oom") {
  const writeFileSync = fs.writeFileSync;
  fs.writeFileSync = function (path, ...rest) {
    if (hits(path)) {
      const kept = [];
      for (;;) kept.push(new Array(1e5).fill(kept.length));
    }
    return writeFileSync.call(this, path, ...rest);
  };
}
if (kind === "signal") {
  const renameSync = fs.renameSync;
  fs.renameSync = function (from, to, ...rest) {
    const result = renameSync.call(this, from, to, ...rest);
    if (hits(to)) process.kill(process.pid, process.env.INJECT_SIGNAL);
    return result;
  };
}
if (kind === "rename") {
  const renameSync = fs.renameSync;
  fs.renameSync = function (from, ...rest) {
    if (hits(from)) throw new Error("boom: a failure warta has no words for");
    return renameSync.call(this, from, ...rest);
  };
}
// ES modules import fs's functions by name: they see the change only after this.
require("node:module").syncBuiltinESMExports();
