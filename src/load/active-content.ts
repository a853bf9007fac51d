/**
 * Files a reporter puts under `articles/` are published as they are, on the site's own origin.
 * Some kinds run script when opened: HTML and XML pages, scripts, and SVG images that carry
 * script, event handlers, entities or style sheets. Those are refused unless the site allows
 * raw HTML (then reporters are trusted with script anyway). The site's own `static/` folder and
 * its theme are the web developer's and are not checked.
 */
const PAGE_OR_SCRIPT = /\.(html?|xhtml?|shtml|xml|xslt?|svgz|m?js|cjs)$/i;

/** What in an SVG can run script or pull content in: script, handlers, `javascript:` and `data:` URLs (but raster images), entities, style sheets, embedded documents. */
const ACTIVE_SVG = /<script\b|\son[a-z]+\s*=|javascript\s*:|data\s*:(?!image\/(?:png|jpe?g|gif|webp|avif)[;,])|<!ENTITY|<\?xml-stylesheet|<foreignObject\b|<iframe\b|<embed\b|<object\b|<animate\b[^>]*\battributeName\s*=\s*["']?(?:xlink:)?href|<set\b/i;

/** Why the file `rel` (its bytes read on demand) must not be published, or undefined when it may. */
export function activeContent(rel: string, read: () => Buffer): string | undefined {
  if (PAGE_OR_SCRIPT.test(rel)) return "is a page or a script: published under articles/, it could run script on the site (put site files in static/)";
  if (/\.svg$/i.test(rel) && ACTIVE_SVG.test(read().toString("latin1"))) {
    return "is an SVG image with script, event handlers, entities or links to other documents: it could run script when opened (save it without them, or as PNG or JPEG)";
  }
  return undefined;
}
