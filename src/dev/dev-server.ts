export interface DevOptions {
  root: string;
  out: string;
  port: number;
  host: string;
  drafts: boolean;
  future: boolean;
  open: boolean;
  baseUrl?: string;
  /** SOURCE_DATE_EPOCH when set; otherwise each rebuild reads the clock. */
  fixedNowMs?: number;
  log: (line: string) => void;
  warn: (line: string) => void;
}

export async function startDev(_options: DevOptions): Promise<void> {
  throw new Error("dev server not implemented yet");
}
