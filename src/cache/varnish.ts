import { redactUrl } from '../core/config.ts';
import type { PurgeTarget } from './invalidation.ts';

const TIMEOUT_MS = 2000;
/** Keys are made by invalidation.ts: letters, digits and colons. */
const KEY = /^[a-z]+(:\d+)?$/;

/**
 * Purges Varnish by surrogate key. Each purge is one BAN request per Varnish server carrying a
 * regular expression over the Surrogate-Key header that the pages were stored with; the VCL in
 * deploy/varnish/dateline.vcl turns it into a ban, which Varnish applies to every later lookup, so
 * the next request after the purge is answered by Dateline.
 */
export class VarnishPurger implements PurgeTarget {
  constructor(
    private readonly urls: string[],
    private readonly log: { error(obj: object, msg: string): void },
  ) {}

  purge(keys: string[]): Promise<void> {
    const valid = [...new Set(keys)].filter((k) => KEY.test(k));
    if (!valid.length) return Promise.resolve();
    // No spaces in the expression (the VCL passes it on as one token): [[:space:]] stands for one.
    return this.send({ 'dateline-purge-keys': `(^|[[:space:]])(${valid.join('|')})([[:space:]]|$)` });
  }

  clear(): Promise<void> {
    return this.send({ 'dateline-purge-all': '1' });
  }

  private async send(headers: Record<string, string>): Promise<void> {
    await Promise.all(
      this.urls.map(async (url) => {
        try {
          const res = await fetch(`${url}/`, {
            method: 'BAN',
            headers,
            signal: AbortSignal.timeout(TIMEOUT_MS),
          });
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
        } catch (err) {
          // Pages there stay until their s-maxage runs out; say so loudly.
          this.log.error({ varnish: redactUrl(url), err: (err as Error).message }, 'Varnish purge failed');
        }
      }),
    );
  }
}
