import type { FastifyReply } from 'fastify';
import type { VNode } from 'preact';
import { renderPage } from '../render/render.ts';

/** Send a rendered page. */
export function sendPage(reply: FastifyReply, vnode: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderPage(vnode));
}

const ID = /^[1-9][0-9]{0,9}$/;
export function parseId(raw: string): number | undefined {
  return ID.test(raw) ? Number(raw) : undefined;
}

/** First value of a query parameter, as a string, or undefined. Arrays and objects are refused by the caller. */
export function queryString(q: unknown, key: string): unknown {
  if (!q || typeof q !== 'object') return undefined;
  return (q as Record<string, unknown>)[key];
}
