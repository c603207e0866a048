import { DOMParser as PMDOMParser, type Node as PMNode } from 'prosemirror-model';
import { NodeSelection, TextSelection } from 'prosemirror-state';
import type { EditorView, NodeView } from 'prosemirror-view';
import { schema } from './schema.ts';

/**
 * Image upload at the caret: a placeholder block with a progress bar stands in the text while the
 * file goes to the media library (POST /newsroom/media, which answers with the figure's HTML); the
 * figure then takes its place. On failure the placeholder goes and the reason is announced.
 */

interface Pending {
  name: string;
  percent: number;
  bar?: HTMLProgressElement;
  label?: HTMLElement;
}

const pending = new Map<string, Pending>();
let seq = 0;

export const uploadsInProgress = () => pending.size;

/** The placeholder as drawn: the file name, a progress bar and the percentage. */
export class UploadView implements NodeView {
  dom: HTMLElement;
  constructor(node: PMNode) {
    const p = pending.get(node.attrs.id as string);
    this.dom = document.createElement('div');
    this.dom.className = 'upload-placeholder';
    this.dom.contentEditable = 'false';
    const label = document.createElement('span');
    const bar = document.createElement('progress');
    bar.max = 100;
    bar.setAttribute('aria-label', `Uploading ${node.attrs.name}`);
    this.dom.append(label, bar);
    if (p) {
      p.bar = bar;
      p.label = label;
      show(p);
    }
  }
  // Progress is drawn by the upload itself; nothing in the document changes meanwhile.
  ignoreMutation() {
    return true;
  }
}

function show(p: Pending): void {
  if (p.bar) p.bar.value = p.percent;
  if (p.label) p.label.textContent = `Uploading ${p.name}… ${p.percent}%`;
}

function placeholderPos(doc: PMNode, id: string): number {
  let found = -1;
  doc.descendants((node, pos) => {
    if (found >= 0) return false;
    if (node.type === schema.nodes.upload && node.attrs.id === id) found = pos;
    return found < 0;
  });
  return found;
}

/** The placeholder goes where the caret is; the caret moves below it so writing can go on. */
function insertPlaceholder(view: EditorView, id: string, name: string): void {
  const node = schema.nodes.upload.create({ id, name });
  const sel = view.state.selection;
  // A selected image stays: the new one goes after it rather than in its place.
  const tr =
    sel instanceof NodeSelection
      ? view.state.tr.insert(sel.to, node)
      : view.state.tr.replaceSelectionWith(node);
  const after = placeholderPos(tr.doc, id) + 1;
  if (!tr.doc.resolve(after).nodeAfter?.isTextblock) tr.insert(after, schema.nodes.paragraph.create());
  tr.setSelection(TextSelection.create(tr.doc, after + 1));
  // Not an undo step: undo should not bring back a placeholder for an upload that has ended.
  view.dispatch(tr.setMeta('addToHistory', false).scrollIntoView());
}

function figureFrom(html: string): PMNode | undefined {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  const doc = PMDOMParser.fromSchema(schema).parse(body);
  let figure: PMNode | undefined;
  doc.forEach((n) => {
    if (!figure && n.type === schema.nodes.figure) figure = n;
  });
  return figure;
}

function replacePlaceholder(view: EditorView, id: string, figure: PMNode | undefined): void {
  const pos = placeholderPos(view.state.doc, id);
  if (pos < 0) return;
  view.dispatch(view.state.tr.delete(pos, pos + 1).setMeta('addToHistory', false));
  // The figure itself is an ordinary step, so Undo takes it out again.
  if (figure) view.dispatch(view.state.tr.insert(pos, figure));
}

function errorMessage(xhr: XMLHttpRequest): string {
  try {
    const json = JSON.parse(xhr.responseText) as { error?: { message?: string } };
    if (json.error?.message) return json.error.message;
  } catch {
    // not JSON: a proxy's page or nothing at all
  }
  return xhr.status === 0 ? 'the connection failed' : `the server answered ${xhr.status}`;
}

export interface UploadRequest {
  file: File;
  alt: string;
  caption: string;
  csrf: string;
}

/** Uploads with XMLHttpRequest (fetch reports no upload progress) and keeps the placeholder up to date. */
export function uploadImage(view: EditorView, req: UploadRequest, announce: (msg: string) => void): void {
  const id = `upload-${++seq}`;
  const p: Pending = { name: req.file.name, percent: 0 };
  pending.set(id, p);
  insertPlaceholder(view, id, req.file.name);
  announce(`Uploading ${req.file.name}…`);
  const data = new FormData();
  data.append('_csrf', req.csrf);
  data.append('alt', req.alt);
  data.append('caption', req.caption);
  data.append('file', req.file);
  const xhr = new XMLHttpRequest();
  xhr.open('POST', '/newsroom/media');
  xhr.setRequestHeader('accept', 'application/json');
  xhr.upload.addEventListener('progress', (e) => {
    if (!e.lengthComputable) return;
    p.percent = Math.min(99, Math.round((e.loaded / e.total) * 100));
    show(p);
  });
  const finish = (ok: boolean) => {
    pending.delete(id);
    if (ok) {
      const html = (JSON.parse(xhr.responseText) as { html: string }).html;
      replacePlaceholder(view, id, figureFrom(html));
      announce('Image added.');
    } else {
      replacePlaceholder(view, id, undefined);
      announce(`Image not added: ${errorMessage(xhr)}.`);
    }
  };
  xhr.addEventListener('load', () => finish(xhr.status >= 200 && xhr.status < 300));
  xhr.addEventListener('error', () => finish(false));
  xhr.addEventListener('abort', () => finish(false));
  xhr.send(data);
}
