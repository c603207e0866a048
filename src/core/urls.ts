/** The public addresses of the things the site shows: every link and redirect is built here. */

export function articleUrl(a: { id: number; slug: string }): string {
  return `/articles/${a.id}/${a.slug}`;
}

export function sectionUrl(s: { slug: string }): string {
  return `/sections/${s.slug}`;
}

export function tagUrl(t: { slug: string }): string {
  return `/tags/${t.slug}`;
}

export function authorUrl(a: { slug: string }): string {
  return `/authors/${a.slug}`;
}

/** A preview link's address: an unpublished article for whoever holds the token, until it expires. */
export function previewLinkUrl(token: string): string {
  return `/preview/${token}`;
}
