/**
 * A feed's fingerprint holds everything its entries show. An advertorial's entry shows the site's
 * `strings.sponsored` label (before its title, and as a category), which comes from the config,
 * not from the article: a cached build after only that label changed kept the feeds with the old
 * one (found by a cached-vs-fresh sweep), as no article and no feed's own fields had changed.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { snapshotDir } from "../support/site.ts";
import { articlePath, articleText, build, cleanupAll, expectSameOutput, freshBuild, newDir, newSite, siteFiles } from "./corpus.ts";

afterAll(cleanupAll);

describe("the sponsored label in the config", () => {
  for (const feedContent of ["summary", "full"]) {
    it(`changed alone, is in every feed of a cached build as in a fresh one (feedContent: ${feedContent})`, () => {
      const files = siteFiles();
      // Article 17 is the newest (2024-09-18): in the home feed, its category's and its author's.
      files[articlePath(17)] = articleText(17).replace("\ndate:", "\nsponsored: true\ndate:");
      files["warta.config.yaml"] += `feedContent: ${feedContent}\n`;
      const root = newSite(files);
      const out = join(newDir(), "out");
      build(root, out);
      expect(readFileSync(join(out, "feed.xml"), "utf8")).toContain("Advertorial: Berita nomor 17");

      writeFileSync(join(root, "warta.config.yaml"), `${files["warta.config.yaml"]}strings:\n  sponsored: Iklan\n`);
      build(root, out);
      const feed = readFileSync(join(out, "feed.xml"), "utf8");
      expect(feed).toContain("Iklan: Berita nomor 17");
      expect(feed).not.toContain("Advertorial");
      expectSameOutput(snapshotDir(out), freshBuild(root));
    });
  }
});
