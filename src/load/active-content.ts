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
import { SaxesParser } from "saxes";

const PAGE_OR_SCRIPT = /\.(html?|mht|mhtml|m?js|cjs|hta|htc|xbl)$/i;
/**
 * Code a web server runs, not sends: PHP on Apache or nginx with PHP-FPM, CGI (and the Perl, Python, Ruby and
 * shell scripts hosts hand to it), ASP.NET and classic ASP on IIS (and its handlers, `.axd`, `.svc`), JSP,
 * ColdFusion, server-side includes (`.shtml`, whose `<!--#exec -->` runs a command). Apache's `AddHandler` runs `x.php.jpg` as PHP too: these are refused wherever
 * they stand in the name.
 */
const SERVER_CODE = /\.(php\d?|phtml|phar|pht|phps|cgi|fcgi|asp|aspx|ashx|asmx|asa|axd|svc|cer|jsp|jspx|cfm|cfml|cfc|shtml|shtm)(?:\.|$)/i;
/**
 * Scripts a host runs only by their last extension (a CGI handler, server-side includes' `.stm`): in the middle of
 * a name they are a newsroom's words (`raport.pl.pdf`, Polish; `profil-budi.SH.MH.jpg`, a law degree).
 */
const SERVER_SCRIPT = /\.(pl|py|rb|sh|stm)$/i;

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
    "mxml xhvml xvml xvm yin ac musicxml osfpvg xpdl"
  ).split(" "),
);

/** Declarations that define entities or pull in style sheets (XSLT): refused wherever they are written, even in a comment. */
const ACTIVE_DECLARATION = /<!ENTITY|<\?xml-stylesheet/i;
const SVG_NS = "http://www.w3.org/2000/svg";
/** Namespaces whose elements a browser gives behaviour to inside an SVG document: forms, frames, scripts, links. */
const LIVE_NS = new Set(["http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML"]);
/** SVG elements that run script or embed documents (SVG 1.1, SVG Tiny 1.2's handler and listener, SVG 2). */
const ACTIVE_SVG = new Set(["script", "foreignobject", "handler", "listener", "iframe", "embed", "object", "discard"]);
/** SVG animation elements: they may set any attribute, so the one they set is checked. */
const ANIMATION = new Set(["set", "animate", "animatetransform", "animatemotion", "animatecolor"]);
/** Attributes that hold a URL something may load or follow, in any namespace (`href`, `xlink:href`; `xml:base`, which relative links resolve against). */
const URL_ATTRIBUTE = new Set(["href", "src", "action", "formaction", "data", "codebase", "base"]);

/** Deeper than this an SVG is refused unread (see `activeSvg`). */
const MAX_SVG_DEPTH = 256;
const TOO_DEEP = `elements nested more than ${MAX_SVG_DEPTH} levels deep`;

/**
 * Compression suffixes some servers take as an encoding and then serve the file by the extension
 * before them, with no Content-Encoding (Python's http.server serves `x.html.br` as text/html).
 */
const COMPRESSED = /(?:\.(?:br|gz|z|bz2|xz|zst|lz|lzma))+$/i;

/**
 * Why the file `rel` is code a web server would run, or undefined. Refused even where the site
 * allows raw HTML: that trusts reporters with script in readers' browsers, not with the server.
 */
export function serverCode(rel: string): string | undefined {
  const name = rel.slice(rel.lastIndexOf("/") + 1);
  const code = SERVER_CODE.exec(name) ?? SERVER_SCRIPT.exec(name);
  return code ? `is server code (.${code[1]!.toLowerCase()}): on a host that runs it (PHP, CGI, ASP.NET, JSP), anyone could run it (put no code under articles/)` : undefined;
}

/**
 * Why the file `rel` must not be published, or undefined when it may. `read` gives its bytes on demand: all of
 * them, or (`limit`) the first ones, for a file of unknown type (a raw video is not read whole to look at 1 KB).
 */
export function activeContent(rel: string, read: (limit?: number) => Buffer): string | undefined {
  const inner = rel.replace(COMPRESSED, "");
  if (inner !== rel) {
    // Judged by the name it may be served under; what it holds is not read (it is compressed).
    const served = inner.slice(inner.lastIndexOf("/") + 1);
    if (/\.svg$/i.test(inner)) return `is compressed, and some servers serve it as ${served}: an SVG image whose markup cannot be checked (publish it uncompressed, or as PNG or JPEG)`;
    const why = activeByName(inner);
    if (why) return `is compressed, and some servers serve it as ${served}, which ${why}`;
  }
  const why = activeByName(rel);
  if (why) return why;
  const served = servedExtension(rel);
  if (served === undefined) {
    // No type a server knows (`catatan`, `x.bak`): Apache then sends none, and browsers guess the type from the first bytes.
    return looksLikeMarkup(read(SNIFFED_BYTES)) ? "has no type web servers know, and begins like HTML or XML: served without a type, browsers read it as a page, and it could run script (give it the extension of what it is, or put it in static/)" : undefined;
  }
  if (served !== "svg") return undefined;
  const bytes = read();
  // UTF-16 (a BOM, NUL bytes) hides its markup from a byte scan: not published.
  if ((bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe) || bytes.includes(0)) {
    return "is an SVG image that is not UTF-8 text: save it as UTF-8 (or as PNG or JPEG)";
  }
  const found = activeSvg(bytes.toString("utf8"));
  if (found?.startsWith(TOO_DEEP)) return `is an SVG image with ${found}: no chart needs that, and checking it for script would take too long (simplify it, or save it as PNG or JPEG)`;
  return found && `is an SVG image with ${found}: it could run script when opened (save it without that, or as PNG or JPEG)`;
}

