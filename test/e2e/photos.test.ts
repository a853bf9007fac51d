/**
 * Photos' smaller copies (src/images/): real JPEGs and PNGs made with sharp, built through the
 * CLI, the copies read back with sharp and the pages with a real HTML parser.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { crc32 } from "node:zlib";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanupAll, expectSameOutput, freshBuild } from "../cache/corpus.ts";
import { article, buildSite, fixtureSites, listFiles, readHtml, runCli, snapshotDir } from "../support/site.ts";

const { site, track } = fixtureSites();
afterAll(cleanupAll);

/** A photo-like JPEG (gradients and texture, so the encoder has work to do). */
async function photo(width: number, height: number, options: { orientation?: number; copyright?: string; png?: boolean } = {}): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) {
    const i = (y * width + x) * 3;
    raw[i] = (x * 255) / width;
    raw[i + 1] = (y * 255) / height;
    raw[i + 2] = (x ^ y) & 255;
  }
  let img = sharp(raw, { raw: { width, height, channels: 3 } });
  if (options.png) return img.png().toBuffer();
  if (options.orientation || options.copyright) img = img.withMetadata({ ...(options.orientation ? { orientation: options.orientation } : {}), ...(options.copyright ? { exif: { IFD0: { Copyright: options.copyright } } } : {}) });
  return img.jpeg({ quality: 85 }).toBuffer();
}

/** `png` with an animation control chunk after its header: an APNG (its one frame is enough to tell). */
function apng(png: Buffer): Buffer {
  const data = Buffer.alloc(8);
  data.writeUInt32BE(1, 0);
  const chunk = Buffer.concat([Buffer.from([0, 0, 0, 8]), Buffer.from("acTL"), data, Buffer.alloc(4)]);
  chunk.writeUInt32BE(crc32(Buffer.concat([Buffer.from("acTL"), data])), 16);
  const headerEnd = 8 + 12 + png.readUInt32BE(8);
  return Buffer.concat([png.subarray(0, headerEnd), chunk, png.subarray(headerEnd)]);
}

const lead = (title: string, image: string, date: string): string =>
  article({ title, author: "Rina Sari", date, category: "Nusantara", image: JSON.stringify(image), image_caption: JSON.stringify("Foto: Redaksi") });

/** `srcset` candidates: [url, width]. */
const candidates = (srcset: string | undefined): [string, number][] =>
  (srcset ?? "").split(/,\s*/).filter(Boolean).map((c) => {
    const [url, w] = c.trim().split(/\s+/);
    return [url!, Number(w!.replace(/w$/, ""))];
  });

