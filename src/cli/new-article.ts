/**
 * `warta new "Judul"`: the file a reporter starts from. Pure: the text and the path come out,
 * main.ts writes them. A draft, so that nothing half-written is published by the next build;
 * dated now, in the site's time zone, with its offset.
 */
import { dayKey, isoWithOffset } from "../util/dates.ts";
import { slugify } from "../util/slug.ts";

export interface NewArticle {
  title: string;
  author?: string;
  category?: string;
  tags?: string[];
  nowMs: number;
  timeZone: string;
}

/** YAML for one line of text: a double-quoted string (JSON's escapes are YAML's). */
const quoted = (s: string): string => JSON.stringify(s.replace(/\s+/g, " ").trim());

/** `articles/2024/09/banjir-rob-di-semarang.md` and its text; undefined path when the title gives no slug. */
export function newArticle(a: NewArticle): { rel?: string; text: string } {
  const [year, month] = dayKey(a.nowMs, a.timeZone).split("-");
  const slug = slugify(a.title);
  const tags = (a.tags ?? []).map((t) => t.trim()).filter(Boolean);
  const text = [
    "---",
    `title: ${quoted(a.title)}`,
    `date: ${isoWithOffset(a.nowMs, a.timeZone)}`,
    `author: ${a.author?.trim() ? quoted(a.author) : ""}`,
    `category: ${a.category?.trim() ? quoted(a.category) : ""}`,
    `tags: [${tags.map(quoted).join(", ")}]`,
    "summary: ",
    "image: ",
    "image_caption: ",
    "source: ",
    "draft: true",
    "---",
    "",
    "Tulis berita di sini. Hapus `draft: true` di atas saat berita siap terbit.",
    "",
  ].join("\n");
  return { ...(slug ? { rel: `articles/${year}/${month}/${slug}.md` } : {}), text };
}
