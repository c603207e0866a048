/**
 * Pasted HTML from Word and Google Docs, reduced to what an article body holds. Both wrap text in
 * styled spans, classes and vendor tags; bold and italic often live only in a span's style. The
 * cleaner turns those styles into <strong>/<em>, rebuilds Word's paragraph "lists" as real lists,
 * and drops everything else, before ProseMirror's schema reads the rest.
 */

export interface CleanResult {
  html: string;
  /** Images left out: only pictures from this site's media library may be pasted in. */
  droppedImages: number;
}

const DROP = new Set([
  'STYLE',
  'SCRIPT',
  'META',
  'LINK',
  'TITLE',
  'XML',
  'O:P',
  'HEAD',
  'TEMPLATE',
  'IFRAME',
]);
const KEEP_ATTRS: Record<string, string[]> = {
  A: ['href', 'title'],
  IMG: ['src', 'srcset', 'sizes', 'width', 'height', 'alt'],
  SOURCE: ['srcset', 'sizes', 'type'],
};
const BLOCKS = new Set([
  'P',
  'DIV',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'FIGURE',
  'TABLE',
  'HR',
]);

/**
 * The pasted HTML made inert before it is parsed: style sheets dropped and style attributes renamed
 * to data-style. A parsed style would be checked against the page's Content Security Policy (which
 * allows no inline styles) and reported as a violation for every styled span; the cleaner only
 * needs to read them.
 */
export function inertStyles(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style\s*>/gi, '')
    .replace(/(<[a-z][^>]*?\s)style\s*=/gi, '$1data-style=');
}

/** A (renamed) style attribute as property -> value (lower-cased, `!important` and spaces dropped). */
export function styleOf(el: Element): Map<string, string> {
  const map = new Map<string, string>();
  for (const decl of (el.getAttribute('data-style') ?? '').split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    const value = decl
      .slice(i + 1)
      .replace(/!important/i, '')
      .trim()
      .toLowerCase();
    map.set(decl.slice(0, i).trim().toLowerCase(), value);
  }
  return map;
}

const isBold = (w: string | undefined) => w !== undefined && /^(bold|bolder|[6-9]00)$/.test(w);
const isNotBold = (w: string | undefined) => w !== undefined && /^(normal|lighter|[1-4]00)$/.test(w);

function unwrap(el: Element): void {
  el.replaceWith(...el.childNodes);
}

function wrapChildren(el: Element, tag: string): void {
  const w = el.ownerDocument.createElement(tag);
  w.append(...el.childNodes);
  el.append(w);
}

/** The whole cleaning, on a parsed body (the browser's or linkedom's); `html` is the body's new HTML. */
export function cleanPastedBody(body: HTMLElement, origin: string): CleanResult {
  removeJunk(body);
  groupWordLists(body);
  for (const el of [...body.querySelectorAll('*')]) styleToMarks(el);
  const droppedImages = dropForeignImages(body, origin);
  for (const el of [...body.querySelectorAll('*')]) tidy(el);
  for (const br of [...body.querySelectorAll('br')]) if (betweenBlocks(br)) br.remove();
  for (const p of [...body.querySelectorAll('p')]) if (isEmpty(p)) p.remove();
  return { html: body.innerHTML.trim(), droppedImages };
}

/** Comments (Word's conditional blocks among them), vendor tags, and Word's list markers. */
function removeJunk(body: HTMLElement): void {
  const comments: Node[] = [];
  const collect = (n: Node) => {
    for (const c of n.childNodes) {
      if (c.nodeType === 8) comments.push(c);
      else if (c.nodeType === 1) collect(c);
    }
  };
  collect(body);
  for (const c of comments) {
    // Word writes the list bullet between <![if !supportLists]> and <![endif]>.
    if (/^\[if !supportLists\]/.test(c.nodeValue ?? '')) {
      let n = c.nextSibling;
      while (n && !(n.nodeType === 8 && /^\[endif\]/.test(n.nodeValue ?? ''))) {
        const next = n.nextSibling;
        listMarker(n);
        n = next;
      }
    }
  }
  for (const c of comments) (c as ChildNode).remove();
  for (const el of [...body.querySelectorAll('*')]) {
    if (DROP.has(el.nodeName.toUpperCase())) el.remove();
    else if (styleOf(el).get('mso-list') === 'ignore') listMarker(el);
  }
}

/** Word's typed bullet or number: noted on the paragraph (to choose <ul> or <ol>), then removed. */
function listMarker(n: Node): void {
  const p = (n.parentElement as Element | null)?.closest('p');
  const marker = (n.textContent ?? '').trim();
  if (p && marker && !p.hasAttribute('data-marker')) p.setAttribute('data-marker', marker);
  (n as ChildNode).remove();
}

function wordListLevel(el: Element): { level: number; id: string } | undefined {
  if (el.nodeName !== 'P') return undefined;
  const list = styleOf(el).get('mso-list');
  const m = list ? /^(l\d+)\s+level(\d+)/.exec(list) : null;
  if (m) return { id: m[1]!, level: Number(m[2]) };
  return /^MsoListParagraph/.test(el.getAttribute('class') ?? '') ? { id: 'l', level: 1 } : undefined;
}