describe("smaller copies of photos", () => {
  let files: Record<string, string | Uint8Array>;
  beforeAll(async () => {
    files = {
      "articles/banjir-rob.md": lead("Banjir Rob", "foto/Banjir Rob.jpg", "2024-09-01 10:00"),
      "articles/foto-kecil.md": lead("Foto Kecil", "foto/kecil.png", "2024-09-02 10:00"),
      "articles/gambar-bergerak.md": lead("Gambar Bergerak", "foto/gerak.gif", "2024-09-03 10:00"),
      "articles/png-bergerak.md": lead("PNG Bergerak", "foto/gerak.png", "2024-09-03 11:00"),
      "articles/foto-rusak.md": lead("Foto Rusak", "foto/rusak.jpg", "2024-09-04 10:00"),
      "articles/foto-tegak.md": lead("Foto Tegak", "foto/tegak.jpg", "2024-09-05 10:00"),
      "articles/foto/Banjir Rob.jpg": await photo(2000, 1333, { copyright: "Kantor Berita ZZEXIF" }),
      "articles/foto/kecil.png": await photo(300, 200, { png: true }),
      "articles/foto/gerak.png": apng(await photo(600, 400, { png: true })),
      "articles/foto/gerak.gif": Buffer.from("R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==", "base64"),
      "articles/foto/rusak.jpg": Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x04, 0x00, 0x06, 0x00]), Buffer.alloc(200, 7)]),
      // Stored 900 × 600 and turned by EXIF (orientation 6): shown 600 wide, 900 high.
      "articles/foto/tegak.jpg": await photo(900, 600, { orientation: 6 }),
    };
  });

  it("publishes WebP copies below the photo's width, offered in a <picture> on its page and its teasers", async () => {
    const r = buildSite(site(files));
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "berita/banjir-rob/index.html");
    const source = $(".lead-image picture source");
    expect(source.attr("type")).toBe("image/webp");
    expect(source.attr("sizes")).toMatch(/\dw|rem/);
    const offered = candidates(source.attr("srcset"));
    expect(offered.map(([, w]) => w)).toEqual([400, 800, 1200, 1600]);
    // The original stays the <img> a browser without WebP shows, with its size.
    const img = $(".lead-image picture img");
    expect(img.attr("src")).toBe("/foto/Banjir%20Rob.jpg");
    expect([img.attr("width"), img.attr("height")]).toEqual(["2000", "1333"]);
    for (const [url, width] of offered) {
      expect(url).toMatch(/^\/foto\/banjir-rob-\d+w\.[0-9a-f]{8}\.webp$/);
      const bytes = readFileSync(join(r.out, url));
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.width]).toEqual(["webp", width]);
      expect(Math.abs(meta.height! - (1333 * width) / 2000)).toBeLessThan(1);
      // A reporter's camera data (here a copyright; in a phone photo, where it was taken) is not in the copies.
      expect(meta.exif).toBeUndefined();
      expect(bytes.includes("ZZEXIF")).toBe(false);
    }
    // Teasers offer the same copies.
    const teaser = readHtml(r.out, "kategori/nusantara/index.html")(`.teaser:has(a[href="/berita/banjir-rob/"]) picture source`);
    expect(candidates(teaser.attr("srcset"))).toEqual(offered);
  });

  it("offers a body photo's copies too, in its figure, and a cached build after the photo is replaced says the new ones", async () => {
    const body = article({ title: "Galeri Banjir", author: "Rina Sari", date: "2024-09-06 10:00", category: "Nusantara" }, 'Warga mengungsi.\n\n![Warga di atap rumah](foto/Banjir%20Rob.jpg "Warga bertahan di atap. FOTO: Rina/Warta")\n\nAir surut sore hari.\n\n![Peta](foto/gerak.gif)\n');
    const root = site({ ...files, "articles/galeri-banjir.md": body });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "berita/galeri-banjir/index.html");
    const figure = $(".article__body figure.body-figure");
    expect(figure.find("figcaption").text()).toBe("Warga bertahan di atap. FOTO: Rina/Warta");
    const source = figure.find("picture source");
    expect(source.attr("type")).toBe("image/webp");
    expect(source.attr("sizes")).toContain("40rem");
    // The same copies the lead photo of another article offers, at the same addresses.
    const lead = candidates(readHtml(r.out, "berita/banjir-rob/index.html")(".lead-image source").attr("srcset"));
    expect(candidates(source.attr("srcset"))).toEqual(lead);
    for (const [url] of lead) expect(existsSync(join(r.out, url))).toBe(true);
    const img = figure.find("picture img");
    expect([img.attr("src"), img.attr("width"), img.attr("height"), img.attr("alt")]).toEqual(["/foto/Banjir%20Rob.jpg", "2000", "1333", "Warga di atap rumah"]);
    // A GIF has no copies: it stays a plain image.
    expect($('.article__body img[src="/foto/gerak.gif"]').parent().is("picture")).toBe(false);
    // The photo replaced: a cached build offers the new copies, as a fresh build does.
    writeFileSync(join(root, "articles/foto/Banjir Rob.jpg"), await photo(1000, 500));
    const cached = buildSite(root);
    expect(cached.status, cached.stderr).toBe(0);
    expectSameOutput(snapshotDir(cached.out), freshBuild(root));
    expect(candidates(readHtml(cached.out, "berita/galeri-banjir/index.html")("figure.body-figure source").attr("srcset")).map(([, w]) => w)).toEqual([400, 800, 1000]);
  });

  it("gives a photo narrower than the largest width one copy at its own width, and turns a photo as its EXIF says", async () => {
    const r = buildSite(site(files));
    expect(r.status, r.stderr).toBe(0);
    expect(candidates(readHtml(r.out, "berita/foto-kecil/index.html")(".lead-image source").attr("srcset")).map(([, w]) => w)).toEqual([300]);
    const upright = candidates(readHtml(r.out, "berita/foto-tegak/index.html")(".lead-image source").attr("srcset"));
    expect(upright.map(([, w]) => w)).toEqual([400, 600]);
    const meta = await sharp(readFileSync(join(r.out, upright[1]![0]))).metadata();
    expect([meta.width, meta.height]).toEqual([600, 900]);
  });

  it("publishes a GIF and an animated PNG as they are, and warns about a photo it cannot read, which is published as it is", () => {
    const r = buildSite(site(files));
    expect(r.status, r.stderr).toBe(0);
    expect(readHtml(r.out, "berita/gambar-bergerak/index.html")(".lead-image picture")).toHaveLength(0);
    // An animated PNG too: a WebP copy would be its first frame, standing still.
    expect(readHtml(r.out, "berita/png-bergerak/index.html")(".lead-image picture")).toHaveLength(0);
    expect(readHtml(r.out, "berita/png-bergerak/index.html")(".lead-image img").attr("src")).toBe("/foto/gerak.png");
    expect(readHtml(r.out, "berita/foto-rusak/index.html")(".lead-image picture")).toHaveLength(0);
    expect(readHtml(r.out, "berita/foto-rusak/index.html")(".lead-image img").attr("src")).toBe("/foto/rusak.jpg");
    expect(existsSync(join(r.out, "foto/rusak.jpg"))).toBe(true);
    expect(r.stderr).toMatch(/^articles\/foto\/rusak\.jpg:1:1: warning bad-image: .*published as it is/m);
    expect(listFiles(r.out).filter((f) => f.startsWith("foto/rusak") || f.startsWith("foto/gerak"))).toEqual(["foto/gerak.gif", "foto/gerak.png", "foto/rusak.jpg"]);
  });

  it("makes each copy once: a rebuild reuses them, a lost one is made again, and --no-cache gives the same bytes", () => {
    const root = site(files);
    const first = buildSite(root);
    expect(first.status, first.stderr).toBe(0);
    const cacheDir = join(root, ".warta-cache", "images");
    const made = readdirSync(cacheDir).filter((f) => f.endsWith(".webp"));
    expect(made.length).toBe(4 + 1 + 2);
    const stamps = new Map(made.map((f) => [f, statSync(join(cacheDir, f)).mtimeMs]));
    // An article edit: the photos are neither read nor made again.
    writeFileSync(join(root, "articles/banjir-rob.md"), `${lead("Banjir Rob", "foto/Banjir Rob.jpg", "2024-09-01 10:00")}\nParagraf baru.\n`);
    expect(buildSite(root).status).toBe(0);
    for (const f of made) expect(statSync(join(cacheDir, f)).mtimeMs).toBe(stamps.get(f));
    // A copy lost from the cache is made again; the site is the same.
    rmSync(join(cacheDir, made[0]!));
    rmSync(join(root, "dist"), { recursive: true });
    const again = buildSite(root);
    expect(again.status, again.stderr).toBe(0);
    expect(existsSync(join(cacheDir, made[0]!))).toBe(true);
    const fresh = track(join(tmpdir(), `warta-photos-nc-${process.pid}`));
    // Its own temp folder (other test files build with --no-cache at the same time in the shared one).
    const temp = track(join(tmpdir(), `warta-photos-tmp-${process.pid}`));
    mkdirSync(temp, { recursive: true });
    const uncached = buildSite(root, ["--no-cache", "--out", fresh], { TMPDIR: temp });
    expect(uncached.status, uncached.stderr).toBe(0);
    expect(snapshotDir(fresh)).toEqual(snapshotDir(again.out));
    // Its temp folder is gone.
    expect(readdirSync(temp).filter((f) => f.startsWith("warta-images-"))).toEqual([]);
  });

  it("replaces the copies of a replaced photo in a cached build, as a fresh build would", async () => {
    const root = site(files);
    expect(buildSite(root).status).toBe(0);
    const oldCopies = listFiles(join(root, "dist")).filter((f) => f.startsWith("foto/banjir-rob-"));
    writeFileSync(join(root, "articles/foto/Banjir Rob.jpg"), await photo(1000, 500));
    const cached = buildSite(root);
    expect(cached.status, cached.stderr).toBe(0);
    expectSameOutput(snapshotDir(cached.out), freshBuild(root));
    const newCopies = listFiles(cached.out).filter((f) => f.startsWith("foto/banjir-rob-"));
    expect(newCopies.some((f) => oldCopies.includes(f))).toBe(false);
    expect(candidates(readHtml(cached.out, "berita/banjir-rob/index.html")(".lead-image source").attr("srcset")).map(([, w]) => w)).toEqual([400, 800, 1000]);
    // The cache keeps only copies a photo still has.
    expect(readdirSync(join(root, ".warta-cache", "images")).filter((f) => f.endsWith(".webp")).length).toBe(3 + 1 + 2);
  });

  it("publishes no damaged or linked copy from the cache: junk, a cut-short file or a link to another file is made again", () => {
    const root = site(files);
    const first = buildSite(root);
    expect(first.status, first.stderr).toBe(0);
    const good = snapshotDir(first.out);
    const cacheDir = join(root, ".warta-cache", "images");
    const made = readdirSync(cacheDir).filter((f) => f.endsWith(".webp")).sort();
    const secret = join(root, "rahasia.txt");
    writeFileSync(secret, "ZZRAHASIA");
    writeFileSync(join(cacheDir, made[0]!), "sampah");
    writeFileSync(join(cacheDir, made[1]!), readFileSync(join(cacheDir, made[1]!)).subarray(0, 100));
    rmSync(join(cacheDir, made[2]!));
    symlinkSync(secret, join(cacheDir, made[2]!));
    rmSync(join(root, "dist"), { recursive: true });
    const again = buildSite(root);
    expect(again.status, again.stderr).toBe(0);
    expect(snapshotDir(again.out)).toEqual(good);
    expect(lstatSync(join(cacheDir, made[2]!)).isFile()).toBe(true);
  });

  it("never follows a link where the image cache is, and replaces a file there", () => {
    const root = site(files);
    const victim = track(join(tmpdir(), `warta-photos-victim-${process.pid}`));
    mkdirSync(victim, { recursive: true });
    writeFileSync(join(victim, "simpan.webp"), "milik orang lain");
    mkdirSync(join(root, ".warta-cache"), { recursive: true });
    symlinkSync(victim, join(root, ".warta-cache", "images"));
    const linked = buildSite(root);
    expect(linked.status, linked.stderr).toBe(0);
    expect(readdirSync(victim)).toEqual(["simpan.webp"]);
    expect(lstatSync(join(root, ".warta-cache", "images")).isDirectory()).toBe(true);
    rmSync(join(root, ".warta-cache", "images"), { recursive: true });
    writeFileSync(join(root, ".warta-cache", "images"), "bukan folder");
    rmSync(join(root, "dist"), { recursive: true });
    const file = buildSite(root);
    expect(file.status, file.stderr).toBe(0);
    expect(snapshotDir(file.out)).toEqual(snapshotDir(linked.out));
  });

  it("check reports a photo it cannot read, as build does, and writes nothing", () => {
    const root = site(files);
    const r = runCli(["check", "--root", root]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/^articles\/foto\/rusak\.jpg:1:1: warning bad-image: /m);
    expect(existsSync(join(root, ".warta-cache"))).toBe(false);
  });

  it("gives copies of another quality new URLs, and the cache keeps only the copies in use", () => {
    const root = site(files);
    expect(buildSite(root).status).toBe(0);
    const before = candidates(readHtml(join(root, "dist"), "berita/banjir-rob/index.html")(".lead-image source").attr("srcset"));
    writeFileSync(join(root, "warta.config.yaml"), "images:\n  quality: 50\n");
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const after = candidates(readHtml(r.out, "berita/banjir-rob/index.html")(".lead-image source").attr("srcset"));
    expect(after.map(([, w]) => w)).toEqual(before.map(([, w]) => w));
    for (const [url] of after) expect(before.map(([u]) => u)).not.toContain(url);
    expect(readdirSync(join(root, ".warta-cache", "images")).filter((f) => f.endsWith(".webp")).every((f) => f.includes("-q50-"))).toBe(true);
  });

  it("with only small widths configured, makes one copy wide enough for the column on a 2x screen (or the photo's own width)", async () => {
    const r = buildSite(site({ ...files, "warta.config.yaml": "images:\n  widths: [200]\n" }));
    expect(r.status, r.stderr).toBe(0);
    const widths = (slug: string): number[] => candidates(readHtml(r.out, `berita/${slug}/index.html`)(".lead-image source").attr("srcset")).map(([, w]) => w);
    // 2000 px wide: 200 and 1280 (not 200 alone, stretched over a 640 px column); 600 px: 200 and its own.
    expect(widths("banjir-rob")).toEqual([200, 1280]);
    expect(widths("foto-tegak")).toEqual([200, 600]);
    const [url] = candidates(readHtml(r.out, "berita/banjir-rob/index.html")(".lead-image source").attr("srcset"))[1]!;
    expect((await sharp(readFileSync(join(r.out, url))).metadata()).width).toBe(1280);
  });

  it("makes none with `images: { widths: [] }`", () => {
    const r = buildSite(site({ ...files, "warta.config.yaml": "images:\n  widths: []\n" }));
    expect(r.status, r.stderr).toBe(0);
    expect(readHtml(r.out, "berita/banjir-rob/index.html")("picture")).toHaveLength(0);
    expect(listFiles(r.out).filter((f) => f.endsWith(".webp"))).toEqual([]);
  });
});

