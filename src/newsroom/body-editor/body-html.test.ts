import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseHTML } from 'linkedom';
import { DOMParser as PMDOMParser, type Node as PMNode } from 'prosemirror-model';
import type { MediaRow } from '../../core/db/schema.ts';
import { sanitizeBody } from '../../core/sanitize.ts';
import { bodyImageHtml } from '../../media/media.render.tsx';
import { schema } from './schema.ts';
import { serializeBody } from './serialize.ts';
import { countLabel, countWords } from './word-count.ts';

/** Stored HTML into the editor's document, as the browser does it (here with linkedom's DOM). */
function parseBody(html: string): PMNode {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  return PMDOMParser.fromSchema(schema).parse(document.body as unknown as Node);
}

const roundTrip = (html: string) => serializeBody(parseBody(html));

function media(over: Partial<MediaRow>): MediaRow {
  return {
    id: 7,
    storage_key: '2025/06/ab12cd',
    original_name: 'tram.jpg',
    format: 'jpeg',
    width: 1600,
    height: 1000,
    bytes: 123_456,
    focal_x: 0.5,
    focal_y: 0.5,
    alt: 'A tram at a stop in central Sofia',
    caption: 'Trams today',
    created_by: 1,
    created_at: 0,
    ...over,
  };
}

/** What the editor writes is what the server keeps, and reading it back gives it again. */
function assertStable(html: string): void {
  assert.equal(sanitizeBody(html), html, 'the sanitiser keeps it unchanged');
  assert.equal(roundTrip(html), html, 'parse and serialise give it back byte for byte');
}

