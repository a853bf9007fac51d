/**
 * Share links of an article page: plain links to each service's own share page, built at build
 * time. No script, no button that loads anything, no request to another host until the reader
 * clicks (templates make no requests to other hosts).
 */

const enc = encodeURIComponent;

/** The services a site may list under `share:`, in the order readers of Indonesian news use them. */
export const SHARE_TARGETS = {
  whatsapp: { name: "WhatsApp", href: (url: string, title: string) => `https://wa.me/?text=${enc(`${title} ${url}`)}` },
  facebook: { name: "Facebook", href: (url: string) => `https://www.facebook.com/sharer/sharer.php?u=${enc(url)}` },
  x: { name: "X", href: (url: string, title: string) => `https://x.com/intent/tweet?text=${enc(title)}&url=${enc(url)}` },
  telegram: { name: "Telegram", href: (url: string, title: string) => `https://t.me/share/url?url=${enc(url)}&text=${enc(title)}` },
  linkedin: { name: "LinkedIn", href: (url: string) => `https://www.linkedin.com/sharing/share-offsite/?url=${enc(url)}` },
  email: { name: "Email", href: (url: string, title: string) => `mailto:?subject=${enc(title)}&body=${enc(url)}` },
} as const;

export type ShareTarget = keyof typeof SHARE_TARGETS;
export const SHARE_DEFAULT: ShareTarget[] = ["whatsapp", "facebook", "x", "telegram", "email"];

export interface ShareLink {
  key: ShareTarget;
  name: string;
  href: string;
}

/** The links for the page at absolute `url` titled `title`, one per target, in the site's order. */
export function shareLinks(targets: readonly ShareTarget[], url: string, title: string): ShareLink[] {
  return [...new Set(targets)].map((key) => ({ key, name: SHARE_TARGETS[key].name, href: SHARE_TARGETS[key].href(url, title) }));
}
