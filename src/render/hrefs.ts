/**
 * Hrefs of content values (lead images, author photos, the publisher logo), for pages, feeds and
 * structured data alike.
 */

/** A site path from content (`/img/x.jpg`, `img/x.jpg`) or an absolute URL → an href that honours the base path. */
export const siteHref = (src: string, basePath: string): string => (/^https?:\/\//i.test(src) ? src : basePath + src.replace(/^\/+/, ""));

/** `/berita/x.jpg` (a site href with the base path) or an absolute URL → an absolute URL. */
export const absoluteHref = (href: string, baseUrl: string): string => new URL(href, baseUrl).href;
