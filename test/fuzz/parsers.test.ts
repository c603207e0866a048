import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { articleContentSchema, articleInputSchema } from '../../src/articles/articles.schema.ts';
import { ConfigError, loadConfig } from '../../src/core/config.ts';
import { encodeCursor, parseCursor } from '../../src/core/cursor.ts';
import { BadRequestError } from '../../src/core/errors.ts';
import { plainText, sanitizeBody } from '../../src/core/sanitize.ts';
import { formValues } from '../../src/http/forms.ts';
import { parseId, queryString } from '../../src/http/html.ts';
import { parseLastEventId } from '../../src/live/last-event-id.ts';
import { MAX_QUERY_CHARS, parseQuery, QueryError, toFts5, toTsquery } from '../../src/search/query.ts';
import { SearchService } from '../../src/search/search.service.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { testDialects } from '../support/databases.ts';
import { articleForm, idFromLocation, NewsroomClient } from '../support/newsroom.ts';

/**
 * Property-based fuzzing of every parser that reads request (or environment) input: each returns
 * a value or its own clear error, never anything else, and the numbers it lets through fit the
 * columns they are compared with. The seed is fixed so every run tries the same inputs; a failure
 * prints fast-check's seed, path and counterexample. FUZZ_SEED=<n> tries other inputs and
 * FUZZ_RUNS=<n> runs longer.
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_241_018);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const runs = (numRuns = RUNS) => ({ seed: SEED, numRuns, includeErrorInReport: true });

// Stated here rather than imported, so the tests do not take the limits from the code they check.
const INT32_MAX = 2_147_483_647;
const YEAR_10000 = Date.UTC(10000, 0, 1);
const isId = (n: unknown) => Number.isInteger(n) && (n as number) >= 1 && (n as number) <= INT32_MAX;

/** Characters that matter to the parsers, any code point, and lone surrogate halves. */
const char = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'0123456789azAZ-_*"\' %&=?/.#+:,;()[]{}<>\\\t\n\0') },
  { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c)) },
);
const text = (maxLength = 40) => fc.string({ unit: char, maxLength });

/** Numbers as requests spell them: ids, the int32 and safe-integer edges, and odd spellings. */
const numberLike = fc.oneof(
  fc.integer({ min: 1, max: INT32_MAX }).map(String),
  fc.integer({ min: INT32_MAX - 3, max: INT32_MAX + 3 }).map(String),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
  fc.constantFrom(
    '0',
    '00',
    '01',
    '-1',
    '+1',
    '1e3',
    '0x10',
    ' 1',
    '1 ',
    '1.0',
    '1_000',
    '９',
    '9007199254740993',
  ),
);

const BASE36 = [...'0123456789abcdefghijklmnopqrstuvwxyz'];
const base36 = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...BASE36), minLength: 1, maxLength });
/** Listing cursors: ours, near-ours (too long, out of range) and anything. */
const listingCursor = fc.oneof(
  fc.tuple(base36(11), base36(9)).map(([t, id]) => `${t}-${id}`),
  fc.tuple(base36(13), base36(11)).map(([t, id]) => `${t}-${id}`),
  fc
    .record({
      publishedAt: fc.integer({ min: 0, max: YEAR_10000 }),
      id: fc.integer({ min: 1, max: INT32_MAX }),
    })
    .map(encodeCursor),
  fc.constantFrom(
    '1-zzzzzzzzz',
    `1-${(INT32_MAX + 1).toString(36)}`,
    'zzzzzzzzzzz-1',
    '0-0',
    '-',
    '1-',
    '-1',
  ),
  text(30),
);

