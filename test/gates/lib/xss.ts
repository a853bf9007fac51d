/**
 * Gate 6, XSS (static half): every built page parsed with cheerio (the way a browser builds its
 * DOM) must carry no executable content: no `<script>` except JSON-LD data, no `on*` handler
 * attributes, no `javascript:`/`vbscript:`/`data:text/html` URL in any URL attribute, no
 * frames/objects/embeds, no `<base>` or meta refresh; and every JSON-LD block parses as JSON
 * and holds no raw `<` (so no value can close the element). The browser half
 * (`checkXssEvents`) watches for dialogs and page errors while the pages run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as cheerio from "cheerio";
import { clip, isOwnSearchScript, type Problem } from "./problem.ts";

const URL_ATTRS = ["href", "src", "action", "formaction", "srcset", "poster", "data", "xlink:href", "background", "cite", "longdesc", "ping", "manifest", "icon", "srcdoc"];
// What the URL parser ignores before the scheme: whitespace and C0 controls, and tabs/newlines inside it.
const DANGEROUS = /^(?:javascript|vbscript|livescript):|^data:(?!image\/(?:png|gif|jpe?g|webp|avif);)/i;
const FORBIDDEN_ELEMENTS = ["iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal"];

/** The scheme a browser would see: strip leading C0/space and every tab/newline, as the URL parser does. */
export function effectiveUrl(value: string): string {
  return value.replace(/^[\u0000-\u0020]+/, "").replace(/[\t\n\r]/g, "");
}

export function checkXssHtml(page: string, html: string): Problem[] {
  const problems: Problem[] = [];
  const add = (message: string): void => void problems.push({ gate: "xss", page, message });
  const $ = cheerio.load(html);
  $("script").each((_, el) => {
    const type = ($(el).attr("type") ?? "").trim().toLowerCase();
    const raw = $(el).html() ?? "";
    if (type !== "application/ld+json") {
      if (isOwnSearchScript(page, $(el).attr("src"), $(el).attr("defer") !== undefined) && !raw.trim()) return;
      add(`executable <script${type ? ` type="${type}"` : ""}>: "${clip($(el).attr("src") ?? raw, 80)}"`);
      return;
    }
    if (raw.includes("<")) add(`JSON-LD contains a raw "<" (could close the script element): "${clip(raw.slice(Math.max(0, raw.indexOf("<") - 20), raw.indexOf("<") + 40), 80)}"`);
    try {
      JSON.parse(raw);
    } catch (e) {
      add(`JSON-LD does not parse: ${(e as Error).message}`);
    }
  });
  $("*").each((_, el) => {
    const node = el as { tagName?: string; attribs?: Record<string, string> };
    const tag = node.tagName ?? "?";
    if (FORBIDDEN_ELEMENTS.includes(tag)) add(`<${tag}> element in the output`);
    if (tag === "meta" && /refresh/i.test(node.attribs?.["http-equiv"] ?? "")) add(`<meta http-equiv="refresh" content="${clip(node.attribs?.content ?? "", 60)}">`);
    for (const [name, value] of Object.entries(node.attribs ?? {})) {
      const attr = name.toLowerCase();
      if (attr.startsWith("on")) add(`event handler attribute ${attr}="${clip(value, 60)}" on <${tag}>`);
      if (attr === "style" && /expression\s*\(|url\s*\(\s*['"]?\s*(?:javascript|vbscript):/i.test(value)) add(`script in style attribute on <${tag}>: "${clip(value, 60)}"`);
      if (!URL_ATTRS.includes(attr)) continue;
      if (attr === "srcdoc") {
        add(`srcdoc attribute on <${tag}>`);
        continue;
      }
      const candidates = attr === "srcset" ? value.split(",").map((c) => c.trim().split(/\s+/)[0] ?? "") : [value];
      for (const c of candidates) if (DANGEROUS.test(effectiveUrl(c))) add(`dangerous URL in ${attr} on <${tag}>: "${clip(c, 80)}"`);
    }
  });
  return problems;
}

export function checkXss(dir: string, pages: readonly string[]): Problem[] {
  return pages.flatMap((page) => checkXssHtml(page, readFileSync(join(dir, page), "utf8")));
}
