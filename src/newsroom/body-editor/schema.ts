import { type DOMOutputSpec, type Node as PMNode, Schema } from 'prosemirror-model';

/**
 * The article body's structure, as the server's sanitiser keeps it (src/core/sanitize.ts):
 * paragraphs, h2-h4, lists, quotes, figures, rules and line breaks; bold, italic and links.
 * ProseMirror refuses any document that breaks these rules, so the editor cannot produce a heading
 * inside a caption or a list item outside a list: what is typed is what gets stored.
 */

/** A link the body may hold: http(s), mailto, or a path on this site (what the sanitiser lets through). */
export function isAllowedHref(href: string): boolean {
  const h = href.trim();
  if (h === '' || h.startsWith('//')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(h);
  return !scheme || /^(https?|mailto)$/i.test(scheme[1]!);
}

/** An image source the body may hold: http(s), or a path on this site (uploads live under /media/). */
export function isAllowedImageSrc(src: string): boolean {
  const s = src.trim();
  if (s === '' || s.startsWith('//')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(s);
  return !scheme || /^https?$/i.test(scheme[1]!);
}

/** The <img> attributes the sanitiser keeps, in the order the media library writes them. */
export const IMG_ATTRS = ['src', 'srcset', 'sizes', 'width', 'height', 'alt', 'loading', 'decoding'] as const;
/** The <source> attributes kept, in the media library's order. */
export const SOURCE_ATTRS = ['type', 'srcset', 'sizes'] as const;

export type ImgAttrs = Partial<Record<(typeof IMG_ATTRS)[number], string>>;
export type SourceAttrs = Partial<Record<(typeof SOURCE_ATTRS)[number], string>>;

export interface FigureAttrs {
  img: ImgAttrs;
  /** Wrapped in <picture> (with its <source>s), as the media library writes it. */
  picture: boolean;
  sources: SourceAttrs[];
  /** Plain text: captions from the media library are text, and the caption dialog edits text. */
  caption: string;
}

function pick<K extends string>(el: Element, names: readonly K[]): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const n of names) {
    const v = el.getAttribute(n);
    if (v !== null) out[n] = v;
  }
  return out;
}

/** A figure's attributes from <figure>, <picture> or a lone <img>; false when it holds no usable image. */
export function readFigure(el: HTMLElement): FigureAttrs | false {
  const img = el.nodeName === 'IMG' ? el : el.querySelector('img');
  if (!img || !isAllowedImageSrc(img.getAttribute('src') ?? '')) return false;
  const picture = el.nodeName === 'PICTURE' ? el : el.querySelector('picture');
  const sources = picture ? [...picture.querySelectorAll('source')].map((s) => pick(s, SOURCE_ATTRS)) : [];
  const caption = el.nodeName === 'FIGURE' ? (el.querySelector('figcaption')?.textContent ?? '') : '';
  return { img: pick(img, IMG_ATTRS), picture: picture !== null, sources, caption };
}

function figureDOM(node: PMNode): DOMOutputSpec {
  const a = node.attrs as FigureAttrs;
  const img: DOMOutputSpec = ['img', { ...a.img, draggable: 'false' }];
  const picture: DOMOutputSpec = a.picture
    ? ['picture', ...a.sources.map((s): DOMOutputSpec => ['source', s]), img]
    : img;
  return a.caption ? ['figure', picture, ['figcaption', a.caption]] : ['figure', picture];
}

const HEADING_LEVEL: Record<string, number> = { H1: 2, H2: 2, H3: 3, H4: 4, H5: 4, H6: 4 };

export const schema = new Schema({
  nodes: {
    doc: { content: 'block+' },
    paragraph: {
      group: 'block',
      content: 'inline*',
      parseDOM: [{ tag: 'p' }],
      toDOM: () => ['p', 0],
    },
    heading: {
      group: 'block',
      content: 'inline*',
      attrs: { level: { default: 2 } },
      defining: true,
      // A pasted h1 becomes h2: the article's h1 is its headline.
      parseDOM: Object.keys(HEADING_LEVEL).map((tag) => ({
        tag: tag.toLowerCase(),
        attrs: { level: HEADING_LEVEL[tag] },
      })),
      toDOM: (n) => [`h${n.attrs.level}`, 0],
    },
    blockquote: {
      group: 'block',
      content: 'block+',
      defining: true,
      parseDOM: [{ tag: 'blockquote' }],
      toDOM: () => ['blockquote', 0],
    },
    bullet_list: {
      group: 'block',
      content: 'list_item+',
      parseDOM: [{ tag: 'ul' }],
      toDOM: () => ['ul', 0],
    },
    ordered_list: {
      group: 'block',
      content: 'list_item+',
      parseDOM: [{ tag: 'ol' }],
      toDOM: () => ['ol', 0],
    },
    list_item: {
      content: 'paragraph block*',
      defining: true,
      parseDOM: [{ tag: 'li' }],
      toDOM: () => ['li', 0],
    },
    // An atom: selected, moved and deleted whole. Its caption is an attribute edited in a dialog, so
    // nothing typed after an image can end up inside the caption.
    figure: {
      group: 'block',
      atom: true,
      draggable: true,
      attrs: {
        img: { default: {} },
        picture: { default: false },
        sources: { default: [] },
        caption: { default: '' },
      },
      parseDOM: ['figure', 'picture', 'img'].map((tag) => ({
        tag,
        getAttrs: (el: HTMLElement) => readFigure(el),
      })),
      toDOM: figureDOM,
    },
    horizontal_rule: {
      group: 'block',
      parseDOM: [{ tag: 'hr' }],
      toDOM: () => ['hr'],
    },
    // Stands where an image is being uploaded; never stored (the serialiser skips it).
    upload: {
      group: 'block',
      atom: true,
      selectable: false,
      attrs: { id: { default: '' }, name: { default: '' } },
      toDOM: (n) => ['div', { class: 'upload-placeholder' }, `Uploading ${n.attrs.name}`],
    },
    text: { group: 'inline' },
    hard_break: {
      group: 'inline',
      inline: true,
      selectable: false,
      parseDOM: [{ tag: 'br' }],
      toDOM: () => ['br'],
    },
  },
  // The order is the nesting order when stored: <a><strong><em>.
  marks: {
    link: {
      attrs: { href: {}, title: { default: null } },
      inclusive: false,
      parseDOM: [
        {
          tag: 'a[href]',
          getAttrs: (el: HTMLElement) => {
            const href = el.getAttribute('href') ?? '';
            return isAllowedHref(href) ? { href: href.trim(), title: el.getAttribute('title') } : false;
          },
        },
      ],
      toDOM: (m) => ['a', { href: m.attrs.href, title: m.attrs.title, rel: 'noopener' }, 0],
    },
    strong: {
      parseDOM: [{ tag: 'strong' }, { tag: 'b' }],
      toDOM: () => ['strong', 0],
    },
    em: {
      parseDOM: [{ tag: 'em' }, { tag: 'i' }],
      toDOM: () => ['em', 0],
    },
  },
});
