/**
 * Site configuration: defaults as data, validated with zod.
 * Read from `warta.config.yaml`, `warta.config.yml` or `warta.config.json` in the site root.
 */
import { z } from "zod";
import { isValidLocale, isValidTimeZone } from "../util/dates.ts";
import { isHttpUrl, isSiteUrl, SITE_URL_RULE } from "../util/http-url.ts";

const httpUrl = z.string().refine(isHttpUrl, "must be an absolute http(s) URL");

export const configSchema = z
  .object({
    title: z.string().min(1).default("Warta"),
    tagline: z.string().default("Berita terkini, tepercaya, dan mendalam"),
    description: z.string().default("Berita politik, nasional, ekonomi, dan daerah terkini."),
    baseUrl: z.string().refine(isSiteUrl, SITE_URL_RULE).default("https://warta.example/"),
    locale: z.string().refine(isValidLocale, "is not a language tag such as id-ID or en-US").default("id-ID"),
    timeZone: z.string().refine(isValidTimeZone, "is not an IANA time zone").default("Asia/Jakarta"),
    perPage: z.number().int().min(1).max(500).default(20),
    relatedCount: z.number().int().min(0).max(50).default(5),
    feedItems: z.number().int().min(1).max(1000).default(50),
    feedContent: z.enum(["summary", "full"]).default("summary"),
    allowRawHtml: z.boolean().default(false),
    linkify: z.boolean().default(false),
    publisher: z
      .object({ name: z.string().optional(), logo: z.string().optional(), url: httpUrl.optional() })
      .strict()
      .default({}),
    strings: z.record(z.string(), z.string()).default({}),
    /** The categories in the menu, in this order, with these names; default: the 8 with the most articles. */
    menu: z.array(z.string().trim().min(1)).max(30).optional(),
  })
  .strict();

export type SiteConfig = z.infer<typeof configSchema>;

export { CONFIG_FILES } from "./files.ts";

/** Normalise: baseUrl always ends with `/`; basePath is its path (`/` or `/berita/`). */
export interface ResolvedConfig extends SiteConfig {
  basePath: string;
  /** BCP 47 language for `<html lang>` and feeds: `id` from `id-ID`. */
  language: string;
}

export function resolveConfig(config: SiteConfig): ResolvedConfig {
  const base = new URL(config.baseUrl);
  base.search = "";
  base.hash = "";
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  const baseUrl = base.href;
  return { ...config, baseUrl, basePath: base.pathname, language: config.locale.split("-")[0] ?? "id" };
}