describe('body editor: stored HTML round trip', () => {
  it("keeps the media library's figure byte for byte, after the server's sanitiser", () => {
    for (const m of [
      media({}),
      media({ format: 'webp', caption: '' }),
      media({ format: 'png', alt: 'Chart: "yes" & <no>', caption: 'Source: NSI & Eurostat <2024>' }),
      media({ width: 800, height: 1200, caption: 'A caption with  two spaces' }),
    ]) {
      const stored = sanitizeBody(bodyImageHtml(m));
      assert.match(stored, /^<figure><picture>/);
      assertStable(stored);
    }
  });

  it('keeps every structure the editor can make byte for byte', () => {
    const figure = sanitizeBody(bodyImageHtml(media({})));
    const doc = [
      '<p>Plain, <strong>bold</strong>, <em>italic</em>, <strong><em>both</em></strong> and a <a href="https://example.org/a?b=1&amp;c=2" rel="noopener">link <strong>with bold</strong></a>.</p>',
      '<h2>Heading</h2>',
      '<h3>Subheading</h3>',
      '<h4>Imported h4</h4>',
      '<ul><li>One</li><li>Two<ul><li>Nested</li></ul></li><li>Three<p>Second paragraph</p></li></ul>',
      '<ol><li>First</li><li><a href="mailto:desk@example.org" rel="noopener">Mail</a></li></ol>',
      '<blockquote><p>Quoted words.</p><p>— Someone</p></blockquote>',
      figure,
      '<p>Line<br />break &amp; entities &lt;tags&gt; "quotes" \'apostrophes\' and\u00a0no-break space</p>',
      '<hr />',
      '<p><a href="/articles/12/local-link" title="A &quot;title&quot;" rel="noopener">Site link</a></p>',
    ].join('');
    assertStable(doc);
    assert.doesNotThrow(() => parseBody(doc).check());
  });

  it('brings other stored HTML to the canonical form once, and keeps it from then on', () => {
    const cases: [string, string][] = [
      ['<p>a</p>\n<p>b</p>', '<p>a</p><p>b</p>'],
      ['<p><b>bold</b> <i>it</i></p>', '<p><strong>bold</strong> <em>it</em></p>'],
      ['<ul><li><p>item</p></li></ul>', '<ul><li>item</li></ul>'],
      ['<p>  lots   of\n space  </p>', '<p>lots of space</p>'],
      ['<p></p><p> </p><h2></h2>', ''],
      ['<blockquote>bare quote</blockquote>', '<blockquote><p>bare quote</p></blockquote>'],
      [
        '<p>text <img src="/media/x/w480.jpg" alt="x"> more</p>',
        '<p>text</p><figure><img src="/media/x/w480.jpg" alt="x" /></figure><p>more</p>',
      ],
      [
        '<figure><img src="/media/y.jpg" alt="y"><figcaption>Cap\nline</figcaption></figure>',
        '<figure><img src="/media/y.jpg" alt="y" /><figcaption>Cap line</figcaption></figure>',
      ],
      ['<h1>Top</h1><h5>Small</h5>', '<h2>Top</h2><h4>Small</h4>'],
      [
        '<a href="https://x.org" rel="nofollow">bare link</a>',
        '<p><a href="https://x.org" rel="noopener">bare link</a></p>',
      ],
    ];
    for (const [input, canonical] of cases) {
      assert.equal(roundTrip(input), canonical, input);
      if (canonical) assertStable(canonical);
    }
  });

  it('cannot hold invalid nesting or unsafe addresses, whatever it is given', () => {
    const cases: [string, string][] = [
      ['<p><h2>heading in a paragraph</h2></p>', '<h2>heading in a paragraph</h2>'],
      ['<ul><p>paragraph in a list</p></ul>', '<ul><li>paragraph in a list</li></ul>'],
      ['<li>item without a list</li>', '<ul><li>item without a list</li></ul>'],
      ['<figcaption>caption alone</figcaption>', '<p>caption alone</p>'],
      ['<h2><ul><li>list in a heading</li></ul></h2>', '<ul><li>list in a heading</li></ul>'],
      ['<p><a href="javascript:alert(1)">js</a> <a href="//evil.example/">proto</a></p>', '<p>js proto</p>'],
      [
        '<figure><img src="data:image/png;base64,AAAA" alt="d"><figcaption>c</figcaption></figure>',
        '<p>c</p>',
      ],
      ['<p>ok<script>alert(1)</script><style>p{}</style></p>', '<p>ok</p>'],
      ['<table><tr><td>cell</td></tr></table>', '<p>cell</p>'],
    ];
    for (const [input, expected] of cases) {
      const doc = parseBody(input);
      assert.doesNotThrow(() => doc.check(), input);
      assert.equal(serializeBody(doc), expected, input);
      assertStable(expected);
    }
  });

  it('reaches a fixed point for any mix of the allowed tags, text and whitespace', () => {
    const words = fc.constantFrom(
      'a',
      'word',
      ' ',
      '  ',
      '\n',
      '&amp;',
      '&lt;',
      '"q"',
      "'",
      '\u00a0',
      'é',
      '>',
      'x y',
    );
    const inline: fc.Arbitrary<string> = fc.letrec((tie) => ({
      node: fc.oneof(
        { weight: 4, arbitrary: words },
        { weight: 1, arbitrary: fc.constant('<br>') },
        { weight: 1, arbitrary: tie('node').map((c) => `<strong>${c}</strong>`) },
        { weight: 1, arbitrary: tie('node').map((c) => `<em>${c}</em>`) },
        { weight: 1, arbitrary: tie('node').map((c) => `<a href="https://e.org/?a=1&amp;b">${c}</a>`) },
      ),
    })).node;
    const run = fc.array(inline, { maxLength: 5 }).map((xs) => xs.join(''));
    const block = fc.oneof(
      run.map((t) => `<p>${t}</p>`),
      run.map((t) => `<h2>${t}</h2>`),
      fc
        .array(run, { minLength: 1, maxLength: 3 })
        .map((items) => `<ul>${items.map((i) => `<li>${i}</li>`).join('')}</ul>`),
      run.map((t) => `<blockquote><p>${t}</p></blockquote>`),
      fc.constant(
        '<figure><img src="/media/k/w480.jpg" alt="a &quot;b&quot;"><figcaption>c &amp; d</figcaption></figure>',
      ),
      fc.constant('<hr>'),
      run,
    );
    fc.assert(
      fc.property(fc.array(block, { maxLength: 6 }), (blocks) => {
        const once = roundTrip(blocks.join(''));
        assert.equal(roundTrip(once), once);
        assert.equal(sanitizeBody(once), once);
      }),
      { seed: 20_250_611, numRuns: 500 },
    );
  });
});

describe('body editor: word count', () => {
  it('counts words in the text, not in captions, and estimates reading time at 230 a minute', () => {
    const doc = parseBody(
      '<p>It\'s the 3.5% rise — in U.S. terms — and well-known.</p><figure><img src="/media/a.jpg" alt="x"><figcaption>Not counted here</figcaption></figure><ul><li>One more</li></ul>',
    );
    assert.equal(countWords(doc), 11);
    assert.equal(countLabel(0), 'No words yet');
    assert.equal(countLabel(1), '1 word · 1 min read');
    assert.equal(countLabel(690), '690 words · 3 min read');
    assert.equal(countLabel(1200), '1,200 words · 5 min read');
  });
});
