/**
 * Files a reporter puts under `articles/` are published as they are, on the site's own origin.
 * Some kinds run script when opened: HTML pages, XML documents of any type, scripts, and SVG
 * images that carry script, event handlers, entities or links to script. Those are refused unless the site allows
 * raw HTML (then reporters are trusted with script anyway). The site's own `static/` folder and
 * its theme are the web developer's and are not checked.
 *
 * An SVG is read as markup, not as text: words in its `<text>` ("Sumber data: BPS",
 * "onion = …") are not markup and pass; what can run passes nowhere, however it is spelled.
 */
const PAGE_OR_SCRIPT = /\.(html?|shtml|m?js|cjs)$/i;

/**
 * Extensions of XML document types: every extension whose type is `text/xml`, `application/xml`
 * or ends in `+xml`, in Debian's /etc/mime.types (what Apache serves by) and in mime-db (what
 * Node servers and most static hosts serve by). A browser renders any of these as an XML
 * document, and one with an XHTML `<script>` (`<html xmlns="http://www.w3.org/1999/xhtml">`) runs
 * it: `.xht`, a feed (`.rss`, `.atom`), a map (`.kml`, `.gpx`) alike. `svg` is left out: an SVG is
 * read and judged by what it holds (see below); `svgz` cannot be read that way, so it is here.
 */
const XML_DOCUMENT = new Set(
  (
    "xml xsl xslt xsd rng xhtml xhtm xht svgz mathml mml rdf owl rss atom atomcat atomdeleted atomsrv atomsvc " +
    "kml gpx xul xaml smil smi sml xspf xlf ttml dae x3d x3dz stpx moml dwd held rsat apxml xcs ccmp ccxml cdfx cellml cml " +
    "clue cpl mpd davmount dbk dtb ncx res xmls xdssc emma emotionml fdt gml ink inkml its lgr lostxml lostsyncxml mads " +
    "mrcx meta4 metalink mets maei musd mods opf relo provx xsf pskcxml rif rl rld rfcxml rs rapd rsd sls rusd " +
    "senmlx sensmlx sbml shf cl srx grxml sru ssml swidtag tei teicorpus odd tfi gsheet rsheet td uis 1km xdp " +
    "dist distz pkg mpkg bmml cdxml csl wbs uvt uvvt es3 et3 hal zmm irp lasxml lbe dd2 obgx osm link66 fo " +
    "sdkm sdkd wadl scl xsm xdm ddf uoml uo zaz vxml wif wsdl wspolicy xav xca xdf xel xer xns xenc xop xpl " +
    "mxml xhvml xvml xvm yin ac musicxml osfpvg"
  ).split(" "),
);

/** Elements that run or embed documents, with any namespace prefix (`<svg:script>`, `<h:iframe>`). */
const ACTIVE_ELEMENT = /<\s*(?:[\w.-]+:)?(?:script|foreignObject|iframe|embed|object|handler|listener)\b/i;
/** Declarations that define entities or pull in style sheets (XSLT). */
const ACTIVE_DECLARATION = /<!ENTITY|<\?xml-stylesheet/i;
/** An event handler attribute inside a tag (`onload=`, `svg:onclick=`). */
const HANDLER = /<[^>]*\s(?:[\w.-]+:)?on[a-z]+\s*=/i;
/** Animation that can set a link's target (`<set attributeName="href" to="javascript:…">`). */
const LINK_ANIMATION = /<\s*(?:[\w.-]+:)?(?:set|animate)\b[^>]*\battributeName\s*=\s*["']?\s*(?:[\w.-]+:)?href/i;
/** Values of `href`, `xlink:href` and `src` attributes, quoted or not. */
const LINK_VALUE = /\s(?:[\w.-]+:)?(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi;

/** Why the file `rel` (its bytes read on demand) must not be published, or undefined when it may. */
export function activeContent(rel: string, read: () => Buffer): string | undefined {
  if (PAGE_OR_SCRIPT.test(rel)) return "is a page or a script: published under articles/, it could run script on the site (put site files in static/)";
  const ext = /\.([^./]+)$/.exec(rel)?.[1]?.toLowerCase();
  if (ext !== undefined && XML_DOCUMENT.has(ext)) {
    return `is a page or a script (.${ext} is an XML document type, which a browser opens as a page): published under articles/, it could run script on the site (put site files in static/)`;
  }
  if (!/\.svg$/i.test(rel)) return undefined;
  const bytes = read();
  // UTF-16 (a BOM, NUL bytes) hides its markup from a byte scan: not published.
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe) || bytes.includes(0)) {
    return "is an SVG image that is not UTF-8 text: save it as UTF-8 (or as PNG or JPEG)";
  }
  return activeSvg(bytes.toString("latin1"))
    ? "is an SVG image with script, event handlers, entities or script links: it could run script when opened (save it without them, or as PNG or JPEG)"
    : undefined;
}

function activeSvg(svg: string): boolean {
  if (ACTIVE_ELEMENT.test(svg) || ACTIVE_DECLARATION.test(svg) || HANDLER.test(svg) || LINK_ANIMATION.test(svg)) return true;
  for (const m of svg.matchAll(LINK_VALUE)) if (!safeLink(m[1] ?? m[2] ?? m[3] ?? "")) return true;
  return false;
}

/**
 * A link an SVG may carry: a fragment, a relative path, http(s) or mailto, or a raster `data:`
 * image. Spaces and control characters are dropped first, as browsers drop them (`jav	ascript:`);
 * a character reference (`&#106;`) could spell anything, so none is allowed.
 */
function safeLink(value: string): boolean {
  const v = value.replace(/[\s\u0000-\u001f]/g, "").toLowerCase();
  if (v.includes("&#") || v.includes("&colon;") || v.includes("&tab;") || v.includes("&newline;")) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(v)?.[1];
  if (scheme === undefined) return true;
  if (scheme === "http" || scheme === "https" || scheme === "mailto") return true;
  return scheme === "data" && /^data:image\/(?:png|jpe?g|gif|webp|avif)[;,]/.test(v);
}
