/**
 * The system's code of an error (ENOSPC, EACCES; warta's own ECHANGED, EOUTSIDE), which is
 * reported as it is, a failure of the disk or of a file, not as a crash with a stack; undefined
 * for anything else (a bug, `ERR_*` codes of Node's own checks).
 */
export function systemErrorCode(e: unknown): string | undefined {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
}
