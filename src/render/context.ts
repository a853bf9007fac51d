/**
 * Template views, built late from the model: templates see plain, display-ready objects
 * (formatted dates, resolved URLs) and never the model itself. Pure.
 */
import type { ResolvedConfig } from "../config/schema.ts";
import type { Article, SiteModel, Term } from "../model/types.ts";
import { FEED_FILES, FEED_TYPES, routes, type FeedFormat } from "../pages/routes.ts";
import { previewable } from "./feeds.ts";
import { pageWindow } from "../pages/paginate.ts";
import { archiveMonths, archiveYears, footerItems, NOT_FOUND_LATEST, type NavItem, type PlannedPage } from "../pages/plan.ts";
import { dayKey, displayDate, formatDate, GREGORIAN, isoWithOffset } from "../util/dates.ts";
import { absoluteHref, siteHref } from "./hrefs.ts";
import { shareLinks } from "./share.ts";
import { withArticleLinks, type LocalLink } from "../model/article-links.ts";
import { bodyImageKey, bodyImages } from "../model/body-images.ts";
import { articleCount, DEFAULT_STRINGS, formatCount } from "./strings.ts";
import { structuredData } from "./structured-data.ts";

/** How wide a body photo is shown: the text column (40rem) on wide screens, the screen less its margins on phones (as the lead photo). */
const BODY_PHOTO_SIZES = "(min-width: 42rem) 40rem, calc(100vw - 2rem)";

export interface Link {
  name: string;
  url: string;
}

export interface Teaser {
  title: string;
  url: string;
  summary: string;
  dateText: string;
  dateIso: string;
  /** For `<time datetime>`: the day alone (`2024-10-01`) for a date written without a time, not a midnight nobody wrote. */
  dateAttr: string;
  image?: string;
  imageAlt?: string;
  /** Smaller WebP copies of a local photo, for `<source type="image/webp" srcset>`. */
  imageSrcset?: string;
  category?: Link;
  authors: Link[];
  /** Paid content: labelled (`strings.sponsored`) wherever it is shown. */
  sponsored?: true;
}

/** The archive's index shows this many of the latest months day by day; the older by month. */
const RECENT_MONTHS = 3;

interface ArchiveMonth {
  /** `2022-10`. */
  key: string;
  /** `Oktober 2022`. */
  label: string;
  /** `Oktober`: under its year's heading. */
  name: string;
  url: string;
  count: number;
  days: { label: string; url: string; count: number }[];
}

export class ViewBuilder {
  private teasers = new Map<number, Teaser>();
  readonly strings: Record<string, string>;
  readonly site: object;

  readonly model: SiteModel;
  readonly config: ResolvedConfig;

  /** Measured pixel size of local lead images, by article file. */
  readonly imageDims: ReadonlyMap<string, { width: number; height: number }>;

  constructor(model: SiteModel, config: ResolvedConfig, nav: NavItem[], imageDims: ReadonlyMap<string, { width: number; height: number }> = new Map()) {
    this.model = model;
    this.imageDims = imageDims;
    this.config = config;
    this.strings = { ...DEFAULT_STRINGS, ...config.strings };
    this.site = {
      title: config.title,
      tagline: config.tagline,
      description: config.description,
      baseUrl: config.baseUrl,
      basePath: config.basePath,
      language: config.language,
      dir: config.dir,
      // Arrows point the way the page reads: in a right-to-left page "back" points right.
      back: config.dir === "rtl" ? "→" : "←",
      forward: config.dir === "rtl" ? "←" : "→",
      ogLocale: config.ogLocale,
      locale: config.locale,
      nav,
      // The newsroom's own pages (`pages/`): the masthead, the press council's guideline, contacts.
      footer: footerItems(model),
      stylesheet: routes.stylesheet(),
      icon: config.icon ? siteHref(config.icon, config.basePath) : undefined,
      // What a shared link shows when its page has no picture of its own.
      shareImage: config.previewImage ? absoluteHref(siteHref(config.previewImage, config.basePath), config.baseUrl) : undefined,
      shareImageSize: config.previewImageSize,
      feeds: feedLinks(config.title, (f) => routes.feed(f)),
      archive: routes.archive(),
      authors: routes.termIndex("author"),
      search: config.searchItems > 0 ? { url: routes.search(), index: routes.searchIndex(), script: routes.searchScript(), itemsText: formatCount(Math.min(config.searchItems, model.articles.length), config.locale), all: model.articles.length <= config.searchItems } : undefined,
    };
  }

