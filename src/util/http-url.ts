/** An absolute http(s) URL with a host: what a site's base URL and every public link must be. */
export const isHttpUrl = (s: string): boolean => /^https?:\/\/[^\s/]+/i.test(s) && URL.canParse(s);
