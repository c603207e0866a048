import type { IncomingMessage } from 'node:http';
import proxyAddr from '@fastify/proxy-addr';
import type { Config } from '../core/config.ts';

export type TrustFunction = (address: string, hop: number) => boolean;

/**
 * Which hops may name the client (TRUST_PROXY): the nearest `n` proxies, or proxies at the listed
 * addresses. The same function serves Fastify (req.ip) and the page cache's fast path, which
 * answers before Fastify sees the request, so both agree on who the reader is.
 */
export function trustFunction(trust: Config['trustProxy']): TrustFunction | false {
  if (trust === false) return false;
  if (typeof trust === 'number') return (_address, hop) => hop < trust;
  return proxyAddr.compile(trust);
}

/** The client's address as Fastify's req.ip would give it, from a raw request. */
export function clientAddressOf(trust: TrustFunction | false): (req: IncomingMessage) => string | undefined {
  if (!trust) return (req) => req.socket.remoteAddress;
  return (req) => (req.socket.remoteAddress ? proxyAddr(req, trust) : undefined);
}
