import type { Mark, Node as PMNode } from 'prosemirror-model';
import { type FigureAttrs, IMG_ATTRS, SOURCE_ATTRS } from './schema.ts';

/**
 * The document as the body HTML the server stores, written the way the server's sanitiser writes
 * it (sanitize-html: `&`, `<`, `>` escaped in text, `"` too in attributes, void elements as
 * `<br />`), so a save passes through the sanitiser unchanged. Whitespace the HTML parser would drop
 * is left out and empty blocks are skipped, so reading the result back gives the same document:
 * parse and serialise form a fixed point, byte for byte.
 *
 * No line breaks are written, not even between blocks: a browser sends a textarea's line breaks as
 * CRLF, so any newline would come back from a save changed; without them the stored body is
 * exactly what the editor wrote.
 */
export function serializeBody(doc: PMNode): string {
  const out: string[] = [];
  doc.forEach((block) => {
    const html = blockHtml(block);
    if (html) out.push(html);
  });
  return out.join('');
}

const text = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
// Line breaks inside attributes and captions (from imports) become spaces, for the same reason.
const oneLine = (s: string) => s.replace(/[\t\r\n\f]/g, ' ');
const attr = (s: string) => text(oneLine(s)).replace(/"/g, '&quot;');

function attrs(pairs: [string, string | null | undefined][]): string {
  return pairs.map(([k, v]) => (v === null || v === undefined ? '' : ` ${k}="${attr(v)}"`)).join('');
}

function children(node: PMNode): string {
  let s = '';
  node.forEach((child) => {
    s += blockHtml(child);
  });
  return s;
}

function wrap(tag: string, inner: string): string {
  return inner ? `<${tag}>${inner}</${tag}>` : '';
}

function blockHtml(node: PMNode): string {
  switch (node.type.name) {
    case 'paragraph':
      return wrap('p', inlineHtml(node));
    case 'heading':
      return wrap(`h${node.attrs.level}`, inlineHtml(node));
    case 'blockquote':
      return wrap('blockquote', children(node));
    case 'bullet_list':
      return wrap('ul', children(node));
    case 'ordered_list':
      return wrap('ol', children(node));
    case 'list_item':
      return wrap('li', listItemHtml(node));
    case 'figure':
      return figureHtml(node.attrs as FigureAttrs);
    case 'horizontal_rule':
      return '<hr />';
    default:
      // The upload placeholder (and anything unknown) is not part of the stored body.
      return '';
  }
}

/** An item's first paragraph is written bare (`<li>text</li>`), as stored bodies have it; the rest as blocks. */
function listItemHtml(item: PMNode): string {
  let s = '';
  item.forEach((child, _offset, index) => {
    s += index === 0 && child.type.name === 'paragraph' ? inlineHtml(child) : blockHtml(child);
  });
  return s;
}

function figureHtml(a: FigureAttrs): string {
  const img = `<img${attrs(IMG_ATTRS.map((k) => [k, a.img[k]]))} />`;
  const sources = a.sources.map((s) => `<source${attrs(SOURCE_ATTRS.map((k) => [k, s[k]]))} />`).join('');
  const picture = a.picture ? `<picture>${sources}${img}</picture>` : img;
  const caption = a.caption ? `<figcaption>${text(oneLine(a.caption))}</figcaption>` : '';
  return `<figure>${picture}${caption}</figure>`;
}

interface Piece {
  marks: readonly Mark[];
  /** The text, or null for a line break. */
  text: string | null;
}

const WS = /[ \t\r\n\f]+/g;

/**
 * A textblock's inline content as pieces, with the whitespace ProseMirror's HTML parser would drop
 * taken out here already: runs collapse to one space, and none starts the block, follows a line
 * break or another space, or ends the block.
 */
function inlinePieces(block: PMNode): Piece[] {
  const pieces: Piece[] = [];
  let afterSpace = true;
  block.forEach((child) => {
    if (child.isText) {
      let t = child.text!.replace(WS, ' ');
      if (afterSpace && t.startsWith(' ')) t = t.slice(1);
      if (!t) return;
      pieces.push({ marks: child.marks, text: t });
      afterSpace = t.endsWith(' ');
    } else if (child.type.name === 'hard_break') {
      pieces.push({ marks: child.marks, text: null });
      afterSpace = true;
    }
  });
  const last = pieces[pieces.length - 1];
  if (last?.text) {
    last.text = last.text.replace(/ $/, '');
    if (!last.text) pieces.pop();
  }
  return pieces;
}

function openTag(mark: Mark): string {
  if (mark.type.name === 'link') {
    return `<a${attrs([
      ['href', mark.attrs.href],
      ['title', mark.attrs.title],
      ['rel', 'noopener'],
    ])}>`;
  }
  return mark.type.name === 'strong' ? '<strong>' : '<em>';
}

const closeTag = (mark: Mark) => ({ link: '</a>', strong: '</strong>', em: '</em>' })[mark.type.name] ?? '';

/** Inline content with marks nested in schema order; a mark stays open across pieces that share it. */
function inlineHtml(block: PMNode): string {
  let s = '';
  const open: Mark[] = [];
  for (const piece of inlinePieces(block)) {
    let keep = 0;
    while (keep < open.length && keep < piece.marks.length && open[keep]!.eq(piece.marks[keep]!)) keep++;
    while (open.length > keep) s += closeTag(open.pop()!);
    for (const m of piece.marks.slice(keep)) {
      s += openTag(m);
      open.push(m);
    }
    s += piece.text === null ? '<br />' : text(piece.text);
  }
  while (open.length) s += closeTag(open.pop()!);
  return s;
}