/** Word pastes lists as paragraphs with `mso-list: l0 level1` styles: consecutive ones become a list. */
function groupWordLists(root: HTMLElement): void {
  for (const parent of [root, ...root.querySelectorAll('div')]) {
    let stack: Element[] = [];
    let listId = '';
    for (const child of [...parent.childNodes]) {
      if (child.nodeType === 3 && !/\S/.test(child.nodeValue ?? '')) continue;
      const info = child.nodeType === 1 ? wordListLevel(child as Element) : undefined;
      if (!info || info.id !== listId) stack = [];
      if (!info) continue;
      listId = info.id;
      const p = child as Element;
      const ordered = /^[\w]{1,4}[.)]$/.test(p.getAttribute('data-marker') ?? '');
      while (stack.length > info.level) stack.pop();
      while (stack.length < info.level) {
        const list = p.ownerDocument.createElement(ordered ? 'ol' : 'ul');
        const host = stack[stack.length - 1]?.lastElementChild;
        if (host) host.append(list);
        else p.before(list);
        stack.push(list);
      }
      const li = p.ownerDocument.createElement('li');
      li.append(...p.childNodes);
      stack[stack.length - 1]!.append(li);
      p.remove();
    }
  }
}

/** Bold and italic carried by style become elements; bold/italic elements styled back to normal lose theirs. */
function styleToMarks(el: Element): void {
  const style = styleOf(el);
  const name = el.nodeName;
  if (name === 'B' && (el.id.startsWith('docs-internal-guid') || isNotBold(style.get('font-weight')))) {
    // Google Docs wraps the whole paste in <b style="font-weight:normal" id="docs-internal-guid-...">.
    el.setAttribute('data-unwrap', '');
    return;
  }
  if ((name === 'I' || name === 'EM') && style.get('font-style') === 'normal') {
    el.setAttribute('data-unwrap', '');
    return;
  }
  if (BLOCKS.has(name) || name === 'A' || name === 'LI') {
    if (isBold(style.get('font-weight'))) wrapChildren(el, 'strong');
    if (style.get('font-style') === 'italic') wrapChildren(el, 'em');
    return;
  }
  if (name === 'B' || name === 'STRONG' || name === 'I' || name === 'EM') return;
  if (isBold(style.get('font-weight'))) wrapChildren(el, 'strong');
  if (style.get('font-style') === 'italic') wrapChildren(el, 'em');
}

/**
 * Images from elsewhere (Word's file:// paths, Google's hosted copies) cannot be kept: left out,
 * counted. This site's own (copied from an article page, where the browser makes the addresses
 * absolute) are kept, with the addresses made relative again as stored bodies have them.
 */
function dropForeignImages(body: HTMLElement, origin: string): number {
  for (const el of body.querySelectorAll('img, source')) {
    for (const name of ['src', 'srcset']) {
      const v = el.getAttribute(name);
      if (v?.includes(`${origin}/media/`)) el.setAttribute(name, v.replaceAll(`${origin}/media/`, '/media/'));
    }
  }
  let dropped = 0;
  for (const img of [...body.querySelectorAll('img')]) {
    const src = img.getAttribute('src') ?? '';
    if (/^\/media\//.test(src)) continue;
    dropped++;
    (img.closest('figure') ?? img.closest('picture') ?? img).remove();
  }
  return dropped;
}

/** Attributes stripped to the few the body keeps; inline wrappers (span, font, u, ...) unwrapped. */
function tidy(el: Element): void {
  const name = el.nodeName.toUpperCase();
  const keep = KEEP_ATTRS[name] ?? [];
  for (const a of [...el.attributes])
    if (!keep.includes(a.name) && a.name !== 'data-unwrap') el.removeAttribute(a.name);
  if (name === 'A' && !/^(https?:|mailto:|\/[^/])/i.test((el.getAttribute('href') ?? '').trim())) {
    unwrap(el);
    return;
  }
  if (
    el.hasAttribute('data-unwrap') ||
    ['SPAN', 'FONT', 'U', 'S', 'SMALL', 'BIG', 'MARK', 'INS', 'DEL'].includes(name)
  ) {
    unwrap(el);
  }
}

/** A <br> directly between blocks (Google Docs puts one between paragraphs): not a line break in text. */
function betweenBlocks(br: Element): boolean {
  const parent = br.parentElement;
  if (!parent || parent.nodeName === 'P' || /^H\d$/.test(parent.nodeName)) return false;
  const near = (n: Node | null, step: 'previousSibling' | 'nextSibling'): Node | null => {
    while (n && n.nodeType === 3 && !/\S/.test(n.nodeValue ?? '')) n = n[step];
    return n;
  };
  const isBlockOrEdge = (n: Node | null) => !n || (n.nodeType === 1 && BLOCKS.has(n.nodeName));
  return (
    isBlockOrEdge(near(br.previousSibling, 'previousSibling')) &&
    isBlockOrEdge(near(br.nextSibling, 'nextSibling'))
  );
}

/** Word's spacer paragraphs (`<p><o:p>&nbsp;</o:p></p>`) hold nothing once cleaned. */
function isEmpty(p: Element): boolean {
  return !/[^\s\u00a0]/.test(p.textContent ?? '') && !p.querySelector('img, br');
}

/** Pasted HTML in, cleaned HTML out; `parse` gives the body of a new inert document. */
export function cleanPasted(html: string, parse: (html: string) => HTMLElement, origin: string): CleanResult {
  // Copied inside the editor: already in the schema, with ProseMirror's own slice markers.
  if (/\sdata-pm-slice=/.test(html)) return { html, droppedImages: 0 };
  return cleanPastedBody(parse(inertStyles(html)), origin);
}

/** In the browser (ProseMirror's transformPastedHTML). */
export function cleanPastedHtml(html: string): CleanResult {
  return cleanPasted(html, (h) => new DOMParser().parseFromString(h, 'text/html').body, location.origin);
}