  /** `12.345 berita`, `1 article`: see `articleCount`. */
  private count = (n: number): string => articleCount(n, this.config.locale, this.strings);

  /** `Selasa, 04 Oktober 2022, 18:23 WIB`; a date given without a time, the day alone. */
  private dateText = (ms: number, dayOnly?: boolean): string => displayDate(ms, dayOnly, this.config.locale, this.config.timeZone);
  private iso = (ms: number): string => isoWithOffset(ms, this.config.timeZone);
  private timeAttr = (ms: number, dayOnly: boolean | undefined): string => (dayOnly ? dayKey(ms, this.config.timeZone) : this.iso(ms));
  absolute = (url: string): string => this.config.baseUrl + url;
  siteHref = (src: string): string => siteHref(src, this.config.basePath);
  absoluteHref = (href: string): string => absoluteHref(href, this.config.baseUrl);

  /** `Senin, 16 September 2024` for the day key `2024-09-16`. */
  private dayText(day: string): string {
    const [y, m, d] = day.split("-").map(Number) as [number, number, number];
    return formatDate(Date.UTC(y, m - 1, d, 12), this.config.locale, "UTC");
  }

  termLink(term: Term): Link {
    return { name: term.name, url: routes.term(term.kind, term.key) };
  }

  authorLinks(a: Article): Link[] {
    return a.authorKeys.map((k) => this.termLink(this.model.authors.get(k)!));
  }

  teaser(index: number): Teaser {
    let t = this.teasers.get(index);
    if (!t) {
      const a = this.model.articles[index]!;
      t = {
        title: a.title,
        url: routes.article(a.slug),
        summary: a.summary,
        dateText: this.dateText(a.dateMs, a.dateOnly),
        dateIso: this.iso(a.dateMs),
        dateAttr: this.timeAttr(a.dateMs, a.dateOnly),
        // A caption is read under the image: as its alt too, screen readers would say it twice.
        ...(a.image ? { image: a.image, imageAlt: a.imageAlt ?? (a.imageCaption ? "" : a.title), ...(a.imageSrcset ? { imageSrcset: a.imageSrcset } : {}) } : {}),
        ...(a.categoryKey ? { category: this.termLink(this.model.categories.get(a.categoryKey)!) } : {}),
        authors: this.authorLinks(a),
        ...(a.sponsored ? { sponsored: true as const } : {}),
      };
      this.teasers.set(index, t);
    }
    return t;
  }

