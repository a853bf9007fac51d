/**
 * "Did you mean …?" for a misspelt key or name: the known word it most likely meant, if one is
 * close enough (leven: edit distance). Same letters in another case always match (`Tags`,
 * `baseURL`); otherwise one edit for words of up to four letters, two for longer ones, so that
 * `tittle`, `catgory` and `sumary` find their key and `foo` finds nothing.
 */
import leven from "leven";

/** Indonesian and common other names reporters give the front-matter keys, in lower case (looked up so). */
const FRONT_MATTER_ALIASES: Readonly<Record<string, string>> = {
  judul: "title",
  tanggal: "date",
  waktu: "date",
  penulis: "author",
  wartawan: "author",
  reporter: "author",
  sumber: "source",
  kategori: "category",
  rubrik: "category",
  label: "tags",
  tag: "tags",
  gambar: "image",
  foto: "image",
  img: "image",
  photo: "image",
  cover: "image",
  keterangan: "image_caption",
  caption: "image_caption",
  keterangan_foto: "image_caption",
  alt: "image_alt",
  ringkasan: "summary",
  description: "summary",
  excerpt: "summary",
  diperbarui: "updated",
  lastmod: "updated",
  modified: "updated",
  published: "date",
  publishdate: "date",
  ralat: "corrections",
  advertorial: "sponsored",
  iklan: "sponsored",
  sponsor: "sponsored",
  redaktur: "editor",
  penyunting: "editor",
  alias: "aliases",
  redirect_from: "aliases",
  redirects: "aliases",
  old_url: "aliases",
  url_lama: "aliases",
  koreksi: "corrections",
};

/** The key of `known` that `word` most likely meant, or undefined. */
export function closestKey(word: string, known: Iterable<string>, aliases: Readonly<Record<string, string>> = {}): string | undefined {
  const candidates = [...known];
  const lower = word.toLowerCase();
  const sameLetters = candidates.find((k) => k.toLowerCase() === lower || k.toLowerCase().replace(/[_-]/g, "") === lower.replace(/[_-]/g, ""));
  if (sameLetters !== undefined) return sameLetters;
  const alias = Object.hasOwn(aliases, lower) ? aliases[lower] : undefined;
  if (alias !== undefined && candidates.includes(alias)) return alias;
  return closeName(word, candidates);
}

/** A front-matter key for a misspelt or translated one (`tittle`, `judul`, `caption`). */
export const closestFrontMatterKey = (word: string, known: Iterable<string>): string | undefined => closestKey(word, known, FRONT_MATTER_ALIASES);

/** The name of `names` one or two typing slips from `name` (`Rina Sary` for `Rina Sari`), case aside; undefined when none is that close, or when it is `name` itself. */
export function closeName(name: string, names: readonly string[]): string | undefined {
  if (name.length < 3) return undefined;
  const max = name.length <= 4 ? 1 : 2;
  const target = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of names) {
    // Capped: past `max` edits the exact distance does not matter, and long names cost no more.
    const d = leven(target, candidate.toLowerCase(), { maxDistance: max + 1 });
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance === 0 ? undefined : best;
}

/** `did you mean "title"?` or nothing. */
export const didYouMean = (key: string | undefined): string => (key === undefined ? "" : `: did you mean "${key}"?`);
