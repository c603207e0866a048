/** A profile's links (a personal site, a social account): few, shown on the author page. */
export interface AuthorLink {
  label: string;
  url: string;
}

export const MAX_LINKS = 4;
/** The link rows of the profile form, numbered from 1 (fields link1_label, link1_url, ...). */
export const LINK_ROWS = Array.from({ length: MAX_LINKS }, (_, i) => i + 1);
export const MAX_LINK_LABEL = 100;
export const MAX_LINK_URL = 500;

export const LINK_URL_RULE = 'A link must be a full web address starting with http:// or https://';

/**
 * Whether `url` is a web address a reader may follow: http or https only (no javascript:, data:
 * or mailto:), with a host, and no spaces or quotes that a browser would read differently.
 */
export function isWebUrl(url: string): boolean {
  if (url.length > MAX_LINK_URL || /[\s"<>\\]/.test(url)) return false;
  try {
    const u = new URL(url);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The links stored with a profile. The column is written only by the profile service, but a row
 * from an import or an old backup must not break the author page: anything unexpected is left out.
 */
export function storedLinks(json: string): AuthorLink[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return [];
  }
  if (!Array.isArray(raw)) return [];
  return raw
    .filter(
      (l): l is AuthorLink =>
        !!l && typeof l === 'object' && typeof l.label === 'string' && typeof l.url === 'string',
    )
    .filter((l) => l.label !== '' && isWebUrl(l.url))
    .slice(0, MAX_LINKS)
    .map((l) => ({ label: l.label, url: l.url }));
}
