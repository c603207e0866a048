import type { FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { positiveInt32 } from '../core/numbers.ts';
import { renderPage } from '../render/render.ts';

/** Send a rendered page. */
export function sendPage(reply: FastifyReply, vnode: VNode, status = 200): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(renderPage(vnode));
}

/** A row id from a path or form: plain decimal within int32 (beyond it PostgreSQL errors), else undefined (a 404). */
export function parseId(raw: unknown): number | undefined {
  return positiveInt32(raw);
}

/** First value of a query parameter, as a string, or undefined. Arrays and objects are refused by the caller. */
export function queryString(q: unknown, key: string): unknown {
  if (!q || typeof q !== 'object') return undefined;
  return (q as Record<string, unknown>)[key];
}

/** API clients and scripts (fetch with Accept: application/json) get JSON; browsers get pages. */
export function wantsJson(req: FastifyRequest): boolean {
  if (req.url.startsWith('/api/')) return true;
  const accept = req.headers.accept ?? '';
  return accept.includes('application/json') && !accept.includes('text/html');
}
