/**
 * The query parameters any cached public page reads (listings page with `before`). Every other
 * parameter (tracking tags, cache busters, junk) is left out of the cache key: `/?utm_source=x`
 * is the front page, and a flood of `/?junk=N` cannot fill the cache and evict real pages. A page
 * that starts reading a new parameter must add it here.
 */
export const CACHED_QUERY_PARAMS = ['before'] as const;

const MAX_KEY_LENGTH = 512;

/**
 * The cache key of a request target: the decoded path, without a trailing slash, plus the
 * parameters pages read, in a fixed order. Spellings the router treats as one page
 * (`/s%65ctions/world`, `/sections/world/`, absolute-form targets) share one entry. Null when the
 * target is not one to cache (undecodable, too long, or a parameter given twice).
 */
export function cacheKeyOf(target: string): string | null {
  if (target.length > MAX_KEY_LENGTH * 4) return null;
  let rest = target;
  if (!rest.startsWith('/')) {
    // Absolute-form (`GET http://host/path`): the path and query are what the router sees.
    const at = rest.indexOf('/', rest.indexOf('//') + 2);
    if (!/^https?:\/\//i.test(rest) || at < 0) return null;
    rest = rest.slice(at);
  }
  const q = rest.indexOf('?');
  let path = q < 0 ? rest : rest.slice(0, q);
  if (path.includes('%')) {
    try {
      path = decodeURIComponent(path);
    } catch {
      return null;
    }
  }
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  let key = path;
  if (q >= 0) {
    const params = new URLSearchParams(rest.slice(q + 1));
    for (const name of CACHED_QUERY_PARAMS) {
      const values = params.getAll(name);
      if (values.length > 1) return null;
      if (values.length === 1) key += `${key === path ? '?' : '&'}${name}=${encodeURIComponent(values[0]!)}`;
    }
  }
  return key.length <= MAX_KEY_LENGTH ? key : null;
}
