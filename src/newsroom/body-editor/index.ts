import { baseKeymap } from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { history } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { DOMParser as PMDOMParser, type Node as PMNode } from 'prosemirror-model';
import { type Command, EditorState, type Transaction } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { editorKeys, paragraphAfterFigure, typingRules } from './commands.ts';
import { editFigure, insertImage } from './image.ts';
import { editLink } from './link.ts';
import { cleanPastedHtml } from './paste.ts';
import { schema } from './schema.ts';
import { serializeBody } from './serialize.ts';
import { shortcutHelp } from './shortcut-help.ts';
import { formattingTools, Toolbar } from './toolbar.ts';
import { UploadView, uploadsInProgress } from './upload.ts';
import { WordCount } from './word-count.ts';

/**
 * The article body editor: ProseMirror over the form's <textarea name="body">, which stays the
 * form field. Every change is written back to it as the stored HTML, with a bubbling 'input' event
 * (the autosave listens for those). Without JavaScript the textarea is the editor.
 *
 * Anyone who replaces the textarea's value from a script (say, taking the other person's version
 * after a conflict) dispatches `body-editor:load` on it, and the editor reads it again.
 */

function parseBody(html: string): PMNode {
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  return PMDOMParser.fromSchema(schema).parse(body);
}

function statusRegion(): { dom: HTMLElement; announce: (msg: string) => void } {
  const dom = document.createElement('p');
  dom.className = 'editor-status';
  dom.setAttribute('role', 'status');
  return { dom, announce: (msg) => (dom.textContent = msg) };
}

function editorState(doc: PMNode, openLink: (v: EditorView) => void): EditorState {
  const linkKey: Command = (_state, _dispatch, view) => {
    if (view) openLink(view);
    return true;
  };
  return EditorState.create({
    doc,
    plugins: [
      typingRules(),
      keymap(editorKeys(linkKey)),
      keymap(baseKeymap),
      history(),
      dropCursor({ class: 'drop-cursor' }),
      gapCursor(),
    ],
  });
}

/** The stored HTML into the textarea, with the 'input' event a person typing there would cause. */
function syncTo(textarea: HTMLTextAreaElement): (doc: PMNode) => void {
  return (doc) => {
    const html = serializeBody(doc);
    if (html === textarea.value) return;
    textarea.value = html;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  };
}

function mount(textarea: HTMLTextAreaElement): void {
  const id = `${textarea.id}-editor`;
  const status = statusRegion();
  const count = new WordCount(`${textarea.id}-count`);
  const openLink = (v: EditorView) => void editLink(v);
  const openImage = (v: EditorView, file?: File) => void insertImage(v, status.announce, file);
  const openDetails = (v: EditorView) => void editFigure(v);
  const toolbar = new Toolbar(
    () => view,
    formattingTools({ link: openLink, image: openImage, details: openDetails }),
    id,
  );
  const sync = syncTo(textarea);
  const refresh = (state: EditorState) => {
    toolbar.update(state);
    count.update(state.doc);
  };

  const host = document.createElement('div');
  host.className = 'body-editor';
  const view: EditorView = new EditorView(host, {
    state: editorState(parseBody(textarea.value), openLink),
    attributes: {
      id,
      class: 'rich-editor',
      role: 'textbox',
      'aria-multiline': 'true',
      'aria-label': 'Body',
      'aria-describedby': textarea.getAttribute('aria-describedby') ?? '',
    },
    nodeViews: { upload: (node) => new UploadView(node) },
    dispatchTransaction(tr: Transaction) {
      view.updateState(view.state.apply(tr));
      if (tr.docChanged) {
        sync(view.state.doc);
        count.update(view.state.doc);
      }
      toolbar.update(view.state);
    },
    transformPastedHTML(html) {
      const cleaned = cleanPastedHtml(html);
      if (cleaned.droppedImages) {
        status.announce('Pasted images were left out: add them with the Image button so they have alt text.');
      }
      return cleaned.html;
    },
    handleTextInput: (v, _from, _to, text) => paragraphAfterFigure(text)(v.state, v.dispatch),
    handleDoubleClickOn: (v, _pos, node) => {
      if (node.type !== schema.nodes.figure) return false;
      openDetails(v);
      return true;
    },
    handlePaste: (v, event) => takeImageFile(v, event.clipboardData, openImage),
    handleDrop: (v, event) => takeImageFile(v, (event as DragEvent).dataTransfer, openImage),
  });
  host.prepend(toolbar.dom);
  host.append(count.dom, count.liveRegion, status.dom, shortcutHelp(`${textarea.id}-shortcuts`));
  textarea.before(host);
  textarea.hidden = true;
  refresh(view.state);

  textarea.addEventListener('body-editor:load', () => {
    view.updateState(editorState(parseBody(textarea.value), openLink));
    refresh(view.state);
  });
  wireForm(textarea, view, status.announce);
}

function wireForm(textarea: HTMLTextAreaElement, view: EditorView, announce: (msg: string) => void): void {
  // The label names the hidden textarea; a click on it should still land in the editor.
  document.querySelector(`label[for="${textarea.id}"]`)?.addEventListener('click', (e) => {
    e.preventDefault();
    view.focus();
  });
  // Capture: this runs before the page's other submit handlers (autosave's), which then never see
  // a submit that is not going to happen.
  textarea.form?.addEventListener(
    'submit',
    (e) => {
      if (!uploadsInProgress()) return;
      e.preventDefault();
      e.stopImmediatePropagation();
      announce('An image is still uploading: save again when it has been added.');
    },
    true,
  );
}

/** An image file pasted or dropped in (a screenshot, a photo from the desktop) opens the image dialog. */
function takeImageFile(
  view: EditorView,
  data: DataTransfer | null,
  open: (v: EditorView, file?: File) => void,
): boolean {
  const file = [...(data?.files ?? [])].find((f) => f.type.startsWith('image/'));
  if (!file || data?.types.includes('text/html')) return false;
  open(view, file);
  return true;
}

const textarea = document.querySelector<HTMLTextAreaElement>('#article-form textarea[data-rich]');
if (textarea && !textarea.closest('fieldset[disabled]')) mount(textarea);
