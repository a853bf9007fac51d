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
  ])("%s passes", (_name, inner) => {
    expect(check(svg(inner))).toBeUndefined();
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

  it("refuses an SVG in UTF-16, whose markup a byte scan cannot read", () => {
    const text = svg('<rect onload="alert(1)"/>').toString("utf8");
    expect(check(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]))).toMatch(/not UTF-8/);
  });

  it("refuses pages and scripts, whatever their content; passes other files unread", () => {
    for (const name of ["a.html", "a.HTM", "a.xhtml", "a.xml", "a.xsl", "a.js", "a.mjs", "a.svgz"]) expect(check(Buffer.from(""), `articles/${name}`), name).toMatch(/page or a script/);
    expect(activeContent("articles/foto.jpg", () => { throw new Error("not read"); })).toBeUndefined();
  });

  it("refuses every XML document type a browser opens as a page, by extension in any case; passes data files unread", () => {
    for (const name of ["a.xht", "a.XHT", "a.xhtm", "a.rss", "a.atom", "a.rdf", "a.kml", "a.gpx", "a.xul", "a.mml", "a.smil", "a.xspf", "a.xlf", "a.dae", "a.ttml", "a.x3d", "a.xsd"]) {
      expect(activeContent(`articles/${name}`, () => { throw new Error("not read"); }), name).toMatch(/page or a script/);
    }
    for (const name of ["a.csv", "a.json", "a.pdf", "a.kmz", "a.dtd", "xml", "a.xml.txt", "rss/a.png"]) {
      expect(activeContent(`articles/${name}`, () => { throw new Error("not read"); }), name).toBeUndefined();
    }
  });
});