describe('fuzzing the input parsers', () => {
  it('parseId: an int32 id for its one decimal spelling, undefined for anything else', () => {
    fc.assert(
      fc.property(fc.oneof(numberLike, text(), fc.anything()), (raw) => {
        const id = parseId(raw);
        return id === undefined || (isId(id) && String(id) === raw);
      }),
      runs(),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: INT32_MAX }), (n) => parseId(String(n)) === n),
      runs(),
    );
    assert.equal(parseId('2147483647'), INT32_MAX);
    assert.equal(parseId('2147483648'), undefined, 'beyond int32: PostgreSQL would error');
  });

  it('parseCursor: undefined, an in-range cursor, or a 400; ours read back unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(listingCursor, fc.anything()), (raw) => {
        try {
          const c = parseCursor(raw);
          if (c === undefined) return raw === undefined || raw === '';
          return (
            isId(c.id) && Number.isInteger(c.publishedAt) && c.publishedAt >= 0 && c.publishedAt < YEAR_10000
          );
        } catch (err) {
          return err instanceof BadRequestError;
        }
      }),
      runs(),
    );
    fc.assert(
      fc.property(
        fc.record({
          publishedAt: fc.integer({ min: 0, max: YEAR_10000 - 1 }),
          id: fc.integer({ min: 1, max: INT32_MAX }),
        }),
        (c) => assert.deepEqual(parseCursor(encodeCursor(c)), { publishedAt: c.publishedAt, id: c.id }),
      ),
      runs(),
    );
    assert.throws(() => parseCursor('1-zzzzzzzzz'), BadRequestError);
    assert.throws(() => parseCursor('zzzzzzzzzzz-1'), BadRequestError, 'a time beyond year 9999');
  });

  it('queryString and formValues never throw and keep to their limits', () => {
    const key = fc.oneof(
      fc.constantFrom('q', 'before', 'value', 'tags', '__proto__', 'constructor', 'toString', 'length', '0'),
      text(12),
    );
    const field = fc.oneof(
      fc.anything(),
      fc.anything().map((value) => ({ value })),
      text(),
      fc.array(fc.oneof(text(), fc.anything()), { maxLength: 40 }),
    );
    const body = fc.oneof(
      fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true }),
      fc.dictionary(key, field),
      fc.dictionary(key, field).map((d) => Object.assign(Object.create(null) as object, d)),
    );
    fc.assert(
      fc.property(body, key, (b, k) => {
        const q = queryString(b, k);
        if (b && typeof b === 'object' && Object.hasOwn(b, k))
          assert.equal(q, (b as Record<string, unknown>)[k]);
        // The form reader every newsroom form goes through: text only, bounded, no CSRF token.
        const values = formValues(b);
        assert.ok(Object.keys(values).length <= 100 && !('_csrf' in values));
        for (const v of Object.values(values)) {
          const list = Array.isArray(v) ? v : [v];
          assert.ok(list.length <= 100 && list.every((x) => typeof x === 'string' && x.length <= 200_000));
        }
      }),
      runs(),
    );
  });

  it('parseQuery: a ParsedQuery of letters and digits only, or QueryError for an over-long query', () => {
    const word = fc.oneof(
      fc.constantFrom(
        'ukraine',
        'north',
        'korea',
        'ukrain',
        'Ünïcödé',
        'naïve',
        '東京',
        'ß',
        'İstanbul',
        'ﬁnance',
      ),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 50 }),
      // Long words of letters outside the BMP, where a cut can fall between two halves of a pair.
      fc.string({ unit: fc.constantFrom('𠀀', '𠀀', 'a', 'é', '𝒜'), minLength: 20, maxLength: 45 }),
    );
    const syntax = fc.constantFrom(
      '"',
      '*',
      ' ',
      'AND',
      'OR',
      'NOT',
      '-',
      '(',
      ')',
      ':',
      "'",
      '^',
      'NEAR(',
      '\\',
      '&',
      '|',
      '!',
      '<->',
      ':*',
    );
    const query = fc.oneof(
      text(MAX_QUERY_CHARS + 50),
      word,
      fc.array(fc.oneof(word, syntax), { maxLength: 8 }).map((p) => p.join(' ')),
      fc.array(fc.oneof(word, syntax), { maxLength: 8 }).map((p) => p.join('')),
      // Long enough to pass the limit now and then.
      fc.array(fc.oneof(word, syntax), { maxLength: 40 }).map((p) => p.join(' ')),
    );
    const WORD = /^[\p{L}\p{N}]+$/u;
    fc.assert(
      fc.property(query, (raw) => {
        let q: ReturnType<typeof parseQuery>;
        try {
          q = parseQuery(raw);
        } catch (err) {
          return err instanceof QueryError && raw.length > MAX_QUERY_CHARS;
        }
        assert.ok(q.clauses.length <= 8);
        for (const c of q.clauses) {
          const words = c.kind === 'term' ? [c.word] : c.words;
          if (c.kind === 'phrase') assert.ok(words.length >= 2 && words.length <= 6);
          // Whole characters only: half a surrogate pair is not a letter.
          for (const w of words) assert.match(w, WORD, JSON.stringify(w));
          for (const w of words) assert.ok([...w].length <= 40);
        }
        assert.equal(
          q.words.length,
          q.clauses.reduce((n, c) => n + (c.kind === 'term' ? 1 : c.words.length), 0),
        );
        // The engines' syntax around words and nothing else, so no query is an injection or a syntax error.
        const fts = toFts5(q)
          .split(' AND ')
          .filter(Boolean)
          .every((p) => /^"[\p{L}\p{N}]+( [\p{L}\p{N}]+)*"\*?$/u.test(p));
        const ts = toTsquery(q)
          .split(' & ')
          .filter(Boolean)
          .every((p) => /^('[\p{L}\p{N}]+'(:\*)?|\('[\p{L}\p{N}]+'( <-> '[\p{L}\p{N}]+')+\))$/u.test(p));
        return fts && ts;
      }),
      runs(),
    );
  });

  it('article schemas: safeParse never throws, and what it accepts fits the columns', () => {
    const num = fc.oneof(
      fc.integer(),
      fc.integer({ min: INT32_MAX - 2, max: INT32_MAX + 2 }),
      fc.maxSafeInteger(),
      fc.double(),
      fc.constantFrom(YEAR_10000 - 1, YEAR_10000, 8.64e15 + 1, 2 ** 53),
    );
    const str = fc.oneof(text(), fc.constantFrom('politics', 'world', 'staff', 'published', 'draft'));
    const nearlyValid = fc.record(
      {
        headline: str,
        place: str,
        lede: str,
        body: str,
        section: str,
        tags: fc.array(str, { maxLength: 22 }),
        authors: fc.array(str, { maxLength: 12 }),
        kind: str,
        breaking: fc.oneof(fc.boolean(), fc.anything()),
        leadImage: fc.oneof(num, fc.constant(null), fc.anything()),
        status: str,
        publishedAt: fc.oneof(num, fc.anything()),
        viewCount: fc.oneof(num, fc.anything()),
      },
      { requiredKeys: [] },
    );
    const input = fc.oneof(nearlyValid, fc.anything(), fc.jsonValue());
    fc.assert(
      fc.property(input, (value) => {
        const content = articleContentSchema.safeParse(value);
        if (content.success) {
          const lead = content.data.leadImage;
          assert.ok(lead == null || isId(lead), `leadImage ${lead}`);
        }
        const full = articleInputSchema.safeParse(value);
        if (full.success) {
          const { leadImage, publishedAt, viewCount } = full.data;
          assert.ok(leadImage == null || isId(leadImage), `leadImage ${leadImage}`);
          assert.ok(publishedAt === undefined || publishedAt < YEAR_10000, `publishedAt ${publishedAt}`);
          assert.ok(viewCount === undefined || viewCount <= INT32_MAX, `viewCount ${viewCount}`);
        }
      }),
      runs(),
    );
  });

  it('loadConfig: a Config or a ConfigError naming the variable, for any environment', () => {
    const KEYS = [
      'PORT',
      'HOST',
      'DATELINE_DATA_DIR',
      'DATABASE_URL',
      'REDIS_URL',
      'REDIS_PREFIX',
      'SMTP_URL',
      'SITE_URL',
      'SITE_NAME',
      'SITE_TIMEZONE',
      'NEWSROOM_EMAIL',
      'LOG_LEVEL',
      'VIEW_FLUSH_SECONDS',
      'VIEW_COUNTING',
      'PAGE_CACHE_MB',
      'VARNISH_URL',
      'METRICS_TOKEN',
      'SHED_LOAD_AFTER_MS',
    ];
    const value = fc.oneof(
      text(60),
      numberLike,
      fc.constantFrom(
        '',
        ' ',
        '-1',
        '65536',
        'NaN',
        'Infinity',
        '1e3',
        'UTC',
        'Europe/Sofia',
        'Mars/Olympus',
        'http://x',
        'http://localhost:3000/',
        'https://news.example.com///',
        'mailto:a@b',
        'file:///',
        'http://[::1]:3000',
        'postgres://u:p@h/db',
        'redis://h:6379',
        'http://a,http://b',
        'beacon',
        'silent',
        'a'.repeat(16),
      ),
    );
    const env = fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), text(10)), value, { maxKeys: 8 });
    fc.assert(
      fc.property(env, (e) => {
        let config: ReturnType<typeof loadConfig>;
        try {
          config = loadConfig(e);
        } catch (err) {
          return err instanceof ConfigError && /Invalid configuration:\n {2}\S/.test(err.message);
        }
        // What the app builds from the config must work too: links, the listening port.
        assert.doesNotThrow(() => new URL(`${config.siteUrl}/articles/1`), config.siteUrl);
        assert.ok(Number.isInteger(config.port) && config.port >= 0 && config.port <= 65535);
        return true;
      }),
      runs(),
    );
  });

  it('plainText and sanitizeBody: no NUL or other control character survives into stored text', () => {
    const html = fc.oneof(
      text(80),
      fc
        .array(
          fc.oneof(
            text(10),
            fc.constantFrom('<p>', '</p>', '<a href="http://x/', '">', '&#0;', '&#x0;', '&amp;', '<b>'),
          ),
          {
            maxLength: 12,
          },
        )
        .map((p) => p.join('')),
    );
    fc.assert(
      fc.property(html, (raw) => {
        assert.doesNotMatch(sanitizeBody(raw), /\0/);
        assert.doesNotMatch(plainText(raw), /(?!\s)\p{Cc}/u);
      }),
      runs(),
    );
  });

  it('parseLastEventId: a safe integer or undefined, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(numberLike, text(), fc.anything()), (raw) => {
        const id = parseLastEventId(raw);
        return id === undefined || (Number.isSafeInteger(id) && id >= 0);
      }),
      runs(),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: YEAR_10000 }), (ms) => parseLastEventId(String(ms)) === ms),
      runs(),
    );
  });
});

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v) ?? '').toString('base64url');
/** The numbers a search cursor carries, as far as it can be read: to check what was accepted. */
function peek(raw: string): { t?: unknown; i?: unknown } | undefined {
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as unknown;
    return v && typeof v === 'object' ? (v as { t?: unknown; i?: unknown }) : undefined;
  } catch {
    return undefined;
  }
}

