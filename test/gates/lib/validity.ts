/**
 * Gate 1, HTML validity. The Nu Html Checker (vnu-jar, the W3C validator) is the authority:
 * one JVM for every folder at once, since start-up dominates. html-validate is the fast first
 * pass (in-process, no Java) with the project's `.htmlvalidate.json`.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { HtmlValidate, type ConfigData } from "html-validate";
import { REPO } from "../../support/site.ts";
import { clip, type Problem } from "./problem.ts";

export const VNU_JAR = join(REPO, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
/** -Xss: the checker needs ≥ 512k of stack; C1 only: ~2x faster start on a busy 2-core box. */
const JAVA_ARGS = ["-Xss4m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"];

interface VnuMessage {
  type: string;
  subType?: string;
  url?: string;
  message: string;
  firstLine?: number;
  lastLine?: number;
  firstColumn?: number;
  lastColumn?: number;
  extract?: string;
}

/**
 * Validate every `.html` file under each folder (or the given files) in one vnu run. Problems
 * name the page relative to the folder it came from. Rejects only when Java itself fails.
 */
export async function checkVnu(targets: readonly string[]): Promise<Problem[]> {
  const abs = targets.map((t) => resolve(t));
  const stdout = await new Promise<string>((done, fail) => {
    execFile("java", [...JAVA_ARGS, "-jar", VNU_JAR, "--errors-only", "--skip-non-html", "--format", "json", "--stdout", ...abs], { maxBuffer: 64 * 1024 * 1024 }, (err, out, stderr) => {
      // Exit 1 just means "errors found"; anything without JSON output is a real failure.
      if (!out.trim().startsWith("{")) fail(new Error(`vnu did not run: ${err?.message ?? ""}\n${stderr}`));
      else done(out);
    });
  });
  const messages = (JSON.parse(stdout) as { messages: VnuMessage[] }).messages;
  return messages
    .filter((m) => m.type === "error" || m.type === "non-document-error")
    .map((m) => {
      const file = m.url?.startsWith("file:") ? fileURLToPath(m.url) : (m.url ?? "?");
      const base = abs.find((t) => file === t || file.startsWith(t.endsWith(sep) ? t : t + sep));
      const page = base && base !== file ? relative(base, file).split(sep).join("/") : isAbsolute(file) ? file.split(sep).pop()! : file;
      const where = m.lastLine ? `${m.firstLine ?? m.lastLine}:${m.firstColumn ?? m.lastColumn}: ` : "";
      return { gate: "vnu", page, message: `${where}${m.message}${m.extract ? ` [${clip(m.extract, 80)}]` : ""}`, ...(base ? { site: base } : {}) } satisfies Problem;
    });
}

let validator: HtmlValidate | undefined;

/** The project's html-validate config, read from `.htmlvalidate.json` at the repo root. */
export function htmlValidateConfig(): ConfigData {
  return JSON.parse(readFileSync(join(REPO, ".htmlvalidate.json"), "utf8")) as ConfigData;
}

/** html-validate over some pages of a built folder (paths relative to `dir`). */
export async function checkHtmlValidate(dir: string, pages: readonly string[]): Promise<Problem[]> {
  validator ??= new HtmlValidate({ ...htmlValidateConfig(), root: true });
  const problems: Problem[] = [];
  for (const page of pages) {
    const report = await validator.validateString(readFileSync(join(dir, page), "utf8"), page);
    for (const result of report.results) {
      for (const m of result.messages) {
        problems.push({ gate: "html-validate", page, message: `${m.line}:${m.column}: ${m.ruleId}: ${m.message}` });
      }
    }
  }
  return problems;
}
