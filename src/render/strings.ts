/** Interface text of the built-in templates. Override any key with `strings:` in the site config. */
export const DEFAULT_STRINGS: Record<string, string> = {
  home: "Beranda",
  latest: "Berita Terkini",
  archive: "Indeks",
  archiveTitle: "Indeks Berita",
  archiveIntro: "Semua berita menurut tanggal terbit.",
  related: "Artikel Lainnya",
  by: "Laporan",
  // A paid article is no report: its byline says who made it, not "Laporan".
  bySponsored: "Oleh",
  editor: "Editor",
  sponsored: "Advertorial",
  source: "Sumber",
  tags: "Tag",
  tagsTitle: "Semua Tag",
  category: "Kategori",
  categoriesTitle: "Semua Kategori",
  authors: "Penulis",
  authorsTitle: "Tim Redaksi",
  updated: "Diperbarui",
  corrections: "Ralat",
  corrected: "Diralat",
  readingTime: "menit baca",
  page: "Halaman",
  of: "dari",
  previous: "Sebelumnya",
  next: "Berikutnya",
  newer: "Berita lebih baru",
  older: "Berita lebih lama",
  pagination: "Navigasi halaman",
  /** A count of articles: `1 berita`, `12.345 berita` (Indonesian does not inflect); `article`, when set, is the form for one where the language has it (`1 article`, `5 articles`). */
  article: "",
  articles: "berita",
  skip: "Langsung ke konten",
  menu: "Menu utama",
  notFoundTitle: "Halaman tidak ditemukan",
  notFoundText: "Maaf, halaman yang Anda cari tidak ada atau sudah dipindahkan.",
  moved: "Berita ini sudah pindah ke alamat baru:",
  backHome: "Kembali ke beranda",
  feed: "RSS",
  empty: "Belum ada berita.",
  articleOf: "Berita dari",
  tagAbout: "Kumpulan berita tentang {name}: {n} berita.",
  categoryAbout: "Berita {name} terkini: {n} berita.",
  tagOf: "Tag",
  categoryOf: "Kategori",
  authorOf: "Penulis",
  dayOf: "Indeks",
  breadcrumb: "Jejak navigasi",
  share: "Bagikan",
  table: "Tabel",
  /** The accessible name of an article's footnotes (`[^1]` in Markdown), and of the link from a note back to its place in the text. */
  footnotes: "Catatan kaki",
  footnoteBack: "Kembali ke teks",
  footer: "Dibangun dengan warta.",
  search: "Cari",
  searchTitle: "Cari Berita",
  searchLabel: "Kata kunci",
  searchPlaceholder: "Cari berita…",
  searchScope: "Mencari judul, ringkasan, kategori, tag, dan penulis dari {n} berita terbaru. Berita yang lebih lama ada di Indeks.",
  searchScopeAll: "Mencari judul, ringkasan, kategori, tag, dan penulis dari {n} berita.",
  searchLoading: "Mencari…",
  searchFound: "{n} berita ditemukan.",
  searchMore: "{n} berita ditemukan; {shown} teratas ditampilkan.",
  searchNone: "Tidak ada berita yang cocok dengan kata kunci itu.",
  searchFailed: "Pencarian tidak dapat dimuat. Coba lagi atau telusuri Indeks.",
  searchNoScript: "Pencarian memerlukan JavaScript. Semua berita tetap dapat ditelusuri lewat",
};

const plurals = new Map<string, Intl.PluralRules>();
const numbers = new Map<string, Intl.NumberFormat>();

/**
 * `12.345 berita`, `1 article`, `5 articles`: a count of articles as the locale writes the number
 * (Latin digits, as dates), with `strings.article` where the locale calls the number "one"
 * (Intl.PluralRules) and `strings.articles` otherwise. The `articleCount` filter of the templates.
 */
export function articleCount(n: number, locale: string, strings: Readonly<Record<string, string | undefined>>): string {
  let plural = plurals.get(locale);
  if (!plural) plurals.set(locale, (plural = new Intl.PluralRules(locale)));
  const word = (plural.select(n) === "one" && strings.article) || strings.articles;
  return `${formatCount(n, locale)} ${word ?? ""}`.trimEnd();
}

/** `12.345` in id-ID, `12,345` in en-US: a count as the locale writes it, in Latin digits. */
export function formatCount(n: number, locale: string): string {
  let number = numbers.get(locale);
  if (!number) numbers.set(locale, (number = new Intl.NumberFormat(locale, { numberingSystem: "latn" })));
  return number.format(n);
}