const searchCursor = (() => {
  const n = fc.oneof(
    fc.integer(),
    fc.integer({ min: INT32_MAX - 2, max: INT32_MAX + 2 }),
    fc.maxSafeInteger(),
    fc.double(),
    fc.integer({ min: 0, max: YEAR_10000 + 1000 }),
    fc.constantFrom(0, -1, 1e300, YEAR_10000),
    fc.anything(),
  );
  return fc.oneof(
    fc.record({ t: n, s: n, i: n }, { requiredKeys: [] }).map(b64),
    fc
      .record({
        t: fc.integer({ min: 0, max: Date.now() }),
        s: fc.double({ noNaN: true, min: 0, max: 100 }),
        i: fc.integer({ min: 1, max: 200 }),
      })
      .map(b64),
    fc.jsonValue().map(b64),
    text(60),
    fc.string({ unit: fc.constantFrom(...'ABCDEFabcdef0123456789-_='), maxLength: 210 }),
  );
})();

const ALLOWED = new Set([200, 204, 301, 302, 304, 400, 404, 410]);
/**
 * What the app answers (400) when the database itself refuses a value (out of int32 range, not a
 * number): a safety net, not an answer. Range checks must turn such input away before SQL.
 */
const REFUSED_BY_DATABASE = /value in the request is (out of range|not valid)/;
function assertAnswered(res: { statusCode: number; body: string }, allowed: Set<number>, what: string) {
  const why = `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`;
  assert.ok(allowed.has(res.statusCode), why);
  assert.doesNotMatch(res.body, REFUSED_BY_DATABASE, why);
}

