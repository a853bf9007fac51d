/** schema.org JSON-LD objects; the `jsonld` filter makes them safe inside `<script>`. */
import type { Article, Term } from "../model/types.ts";
import { routes } from "../pages/routes.ts";
import { isoWithOffset } from "../util/dates.ts";
import type { Link, ViewBuilder } from "./context.ts";

/** A site path from config or content (`/images/x.png`, `images/x.png`) or a URL → absolute, under the base path. */
const siteUrl = (v: ViewBuilder, src: string): string => v.absoluteHref(v.siteHref(src));

function publisher(v: ViewBuilder): object {
  const p = v.config.publisher;
  return {
    "@type": "Organization",
    name: p.name ?? v.config.title,
    url: p.url ?? v.config.baseUrl,
    ...(p.logo ? { logo: { "@type": "ImageObject", url: siteUrl(v, p.logo) } } : {}),
  };
}

export const structuredData = {
  /** `bodyImage`: for an article without a lead image, the first picture of its body (absolute). */
  article(v: ViewBuilder, a: Article, tags: Link[], bodyImage?: string): object[] {
    const url = v.absolute(routes.article(a.slug));
    const category = a.categoryKey ? v.model.categories.get(a.categoryKey) : undefined;
    const news = {
      "@context": "https://schema.org",
      // Paid content is schema.org's advertiser content, not news: search engines are told so, as readers are by its label.
      "@type": a.sponsored ? "AdvertiserContentArticle" : "NewsArticle",
      headline: a.title,
      description: a.summary,
      url,
      mainEntityOfPage: { "@type": "WebPage", "@id": url },
      datePublished: isoWithOffset(a.dateMs, v.config.timeZone),
      dateModified: isoWithOffset(a.updatedMs ?? a.dateMs, v.config.timeZone),
      author: v.authorLinks(a).map((l) => ({ "@type": "Person", name: l.name, url: v.absolute(l.url) })),
      ...(a.editors?.length ? { editor: a.editors.map((name) => ({ "@type": "Person", name })) } : {}),
      publisher: publisher(v),
      ...(a.image ? { image: [v.absoluteHref(a.image)] } : bodyImage ? { image: [bodyImage] } : {}),
      ...(category ? { articleSection: category.name } : {}),
      ...(tags.length ? { keywords: tags.map((t) => t.name) } : {}),
      inLanguage: v.config.languageTag,
      wordCount: a.words,
      ...(a.corrections ? { correction: a.corrections.map((c) => ({ "@type": "CorrectionComment", text: c.text, datePublished: isoWithOffset(c.dateMs, v.config.timeZone) })) } : {}),
    };
    const crumbs = [{ name: v.strings.home ?? "Beranda", url: v.config.baseUrl }];
    if (category) crumbs.push({ name: category.name, url: v.absolute(routes.term("category", category.key)) });
    crumbs.push({ name: a.title, url });
    const breadcrumbs = {
      "@context": "https://schema.org",
      "@type": "BreadcrumbList",
      itemListElement: crumbs.map((c, i) => ({ "@type": "ListItem", position: i + 1, name: c.name, item: c.url })),
    };
    return [news, breadcrumbs];
  },
  website(v: ViewBuilder): object[] {
    return [{ "@context": "https://schema.org", "@type": "WebSite", name: v.config.title, description: v.config.description, url: v.config.baseUrl, inLanguage: v.config.languageTag, publisher: publisher(v) }];
  },
  /** `pageUrl`: the page's own address (a later page of the reporter's list is a page about them too; the Person's is the first). */
  person(v: ViewBuilder, term: Term, pageUrl?: string): object[] {
    const url = v.absolute(routes.term("author", term.key));
    return [
      {
        "@context": "https://schema.org",
        "@type": "ProfilePage",
        url: pageUrl ?? url,
        mainEntity: {
          "@type": "Person",
          name: term.name,
          url,
          ...(term.profile?.bio ? { description: term.profile.bio } : {}),
          ...(term.profile?.role ? { jobTitle: term.profile.role } : {}),
          ...(term.profile?.photo ? { image: siteUrl(v, term.profile.photo) } : {}),
          ...(term.profile?.links.length ? { sameAs: term.profile.links.map((l) => l.url) } : {}),
        },
      },
    ];
  },
};
