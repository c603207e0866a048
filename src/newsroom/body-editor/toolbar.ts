import { redo, undo } from 'prosemirror-history';
import type { Command, EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import {
  blockActive,
  figureSelected,
  inQuote,
  listActive,
  markActive,
  setParagraph,
  toggleEm,
  toggleHeading,
  toggleList,
  toggleQuote,
  toggleStrong,
} from './commands.ts';
import { schema } from './schema.ts';

export interface Tool {
  label: string;
  /** An editing command; it is also asked (dry run) whether the tool can act where the caret is. */
  command?: Command;
  /** Or: opens a dialog. */
  open?: (view: EditorView) => void;
  /** For a dialog tool: whether it can act where the caret is (enabled otherwise). */
  enabled?: (state: EditorState) => boolean;
  /** For toggles: whether it is on where the caret is (aria-pressed). */
  active?: (state: EditorState) => boolean;
  /** Shown as aria-keyshortcuts. */
  keys?: string;
}

const { nodes, marks } = schema;

/** The formatting tools; `link`, `image` and `details` open dialogs. */
export function formattingTools(dialogs: {
  link: (view: EditorView) => void;
  image: (view: EditorView) => void;
  details: (view: EditorView) => void;
}): Tool[] {
  return [
    {
      label: 'Paragraph',
      command: setParagraph,
      active: (s) => blockActive(s, nodes.paragraph),
      keys: 'Control+Alt+0',
    },
    {
      label: 'Heading',
      command: toggleHeading(2),
      active: (s) => blockActive(s, nodes.heading, 2),
      keys: 'Control+Alt+2',
    },
    {
      label: 'Subheading',
      command: toggleHeading(3),
      active: (s) => blockActive(s, nodes.heading, 3),
      keys: 'Control+Alt+3',
    },
    { label: 'Bold', command: toggleStrong, active: (s) => markActive(s, marks.strong), keys: 'Control+B' },
    { label: 'Italic', command: toggleEm, active: (s) => markActive(s, marks.em), keys: 'Control+I' },
    { label: 'Link', open: dialogs.link, active: (s) => markActive(s, marks.link), keys: 'Control+K' },
    {
      label: 'Bullets',
      command: toggleList(nodes.bullet_list),
      active: (s) => listActive(s, nodes.bullet_list),
      keys: 'Control+Shift+8',
    },
    {
      label: 'Numbers',
      command: toggleList(nodes.ordered_list),
      active: (s) => listActive(s, nodes.ordered_list),
      keys: 'Control+Shift+7',
    },
    { label: 'Quote', command: toggleQuote, active: inQuote },
    { label: 'Image', open: dialogs.image },
    { label: 'Alt text and caption', open: dialogs.details, enabled: figureSelected },
    { label: 'Undo', command: undo, keys: 'Control+Z' },
    { label: 'Redo', command: redo, keys: 'Control+Y' },
  ];
}

/**
 * A role=toolbar with one tab stop: arrow keys, Home and End move between buttons (WAI-ARIA
 * toolbar pattern). Toggles carry aria-pressed; a tool that cannot act here is aria-disabled (still
 * focusable, so it can be found and read).
 */
export class Toolbar {
  readonly dom: HTMLElement;
  private readonly buttons: HTMLButtonElement[] = [];

  constructor(
    private readonly view: () => EditorView,
    private readonly tools: Tool[],
    editorId: string,
  ) {
    this.dom = document.createElement('div');
    this.dom.className = 'editor-toolbar';
    this.dom.setAttribute('role', 'toolbar');
    this.dom.setAttribute('aria-label', 'Formatting');
    this.dom.setAttribute('aria-controls', editorId);
    for (const tool of tools) this.dom.append(this.button(tool));
    this.buttons[0]!.tabIndex = 0;
    this.dom.addEventListener('keydown', (e) => this.arrows(e));
  }

  private button(tool: Tool): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = tool.label;
    b.tabIndex = -1;
    if (tool.keys) b.setAttribute('aria-keyshortcuts', tool.keys);
    // The editor keeps its selection (and focus) when a button is pressed with the mouse.
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => {
      if (b.getAttribute('aria-disabled') === 'true') return;
      this.focusButton(b);
      const view = this.view();
      if (tool.command) {
        tool.command(view.state, view.dispatch, view);
        view.focus();
      } else {
        tool.open?.(view);
      }
    });
    this.buttons.push(b);
    return b;
  }

  private focusButton(b: HTMLButtonElement): void {
    for (const other of this.buttons) other.tabIndex = other === b ? 0 : -1;
  }

  private arrows(e: KeyboardEvent): void {
    const i = this.buttons.indexOf(e.target as HTMLButtonElement);
    if (i < 0) return;
    const n = this.buttons.length;
    const to = { ArrowRight: i + 1, ArrowLeft: i - 1 + n, Home: 0, End: n - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const b = this.buttons[to % n]!;
    this.focusButton(b);
    b.focus();
  }

  /** aria-pressed and aria-disabled from where the caret is now. */
  update(state: EditorState): void {
    this.tools.forEach((tool, i) => {
      const b = this.buttons[i]!;
      if (tool.active) b.setAttribute('aria-pressed', String(tool.active(state)));
      const enabled = tool.command
        ? tool.command(state, undefined, this.view())
        : (tool.enabled?.(state) ?? true);
      b.setAttribute('aria-disabled', String(!enabled));
    });
  }
}
