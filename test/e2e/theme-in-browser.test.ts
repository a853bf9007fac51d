/**
 * How the theme shows an article in Chromium where the HTML alone does not tell: printed from a
 * screen in dark mode (paper is white: it came out grey text, pale-blue links); a video player a
 * site embeds, on a phone; a link to an article not yet published; footnotes jumped to and back; a
 * reporter's profile with a long address in it, on a phone.
 */
import { describe, expect, it } from "vitest";
import { useServedSite, withPage } from "../support/browser.ts";
import { buildSite, fixtureSites, SMALL_ARTICLE } from "../support/site.ts";

const { site } = fixtureSites();
const served = useServedSite(() => {
  const r = buildSite(site({
    "warta.config.yaml": "allowRawHtml: true\n",
    "articles/rapat.md": SMALL_ARTICLE,
    "articles/video.md": '---\ntitle: Video Banjir\ndate: 2024-09-20 11:00\nauthor: Rina Sari\n---\nSimak videonya.\n\n<iframe width="560" height="315" src="https://www.youtube.com/embed/abc" title="Video" allowfullscreen></iframe>\n\nBaca juga [laporan lanjutan](nanti.md).\n',
    "articles/nanti.md": "---\ntitle: Laporan Lanjutan\ndate: 2024-09-20 12:00\nauthor: Rina Sari\ndraft: true\n---\nBelum terbit.\n",
    "articles/koresponden.md": "---\ntitle: Banjir di Mentawai\ndate: 2024-09-20 14:00\nauthor: Yohanes Sababalat\n---\nAir naik.\n",
    "authors/yohanes.md": "---\nname: Yohanes Sababalat\nrole: Koresponden Kepulauan Mentawai\nphoto: https://cdn.example/yohanes.jpg\nbio: \"Surel: yohanes.sababalat.koresponden.mentawai@wartaindonesia.example\"\nlinks:\n  - label: linkedin.com/in/yohanes-sababalat-koresponden-mentawai\n    url: https://www.linkedin.com/in/yohanes-sababalat-koresponden-mentawai\n---\nPortofolio: https://yohanes-sababalat.example/portofolio/liputan-kepulauan-mentawai-2019-2024\n",
    "articles/catatan.md": `---\ntitle: Banjir Rob\ndate: 2024-09-20 13:00\nauthor: Rina Sari\n---\n${"Banjir rob merendam ribuan rumah di pesisir utara Jawa Tengah sejak Kamis malam. ".repeat(30)}Data BPBD.[^a]\n\n${"Warga bertahan di lantai dua rumah mereka. ".repeat(30)}Data yang sama.[^a]\n\n[^a]: Data BPBD Demak per Jumat pagi.\n`,
  }));
  expect(r.status, r.stderr).toBe(0);
  return r.out;
});

describe("an article printed from dark mode", () => {
  it("prints dark text on white, while the screen in dark mode stays dark", async () => {
    await withPage(served.browser, { viewport: { width: 1280, height: 800 }, colorScheme: "dark" }, new URL("/", served.url).href, async (page) => {
      const colours = (): Promise<[string, string]> => page.evaluate(() => [getComputedStyle(document.body).color, getComputedStyle(document.body).backgroundColor]);
      expect(await colours()).toEqual(["rgb(233, 233, 236)", "rgb(18, 19, 22)"]);
      await page.emulateMedia({ media: "print", colorScheme: "dark" });
      expect(await colours()).toEqual(["rgb(26, 26, 26)", "rgb(255, 255, 255)"]);
    });
  });
});

describe("an article with a video player and a link to an article not yet published", () => {
  it("on a phone, the player keeps a video's shape in the column; the link with no address reads as text", async () => {
    await withPage(served.browser, { viewport: { width: 375, height: 800 }, colorScheme: "light" }, new URL("/berita/video/", served.url).href, async (page) => {
      const shown = await page.evaluate(() => {
        const frame = document.querySelector(".prose iframe")!.getBoundingClientRect();
        const column = document.querySelector(".prose")!.getBoundingClientRect();
        const link = [...document.querySelectorAll(".prose a")].find((a) => a.textContent === "laporan lanjutan")!;
        return { frame: [Math.round(frame.width), Math.round(frame.height)], column: Math.round(column.width), link: [link.hasAttribute("href"), getComputedStyle(link).color, getComputedStyle(document.querySelector(".prose p")!).color] };
      });
      expect(shown.frame[0]).toBe(shown.column);
      expect(Math.abs(shown.frame[1]! - (shown.column * 9) / 16)).toBeLessThanOrEqual(1);
      expect(shown.link[0]).toBe(false);
      expect(shown.link[1]).toBe(shown.link[2]);
    });
  });
});

describe("footnotes on a phone", () => {
  it("a jump to a note and back stops below the top of the screen, the note's outline whole and the number come back to marked; the way back is a 24 px target told apart by more than colour", async () => {
    for (const colorScheme of ["light", "dark"] as const) {
      await withPage(served.browser, { viewport: { width: 375, height: 700 }, colorScheme }, new URL("/berita/catatan/", served.url).href, async (page) => {
        const at = (): Promise<{ hash: string; top: number; outline: string; outlineWidth: number }> => page.evaluate(() => {
          const el = document.querySelector(location.hash)!;
          const style = getComputedStyle(el);
          return { hash: location.hash, top: el.getBoundingClientRect().top, outline: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) + parseFloat(style.outlineOffset) };
        });
        await page.locator(".footnote-ref a").nth(1).click();
        const note = await at();
        expect(note.hash).toBe("#catatan_1");
        // The outline is on the screen: above it, some of the page.
        expect(note.outline).toBe("solid");
        expect(note.top - note.outlineWidth).toBeGreaterThan(16);
        // Back to the second of the two numbers [1]: that one is marked, a few lines down (the sentence before it in sight).
        const backs = page.locator(".footnote-backref");
        expect(await backs.count()).toBe(2);
        const box = (await backs.nth(1).boundingBox())!;
        expect(Math.min(box.width, box.height)).toBeGreaterThanOrEqual(24);
        expect(await backs.nth(1).evaluate((a) => getComputedStyle(a).textDecorationLine)).toBe("underline");
        await backs.nth(1).click();
        const back = await at();
        expect(back.hash).toBe("#catatan_ref_1_1");
        expect(back.outline).toBe("solid");
        expect(back.top).toBeGreaterThan(40);
      });
    }
  });
});

describe("a reporter's profile on a phone", () => {
  it("an e-mail address or a URL in the bio, the text or a link stays in the column beside the photo: the page does not scroll sideways", async () => {
    await withPage(served.browser, { viewport: { width: 375, height: 700 }, colorScheme: "light" }, new URL("/penulis/yohanes-sababalat/", served.url).href, async (page) => {
      const shown = await page.evaluate(() => ({
        width: document.documentElement.scrollWidth,
        right: Math.max(...[".profile__role", ".profile__bio", ".profile__about", ".profile__links a"].map((s) => document.querySelector(s)!.getBoundingClientRect().right)),
      }));
      expect(shown.width).toBe(375);
      expect(shown.right).toBeLessThanOrEqual(375);
    });
  });
});