for (const dialect of testDialects()) {
  describe(`fuzzing search and public pages on ${dialect}`, () => {
    let t: TestApp;
    before(async () => {
      // Beacon counting, so view ids from requests reach the database (at the flush) too; no load
      // shedding, as a busy test machine would answer 503 where the parsers are under test.
      t = await startTestApp(dialect, { env: { VIEW_COUNTING: 'beacon', SHED_LOAD_AFTER_MS: '0' } });
    });
    after(async () => {
      await t?.close();
    });

    it('SearchService.search with any cursor: results, or a 400 for a link that is not ours', async () => {
      const search = new SearchService(t.db.db);
      const first = await search.search({ q: 'bulgaria', limit: 2 });
      assert.ok(first.next, 'the demo has more than two matches');
      const mutated = fc
        .tuple(fc.nat(first.next.length - 1), fc.constantFrom(...'AZaz09-_'))
        .map(([at, c]) => `${first.next!.slice(0, at)}${c}${first.next!.slice(at + 1)}`);
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(searchCursor, mutated),
          fc.constantFrom('bulgaria', 'government prices', '"energy prices"', 'ukrain*'),
          async (cursor, q) => {
            try {
              const res = await search.search({ q, cursor, limit: 3 });
              assert.ok(Array.isArray(res.results) && res.results.length <= 3);
              // Accepted: its numbers are a time that can be shown as a date and an int32 id.
              if (cursor === '') return true; // no cursor: the first page
              const c = peek(cursor);
              assert.ok(
                c && Number.isInteger(c.t) && (c.t as number) >= 0 && (c.t as number) < YEAR_10000,
                cursor,
              );
              assert.ok(isId(c.i), cursor);
              return true;
            } catch (err) {
              if (err instanceof BadRequestError) return true;
              throw err;
            }
          },
        ),
        runs(),
      );
      const tooFar = b64({ t: YEAR_10000, s: 1, i: 1 });
      await assert.rejects(search.search({ q: 'bulgaria', cursor: tooFar }), BadRequestError);
      await assert.rejects(
        search.search({ q: 'bulgaria', cursor: b64({ t: 0, s: 1, i: INT32_MAX + 1 }) }),
        BadRequestError,
      );
    });

    it('public pages answer any path and query without a 500', async () => {
      // Lone surrogates cannot be percent-encoded as UTF-8: sent as U+FFFD (raw bad bytes come from `segment`).
      const enc = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udfff]/gu, '\ufffd'));
      // Raw query text as a browser or a script might send it, % and all (only & and # are structure).
      const raw = text(30).map((s) => s.replace(/[&#\s]/g, '').replace(/[^\x21-\x7e]/g, (c) => enc(c)));
      const value = fc.oneof(text(40).map(enc), raw, numberLike, listingCursor.map(enc), searchCursor);
      const segment = fc.oneof(
        text(30).map(enc),
        numberLike,
        fc.constantFrom(
          '..',
          '%',
          '%zz',
          '%00',
          '%2F',
          '%E0%A4%A',
          '%ED%A0%80',
          '%C0%AF',
          '2024',
          '10',
          '01',
          '00',
          '13',
          '29',
          '31',
          '1899',
          '2201',
          '9999',
          '0000',
        ),
        fc.integer({ min: 1890, max: 2210 }).map(String),
        fc.integer({ min: 0, max: 40 }).map((n) => String(n).padStart(2, '0')),
      );
      const words = fc.constantFrom(
        'bulgaria',
        'government',
        'energy prices',
        '"budget vote"',
        'ukrain*',
        'x',
      );
      const ymd = fc.oneof(
        fc
          .tuple(
            fc.integer({ min: 1899, max: 2201 }),
            fc.integer({ min: 0, max: 13 }),
            fc.integer({ min: 0, max: 32 }),
          )
          .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`),
        value,
      );
      const apiSearch = fc
        .record(
          {
            q: fc.oneof(words, value),
            after: value,
            limit: fc.oneof(numberLike, value),
            from: ymd,
            to: ymd,
            section: fc.oneof(fc.constantFrom('world', 'politics', 'nope'), value),
            tag: value,
          },
          { requiredKeys: [] },
        )
        .map(
          (r) =>
            `/api/content/v1/search?${Object.entries(r)
              .map(([k, v]) => `${k}=${v}`)
              .join('&')}`,
        );
      const get = fc.oneof(
        segment.map((x) => `/articles/${x}`),
        fc.tuple(numberLike, segment).map(([id, slug]) => `/articles/${id}/${slug}`),
        value.map((x) => `/?before=${x}`),
        value.map((x) => `/sections/world?before=${x}`),
        fc.tuple(fc.oneof(words, value), value).map(([q, a]) => `/search?q=${q}&after=${a}`),
        fc
          .tuple(fc.oneof(words, value), value)
          .map(([q, a]) => `/search?q=${q}&q=${a}&after=${a}&after=${q}`),
        fc.tuple(segment, segment).map(([y, m]) => `/archive/${y}/${m}`),
        fc
          .tuple(segment, segment, segment, value)
          .map(([y, m, d, b]) => `/archive/${y}/${m}/${d}?before=${b}`),
        fc.tuple(segment, segment).map(([y, m]) => `/sitemaps/articles-${y}-${m}.xml`),
        apiSearch,
      );
      const request = fc.oneof(
        { weight: 9, arbitrary: get.map((url) => ({ method: 'GET' as const, url })) },
        { weight: 1, arbitrary: segment.map((x) => ({ method: 'POST' as const, url: `/views/${x}` })) },
      );
      let n = 0;
      await fc.assert(
        fc.asyncProperty(request, async ({ method, url }) => {
          const res = await t.app.inject({
            method,
            url,
            headers: { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' },
            // One address per request, so the beacon's rate limit does not answer 429.
            remoteAddress: `10.0.${(n >> 8) & 255}.${n++ & 255}`,
          });
          assertAnswered(res, ALLOWED, `${method} ${url}`);
        }),
        runs(Math.ceil(RUNS * 0.8)),
      );
      // Ids and cursors just beyond int32 and year 9999: PostgreSQL would refuse them.
      for (const [url, status] of [
        ['/articles/2147483648', 404],
        ['/articles/2147483648/a-slug', 404],
        ['/sections/world?before=1-zzzzzzzzz', 400],
        ['/archive/2024/10?before=zzzzzzzzzzz-1', 400],
        [`/search?q=bulgaria&after=${b64({ t: YEAR_10000, s: 1, i: 1 })}`, 400],
        [`/api/content/v1/search?q=bulgaria&after=${b64({ t: 1, s: 1, i: INT32_MAX + 1 })}`, 400],
        // A month without articles is an empty sitemap (the library refused to write one: a 500).
        ['/sitemaps/articles-2000-01.xml', 200],
      ] as const) {
        const res = await t.app.inject(url);
        assert.equal(res.statusCode, status, `${url}: ${res.body.slice(0, 300)}`);
        assert.doesNotMatch(res.body, REFUSED_BY_DATABASE, url);
      }
      // Counted view ids reach SQL at the flush: one out of range would fail every flush from then on.
      await t.ctx.views.flush();
      assert.equal((await t.app.inject({ method: 'POST', url: '/views/2147483648' })).statusCode, 404);
    });

    it('newsroom forms and the admin API take any id, version and text without a 500', async () => {
      const u = await NewsroomClient.user(t.ctx, 'editor');
      const c = new NewsroomClient(t.app);
      await c.login(u.email, u.password);
      const id = idFromLocation(await c.post('/newsroom/articles', articleForm()));
      const token = (await t.ctx.accounts.createApiToken(u.id, 'fuzz')).token;
      // Text fields too: a NUL byte, say, is refused by PostgreSQL in any text column.
      const fields = fc.record(
        {
          headline: text(),
          place: text(),
          lede: text(),
          body: text(),
          tags: text(),
          section: text(),
          kind: text(),
          at: text(),
          authors: fc.array(fc.oneof(text(), fc.constant('nadia-kostova')), { maxLength: 3 }),
        },
        { requiredKeys: [] },
      );
      const form = fc.tuple(
        fc.oneof(numberLike, text(12)),
        fc.constantFrom('', '/autosave', '/transition', '/restore'),
        fc.oneof(numberLike, text(12)),
        fields,
        fc.oneof(fc.constantFrom('submit', 'schedule', 'publish', 'unpublish', 'return'), text(12)),
      );
      await fc.assert(
        fc.asyncProperty(form, async ([version, path, other, typed, action]) => {
          const res = await c.post(`/newsroom/articles/${id}${path}`, {
            ...articleForm({ lead_image: other, ...typed }),
            version,
            action,
            revision: other,
          });
          assertAnswered(
            res,
            new Set([200, 303, 404, 409, 422]),
            `${path} ${JSON.stringify({ version, other, action, ...typed })}`,
          );
        }),
        runs(Math.ceil(RUNS / 10)),
      );
      const num = fc.oneof(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: INT32_MAX - 2, max: INT32_MAX + 2 }),
        fc.maxSafeInteger(),
        fc.double(),
        fc.anything(),
      );
      const api = fc.tuple(
        fc.oneof(fc.constant(String(id)), numberLike),
        fc.constantFrom('', '/publish', '/unpublish'),
        num,
        num,
        fc.record({
          headline: fc.oneof(fc.constant('Budget passes'), text()),
          place: text(),
          tags: fc.array(text(), { maxLength: 3 }),
        }),
      );
      await fc.assert(
        fc.asyncProperty(api, async ([target, action, version, leadImage, { headline, place, tags }]) => {
          const res = await t.app.inject({
            method: action ? 'POST' : 'PUT',
            url: `/api/admin/v1/articles/${target}${action}`,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            payload: JSON.stringify({
              ...(action ? {} : { headline, place, tags, section: 'politics', leadImage }),
              version,
            }),
          });
          assertAnswered(
            res,
            new Set([200, 400, 404, 409, 422]),
            `${target}${action} ${JSON.stringify({ version, leadImage, headline, place, tags })}`,
          );
        }),
        runs(Math.ceil(RUNS / 5)),
      );
    });
  });
}
