/** An absolute http(s) URL with a host: what a site's base URL and every public link must be. */
export const isHttpUrl = (s: string): boolean => /^https?:\/\/[^\s/]+/i.test(s) && URL.canParse(s);

/** A site's base URL: an absolute http(s) URL with no user name or password (it is printed in every page, feed and sitemap). */
export const isSiteUrl = (s: string): boolean => {
  if (!isHttpUrl(s)) return false;
  const u = new URL(s);
  return u.username === "" && u.password === "";
};

export const SITE_URL_RULE = "must be an absolute http(s) URL without a user name or password";
