/**
 * Site configuration: defaults as data, validated with zod.
 * Read from `warta.config.yaml`, `warta.config.yml` or `warta.config.json` in the site root.
 */
import { z } from "zod";
import type { ImageDims } from "../load/image-size.ts";
import { isValidLocale, isValidTimeZone, timeZoneHint } from "../util/dates.ts";
import { stripForbidden } from "../parse/code-points.ts";
import { kindOf } from "../parse/article-schema.ts";
import { SHARE_DEFAULT, SHARE_TARGETS, type ShareTarget } from "../render/share.ts";
import { isHttpUrl, isSitePath, isSiteUrl, normalUrl, sitePathHref, SITE_URL_RULE } from "../util/http-url.ts";

const httpUrl = z.string().refine(isHttpUrl, "must be an absolute http(s) URL");

/** A whole number from `min` to `max`, one message for every way of missing it. */
const whole = (min: number, max: number) => {
  const rule = `must be a whole number from ${min} to ${max}`;
  // `perPage: "10"`: quoted, it is text (said as the true/false fields say it).
  const error = (i: { code?: string; input?: unknown }): string =>
    i.code === "invalid_type" && typeof i.input === "string" ? `${rule}, not the text ${JSON.stringify(i.input.slice(0, 40))}${/^\s*\d+\s*$/.test(i.input) ? ": write it without quotes" : ""}` : rule;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};
const count = (min: number, max: number, otherwise: number) => whole(min, max).default(otherwise);

/** Widths of the smaller copies of local JPEG and PNG images (see src/images/): phones take 400 or 800, a wide screen 1200 or 1600. */
export const IMAGE_WIDTHS = [400, 800, 1200, 1600];

const EXPECTED: Record<string, string> = { string: "text", number: "a number", boolean: "true or false", array: "a list", object: "a `key: value` mapping", record: "a `key: value` mapping" };

/**
 * The config's problems in a site builder's words, not zod's ("must be true or false, not
 * string" instead of "Invalid input: expected boolean, received string"). Pass as `error` to
 * `safeParse`; a message set on a field wins.
 */
export function configMessage(i: z.core.$ZodRawIssue): string | undefined {
  switch (i.code) {
    case "invalid_type":
      // A key left empty (`timeZone:`) is YAML's null.
      if (i.input === null) return "must not be empty";
      // YAML reads `title: 2024` as a number, which kindOf (made for front matter, which keeps it as written) calls text.
      if (i.expected === "string" && (typeof i.input === "number" || typeof i.input === "bigint")) return "must be text, not a number: put the value in quotes as you want it shown";
      return `must be ${EXPECTED[i.expected] ?? i.expected}, not ${configKind(i.input)}`;
    case "too_small":
      return i.origin === "string" ? "must not be empty" : `must be at least ${String(i.minimum)}`;
    case "too_big":
      return i.origin === "array" ? `must have at most ${String(i.maximum)} entries` : `must be at most ${String(i.maximum)}`;
    case "invalid_value":
      return `must be one of ${i.values.map((v) => JSON.stringify(v)).join(", ")}`;
    case "unrecognized_keys":
      return `unknown key ${i.keys.map((k) => `"${k}"`).join(", ")}`;
    default:
      return undefined;
  }
}

/** What a config value is, in its own YAML or JSON terms (a number is a number here; front matter keeps numbers as text). */
function configKind(input: unknown): string {
  if (typeof input === "number" || typeof input === "bigint") return `a number (${String(input)})`;
  if (typeof input === "string") return `the text ${JSON.stringify(input.length > 40 ? `${input.slice(0, 40)}…` : input)}`;
  return kindOf(input);
}

/** An image an http(s) URL or a site path names (a lead image's rule). */
const imageRef = z.string().trim().refine((s) => isHttpUrl(s) || (s !== "" && isSitePath(s)), "must be a site path or an absolute http(s) URL");

