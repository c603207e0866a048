import type { VNode } from 'preact';
import { renderToString } from 'preact-render-to-string';

/** Server-side HTML. Preact escapes every text child and attribute; only sanitised bodies use raw HTML. */
export function renderPage(vnode: VNode): string {
  return `<!DOCTYPE html>${renderToString(vnode)}`;
}
