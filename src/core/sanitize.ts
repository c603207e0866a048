import { createRequire } from 'node:module';
import type SanitizeHtml from 'sanitize-html';
import { decodeSanitizerEntities } from './text.ts';

// Loaded on the first write (~100 ms of the server's start otherwise); the API is synchronous.
const require = createRequire(import.meta.url);
let lib: typeof SanitizeHtml | undefined;
let options: SanitizeHtml.IOptions | undefined;
function sanitizer(): { sanitizeHtml: typeof SanitizeHtml; options: SanitizeHtml.IOptions } {
  if (!lib || !options) {
    lib = require('sanitize-html') as typeof SanitizeHtml;
    options = bodyOptions(lib);
  }
  return { sanitizeHtml: lib, options };
}

/**
 * Article bodies are HTML from editors, importers and readers. Only this allow-list survives;
 * everything else (scripts, event handlers, styles, javascript: URLs) is dropped.
 */
const bodyOptions = (sanitizeHtml: typeof SanitizeHtml): SanitizeHtml.IOptions => ({
  allowedTags: [
    'p',
    'h2',
    'h3',
    'h4',
    'strong',
    'b',
    'em',
    'i',
    'a',
    'ul',
    'ol',
    'li',
    'blockquote',
    'figure',
    'figcaption',
    'img',
    'picture',
    'source',
    'br',
    'hr',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'rel'],
    img: ['src', 'alt', 'width', 'height', 'srcset', 'sizes', 'loading', 'decoding'],
    source: ['srcset', 'sizes', 'type'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'], source: ['http', 'https'] },
  allowProtocolRelative: false,
  transformTags: {
    b: 'strong',
    i: 'em',
    a: sanitizeHtml.simpleTransform('a', { rel: 'noopener' }),
  },
  // <source> is a void element: written without an end tag.
  selfClosing: [...sanitizeHtml.defaults.selfClosing, 'source'],
  // Unknown tags are removed but their text is kept (escaped).
  disallowedTagsMode: 'discard',
});

export function sanitizeBody(html: string): string {
  const { sanitizeHtml, options } = sanitizer();
  // NUL is no character of any text, and PostgreSQL refuses it in a text column (a 500).
  return sanitizeHtml(html.replaceAll('\u0000', ''), options);
}

/**
 * Plain text from arbitrary input: no tags at all, and characters rather than entities ("M&A",
 * not "M&amp;A"). Templates, feeds and JSON escape it for their own format when writing it.
 */
export function plainText(input: string): string {
  const { sanitizeHtml } = sanitizer();
  // Control characters other than white space go (NUL among them, which PostgreSQL refuses: a 500).
  const text = input.replace(/(?!\s)\p{Cc}/gu, '');
  return decodeSanitizerEntities(sanitizeHtml(text, { allowedTags: [], allowedAttributes: {} }))
    .replace(/\s+/g, ' ')
    .trim();
}

/** Plain paragraphs (demo content, simple imports) into safe body HTML. */
export function paragraphsToHtml(paragraphs: string[]): string {
  return paragraphs
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p)}</p>`)
    .join('\n');
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}