  pageContext(page: PlannedPage, bodyHtml: string | undefined): object {
    const s = this.strings;
    const base = {
      site: this.site,
      strings: s,
      page: {
        kind: page.kind,
        url: page.url,
        canonical: this.absolute(page.url),
        pageNo: page.pageNo,
        pageCount: page.pageCount,
        prevUrl: page.pageNo > 1 ? this.pagedUrl(page, page.pageNo - 1) : undefined,
        nextUrl: page.pageNo < page.pageCount ? this.pagedUrl(page, page.pageNo + 1) : undefined,
        numbers: page.pageCount > 1 ? pageWindow(page.pageNo, page.pageCount).map((n) => (n === null ? { gap: true } : { no: n, url: this.pagedUrl(page, n), current: n === page.pageNo })) : [],
      } as Record<string, unknown>,
      items: page.items.map((i) => this.teaser(i)),
    };
    const p = base.page;
    switch (page.kind) {
      case "article": {
        const a = this.model.articles[page.article!]!;
        const article = {
          ...this.teaser(a.index),
          body: this.withImageSizes(withArticleLinks(bodyHtml ?? "", a.articleLinks, this.model, this.config.basePath), a),
          // The standfirst under the headline: the summary the reporter wrote, not the first paragraph again.
          dek: a.summaryFromBody ? undefined : a.summary,
          updatedText: a.updatedMs ? this.dateText(a.updatedMs, a.updatedDateOnly) : undefined,
          updatedIso: a.updatedMs ? this.iso(a.updatedMs) : undefined,
          updatedAttr: a.updatedMs ? this.timeAttr(a.updatedMs, a.updatedDateOnly) : undefined,
          corrections: (a.corrections ?? []).map((c) => ({ text: c.text, dateText: this.dateText(c.dateMs, c.dateOnly), dateIso: this.iso(c.dateMs), dateAttr: this.timeAttr(c.dateMs, c.dateOnly) })),
          imageCaption: a.imageCaption,
          imageWidth: this.imageDims.get(a.file)?.width,
          imageHeight: this.imageDims.get(a.file)?.height,
          source: a.source,
          editors: a.editors ?? [],
          tags: a.tagKeys.map((k) => this.termLink(this.model.tags.get(k)!)),
          readingMinutes: Math.max(1, Math.round(a.words / 200)),
          share: shareLinks(this.config.share, this.absolute(routes.article(a.slug)), a.title),
          newer: a.index > 0 ? this.teaser(a.index - 1) : undefined,
          older: a.index + 1 < this.model.articles.length ? this.teaser(a.index + 1) : undefined,
        };
        p.title = a.title;
        p.description = a.summary;
        // The menu marks the article's desk, as on its category's pages.
        if (a.categoryKey !== undefined) p.sectionUrl = routes.term("category", a.categoryKey);
        // No lead image: the first picture of the body stands for the article in link previews and
        // in its JSON-LD (Google asks for an image of the article, not the site's logo).
        const fromBody = a.image === undefined ? this.bodyPicture(a) : undefined;
        const lead = a.image !== undefined && previewable(a.image);
        p.image = lead ? this.absoluteHref(a.image!) : fromBody?.url;
        p.imageWidth = fromBody ? fromBody.width : lead ? article.imageWidth : undefined;
        p.imageHeight = fromBody ? fromBody.height : lead ? article.imageHeight : undefined;
        p.jsonld = structuredData.article(this, a, article.tags, fromBody?.url);
        return { ...base, article, related: base.items };
      }
      case "redirect": {
        // An old address of the article: the page sends the reader on, and tells search engines where it is now.
        const target = this.teaser(page.article!);
        p.title = target.title;
        p.canonical = this.absolute(target.url);
        return { ...base, target };
      }
      case "home":
        p.title = page.pageNo > 1 ? `${s.latest} – ${s.page} ${page.pageNo}` : this.config.title;
        p.heading = s.latest;
        p.description = this.pagedText(page, this.config.description);
        p.jsonld = page.pageNo === 1 ? structuredData.website(this) : undefined;
        return base;
      case "tag":
      case "category":
      case "author": {
        const term = page.term!;
        const label = page.kind === "tag" ? s.tagOf : page.kind === "category" ? s.categoryOf : s.authorOf;
        p.heading = term.name;
        p.eyebrow = label;
        p.title = `${label}: ${term.name}${page.pageNo > 1 ? ` – ${s.page} ${page.pageNo}` : ""}`;
        // A tag is a topic ("tentang Rusia"), a category a desk ("Berita Politik"), an author a writer ("Berita dari Rina").
        const about = page.kind === "tag" ? s.tagAbout : page.kind === "category" ? s.categoryAbout : undefined;
        const n = formatCount(term.articles.length, this.config.locale);
        p.description = this.pagedText(page, term.profile?.bio ?? (about ? about.replace(/\{(name|n)\}/g, (_, k: string) => (k === "n" ? n : term.name)) : `${s.articleOf} ${term.name}: ${this.count(term.articles.length)}.`));
        p.count = term.articles.length;
        // Its later pages are in the same section: the menu marks it there too.
        p.sectionUrl = routes.term(term.kind, term.key);
        if (page.kind !== "tag") p.feeds = feedLinks(term.name, (f) => routes.termFeed(term.kind, term.key, f));
        if (page.kind === "author") p.jsonld = structuredData.person(this, term, this.absolute(page.url));
        const photo = term.profile?.photo;
        const profile = term.profile?.aboutHtml ? { ...term.profile, aboutHtml: withArticleLinks(term.profile.aboutHtml, term.profile.articleLinks, this.model, this.config.basePath) } : term.profile;
        return { ...base, term: { name: term.name, kind: term.kind, count: term.articles.length, profile, photo: photo ? this.siteHref(photo) : undefined } };
      }
      case "day": {
        const text = this.dayText(page.day!);
        p.heading = text;
        p.eyebrow = s.dayOf;
        p.title = `${s.dayOf} ${text}${page.pageNo > 1 ? ` – ${s.page} ${page.pageNo}` : ""}`;
        p.description = this.pagedText(page, `${s.archiveTitle} ${text}`);
        // The archive read day by day: the days before and after that have articles.
        const near = (day: string | undefined): Link | undefined => (day ? { name: this.dayText(day), url: routes.day(day) } : undefined);
        p.olderDay = near(page.olderDay);
        p.newerDay = near(page.newerDay);
        return base;
      }
      case "archive":
        p.title = s.archiveTitle;
        p.heading = s.archiveTitle;
        p.description = s.archiveIntro;
        // The latest months day by day; the older ones by month, under their years (each a page of its own).
        return { ...base, months: this.archiveMonths().slice(0, RECENT_MONTHS), older: this.archiveYears(RECENT_MONTHS) };
      case "archiveMonth": {
        const month = this.archiveMonths().find((m) => m.key === page.period)!;
        p.heading = month.label;
        p.eyebrow = s.archiveTitle;
        p.title = `${s.archiveTitle} ${month.label}`;
        p.description = `${s.archiveTitle} ${month.label}: ${this.count(month.count)}.`;
        const y = month.key.slice(0, 4);
        return { ...base, months: [{ ...month, label: undefined }], older: [], year: { label: y, url: routes.archiveYear(y) } };
      }
      case "archiveYear": {
        const year = this.archiveYears(0).find((y) => y.key === page.period)!;
        p.heading = year.label;
        p.eyebrow = s.archiveTitle;
        p.title = `${s.archiveTitle} ${year.label}`;
        p.description = `${s.archiveTitle} ${year.label}: ${this.count(year.count)}.`;
        return { ...base, months: [], older: [{ ...year, label: undefined }] };
      }
      case "authors":
      case "tags":
      case "categories": {
        const kind = page.kind === "authors" ? "author" : page.kind === "tags" ? "tag" : "category";
        const map = kind === "author" ? this.model.authors : kind === "tag" ? this.model.tags : this.model.categories;
        p.title = page.kind === "authors" ? s.authorsTitle : page.kind === "tags" ? s.tagsTitle : s.categoriesTitle;
        p.heading = p.title;
        p.description = p.title;
        return { ...base, terms: [...map.values()].map((t) => ({ ...this.termLink(t), count: t.articles.length, bio: t.profile?.bio })) };
      }
      case "search":
        p.title = s.searchTitle;
        p.heading = s.searchTitle;
        p.description = `${s.searchTitle} – ${this.config.title}`;
        return base;
      case "notFound":
        p.title = s.notFoundTitle;
        p.heading = s.notFoundTitle;
        p.description = s.notFoundText;
        p.canonical = undefined;
        return { ...base, items: this.model.articles.slice(0, NOT_FOUND_LATEST).map((a) => this.teaser(a.index)) };
      case "page": {
        const sp = this.model.pages![page.staticPage!]!;
        p.title = sp.title;
        p.heading = sp.title;
        p.description = sp.summary ?? `${sp.title} – ${this.config.title}`;
        return { ...base, staticPage: { title: sp.title, summary: sp.summary, body: this.withImageSizes(withArticleLinks(sp.html, sp.articleLinks, this.model, this.config.basePath), sp) } };
      }
    }
  }

