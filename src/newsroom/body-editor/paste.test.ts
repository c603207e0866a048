import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { DOMParser as PMDOMParser } from 'prosemirror-model';
import { packagePath } from '../../core/paths.ts';
import { sanitizeBody } from '../../core/sanitize.ts';
import { type CleanResult, cleanPasted, inertStyles } from './paste.ts';
import { schema } from './schema.ts';
import { serializeBody } from './serialize.ts';

const ORIGIN = 'https://dateline.example';
const fixture = (name: string) => fs.readFileSync(packagePath('test/support/paste', name), 'utf8');

/** The cleaner as the editor runs it on a paste, over linkedom's DOM instead of the browser's. */
function clean(html: string): CleanResult {
  const parse = (h: string) => {
    const page = /<html/i.test(h) ? h : `<!doctype html><html><body>${h}</body></html>`;
    return parseHTML(page).document.body as unknown as HTMLElement;
  };
  return cleanPasted(html, parse, ORIGIN);
}

/** Cleaned, then read by the schema and written as the body the server stores. */
function pasted(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${clean(html).html}</body></html>`);
  return serializeBody(PMDOMParser.fromSchema(schema).parse(document.body as unknown as Node));
}

describe('body editor: paste cleaning', () => {
  it('turns a Word paste into headings, paragraphs, real lists, bold, italic and links only', () => {
    const word = fixture('word.html');
    const result = clean(word);
    assert.doesNotMatch(result.html, /Mso|class=|style=|<o:p|<span|mso-|<!--|lang=|<u>|_GoBack/);
    assert.equal(result.droppedImages, 1, "Word's file:// image is left out");
    const body = pasted(word);
    assert.equal(
      body,
      [
        '<h2>Council backs the tram line</h2>',
        '<p>Councillors voted <strong>41 to 12</strong> in favour on Tuesday, <em>after a four-hour debate</em>.</p>',
        '<p><strong>The route</strong> runs through <em>Lozenets</em> and <a href="https://example.org/plan.pdf" rel="noopener">the published plan</a>.</p>',
        '<ul><li>Six new stops</li><li>Trams every <strong>six</strong> minutes</li><li>Opening in 2028</li></ul>',
        '<ol><li>Tender in spring</li><li>Works from autumn</li></ol>',
        '<p>Mayor Elena Dimova said "the city &amp; its people" would benefit.</p>',
      ].join(''),
    );
    assert.equal(sanitizeBody(body), body);
  });

  it("reads Google Docs' bold and italic from span styles and drops its wrapper and spacer breaks", () => {
    const google = fixture('google-docs.html');
    const result = clean(google);
    assert.doesNotMatch(result.html, /docs-internal-guid|<b[ >]|<span|<br|style=/);
    assert.equal(result.droppedImages, 1, "Google's hosted image is left out");
    assert.equal(
      pasted(google),
      [
        '<h2>What the vote means</h2>',
        '<p>The line is <strong>12 km</strong> long and <em>fully electric</em>, see <a href="https://example.org/tram" rel="noopener">the plan</a>.</p>',
        '<ul><li>Cost: <strong><em>€310m</em></strong></li><li>EU funds: 85%</li></ul>',
        '<p>Photo:</p>',
      ].join(''),
    );
  });

  it('keeps bold and italic elements unless their style says otherwise', () => {
    assert.equal(
      pasted(
        '<p><b>b</b> <b style="font-weight: normal">n</b> <i style="font-style:normal">i</i> <span style="font-weight:600 !important">s</span> <span style="font-weight:300">l</span></p>',
      ),
      '<p><strong>b</strong> n i <strong>s</strong> l</p>',
    );
    assert.equal(pasted('<p style="font-weight:bold">whole</p>'), '<p><strong>whole</strong></p>');
    // A style property whose name only contains font-weight is not one.
    assert.equal(pasted('<p><span style="mso-bidi-font-weight:bold">plain</span></p>'), '<p>plain</p>');
  });

  it('keeps links only to the web and email, and images only from this site', () => {
    assert.equal(
      pasted(
        '<p><a href="javascript:alert(1)">a</a> <a href="file:///C:/x.doc">b</a> <a href="mailto:x@y.org">c</a></p>',
      ),
      '<p>a b <a href="mailto:x@y.org" rel="noopener">c</a></p>',
    );
    const own = `<figure><img src="${ORIGIN}/media/k/w960.jpg" srcset="${ORIGIN}/media/k/w480.jpg 480w, ${ORIGIN}/media/k/w960.jpg 960w" alt="Ours"><figcaption>Kept</figcaption></figure>`;
    const result = clean(own);
    assert.equal(result.droppedImages, 0);
    assert.equal(
      pasted(own),
      '<figure><img src="/media/k/w960.jpg" srcset="/media/k/w480.jpg 480w, /media/k/w960.jpg 960w" alt="Ours" /><figcaption>Kept</figcaption></figure>',
    );
  });

  it('leaves a copy from inside the editor as it is (ProseMirror marks it data-pm-slice)', () => {
    const html =
      '<p data-pm-slice="1 1 []">Own <strong>text</strong> <a href="/x" rel="noopener">here</a></p>';
    assert.equal(clean(html).html, html);
  });

  it('makes styles inert before parsing: no inline style reaches the page', () => {
    assert.equal(
      inertStyles(
        '<style>p{color:red}</style><p style="a:b" title="style=x">t</p><SPAN STYLE=\'c:d\'>u</SPAN>',
      ),
      '<p data-style="a:b" title="style=x">t</p><SPAN data-style=\'c:d\'>u</SPAN>',
    );
  });
});
