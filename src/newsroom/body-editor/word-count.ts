import type { Node as PMNode } from 'prosemirror-model';

/** Words per minute for the reading-time estimate: a common figure for news prose read on screen. */
export const WORDS_PER_MINUTE = 230;

const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+)*/gu;

/** Words in the body text (captions left out, as agency counts do). */
export function countWords(doc: PMNode): number {
  const text = doc.textBetween(0, doc.content.size, ' ', ' ');
  return text.match(WORD)?.length ?? 0;
}

export function countLabel(words: number): string {
  if (words === 0) return 'No words yet';
  const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
  return `${words.toLocaleString('en')} ${words === 1 ? 'word' : 'words'} · ${minutes} min read`;
}

/**
 * The count under the editor, updated as one types; screen readers hear it only after a pause in
 * typing (a second polite live region), not at every word.
 */
export class WordCount {
  readonly dom: HTMLElement;
  private readonly live: HTMLElement;
  private shown = '';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(id: string) {
    this.dom = document.createElement('p');
    this.dom.className = 'editor-count';
    this.dom.id = id;
    this.live = document.createElement('span');
    this.live.className = 'visually-hidden';
    this.live.setAttribute('aria-live', 'polite');
  }

  get liveRegion(): HTMLElement {
    return this.live;
  }

  update(doc: PMNode): void {
    const label = countLabel(countWords(doc));
    if (label === this.shown) return;
    const first = this.shown === '';
    this.shown = label;
    this.dom.textContent = label;
    if (first) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.live.textContent = label;
    }, 2500);
  }
}