  /**
   * The body's local images with the width and height the build measured (`<img src=… width=…
   * height=…>`), so that the text below them does not jump as they load. Only the tags markdown-it
   * writes (`<img src="…" alt=…>`) of files the site publishes; one that already has a width is
   * left as written.
   */
  private withImageSizes(html: string, a: { fileLinks?: readonly LocalLink[] | undefined; bodySrcsets?: Readonly<Record<string, string>> | undefined }): string {
    if (!a.fileLinks?.length || !html.includes("<img ")) return html;
    const base = this.config.basePath;
    // (Raw HTML a site allows may put `src` after other attributes: `<img srcset="…" src="…">`.)
    return html.replace(/<img((?:\s(?!src=)[\w:-]+="[^"]*")*)\ssrc="([^"]*)"([^>]*)>/g, (tag, before: string, src: string, rest: string, at: number) => {
      if (/\swidth=/i.test(before + rest) || !src.startsWith(base)) return tag;
      let file: string;
      try {
        // The attribute as markdown-it escaped it (`a&amp;b.png`), then the URL's own escapes.
        file = decodeURIComponent(unescapeAttribute(src.slice(base.length)).replace(/[?#].*$/s, ""));
      } catch {
        return tag;
      }
      const d = this.imageDims.get(bodyImageKey(file));
      if (!d) return tag;
      const img = `<img${before} src="${src}" width="${d.width}" height="${d.height}"${rest}>`;
      // A photo with smaller copies offers them, as the lead photo does (beside it, so in its folder).
      const copies = a.bodySrcsets?.[file];
      // Not in a <picture> the site's own HTML wrote (its <source>s are its choice, and a <picture> holds no other).
      if (!copies || /\ssrcset=/i.test(before + rest) || html.lastIndexOf("<picture", at) > html.lastIndexOf("</picture>", at)) return img;
      // The copies are beside the file: its folder, not the `src` up to its last `/` (which may be in a
      // `?v=1/2` or a `%2F`).
      const dir = base + file.slice(0, file.lastIndexOf("/") + 1).split("/").map(encodeURIComponent).join("/");
      const srcset = copies.split(", ").map((c) => dir + c).join(", ");
      return `<picture><source type="image/webp" srcset="${srcset}" sizes="${BODY_PHOTO_SIZES}">${img}</picture>`;
    });
  }

  /** The first image of `a`'s body the site publishes (measured) and link previews show (no SVG), as an absolute URL with its size. */
  private bodyPicture(a: Article): { url: string; width: number; height: number } | undefined {
    for (const file of bodyImages(a)) {
      const d = this.imageDims.get(bodyImageKey(file));
      if (d && previewable(file)) return { url: this.absolute(file.split("/").map(encodeURIComponent).join("/")), ...d };
    }
    return undefined;
  }

  /** A list's description, told apart on its later pages (search engines flag descriptions that repeat): `Halaman 2 dari 5 – …`. */
  private pagedText(page: PlannedPage, text: string): string {
    return page.pageNo > 1 ? `${this.strings.page} ${page.pageNo} ${this.strings.of} ${page.pageCount} – ${text}` : text;
  }

  private pagedUrl(page: PlannedPage, n: number): string {
    switch (page.kind) {
      case "home":
        return routes.home(n);
      case "day":
        return routes.day(page.day!, n);
      case "tag":
      case "category":
      case "author":
        return routes.term(page.kind, page.term!.key, n);
      default:
        return page.url;
    }
  }

  private months?: ArchiveMonth[];
  /** The archive's months, newest first, each with its days, as its pages show them. */
  private archiveMonths(): ArchiveMonth[] {
    if (this.months) return this.months;
    const fmt = (options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => new Intl.DateTimeFormat(this.config.locale, { ...GREGORIAN, ...options, timeZone: "UTC" });
    const monthYear = fmt({ month: "long", year: "numeric" });
    const monthOnly = fmt({ month: "long" });
    return (this.months = archiveMonths(this.model.days).map((m) => {
      const [y, n] = m.key.split("-").map(Number) as [number, number];
      const mid = Date.UTC(y, n - 1, 15);
      return { key: m.key, label: monthYear.format(mid), name: monthOnly.format(mid), url: routes.archiveMonth(m.key), count: m.count, days: m.days.map((d) => ({ label: String(Number(d.day.slice(8))), url: routes.day(d.day), count: d.count })) };
    }));
  }

  /** The archive's years, newest first, each with its months from the `skip`-th newest month on. */
  private archiveYears(skip: number): { key: string; label: string; url: string; count: number; months: ArchiveMonth[] }[] {
    return archiveYears(this.archiveMonths().slice(skip)).map((y) => ({ ...y, label: y.key, url: routes.archiveYear(y.key) }));
  }
}

const FEED_NAMES: Record<FeedFormat, string> = { rss: "RSS", atom: "Atom", json: "JSON Feed" };

function feedLinks(title: string, url: (f: FeedFormat) => string): { title: string; url: string; type: string }[] {
  return (Object.keys(FEED_FILES) as FeedFormat[]).map((f) => ({ title: `${title} (${FEED_NAMES[f]})`, url: url(f), type: FEED_TYPES[f] }));
}

/** The text of an attribute value as markdown-it's escapeHtml wrote it. */
const unescapeAttribute = (value: string): string =>
  value.includes("&") ? value.replace(/&(amp|quot|lt|gt|#39);/g, (_, e: string) => ({ amp: "&", quot: '"', lt: "<", gt: ">", "#39": "'" })[e]!) : value;
