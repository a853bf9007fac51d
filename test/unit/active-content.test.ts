/** What may be published from articles/: SVG charts from the usual tools pass, anything that can run script does not. */
import { describe, expect, it } from "vitest";
import { activeContent } from "../../src/load/active-content.ts";

const svg = (inner: string, head = ""): Buffer => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">${inner}</svg>`);
const check = (bytes: Buffer, name = "articles/grafik.svg"): string | undefined => activeContent(name, () => bytes);

describe("SVG images under articles/", () => {
  it.each([
    ["a chart as Inkscape or Illustrator save it", '<defs><linearGradient id="g"><stop offset="0"/></linearGradient><style>.a{fill:url(#g)}</style></defs><rect class="a" width="5" height="5"/>'],
    ["words that look like code in its text", "<text>Sumber data: BPS</text><text>onion = bawang</text><desc>1 ons = Rp5.000; transcript, description</desc>"],
    ["an embedded raster image and links to web pages", '<image href="data:image/png;base64,iVBORw0KGgo=" width="2" height="2"/><a xlink:href="https://bps.go.id/"><text>BPS</text></a><use href="#g"/>'],
    ["an animation of a colour", '<rect width="1" height="1"><set attributeName="fill" to="red" begin="1s"/></rect>'],
    ["an embedded web font", "<style>@font-face{font-family:x;src:url(data:font/woff2;base64,AAAA)}</style>"],
    ["text with character references", "<text>Rp&#160;5.000 &#169; Kompas</text>"],
    ["the SVG 1.1 DOCTYPE, as older editors write it", "<rect width=\"1\" height=\"1\"/>", '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">'],
  ])("%s passes", (_name, inner, head?: string) => {
    expect(check(svg(inner, head))).toBeUndefined();
  });

  it.each([
    ["a script", "<script>alert(1)</script>"],
    ["a namespaced script", '<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>'],
    ["an XHTML script", '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'],
    ["an event handler", '<rect width="1" height="1" onload="alert(1)"/>'],
    ["a namespaced event handler", '<rect width="1" height="1" svg:onclick="alert(1)"/>'],
    ["a javascript: link", '<a href="javascript:alert(1)"><text>x</text></a>'],
    ["a javascript: link spelt with references", '<a xlink:href="javascript&#58;alert(1)"><text>x</text></a>'],
    ["a javascript: link with a tab", '<a href="jav\tascript:alert(1)"><text>x</text></a>'],
    ["an unquoted javascript: link", "<a href=javascript:alert(1)><text>x</text></a>"],
    ["a data: document", '<a href="data:text/html,<script>alert(1)</script>"><text>x</text></a>'],
    ["an animation that sets a link", '<a><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>'],
    ["an iframe", '<foreignObject><h:iframe xmlns:h="http://www.w3.org/1999/xhtml" src="javascript&#58;alert(1)"/></foreignObject>'],
    ["an entity", "<text>&x;</text>", '<!DOCTYPE svg [<!ENTITY x "y">]>'],
    ["a style sheet (XSLT)", "<text>x</text>", '<?xml-stylesheet type="text/xsl" href="x.xsl"?>'],
  ])("%s is refused", (_name, inner, head) => {
    expect(check(svg(inner, head))).toMatch(/could run script/);
  });

  // Each of these ran script in Chromium when the file was opened or clicked, and passed a byte scan.
  it.each([
    ["a handler after a `>` inside an earlier attribute value", '<svg xmlns="http://www.w3.org/2000/svg" aria-label=">" onload="alert(document.domain)"></svg>', /event handler onload/],
    ["a handler on an element after a `>` in its class", '<svg xmlns="http://www.w3.org/2000/svg"><rect class=">" width="9" height="9" onclick="alert(1)"/></svg>', /event handler onclick/],
    ["an animation of `&#104;ref`", '<svg xmlns="http://www.w3.org/2000/svg"><a><set attributeName="&#104;ref" to="javascript:alert(1)"/><rect width="9" height="9"/></a></svg>', /animation of href/],
    ["an animation of `&#x68;ref`", '<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="&#x68;ref" values="javascript:alert(1)"/><rect width="9" height="9"/></a></svg>', /animation of href/],
    ["an animation of href after a `>` in its class", '<svg xmlns="http://www.w3.org/2000/svg"><a><set class=">" attributeName="href" to="javascript:alert(1)"/><rect width="9" height="9"/></a></svg>', /animation of href/],
    ["an animation of xlink:href", '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><a><set attributeName="xlink:href" to="javascript:alert(1)"/><rect width="9" height="9"/></a></svg>', /animation of href/],
    ["an XHTML form whose action is script", '<html xmlns="http://www.w3.org/1999/xhtml"><body><form action="javascript:alert(1)"><button>Klik</button></form></body></html>', /element <html> \(XHTML\)/],
    ["an XHTML button with a formaction", '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject width="9" height="9"/><h:button xmlns:h="http://www.w3.org/1999/xhtml" formaction="javascript:alert(1)">x</h:button></svg>', /element <foreignObject>/],
    ["a MathML link", '<svg xmlns="http://www.w3.org/2000/svg"><m:math xmlns:m="http://www.w3.org/1998/Math/MathML" href="javascript:alert(1)"><m:mi>x</m:mi></m:math></svg>', /MathML/],
    ["a base URL that is script", '<svg xmlns="http://www.w3.org/2000/svg"><a xml:base="javascript:alert(1)//" href=""><rect width="9" height="9"/></a></svg>', /link xml:base=/],
    ["markup that is not well-formed", '<svg xmlns="http://www.w3.org/2000/svg"><rect width="9" onclick=alert(1)/></svg>', /not well-formed XML/],
  ])("%s is refused", (_name, text, why) => {
    const found = check(Buffer.from(text));
    expect(found).toMatch(/could run script/);
    expect(found).toMatch(why);
  });

  it("passes a chart saved by Inkscape: metadata in other namespaces, editor attributes, links within the file", () => {
    const inkscape = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:cc="http://creativecommons.org/ns#" xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
  xmlns:svg="http://www.w3.org/2000/svg" xmlns="http://www.w3.org/2000/svg" xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
  xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" width="210mm" height="297mm" viewBox="0 0 210 297" sodipodi:docname="grafik.svg" inkscape:version="1.2">
  <metadata><?xpacket begin="" id="W5M0MpCehiHzreSzNTczkc9d"?>
  <rdf:RDF><cc:Work rdf:about=""><dc:format>image/svg+xml</dc:format><dc:type rdf:resource="http://purl.org/dc/dcmitype/StillImage"/></cc:Work></rdf:RDF></metadata>
  <sodipodi:namedview id="base" pagecolor="#ffffff" inkscape:zoom="0.35"/>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer"><path d="M 10,10 H 50" style="stroke:#000"/><a href="#ringkasan"><text id="ringkasan">Inflasi &lt; 3%</text></a></g>
</svg>`;
    expect(check(Buffer.from(inkscape))).toBeUndefined();
  });

  it("judges a compressed file by the name some servers serve it under (Python's http.server sends x.html.br as text/html)", () => {
    const unread = (): Buffer => {
      throw new Error("not read");
    };
    for (const name of ["a.html.br", "a.js.gz", "a.xhtml.xz", "a.svg.br", "a.SVG.GZ", "a.xpdl", "a.html.gz.br"]) expect(activeContent(`articles/${name}`, unread), name).toMatch(/could run script|cannot be checked|page or a script/);
    for (const name of ["foto.jpg.gz", "data.csv.br", "arsip.tar.gz", "a.gz"]) expect(activeContent(`articles/${name}`, unread), name).toBeUndefined();
  });

  it("refuses an SVG nested deeper than any chart, at once (its check took minutes: saxes is quadratic in depth)", () => {
    const deep = (n: number): Buffer => Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${"<g>".repeat(n)}${"</g>".repeat(n)}</svg>`);
    // Unbounded, this ran for minutes: the test's timeout is what fails then.
    expect(check(deep(200_000))).toBe("is an SVG image with elements nested more than 256 levels deep (line 1): no chart needs that, and checking it for script would take too long (simplify it, or save it as PNG or JPEG)");
    expect(check(deep(250))).toBeUndefined();
  });

  it("refuses the files web hosts read as their settings where they would be read: at the root, web.config anywhere", () => {
    const unread = (): Buffer => {
      throw new Error("not read");
    };
    for (const name of ["_headers", "_redirects", "_routes.json", "staticwebapp.config.json", "CNAME", "_config.yml", "netlify.toml", "vercel.json", "firebase.json", "web.config", "2024/web.config", "foto/Web.Config", "_headers.gz"]) {
      expect(activeContent(`articles/${name}`, unread), name).toMatch(/read as their own settings/);
    }
    // Files of no type a server knows are read (see below): these hold no markup.
    for (const name of ["2024/_headers", "foto/CNAME", "_headers.txt", "headers", "config.yml"]) expect(activeContent(`articles/${name}`, () => Buffer.from("/* X-Frame-Options: DENY")), name).toBeUndefined();
  });

  it("refuses an SVG in UTF-16, whose markup a byte scan cannot read", () => {
    const text = svg('<rect onload="alert(1)"/>').toString("utf8");
    expect(check(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]))).toMatch(/not UTF-8/);
  });

  it("refuses pages and scripts, whatever their content; passes other files unread", () => {
    for (const name of ["a.html", "a.HTM", "a.xhtml", "a.xml", "a.xsl", "a.js", "a.mjs", "a.svgz"]) expect(check(Buffer.from(""), `articles/${name}`), name).toMatch(/page or a script/);
    expect(activeContent("articles/foto.jpg", () => { throw new Error("not read"); })).toBeUndefined();
  });

  it("refuses server code wherever its extension stands in the name (Apache runs x.php.jpg), and names Windows hosts serve as another", () => {
    const unread = (name: string) => activeContent(`articles/${name}`, () => Buffer.from("bukan halaman"));
    for (const name of ["x.php", "x.PHP", "x.php7", "x.phtml", "x.phar", "x.cgi", "x.aspx", "x.asp", "x.jsp", "x.php.jpg", "2024/x.pHp.png"]) expect(unread(name), name).toMatch(/is server code/);
    for (const name of ["x.mht", "x.mhtml", "x.hta", "x.htc", "x.xbl"]) expect(unread(name), name).toMatch(/page or a script/);
    // ColdFusion, IIS handlers, scripts a CGI host runs, server-side includes.
    for (const name of ["x.cfm", "x.cfc", "x.svc", "x.axd", "x.pl", "x.py", "x.rb", "x.sh", "x.shtml", "x.shtm", "x.stm", "x.cfm.jpg"]) expect(unread(name), name).toMatch(/is server code/);
    // A CGI script's extension counts last only: before it, it is a newsroom's word (Polish, a law degree).
    for (const name of ["raport.pl.pdf", "profil-budi.SH.MH.jpg", "x.py.txt"]) expect(unread(name), name).toBeUndefined();
    for (const name of ["x.html.", "foto.jpg ", "x."]) expect(unread(name), name).toMatch(/ends in a dot or a space/);
    for (const name of ["nl\nname.txt", "tab\tfoto.jpg", "2024\r/foto.png"]) expect(unread(name), name).toMatch(/control character/);
    for (const name of ["php.jpg", "grafik-php.png", "x.phpx", "laporan.aspect.pdf", "x.cgix"]) expect(unread(name), name).toBeUndefined();
  });

  it("refuses every XML document type a browser opens as a page, by extension in any case; passes data files unread", () => {
    for (const name of ["a.xht", "a.XHT", "a.xhtm", "a.rss", "a.atom", "a.rdf", "a.kml", "a.gpx", "a.xul", "a.mml", "a.smil", "a.xspf", "a.xlf", "a.dae", "a.ttml", "a.x3d", "a.xsd"]) {
      expect(activeContent(`articles/${name}`, () => { throw new Error("not read"); }), name).toMatch(/page or a script/);
    }
    for (const name of ["a.csv", "a.json", "a.pdf", "a.kmz", "a.dtd", "a.xml.txt", "rss/a.png"]) {
      expect(activeContent(`articles/${name}`, () => { throw new Error("not read"); }), name).toBeUndefined();
    }
  });

  it("judges a name by the last extension Apache knows: x.html.bak is a page, grafik.svg.1 an SVG; x.html.jpg a picture", () => {
    const unread = (name: string) => activeContent(`articles/${name}`, () => { throw new Error("not read"); });
    for (const name of ["page.html.bak", "page.htm.tmp", "x.js.map", "feed.rss.old", "x.xhtml.orig~1"]) expect(unread(name), name).toMatch(/Apache reads a name's last extension it knows/);
    for (const name of ["x.html.jpg", "laporan.html.pdf", "data.xml.zip", "foto.2024.jpg", "Rp.1.000.png", "sitemap.xml.sig"]) expect(unread(name), name).toBeUndefined();
    // Only the common page and XML types count before the last extension: `.ac` is a domain's word here, and the file is read.
    expect(check(Buffer.from("%PDF-1.7"), "articles/surat.ui.ac.id")).toBeUndefined();
    expect(check(Buffer.from("<html><script>alert(1)</script>"), "articles/surat.ui.ac.id")).toMatch(/no type web servers know/);
    expect(check(svg("<script>alert(1)</script>"), "articles/grafik.svg.1")).toMatch(/could run script/);
    expect(check(svg("<rect width=\"1\" height=\"1\"/>"), "articles/grafik.svg.orig")).toBeUndefined();
  });

  it("reads a file of no type a server knows, and refuses it when it begins like HTML or XML (browsers sniff it as a page)", () => {
    // Only the first bytes are asked for: a raw video of unknown type is not read whole.
    let asked: number | undefined;
    expect(activeContent("articles/video.mxf", (limit) => ((asked = limit), Buffer.from("\x06\x0e+4")))).toBeUndefined();
    expect(asked).toBe(1024);
    for (const [name, text] of [["catatan", "<html><script>alert(1)</script>"], ["x.bak", "\ufeff  <!DOCTYPE html><p>x"], ["data.v2", "<?xml version=\"1.0\"?><x/>"], ["n", "<!-- c --><b>x"], ["s.1", "<svg onload=alert(1)>"], ["t", "\n<script src=x></script>"]]) {
      expect(check(Buffer.from(text!), `articles/${name}`), name).toMatch(/no type web servers know/);
    }
    for (const [name, text] of [["catatan", "Catatan redaksi: <b> bukan di awal"], ["x.bak", "%PDF-1.7"], ["LICENSE", "MIT License"], ["x.v2", "<bukan tag"]]) expect(check(Buffer.from(text!), `articles/${name}`), name).toBeUndefined();
  });
});
