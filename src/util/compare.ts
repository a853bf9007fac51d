/** Code-point order: independent of the machine's locale. */
export const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