describe("a photo only unpublished articles name", () => {
  const png = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");
  const files = (draft: string): Record<string, string | Uint8Array> => ({
    "articles/2024/rahasia.png": png,
    "articles/2024/umum.png": png,
    "articles/2024/bersama.png": png,
    "articles/2024/nanti.png": png,
    "articles/2024/draf.md": `---\ntitle: Draf Embargo\ndate: 2024-05-01\nauthor: R\n${draft}image: rahasia.png\n---\nLihat ![peta](bersama.png).\n`,
    "articles/2024/terbit.md": "---\ntitle: Terbit\ndate: 2024-05-01\nauthor: R\nimage: umum.png\n---\nLihat ![peta](bersama.png).\n",
    "articles/2024/nanti.md": "---\ntitle: Nanti\ndate: 2099-05-01\nauthor: R\nimage: nanti.png\n---\nIsi.\n",
  });
  const photos = (out: string): string[] => listFiles(out).filter((f) => /\.(png|webp)$/.test(f)).map((f) => f.replace(/-\d+w\.[0-9a-f]+\.webp$/, "-w.webp"));

  it("is not published (nor its smaller copies) until one of them is: a draft's, an embargoed story's", () => {
    const root = site(files("draft: true\n"));
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe("");
    expect(photos(r.out)).toEqual(["2024/bersama-w.webp", "2024/bersama.png", "2024/umum-w.webp", "2024/umum.png"]);
    // With the flags that publish them, their photos come too.
    const all = buildSite(root, ["--out", join(root, "semua"), "--drafts", "--future"]);
    expect(all.status, all.stderr).toBe(0);
    expect(photos(all.out).filter((f) => f.endsWith(".png"))).toEqual(["2024/bersama.png", "2024/nanti.png", "2024/rahasia.png", "2024/umum.png"]);
  });

  it("a draft page of pages/ holds back the photos only it shows, as a draft article does", () => {
    const page = (draft: string) => `---\ntitle: Rencana Liputan\n${draft}---\nPeta: ![peta](/2024/halaman.png) dan ![logo](/2024/umum.png)\n`;
    const root = site({ ...files(""), "articles/2024/halaman.png": png, "pages/rencana.md": page("draft: true\n") });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(photos(r.out)).not.toContain("2024/halaman.png");
    expect(photos(r.out)).toContain("2024/umum.png");
    expect(photos(buildSite(root, ["--out", join(root, "draf"), "--drafts"]).out)).toContain("2024/halaman.png");
    // Published, the page brings it: in a cached build as in a fresh one.
    writeFileSync(join(root, "pages/rencana.md"), page(""));
    const cached = buildSite(root);
    expect(cached.status, cached.stderr).toBe(0);
    expect(photos(cached.out)).toContain("2024/halaman.png");
    expectSameOutput(snapshotDir(cached.out), freshBuild(root));
  });

  it("comes out with its story, in a cached build as in a fresh one", () => {
    const root = site(files("draft: true\n"));
    expect(buildSite(root).status).toBe(0);
    writeFileSync(join(root, "articles/2024/draf.md"), files("")["articles/2024/draf.md"] as string);
    const cached = buildSite(root);
    expect(cached.status, cached.stderr).toBe(0);
    expect(photos(cached.out)).toContain("2024/rahasia.png");
    expectSameOutput(snapshotDir(cached.out), freshBuild(root));
  });
});
