const MAX_EPOCH = 253402300799;

/** The build's "now": SOURCE_DATE_EPOCH (whole seconds) when set, else the clock. Read once, here. */
export function buildNow(env: NodeJS.ProcessEnv = process.env): { ms: number } | { error: string } {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return { ms: Date.now() };
  if (!/^\d+$/.test(raw.trim())) return { error: `SOURCE_DATE_EPOCH must be a whole number of seconds, not "${raw}"` };
  // Up to the year 9999, the last a date in an article can name (253402300799 is 9999-12-31T23:59:59Z).
  if (raw.trim().length > 12 || Number(raw.trim()) > MAX_EPOCH) return { error: `SOURCE_DATE_EPOCH must be at most ${MAX_EPOCH} (the end of the year 9999), not ${raw.trim()}` };
  return { ms: Number(raw.trim()) * 1000 };
}
