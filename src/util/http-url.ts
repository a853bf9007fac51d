/** An absolute http(s) URL with a host: what a site's base URL and every public link must be. */
export const isHttpUrl = (s: string): boolean => /^https?:\/\/[^\s/]+/i.test(s) && URL.canParse(s);

/**
 * A path to a file of the site as written in front matter or config (`/images/x.jpg`, `foto.jpg`):
 * no scheme (`javascript:`, `data:`, `ftp:`), no `//host`, no backslash.
 */
export const isSitePath = (s: string): boolean => !/^[a-z][a-z0-9+.-]*:/i.test(s) && !s.startsWith("//") && !s.includes("\\");

/** A site's base URL: an absolute http(s) URL with no user name or password (it is printed in every page, feed and sitemap). */
export const isSiteUrl = (s: string): boolean => {
  if (!isHttpUrl(s)) return false;
  const u = new URL(s);
  return u.username === "" && u.password === "";
};

/**
 * `new URL(s).href`, and the characters it leaves raw in a path, query or fragment that an HTML
 * href may not hold percent-encoded (`|`, `^`, `{`, `}`, backtick: the Nu checker's "Illegal
 * character"): `https://fonts.ex/css?family=A|B` → `…family=A%7CB`. None of them is URL syntax.
 * So is a `%` that starts no escape (`diskon-50%-ini` → `50%25-ini`).
 */
export function normalUrl(s: string): string {
  return laterHashesEscaped(new URL(s).href.replace(/[|^{}`]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%(?![0-9A-Fa-f]{2})/g, "%25"));
}

/** A `#` after the fragment's own is text: `#x|y#z` → `#x|y%23z` (the Nu checker refuses it raw). */
export function laterHashesEscaped(href: string): string {
  const hash = href.indexOf("#");
  return hash === -1 ? href : href.slice(0, hash + 1) + href.slice(hash + 1).replaceAll("#", "%23");
}

/**
 * A site path as written (`/images/logo#1.png`, `foto a.png`) → its href from `base` (the site's
 * root, or a folder URL) without the leading slash (`images/logo%231.png`): `%` that starts no
 * escape, `?` and `#` are part of the file's name, as in a lead image's path. A `+` is escaped
 * (`c%2B%2B.png`, see `plusEscaped`).
 */
export function sitePathHref(src: string, base = "http://site.invalid/"): string {
  const literal = src.replace(/%(?![0-9a-fA-F]{2})/g, "%25").replace(/[?#]/g, encodeURIComponent);
  return plusEscaped(new URL(literal, base).pathname.slice(1));
}

/**
 * A URL path with each `+` escaped (`laporan%2B2024.pdf`): Amazon S3 (and so CloudFront in front
 * of it) reads a `+` in a path as a space and answers 404 for `laporan+2024.pdf`; every server
 * reads `%2B` as the `+` of the file's name.
 */
export const plusEscaped = (path: string): string => path.replaceAll("+", "%2B");

export const SITE_URL_RULE = "must be an absolute http(s) URL without a user name or password";
