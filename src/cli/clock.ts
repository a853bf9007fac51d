/** The build's "now": SOURCE_DATE_EPOCH (whole seconds) when set, else the clock. Read once, here. */
export function buildNow(env: NodeJS.ProcessEnv = process.env): { ms: number } | { error: string } {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw === undefined || raw === "") return { ms: Date.now() };
  if (!/^\d{1,12}$/.test(raw.trim())) return { error: `SOURCE_DATE_EPOCH must be a whole number of seconds, not "${raw}"` };
  return { ms: Number(raw.trim()) * 1000 };
}
