import { NodeSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { openDialog } from './dialogs.ts';
import { type FigureAttrs, schema } from './schema.ts';
import { uploadImage } from './upload.ts';

const TYPES = 'image/jpeg,image/png,image/webp';
const ALT_HINT = 'What the image shows, for readers who cannot see it.';
const ALT_MISSING = 'Describe the image: the alt text is required.';

/**
 * The Image button (and a pasted or dropped image file): file, alt text and caption in one dialog,
 * then the upload runs with its progress shown where the image will stand.
 */
export async function insertImage(
  view: EditorView,
  announce: (msg: string) => void,
  file?: File,
): Promise<void> {
  const result = await openDialog(
    {
      title: 'Add an image',
      fields: [
        {
          name: 'file',
          label: 'Image file (JPEG, PNG or WebP)',
          type: 'file',
          accept: TYPES,
          required: true,
        },
        { name: 'alt', label: 'Alt text', type: 'textarea', required: true, hint: ALT_HINT },
        { name: 'caption', label: 'Caption', hint: 'Shown under the image; leave empty for none.' },
      ],
      submit: 'Upload and insert',
      check: (v, files) => {
        const errors: Record<string, string> = {};
        const f = files.file;
        if (!f) errors.file = 'Choose an image file.';
        else if (!TYPES.split(',').includes(f.type))
          errors.file = 'Only JPEG, PNG and WebP images can be used.';
        if (!v.alt) errors.alt = ALT_MISSING;
        return errors;
      },
    },
    (inputs) => {
      const input = inputs.get('file');
      if (file && input instanceof HTMLInputElement) {
        const dt = new DataTransfer();
        dt.items.add(file);
        input.files = dt.files;
      }
    },
  );
  view.focus();
  if (!result?.files.file) return;
  const csrf = document.body.dataset.csrf ?? '';
  uploadImage(
    view,
    { file: result.files.file, alt: result.values.alt!, caption: result.values.caption ?? '', csrf },
    announce,
  );
}

/** Alt text and caption of the selected image (the button, or a double click on the image). */
export async function editFigure(view: EditorView): Promise<void> {
  const sel = view.state.selection;
  if (!(sel instanceof NodeSelection) || sel.node.type !== schema.nodes.figure) return;
  const pos = sel.from;
  const attrs = sel.node.attrs as FigureAttrs;
  const result = await openDialog({
    title: 'Alt text and caption',
    fields: [
      {
        name: 'alt',
        label: 'Alt text',
        type: 'textarea',
        required: true,
        value: attrs.img.alt ?? '',
        hint: ALT_HINT,
      },
      { name: 'caption', label: 'Caption', value: attrs.caption, hint: 'Leave empty for no caption.' },
    ],
    submit: 'Save',
    check: (v): Record<string, string> => (v.alt ? {} : { alt: ALT_MISSING }),
  });
  view.focus();
  if (!result) return;
  const node = view.state.doc.nodeAt(pos);
  if (node?.type !== schema.nodes.figure) return;
  const next: FigureAttrs = {
    ...(node.attrs as FigureAttrs),
    img: { ...(node.attrs as FigureAttrs).img, alt: result.values.alt! },
    caption: result.values.caption ?? '',
  };
  view.dispatch(view.state.tr.setNodeMarkup(pos, undefined, next));
}
