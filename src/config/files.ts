/** The config file names a site may use, first found wins (kept apart from the schema: no zod to load). */
export const CONFIG_FILES = ["warta.config.yaml", "warta.config.yml", "warta.config.json"] as const;

/**
 * A name at the site's top that a build reads as its config or warns about (a second config, a
 * `warta.toml` read by nothing): the quick check's key lists them, as the build's report depends on them.
 */
export const CONFIG_LIKE_NAME = /^warta(\.config)?\.[a-z0-9]+$/i;

/** The build cache's folder in the site root (git-ignored; never an output folder). */
export const CACHE_DIR = ".warta-cache";
