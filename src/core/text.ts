/** Small text helpers shared by search, related articles and suggestions. */

/** Lower case without accents: the same folding the search indexes apply. */
export function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * A light stemmer for matching word forms: "strikes", "striking" and "strike" meet at "strik";
 * "sanctions" and "sanctioned" at "sanction". Used for highlighting and related-article words.
 */
export function stem(w: string): string {
  if (w.length > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  for (const suffix of ['ing', 'ed', 'es', 's', 'e']) {
    if (w.length > suffix.length + 2 && w.endsWith(suffix)) return w.slice(0, -suffix.length);
  }
  return w;
}

/**
 * Already-sanitised body HTML to plain text for indexing and matching: tags dropped, the few
 * entities the sanitiser emits decoded. Not for output (templates escape text anyway).
 */
export function htmlToText(html: string): string {
  return decodeSanitizerEntities(html.replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The entities the sanitiser writes (it decodes every other one), back into characters. */
export function decodeSanitizerEntities(s: string): string {
  return s.replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, e: string) =>
    e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === '#39' ? "'" : ' ',
  );
}