/**
 * Files static hosts read as their own settings: at the root of what they publish (Netlify and
 * Cloudflare Pages `_headers` and `_redirects`, Cloudflare's `_routes.json`, Azure Static Web
 * Apps' `staticwebapp.config.json`, GitHub Pages' `CNAME` and `_config.yml`, Vercel, Firebase and
 * Netlify project files), or in any folder (IIS and Azure App Service `web.config`). `_headers` can
 * serve a reporter's `foto.png` as a page, `_redirects` send the whole site elsewhere.
 */
const HOST_ROOT_SETTINGS = new Set(["_headers", "_redirects", "_routes.json", "staticwebapp.config.json", "cname", "_config.yml", "netlify.toml", "vercel.json", "firebase.json"]);

/** Why a file of `articles/` at `rel` would be a web host's settings, or undefined. */
function hostSettings(rel: string): string | undefined {
  const path = rel.replace(/^articles\//, "");
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  if (name !== "web.config" && (path.includes("/") || !HOST_ROOT_SETTINGS.has(name))) return undefined;
  return "is a file web hosts read as their own settings: published from articles/, a reporter's file would change how the whole site is served (a site that needs it keeps it in static/)";
}

/** Why a file named `rel` runs script by its name alone (a page, a script, an XML document) or sets how the site is served, or undefined. */
function activeByName(rel: string): string | undefined {
  const settings = hostSettings(rel);
  if (settings) return settings;
  const name = rel.slice(rel.lastIndexOf("/") + 1);
  // Windows and IIS drop a name's last dots and spaces: `x.html.` is served as `x.html`.
  if (/[. ]$/.test(name)) return "ends in a dot or a space, which Windows hosts drop (`x.html.` is served as `x.html`): rename it";
  // A line break in a name splits the lines of a host's file lists and logs (and of `_headers`-style rules).
  if (/\p{Cc}/u.test(rel)) return "has a control character (a line break, a tab…) in its name, which hosts, file lists and logs cannot carry: rename it";
  const code = serverCode(rel);
  if (code) return code;
  if (PAGE_OR_SCRIPT.test(rel)) return "is a page or a script: published under articles/, it could run script on the site (put site files in static/)";
  const ext = /\.([^./]+)$/.exec(rel)?.[1]?.toLowerCase();
  if (ext !== undefined && XML_DOCUMENT.has(ext)) {
    return `is a page or a script (.${ext} is an XML document type, which a browser opens as a page): published under articles/, it could run script on the site (put site files in static/)`;
  }
  // Apache types a file by the last extension it knows, skipping the others: `x.html.bak` is a page.
  const inner = servedExtension(rel);
  if (inner !== undefined && inner !== "svg" && (PAGE_OR_SCRIPT.test(`.${inner}`) || XML_DOCUMENT.has(inner))) {
    return `is served as .${inner} (Apache reads a name's last extension it knows, so ${name} is a .${inner} file): published under articles/, it could run script on the site (rename it, or put it in static/)`;
  }
  return undefined;
}

/**
 * Extensions of files a reporter may publish that web servers and browsers know, and that run nothing: pictures, sound and
 * video, documents, archives, fonts, plain data. With the active ones (pages, scripts, XML, SVG) they are the
 * extensions by which a server types a file.
 */
const HARMLESS = new Set(
  (
    "jpg jpeg jpe jfif png apng gif webp avif bmp ico tif tiff heic heif jxl psd " +
    "mp3 m4a aac oga ogg opus wav flac weba mid midi mp4 m4v mov webm ogv avi mkv mpg mpeg 3gp wmv wma " +
    "pdf doc docx xls xlsx ppt pptx pps ppsx odt ods odp rtf epub txt text csv tsv json geojson vtt srt ics vcf " +
    "zip kmz dtd gz tgz 7z rar tar bz2 xz zst woff woff2 ttf otf eot wasm md markdown css " +
    "sig asc log sql ts m2ts mts m3u8 crt pem"
  ).split(" "),
);

/**
 * The extension a web server types `rel` by: Apache's mod_mime reads every extension and the last one it knows
 * decides (`grafik.svg.1` is an SVG, `x.html.bak` a page); undefined when it knows none (`catatan`, `x.bak`).
 */
function servedExtension(rel: string): string | undefined {
  const exts = rel.slice(rel.lastIndexOf("/") + 1).split(".").slice(1);
  for (let i = exts.length - 1; i >= 0; i--) {
    const ext = exts[i]!.toLowerCase();
    // The last extension by every type a server knows; one before it only by the common ones: the long tail of
    // XML types (`.ac`, `.res`, `.dist`…) is a newsroom's words there (`surat.ui.ac.id`), and its content is read.
    if (ext === "svg" || HARMLESS.has(ext) || PAGE_OR_SCRIPT.test(`.${ext}`) || (i === exts.length - 1 ? XML_DOCUMENT.has(ext) : COMMON_XML.has(ext))) return ext;
  }
  return undefined;
}

/** The XML document types a name carries in the middle of backups and copies (`feed.xml.old`, `x.xhtml.bak`). */
const COMMON_XML = new Set(["xml", "xsl", "xslt", "xhtml", "xhtm", "xht", "rss", "atom", "rdf", "mml", "svgz", "kml", "gpx"]);

/**
 * Whether `bytes` begin as a browser that sniffs a file's type (the WHATWG MIME Sniffing standard, "rules for
 * identifying an unknown MIME type") reads as HTML or XML: after blanks and a byte order mark, `<!DOCTYPE HTML`, a
 * tag such as `<html`, `<script`, `<body`, `<!--` or `<?xml`.
 */
const SNIFFED_BYTES = 1024;
function looksLikeMarkup(bytes: Buffer): boolean {
  const head = bytes.subarray(0, SNIFFED_BYTES).toString("latin1").replace(/^(?:\xef\xbb\xbf|\xfe\xff|\xff\xfe)/, "").replace(/^[\t\n\f\r ]+/, "");
  return /^(?:<!DOCTYPE HTML|<(?:HTML|HEAD|SCRIPT|IFRAME|H1|DIV|FONT|TABLE|A|STYLE|TITLE|B|BODY|BR|P|SVG)[ >\t\n\f\r\/]|<!--|<\?xml)/i.test(head);
}

/**
 * What in `svg` could run script, or undefined. The file is parsed as the browser parses it: as
 * namespaced XML (saxes, the parser jsdom uses), so that no spelling hides markup from the check
 * (a `>` inside an attribute value, `&#104;ref`, a prefix). A file that is not well-formed XML is
 * refused too: a browser shows such a file as an error, and another reading of it is not ours to
 * guess. What may run:
 * - elements that run script or embed documents, and any element of XHTML or MathML;
 * - event handler attributes (`onload`, `svg:onclick`), however namespaced;
 * - a URL attribute (`href`, `xlink:href`, `src`, `action`, `formaction`…) that is not a safe link;
 * - an animation that sets a URL or an event handler (`<set attributeName="href" to="javascript:…">`);
 * - entity declarations, a DTD of its own, and style sheet instructions (`<?xml-stylesheet?>`: XSLT).
 */
function activeSvg(svg: string): string | undefined {
  if (ACTIVE_DECLARATION.test(svg)) return "entity declarations or a style sheet";
  const parser = new SaxesParser({ xmlns: true });
  let found: string | undefined;
  let depth = 0;
  const at = (what: string): void => {
    found ??= `${what} (line ${parser.line})`;
  };
  parser.on("error", (e) => at(`markup that is not well-formed XML: ${e.message.replace(/^\d+:\d+: /, "")}`));
  parser.on("doctype", (text) => {
    if (text.includes("[")) at("a DTD of its own");
  });
  // A style sheet may be XSLT, which can write script; other instructions (Adobe's `<?xpacket?>`) do nothing in a browser.
  parser.on("processinginstruction", (pi) => {
    if (pi.target.toLowerCase() === "xml-stylesheet") at(`the processing instruction <?${pi.target}?>`);
  });
  // saxes resolves each element's namespace through every element around it: time grows with the
  // square of the depth (200,000 nested <g> ran for minutes). Charts nest a few dozen deep.
  parser.on("closetag", () => void depth--);
  parser.on("opentag", (tag) => {
    if (++depth > MAX_SVG_DEPTH) {
      at(TOO_DEEP);
      throw new Error(TOO_DEEP);
    }
    const local = tag.local.toLowerCase();
    if (LIVE_NS.has(tag.uri)) return at(`the element <${tag.name}> (${tag.uri.includes("xhtml") ? "XHTML" : "MathML"})`);
    if (tag.uri === SVG_NS && ACTIVE_SVG.has(local)) return at(`the element <${tag.name}>`);
    for (const attr of Object.values(tag.attributes)) {
      const name = attr.local.toLowerCase();
      if (name.startsWith("on")) return at(`the event handler ${attr.name}="…"`);
      if (URL_ATTRIBUTE.has(name) && !safeLink(attr.value)) return at(`the link ${attr.name}="${attr.value.slice(0, 60)}"`);
    }
    if (tag.uri === SVG_NS && ANIMATION.has(local)) {
      const target = tag.attributes["attributeName"]?.value.trim().toLowerCase().replace(/^[^:]*:/, "") ?? "";
      if (URL_ATTRIBUTE.has(target) || target.startsWith("on")) return at(`an animation of ${target}`);
    }
  });
  try {
    parser.write(svg).close();
  } catch (e) {
    at(`markup that cannot be read: ${(e as Error).message}`);
  }
  return found;
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