export const configSchema = z
  .object({
    title: z.string().trim().min(1).default("Warta"),
    tagline: z.string().default("Berita terkini, tepercaya, dan mendalam"),
    description: z.string().default("Berita politik, nasional, ekonomi, dan daerah terkini."),
    baseUrl: z.string().refine(isSiteUrl, SITE_URL_RULE).default("https://warta.example/"),
    // Spaces around a value (`"Asia/Jakarta "`) are a slip, not part of the name.
    locale: z
      .string()
      .trim()
      .superRefine((locale, ctx) => {
        // `id_ID`, as the system's locales are written: the tag is `id-ID`.
        const dashed = locale.replace(/_/g, "-");
        if (!isValidLocale(locale)) ctx.addIssue({ code: "custom", message: `is not a language tag such as id-ID or en-US${dashed !== locale && isValidLocale(dashed) ? `: write ${dashed}` : ""}` });
      })
      .default("id-ID"),
    // `timeZone: 7` (hours, as a number) is told the zone to write in one run, not first to quote it.
    timeZone: z
      .preprocess(
        (v) => (typeof v === "number" ? String(v) : v),
        z
          .string()
          .trim()
          .superRefine((tz, ctx) => {
            if (!isValidTimeZone(tz)) ctx.addIssue({ code: "custom", message: `is not an IANA time zone${timeZoneHint(tz)}` });
          }),
      )
      .default("Asia/Jakarta"),
    perPage: count(1, 500, 20),
    relatedCount: count(0, 50, 5),
    feedItems: count(1, 1000, 50),
    feedContent: z.enum(["summary", "full"]).default("summary"),
    /** Newest articles the search page searches (`0`: no search page, no search box). */
    searchItems: count(0, 100_000, 2000),
    allowRawHtml: z.boolean().default(false),
    linkify: z.boolean().default(false),
    publisher: z
      .object({ name: z.string().trim().min(1).optional(), logo: imageRef.optional(), url: httpUrl.optional() })
      .strict()
      .default({}),
    /** The picture a shared link shows when its page has none of its own (a JPG, PNG or WebP; default: a raster `publisher.logo`). */
    shareImage: imageRef.optional(),
    strings: z.record(z.string(), z.string()).default({}),
    /** Share links under each article, in this order (`[]`: none). */
    share: z.array(z.enum(Object.keys(SHARE_TARGETS) as [ShareTarget, ...ShareTarget[]])).max(10).default(SHARE_DEFAULT),
    /** Smaller WebP copies of local JPEG and PNG images, for `srcset` (`widths: []`: none). */
    images: z
      .object({ widths: z.array(whole(16, 4096)).max(8).default(IMAGE_WIDTHS), quality: count(1, 100, 75) })
      .strict()
      .default({ widths: IMAGE_WIDTHS, quality: 75 }),
    /** The categories in the menu, in this order, with these names; default: the 8 with the most articles. */
    menu: z.array(z.string().trim().min(1)).max(30).optional(),
  })
  .strict();

export type SiteConfig = z.infer<typeof configSchema>;

export { CONFIG_FILES } from "./files.ts";

/** Normalise: baseUrl always ends with `/`; basePath is its path (`/` or `/berita/`). */
export interface ResolvedConfig extends SiteConfig {
  basePath: string;
  /** BCP 47 language for `<html lang>` and feeds: `id` from `id-ID`; Chinese keeps its script or region (`zh-TW`), which picks the glyphs. */
  language: string;
  /** Google News' publication language: `id`, `en`; `zh-cn` or `zh-tw`, the only two it takes for Chinese. */
  newsLanguage: string;
  /** Writing direction of the locale's script: `rtl` for Arabic, Persian, Hebrew, Urdu… */
  dir: "ltr" | "rtl";
  /** OpenGraph's `ll_TT`: `id_ID`, `zh_TW` (not `zh_Hant_TW`, not `EN_us`). */
  ogLocale: string;
  /** The locale as a canonical BCP 47 tag (`in-ID` → `id-ID`, `EN-us` → `en-US`), without extensions: JSON-LD's `inLanguage`. */
  languageTag: string;
  /** The favicon the site publishes at its root (`favicon.svg`…), set by the build from the files it copies. */
  icon?: string;
  /** The picture of link previews for a page with none of its own: `shareImage`, else the logo, when it is no SVG and the site publishes it (set by the build). */
  previewImage?: string;
  /** Its size, when it is one of the site's own files and can be measured (set by the build): `og:image:width` and `height`. */
  previewImageSize?: ImageDims;
}

export function resolveConfig(config: SiteConfig): ResolvedConfig {
  const base = siteBase(config.baseUrl);
  return { ...textsWithoutForbidden(config), baseUrl: base.href, basePath: base.path, ...languageOf(config.locale) };
}

/**
 * The site's URL as the base of every link (always ending in `/`), and what it loses to be one,
 * in words: a query, a fragment, doubled slashes (`https://ex.id//berita/` would make every link
 * `//berita/…`: another host).
 */
