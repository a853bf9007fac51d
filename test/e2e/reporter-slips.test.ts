/**
 * What a reporter's everyday slips give, through the CLI: the site a reader sees, and a warning
 * or error that names the file, the line and the field and says how to fix it.
 */
import { existsSync, readdirSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { article, buildSite, fixtureSites, readHtml, runCli } from "../support/site.ts";

const { site } = fixtureSites();
const lines = (stderr: string, file: string): string[] => stderr.split("\n").filter((l) => l.startsWith(file));
const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==", "base64");

describe("slips YAML reads without complaint", () => {
  const root = site({
    "authors/rina.md": "---\nname: Rina Sari\n---\n",
    "articles/2024/a.md": "---\ntitle: Harga Cabai #1 Naik\ndate: 2024-05-01 08:00\nauthor: Rina Sari, Budi Santoso\ntags: banjir, Jakarta Utara\n---\nIsi.\n",
    "articles/2024/b.md": "---\ntitle: Banjir Lagi\ndate: 2024-05-02 09:00\nauthor: Rina Sary\ntags: [banjir]\n---\n## Pagi ini\n\n![foto banjir](foto.png)\n\nAir setinggi lutut menggenangi jalan.\n",
    "articles/2024/c.md": "---\ntitle: \"Sari, Nama Panjang\"\ndate: 2024-05-03 09:00\nauthor: \"Dr. Rina Sari, M.Si.\"\ntags: \"satu, dua\"\n---\nIsi.\n",
    "articles/2024/foto.png": PNG,
  });
  const r = buildSite(root);

  it("builds, and warns at each slip's line with the fix", () => {
    expect(r.status, r.stderr).toBe(0);
    expect(lines(r.stderr, "articles/2024/a.md")).toEqual([
      'articles/2024/a.md:2:20: warning yaml-comment title: "#1 Naik" is a YAML comment, not part of the value, which is only "Harga Cabai": put the whole value in double quotes, or the comment on a line of its own',
      'articles/2024/a.md:4:1: warning author-comma author: "Rina Sari, Budi Santoso" is one author with a comma in the name: for 2 reporters write `authors: [Rina Sari, Budi Santoso]`; for one name that has a comma, put it in double quotes',
    ]);
    expect(lines(r.stderr, "articles/2024/b.md")).toEqual([
      'articles/2024/b.md:4:1: warning unknown-author author: no profile in authors/ is named "Rina Sary": did you mean "Rina Sari"? (as written, "Rina Sary" is another reporter, with a page of their own; a profile for them ends this warning)',
    ]);
    // Quoted values are meant as written: no warning.
    expect(lines(r.stderr, "articles/2024/c.md")).toEqual([]);
  });

  it("plain tags with commas are separate tags; quoted, one", () => {
    expect(existsSync(join(r.out, "tag/banjir/index.html"))).toBe(true);
    expect(existsSync(join(r.out, "tag/jakarta-utara/index.html"))).toBe(true);
    expect(readHtml(r.out, "tag/banjir/index.html")("main article h2, main article h3").length).toBe(2);
    expect(existsSync(join(r.out, "tag/satu-dua/index.html"))).toBe(true);
  });

  it("a summary is the first paragraph with words, not a photo's alt text", () => {
    const $ = readHtml(r.out, "berita/b/index.html");
    expect($('meta[name="description"]').attr("content")).toBe("Air setinggi lutut menggenangi jalan.");
  });

  it("a tag's page is described as a topic, an author's as a writer's (the snippet search engines show)", () => {
    const description = (path: string): string | undefined => readHtml(r.out, path)('meta[name="description"]').attr("content");
    expect(description("tag/banjir/index.html")).toBe("Kumpulan berita tentang banjir: 2 berita.");
    expect(description("penulis/rina-sary/index.html")).toBe("Berita dari Rina Sary: 1 berita.");
  });
});

describe("a byline copied with its label (`LAPORAN: ALIFIA DWI RAMANDHITA`, as the portal's page shows it)", () => {
  it("the YAML error's advice drops the label instead of quoting it into the name", () => {
    const root = site({ "articles/a.md": "---\ntitle: Terus Bertambah\ndate: 2022-10-04T18:23:00+07:00\nauthor: LAPORAN: ALIFIA DWI RAMANDHITA\n---\nIsi.\n" });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(1);
    expect(lines(r.stderr, "articles/")).toEqual([
      'articles/a.md:4:1: error yaml-syntax author: Nested mappings are not allowed in compact mappings: write the name without "LAPORAN:", which the site prints itself: author: ALIFIA DWI RAMANDHITA',
    ]);
  });

  it("a quoted name with a label is warned about at its line, with the name alone", () => {
    const root = site({
      "articles/a.md": "---\ntitle: Satu\ndate: 2024-05-01 08:00\nauthor: \"Laporan: Rina Sari\"\n---\nIsi.\n",
      "articles/b.md": "---\ntitle: Dua\ndate: 2024-05-02 08:00\nauthors:\n  - Budi Santoso\n  - 'Oleh: Rina Sari'\neditor: \"Editor: Dewi\"\n---\nIsi.\n",
      "articles/c.md": "---\ntitle: Tiga\ndate: 2024-05-03 08:00\nauthor: \"Laporan Khusus Tim\"\n---\nIsi.\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(lines(r.stderr, "articles/")).toEqual([
      'articles/a.md:4:1: warning byline-label author: "Laporan: Rina Sari" starts with "Laporan:" (the byline prints its own label: readers would see two, and the reporter get a page of that name): write the name alone, "Rina Sari"',
      'articles/b.md:6:1: warning byline-label authors[1]: "Oleh: Rina Sari" starts with "Oleh:" (the byline prints its own label: readers would see two, and the reporter get a page of that name): write the name alone, "Rina Sari"',
      'articles/b.md:7:1: warning byline-label editor: "Editor: Dewi" starts with "Editor:" (the credit prints its own label: readers would see two): write the name alone, "Dewi"',
    ]);
  });
});

describe("YAML errors and misspelt keys say what to do", () => {
  it("a headline with `: ` or a quote that does not close it: the key's line, and the value quoted", () => {
    const root = site({
      "articles/c.md": "---\ntitle: Jokowi: Kita Harus Bersatu\ndate: 2024-05-02\nauthor: X\n---\nx\n",
      "articles/d.md": "---\ntitle: \"Kami Siap,\" Kata Prabowo\ndate: 2024-05-02\nauthor: X\n---\nx\n",
    });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(1);
    expect(lines(r.stderr, "articles/")).toEqual([
      'articles/c.md:2:1: error yaml-syntax title: Nested mappings are not allowed in compact mappings: put the whole value in quotes: title: "Jokowi: Kita Harus Bersatu"',
      "articles/d.md:2:1: error yaml-syntax title: Unexpected scalar at node end: put the whole value in quotes: title: '\"Kami Siap,\" Kata Prabowo'",
    ]);
  });

  it("a list or a mapping left open (`tags: [Politik, Ekonomi`) is named where it opens, with its key", () => {
    const root = site({
      "articles/a.md": "---\ntitle: Judul\ntags: [Politik, Ekonomi\ndate: 2022-10-04\nauthor: X\n---\nx\n",
      "articles/b.md": "---\ntitle: Judul\ntags: [Politik,\n  Ekonomi\nauthor: X\ndate: 2022-10-04\n---\nx\n",
      "articles/c.md": "---\ntitle: Judul\nsource: {name: ANI, url: https://contoh.id\ndate: 2022-10-04\nauthor: X\n---\nx\n",
    });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(1);
    expect(lines(r.stderr, "articles/")).toEqual([
      "articles/a.md:3:7: error yaml-syntax tags: the list opened here with [ is never closed: end it with ]",
      "articles/b.md:3:7: error yaml-syntax tags: the list opened here with [ is never closed: end it with ]",
      "articles/c.md:3:9: error yaml-syntax source: the mapping opened here with { is never closed: end it with }",
    ]);
  });

  it("every line YAML refuses is told in one run, and a key written twice is named with its first line", () => {
    const root = site({
      "articles/a.md": "---\ntitle: Jokowi: Kita Bersatu\ndate: 2022-10-04\nauthor: A\nsummary: Ketua: siap\nimage_caption: Foto: Antara\n---\nx\n",
      "articles/b.md": "---\ntitle: T\ndate: 2022-10-04\nauthor: A\ntitle: T2\ncategory: X\ncategory: Y\n---\nx\n",
    });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(1);
    expect(lines(r.stderr, "articles/")).toEqual([
      'articles/a.md:2:1: error yaml-syntax title: Nested mappings are not allowed in compact mappings: put the whole value in quotes: title: "Jokowi: Kita Bersatu"',
      'articles/a.md:5:1: error yaml-syntax summary: Nested mappings are not allowed in compact mappings: put the whole value in quotes: summary: "Ketua: siap"',
      'articles/a.md:6:1: error yaml-syntax image_caption: Nested mappings are not allowed in compact mappings: put the whole value in quotes: image_caption: "Foto: Antara"',
      'articles/b.md:5:1: error yaml-syntax title: "title" is written twice (first at line 2): keep one',
      'articles/b.md:7:1: error yaml-syntax category: "category" is written twice (first at line 6): keep one',
    ]);
    // A quote left open above the last line (YAML says so where the front matter ends), and a key
    // written twice beside another error (YAML says only the other).
    const more = runCli(["check", "--root", site({
      "articles/c.md": "---\ntitle: \"Redaksi\norder: 1\nsummary: Ringkas\nauthor: A\ndate: 2024-01-01\n---\nx\n",
      "articles/d.md": "---\ntitle: Beriklan\nsummary: a: b\ntitle: x\nauthor: A\ndate: 2024-01-01\n---\nx\n",
    })]);
    expect(lines(more.stderr, "articles/")).toEqual([
      `articles/c.md:2:1: error yaml-syntax title: Missing closing "quote: put the whole value in quotes: title: '"Redaksi'`,
      'articles/d.md:3:1: error yaml-syntax summary: Nested mappings are not allowed in compact mappings: put the whole value in quotes: summary: "a: b"',
      'articles/d.md:4:1: error yaml-syntax title: "title" is written twice (first at line 2): keep one',
    ]);
  });

  it("a list item out of line with the one above: the column it should start at, whether YAML refuses it or swallows it", () => {
    const root = site({
      // Further left than the item above: YAML refuses the file, in words that do not say why.
      "articles/a.md": "---\ntitle: A\ndate: 2024-05-02\nauthor: X\ntags:\n  - Politik\n - Ekonomi\n---\nx\n",
      // Further right: YAML reads it as more words of the item above, one tag "Politik - Ekonomi".
      "articles/b.md": "---\ntitle: B\ndate: 2024-05-02\nauthor: X\ntags:\n- Politik\n  - Ekonomi\n---\nx\n",
      // One tag with " - " in it, written on one line: meant as it is.
      "articles/c.md": "---\ntitle: C\ndate: 2024-05-02\nauthor: X\ntags:\n  - Piala Dunia - 2022\n  - Bola\n---\nx\n",
    });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(1);
    expect(lines(r.stderr, "articles/")).toEqual([
      "articles/a.md:7:1: error yaml-syntax: the items of a list must start in the same column: line 6 starts its `-` at column 3, line 7 at column 2 (A block sequence may not be used as an implicit map key)",
      'articles/b.md:7:3: warning list-indent tags: "- Ekonomi" is read as more words of the item above it, not as an item of its own: start every `-` of the `tags` list in the same column (column 1, as the first one)',
    ]);
  });

  it("a misspelt or translated key names the key it likely meant; the config's unknown keys each at their own line", () => {
    const root = site({
      "articles/a.md": "---\ntittle: A\ndate: 2024-05-02\npenulis: X\nauthor: X\nTags: [a]\n---\nx\n",
      "warta.config.yaml": "baseURL: https://contoh.id/\ntitle: T\ntimezone: Asia/Jakarta\npublisher:\n  logoo: /a.png\n",
    });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(2);
    expect(lines(r.stderr, "warta.config.yaml")).toEqual([
      'warta.config.yaml:1:1: error config baseURL: unknown key "baseURL": did you mean "baseUrl"?',
      'warta.config.yaml:3:1: error config timezone: unknown key "timezone": did you mean "timeZone"?',
      'warta.config.yaml:5:1: error config publisher.logoo: unknown key "logoo": did you mean "logo"?',
    ]);
    expect(lines(r.stderr, "articles/a.md")).toEqual([
      "articles/a.md:1:1: error required title: is required",
      'articles/a.md:2:1: warning unknown-key tittle: unknown front-matter key "tittle" is ignored: did you mean "title"?',
      // `author` is written already: not suggested again.
      'articles/a.md:4:1: warning unknown-key penulis: unknown front-matter key "penulis" is ignored',
      'articles/a.md:6:1: warning unknown-key Tags: unknown front-matter key "Tags" is ignored: did you mean "tags"?',
    ]);
  });

  it("HTML pasted into the text (an embed, tags from an old CMS) is named at its line, as readers would see it as text; code keeps its tags without a word", () => {
    const files = {
      "articles/a.md": '---\ntitle: Video\ndate: 2024-05-02\nauthor: X\n---\nParagraf satu.\n\n<iframe width="560" height="315" src="https://www.youtube.com/embed/abc" allowfullscreen></iframe>\n',
      "articles/b.md": "---\ntitle: Lama\ndate: 2024-05-02\nauthor: X\n---\nDari CMS lama: <b>tebal</b>.\n",
      "articles/c.md": "---\ntitle: Kode\ndate: 2024-05-02\nauthor: X\n---\nNilai a <b dan c > d, ditulis `<br>`.\n\n```html\n<div class=\"x\">x</div>\n```\n",
    };
    const r = runCli(["check", "--root", site(files)]);
    expect(r.status, r.stderr).toBe(0);
    expect(lines(r.stderr, "articles/")).toEqual([
      'articles/a.md:8:1: warning raw-html body: HTML written in the text (<iframe width="560" height="315" src="https://www.youtube…) is shown to readers as text: this site publishes no HTML written in Markdown (allowRawHtml is off; an embed can be a link to the video or post instead)',
      "articles/b.md:6:1: warning raw-html body: HTML written in the text (<b>) is shown to readers as text: this site publishes no HTML written in Markdown (allowRawHtml is off; an embed can be a link to the video or post instead)",
    ]);
    // A site that allows raw HTML publishes it: nothing to say.
    expect(lines(runCli(["check", "--root", site({ ...files, "warta.config.yaml": "allowRawHtml: true\n" })]).stderr, "articles/")).toEqual([]);
  });

  it("a YAML merge key (`<<: *dasar`) is named as not read, beside the keys it would have brought", () => {
    const root = site({ "articles/a.md": "---\ndasar: &dasar {author: Rina, category: Politik}\ntitle: Judul\ndate: 2024-05-02\n<<: *dasar\n---\nx\n" });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(1);
    expect(lines(r.stderr, "articles/a.md")).toContain("articles/a.md:5:1: warning unknown-key <<: YAML merge keys (<<: *name) are not read: write the keys themselves (the keys it would bring in are not set)");
    expect(lines(r.stderr, "articles/a.md")).toContain("articles/a.md:1:1: error required author: is required (a name or a list of names; `authors` also works)");
  });

  it("a `strings` key the site's own templates read is no typo; one nobody reads gets the key it likely meant", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-05-02", author: "X" }),
      "warta.config.yaml": "strings:\n  iklan: Iklan\n  relatd: Baca juga\n",
      "templates/partials/iklan.njk": "<aside>{{ strings.iklan }}</aside>\n",
    });
    const r = runCli(["check", "--root", root]);
    expect(lines(r.stderr, "warta.config.yaml")).toEqual(['warta.config.yaml:3:1: warning unknown-key strings.relatd: unknown key "relatd" in strings: no template uses it: did you mean "related"?']);
  });
});

