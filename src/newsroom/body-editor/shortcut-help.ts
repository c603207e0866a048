import { SHORTCUTS } from './commands.ts';

const MAC = /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** "Mod-Alt-2" as this keyboard labels it: Ctrl+Alt+2, or ⌘+Option+2 on a Mac. */
export function keyLabel(keys: string): string {
  return keys
    .split('-')
    .map((k) => {
      if (k === 'Mod') return MAC ? '⌘' : 'Ctrl';
      if (k === 'Alt') return MAC ? 'Option' : 'Alt';
      return k.length === 1 ? k.toUpperCase() : k;
    })
    .join('+');
}

/** The shortcuts, folded away under the editor until asked for. */
export function shortcutHelp(id: string): HTMLDetailsElement {
  const details = document.createElement('details');
  details.className = 'editor-help';
  details.id = id;
  const summary = document.createElement('summary');
  summary.textContent = 'Keyboard shortcuts';
  const list = document.createElement('dl');
  for (const s of SHORTCUTS) {
    const dt = document.createElement('dt');
    const kbd = document.createElement('kbd');
    kbd.textContent = keyLabel(s.keys);
    dt.append(kbd);
    const dd = document.createElement('dd');
    dd.textContent = s.what;
    list.append(dt, dd);
  }
  const tip = document.createElement('p');
  tip.textContent =
    'Typing "## " starts a heading, "* " a bulleted list, "1. " a numbered list and "> " a quote. Enter on an empty list item ends the list. Tab and Shift+Tab indent list items.';
  details.append(summary, list, tip);
  return details;
}
