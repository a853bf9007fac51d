/** Terminal output: diagnostics one per line (parseable), a progress line only on a TTY. */
import pc from "picocolors";
import { formatDiagnostic, summarize, type Diagnostic } from "../diagnostics/diagnostic.ts";

export function printDiagnostics(list: readonly Diagnostic[], stream: NodeJS.WriteStream = process.stderr): void {
  const color = stream.isTTY && pc.isColorSupported;
  for (const d of list) {
    const line = formatDiagnostic(d);
    stream.write(`${color ? (d.severity === "error" ? pc.red(line) : pc.yellow(line)) : line}\n`);
  }
  if (list.length) stream.write(`${summarize(list)}\n`);
}

export function progressReporter(stream: NodeJS.WriteStream = process.stderr): ((stage: string, done: number, total: number) => void) | undefined {
  if (!stream.isTTY || !stream.columns || process.env.CI) return undefined;
  return (stage, done, total) => {
    const text = done >= total ? "" : `${stage} ${done}/${total}`;
    stream.write(`\r${text.padEnd(Math.min(stream.columns - 1, 40))}\r`);
  };
}