export function siteBase(baseUrl: string): { href: string; path: string; dropped: string[] } {
  const base = new URL(baseUrl);
  const dropped = [
    ...(base.search ? [`the query ${base.search} is dropped`] : []),
    ...(base.hash ? [`the fragment ${base.hash} is dropped`] : []),
    ...(/\/{2,}/.test(base.pathname) ? ["doubled slashes in the path are read as one"] : []),
    // `https://contoh.id/berita/index.html` names a page: the site would be published under `index.html/`.
    ...(/\/[^/]+\.(?:s?html?|php|aspx?|jsp|xml)$/i.test(base.pathname) ? [`${base.pathname.split("/").pop()} names a file, not a folder: write the folder's address (${base.origin}${base.pathname.replace(/[^/]+$/, "")}) if that is where the site goes`] : []),
  ];
  base.search = "";
  base.hash = "";
  base.pathname = base.pathname.replace(/\/{2,}/g, "/");
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  // `|`, `^` and a `%` that starts no escape are left raw by URL, and are no URL's characters
  // (the Nu checker's "Illegal character", a sitemap's invalid <loc>): escaped, as in every other link.
  const href = normalUrl(base.href);
  return { href, path: new URL(href).pathname, dropped };
}

/** Scripts written right to left (ISO 15924), living and historic. */
const RTL_SCRIPTS = new Set(["Adlm", "Arab", "Aran", "Armi", "Avst", "Chrs", "Cprt", "Elym", "Hatr", "Hebr", "Hung", "Khar", "Lydi", "Mand", "Mani", "Mend", "Merc", "Mero", "Narb", "Nbat", "Nkoo", "Orkh", "Ougr", "Palm", "Phli", "Phlp", "Phnx", "Prti", "Rohg", "Samr", "Sarb", "Sogd", "Sogo", "Syrc", "Thaa", "Yezi"]);

/**
 * The language tags the pages, the feeds and the news sitemap name, and the text direction, from
 * a locale Intl accepts. The direction is the script's (`az-Arab-IR`, `dv-MV` are right to left,
 * `sr-Latn-RS` is not); `lang` keeps a script that is not the language's usual one (`sr-Latn`).
 */
export function languageOf(locale: string): { language: string; newsLanguage: string; dir: "ltr" | "rtl"; ogLocale: string; languageTag: string } {
  const l = new Intl.Locale(locale);
  const full = l.maximize();
  const chinese = l.language === "zh";
  // What the language alone stands for (`sr` → sr-Cyrl-RS, `en` → en-Latn-US).
  const usual = new Intl.Locale(l.language).maximize();
  const language = chinese ? l.baseName : full.script && full.script !== usual.script ? `${l.language}-${full.script}` : l.language;
  const traditional = full.script === "Hant";
  const newsLanguage = chinese ? (traditional ? "zh-tw" : "zh-cn") : l.language;
  // OpenGraph's `ll_TT` needs a country: the locale's, else the likeliest (`en-001` → en_US).
  const region = /^[A-Z]{2}$/.test(l.region ?? "") ? l.region : /^[A-Z]{2}$/.test(full.region ?? "") ? full.region : usual.region;
  return { language, newsLanguage, dir: RTL_SCRIPTS.has(full.script ?? "") ? "rtl" : "ltr", ogLocale: region ? `${l.language}_${region}` : l.language, languageTag: l.baseName };
}

/** The site's own texts without the code points HTML forbids (a pasted U+0001 in `title` would be in every page). */
function textsWithoutForbidden(config: SiteConfig): SiteConfig {
  const strings: Record<string, string> = {};
  for (const [k, v] of Object.entries(config.strings)) strings[k] = stripForbidden(v);
  return {
    ...config,
    title: stripForbidden(config.title),
    tagline: stripForbidden(config.tagline),
    description: stripForbidden(config.description),
    publisher: {
      ...config.publisher,
      ...(config.publisher.name !== undefined ? { name: stripForbidden(config.publisher.name) } : {}),
      // A logo file's name is a name (`logo#1.png`), as a lead image's is; a URL gets the hrefs' rules.
      ...(config.publisher.logo !== undefined ? { logo: isHttpUrl(config.publisher.logo) ? normalUrl(config.publisher.logo) : `/${sitePathHref(config.publisher.logo)}` } : {}),
      ...(config.publisher.url !== undefined ? { url: normalUrl(config.publisher.url) } : {}),
    },
    ...(config.shareImage !== undefined ? { shareImage: isHttpUrl(config.shareImage) ? normalUrl(config.shareImage) : `/${sitePathHref(config.shareImage)}` } : {}),
    strings,
    ...(config.menu ? { menu: config.menu.map(stripForbidden) } : {}),
  };
}
