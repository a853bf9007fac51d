/**
 * `aliases:`: addresses an article had before (its slug changed with its headline, or the site
 * moved from another system: `/read/2022/10/04/12345/judul-lama`). Each becomes a small page at
 * that address that sends the reader, and search engines, on to the article. Pure.
 */

/** A site-relative URL as routes.ts writes them (`lama/x/`, `read/123.html`), or what is wrong. */
export type OldAddress = { url: string } | { problem: string };

/** Characters a file name cannot hold on every host (Windows refuses `"<>|`), once decoded: slashes, quotes, controls, line breaks. */
const UNSAFE = /[\\/"<>|`\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
/** A file name's limit is 255 bytes; the build writes `<name>.warta-tmp-<pid>` beside each page first. */
const MAX_SEGMENT_BYTES = 200;
const MAX_PATH_BYTES = 1000;

const shown = (s: string): string => JSON.stringify(s.length > 80 ? `${s.slice(0, 80)}…` : s);

/**
 * An old address as written: the URL of its page. From the site's root (`/berita/judul-lama/`,
 * `/read/123/judul`; the leading slash may be left out of a path), or an old slug alone
 * (`judul-lama`), which is in `section`, the articles' folder (`berita/`).
 * A path that ends in `.html` or `.htm` is that file; any other names a folder (`/read/123/judul`
 * is `read/123/judul/index.html`, which static hosts serve for it). Percent escapes are decoded.
 */
export function oldAddress(raw: string, section: string): OldAddress {
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(raw)) return { problem: `${shown(raw)} is a full URL: give the path on this site alone, from its root, e.g. /berita/judul-lama/` };
  if (/[?#]/.test(raw)) return { problem: `${shown(raw)} has a ?query or #fragment, which a static host cannot give a page of its own: give the path alone` };
  // Without the leading slash: an old slug alone is among the articles (`judul-lama` is
  // /berita/judul-lama/); a path is from the site's root all the same (`read/123/judul`).
  const bare = raw.replace(/^(\.\/)+/, "");
  const path = raw.startsWith("/") ? raw.slice(1) : bare.replace(/\/$/, "").includes("/") ? bare : `${section}${bare}`;
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) return { problem: `${shown(raw)} is longer than ${MAX_PATH_BYTES} bytes: no host serves such an address` };
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
    if (UNSAFE.test(d) || d.trim() !== d) return { problem: `${shown(raw)} has a slash, a quote, one of < > | \`, a control character or a space at an end in a segment, which a file name cannot hold on every host` };
    // Windows hosts (IIS, Azure) drop a name's last dots (`lama.` is `lama`) and cannot hold a device's name (`CON`, `nul.html`).
    if (d.endsWith(".")) return { problem: `${shown(raw)} has a segment that ends in a dot, which Windows hosts drop: give the address without it` };
    if (/^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\.|$)/i.test(d)) return { problem: `${shown(raw)} has a segment named like a Windows device (${d.replace(/\..*$/s, "")}), which no Windows host can hold as a file` };
    if (Buffer.byteLength(d) > MAX_SEGMENT_BYTES) return { problem: `${shown(raw)} has a segment longer than ${MAX_SEGMENT_BYTES} bytes, which a file name cannot hold` };
    decoded.push(d.normalize("NFC"));
  }
  const asFile = !folder && /\.html?$/i.test(decoded[decoded.length - 1]!);
  return { url: `${decoded.join("/")}${asFile ? "" : "/"}` };
}
