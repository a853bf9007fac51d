/**
 * `aliases:`: addresses an article had before (its slug changed with its headline, or the site
 * moved from another system: `/read/2022/10/04/12345/judul-lama`). Each becomes a small page at
 * that address that sends the reader, and search engines, on to the article. Pure.
 */

/** A site-relative URL as routes.ts writes them (`lama/x/`, `read/123.html`), or what is wrong. */
export type OldAddress = { url: string } | { problem: string };

/** Characters a file name cannot hold safely, or a static host cannot be asked for, once decoded. */
const UNSAFE = /[\s\\/?#"<>`|^{}\p{Cc}\p{Cf}]/u;

const shown = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

/**
 * An old address as written: the URL of its page. From the site's root (`/berita/judul-lama/`,
 * `/read/123/judul`), or, without the leading slash, in `section`, the articles' folder (`berita/`):
 * an old slug alone (`judul-lama`) is that article's old address.
 * A path that ends in `.html` or `.htm` is that file; any other names a folder (`/read/123/judul`
 * is `read/123/judul/index.html`, which static hosts serve for it). Percent escapes are decoded.
 */
export function oldAddress(raw: string, section: string): OldAddress {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(raw)) return { problem: `${shown(raw)} is a full URL: give the path on this site alone, from its root, e.g. /berita/judul-lama/` };
  if (/[?#]/.test(raw)) return { problem: `${shown(raw)} has a ?query or #fragment, which a static host cannot give a page of its own: give the path alone` };
  // Without the leading slash, a path among the articles' own (an old slug: `judul-lama` is /berita/judul-lama/).
  const path = raw.startsWith("/") ? raw.slice(1) : `${section}${raw.replace(/^(\.\/)+/, "")}`;
  const parts = path.split("/");
  const folder = parts[parts.length - 1] === "";
  if (folder) parts.pop();
  if (parts.length === 0) return { problem: "/ is the home page" };
  const decoded: string[] = [];
  for (const part of parts) {
    let d: string;
    try {
      d = decodeURIComponent(part);
    } catch {
      return { problem: `${shown(raw)} has a % that starts no escape: write %25 for a % sign` };
    }
    if (d === "") return { problem: `${shown(raw)} has an empty segment (//)` };
    if (d === "." || d === "..") return { problem: `${shown(raw)} has a "${d}" segment: give the path as it is read` };
    // `.htaccess/`, `.git/`, `.well-known/`: hosts hide such names or read them as their own settings.
    if (d.startsWith(".")) return { problem: `${shown(raw)} has a segment that starts with a dot, which hosts hide or read as their own settings` };
    if (UNSAFE.test(d)) return { problem: `${shown(raw)} has a space, slash, quote or control character in a segment, which a file name cannot hold safely` };
    decoded.push(d.normalize("NFC"));
  }
  const asFile = !folder && /\.html?$/i.test(decoded[decoded.length - 1]!);
  return { url: `${decoded.join("/")}${asFile ? "" : "/"}` };
}
