/** The config file names a site may use, first found wins (kept apart from the schema: no zod to load). */
export const CONFIG_FILES = ["warta.config.yaml", "warta.config.yml", "warta.config.json"] as const;

/** The build cache's folder in the site root (git-ignored; never an output folder). */
export const CACHE_DIR = ".warta-cache";