describe("files that are not where the reporter thinks", () => {
  it("a relative link into static/ is the file static/ publishes; a missing image says where it was looked for and which file differs only in capitals", () => {
    const root = site({
      "articles/2024/a.md": "---\ntitle: A\ndate: 2024-05-02\nauthor: X\nimage: banjir.png\nimage_caption: Foto Antara\n---\nUnduh [berkas](../../static/berkas.pdf) dan [lain](../../static/tidak-ada.pdf).\n",
      "articles/2024/Banjir.PNG": PNG,
      "articles/2024/b.md": "---\ntitle: B\ndate: 2024-05-02\nauthor: X\nimage_caption: Foto tanpa gambar\n---\nx\n",
      "static/berkas.pdf": "%PDF-1.4\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    const $ = readHtml(r.out, "berita/a/index.html");
    expect($('a:contains("berkas")').attr("href")).toBe("/berkas.pdf");
    expect(existsSync(join(r.out, "berkas.pdf"))).toBe(true);
    expect(lines(r.stderr, "articles/2024/")).toEqual([
      'articles/2024/a.md:5:1: warning missing-image image: image "2024/banjir.png" is not in articles/ or static/ (looked for articles/2024/banjir.png and static/2024/banjir.png; there is 2024/Banjir.PNG: file names differ in capitals, which web servers tell apart)',
      "articles/2024/a.md:8:1: warning broken-link body: links to /tidak-ada.pdf, which is not in articles/ or static/",
      "articles/2024/b.md:5:1: warning missing-image image_caption: a caption with no `image:` is shown nowhere: add the lead image, or remove the caption",
    ]);
  });

  it("a link up out of articles/ and back in, as an editor's file tree shows it, is that article or static file", () => {
    const root = site({
      "articles/main.md": "---\ntitle: Utama\ndate: 2024-05-02\nauthor: X\n---\nBaca [dua](../articles/dua.md) dan [laporan](../static/docs/r.pdf).\n",
      "articles/dua.md": article({ title: "Dua", date: "2024-05-01", author: "X" }),
      "static/docs/r.pdf": "%PDF-1.4\n",
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toContain("broken-link");
    const $ = readHtml(r.out, "berita/main/index.html");
    expect($('a:contains("dua")').attr("href")).toBe("/berita/dua/");
    expect($('a:contains("laporan")').attr("href")).toBe("/docs/r.pdf");
  });

  it("a date written with WIB or day first: the error shows the ISO form", () => {
    const root = site({ "articles/a.md": article({ title: "A", date: "2024-05-01 08:00 WIB", author: "X" }), "articles/b.md": article({ title: "B", date: "04/10/2022 18:23", author: "X" }) });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('articles/a.md:3:1: error invalid-date date: "2024-05-01 08:00 WIB" is not an ISO 8601 date (expected e.g. 2022-10-04T18:23:00+07:00): drop "WIB" (a time without an offset is the site\'s time zone) or write the offset: 2024-05-01 08:00+07:00');
    expect(r.stderr).toContain('articles/b.md:3:1: error invalid-date date: "04/10/2022 18:23" is not an ISO 8601 date (expected e.g. 2022-10-04T18:23:00+07:00): write the year first, 2022-10-04 18:23');
  });
});

describe("text that shows nothing", () => {
  it("a headline of zero-width characters, a blank site title and an empty publisher name are errors, not invisible text", () => {
    const root = site({
      "articles/a.md": "---\ntitle: \"\\u200b\\u200b\"\ndate: 2024-05-02\nauthor: X\n---\nx\n",
      "warta.config.yaml": "title: \"  \"\npublisher:\n  name: \"\"\n",
    });
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("articles/a.md:2:1: error empty-value title: must not be empty: it has only invisible characters");
    expect(r.stderr).toContain("warta.config.yaml:1:1: error config title: must not be empty");
    expect(r.stderr).toContain("warta.config.yaml:3:1: error config publisher.name: must not be empty");
  });
});

describe("a JSON config", () => {
  it("gives its problems at their lines, refuses a key written twice, and places a syntax error", () => {
    const ok = article({ title: "A", date: "2024-05-02", author: "X" });
    const problems = runCli(["check", "--root", site({ "articles/a.md": ok, "warta.config.json": '{\n  "title": "A",\n  "perPage": "12",\n  "timezone": "Asia/Jakarta"\n}\n' })]);
    expect(problems.status).toBe(2);
    expect(lines(problems.stderr, "warta.config.json")).toEqual([
      'warta.config.json:3:1: error config perPage: must be a whole number from 1 to 500, not the text "12": write it without quotes',
      'warta.config.json:4:1: error config timezone: unknown key "timezone": did you mean "timeZone"?',
    ]);
    const twice = runCli(["check", "--root", site({ "articles/a.md": ok, "warta.config.json": '{\n  "title": "A",\n  "title": "B"\n}\n' })]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toMatch(/^warta\.config\.json:3:\d+: error config title: cannot read config: "title" is written twice \(first at line 2\): keep one$/m);
    const broken = runCli(["check", "--root", site({ "articles/a.md": ok, "warta.config.json": '{\n  "title": "A",\n  "perPage": 5,\n}\n' })]);
    expect(broken.stderr).toMatch(/^warta\.config\.json:4:1: error config: cannot read config: Expected double-quoted property name$/m);
  });
});

describe("the command line says what it did and refuses what it cannot do", () => {
  const ok = article({ title: "A", date: "2024-05-02", author: "X" });

  it("check reports articles, pages and time, not files it never writes; words after -- are stray except for new", () => {
    const root = site({ "articles/a.md": ok });
    const checked = runCli(["check", "--root", root]);
    expect(checked.status).toBe(0);
    expect(checked.stdout).toMatch(/^warta: checked 1 articles, \d+ pages in [\d.]+ s\n$/);
    for (const command of ["build", "check"]) {
      const stray = runCli([command, "--root", root, "--", "lagi"]);
      expect(stray.status, command).toBe(2);
      expect(stray.stderr).toContain("Unused args: `lagi`");
    }
  });

  it("new refuses a site whose config is invalid, instead of dating the draft in another zone", () => {
    const root = site({ "articles/a.md": ok, "warta.config.yaml": "timeZone: America/Nwe_York\n" });
    const r = runCli(["new", "--root", root, "--author", "Rina", "Judul Baru"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("warta.config.yaml:1:1: error config timeZone: is not an IANA time zone");
    expect(readdirSync(join(root, "articles"))).toEqual(["a.md"]);
  });

  it("new says which folder on the way is a file; -v after -- is a title, not the version; articles/ as a file is named as such", () => {
    const root = site({ "articles/a.md": ok, "articles/2024": "bukan folder" });
    const env = { SOURCE_DATE_EPOCH: String(Date.UTC(2024, 5, 1) / 1000) };
    const r = runCli(["new", "--root", root, "--author", "Rina", "Judul Baru"], { env });
    expect([r.status, r.stderr.split("\n")[0]]).toEqual([2, "warta: cannot write articles/2024/06/judul-baru.md: articles/2024 is a file, not a folder"]);
    const dash = runCli(["new", "--root", root, "--author", "Rina", "--", "-v"], { env });
    expect(dash.stdout).not.toMatch(/^warta\//);
    expect(dash.stderr).toContain("articles/2024/06/v.md: articles/2024 is a file");
    const flat = site({ articles: "bukan folder" });
    const b = runCli(["build", "--root", flat]);
    expect(b.status).toBe(1);
    expect(b.stderr).toMatch(/^articles\/:1:1: error no-articles: articles in .+ is a file, not a folder/m);
  });

  it("a link out of the site is an error that says what to do, not 'is ignored'", () => {
    const root = site({ "articles/a.md": ok });
    const outside = site({ "x.md": ok });
    symlinkSync(join(outside, "x.md"), join(root, "articles", "x.md"));
    const r = runCli(["check", "--root", root]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("articles/x.md:1:1: error symlink-outside: symbolic link points outside the site folder (or nowhere): move what it points at into the site folder, or remove the link");
  });
});

describe("a build that publishes nothing, or not where it was told, says why", () => {
  it("articles that are all drafts or dated after now: a warning with the flags that build them", () => {
    const root = site({
      "articles/a.md": article({ title: "A", date: "2024-05-02", author: "X", draft: "true" }),
      "articles/b.md": article({ title: "B", date: "2099-05-02", author: "X" }),
    });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("articles/:1:1: warning no-articles: no article is published: of 2 articles, 1 is a draft (draft: true; --drafts builds drafts), and 1 is dated after now (--future builds them)");
    expect(r.stdout).toMatch(/built 0 articles/);
    const drafts = runCli(["build", "--root", root, "--drafts"]);
    expect(drafts.stderr).not.toContain("no-articles");
  });

  it("a base URL with a query, a fragment or doubled slashes: a warning with the URL pages are published under", () => {
    const root = site({ "articles/a.md": article({ title: "A", date: "2024-05-02", author: "X" }), "warta.config.yaml": "title: T\nbaseUrl: https://contoh.id/berita//kini?utm=1\n" });
    const r = buildSite(root);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain("warta.config.yaml:2:1: warning config baseUrl: the query ?utm=1 is dropped, doubled slashes in the path are read as one: pages are published under https://contoh.id/berita/kini/");
    const flag = runCli(["build", "--root", root, "--base-url", "https://contoh.id/#atas"]);
    expect(flag.stderr).toContain("(--base-url):1:1: warning config baseUrl: the fragment #atas is dropped: pages are published under https://contoh.id/");
    // A page's address, not a folder's.
    const file = runCli(["build", "--root", root, "--base-url", "https://contoh.id/sub/index.html"]);
    expect(file.stderr).toContain("(--base-url):1:1: warning config baseUrl: index.html names a file, not a folder: write the folder's address (https://contoh.id/sub/) if that is where the site goes: pages are published under https://contoh.id/sub/index.html/");
    expect(runCli(["build", "--root", root, "--base-url", "https://contoh.id/berita.id/"]).stderr).not.toContain("names a file");
  });
});
