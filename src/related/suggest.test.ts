import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { suggestTags, TagVocabulary } from './suggest.ts';

describe('tag and dateline suggestions', () => {
  const vocabulary = new TagVocabulary(['NATO', 'Ukraine', 'Black Sea', 'Bulgaria', 'Elections']);
  const article = {
    headline: 'NATO ministers meet in Brussels as Ukraine asks for air defence',
    lede: "Defence ministers from NATO countries gathered in Brussels on Thursday, with Ukraine's envoy Oleh Marchenko pressing for more systems.",
    body: 'Talks on Black Sea shipping followed. Oleh Marchenko said Kyiv needed help before winter.',
  };

  it('finds existing tags first, acronyms included, then proposes new people and places', async () => {
    const s = await suggestTags(article, vocabulary);
    const existing = s.tags.filter((t) => t.existing).map((t) => t.name);
    const fresh = s.tags.filter((t) => !t.existing).map((t) => t.name);
    assert.deepEqual(existing.slice(0, 3).sort(), ['Black Sea', 'NATO', 'Ukraine']);
    assert.ok(!existing.includes('Elections'), 'only tags the text is about');
    assert.ok(fresh.includes('Brussels'), fresh.join(', '));
    assert.ok(fresh.includes('Oleh Marchenko'), fresh.join(', '));
    // Existing tags are offered before new ones.
    assert.ok(s.tags.findIndex((t) => !t.existing) > s.tags.findLastIndex((t) => t.existing));
  });

  it('suggests the first place named as the dateline', async () => {
    assert.equal((await suggestTags(article, vocabulary)).place, 'Brussels');
    assert.equal(
      (await suggestTags({ headline: 'Markets calm', lede: '', body: '' }, vocabulary)).place,
      null,
    );
  });

  it('leaves out tags the article already has, whatever their case', async () => {
    const s = await suggestTags({ ...article, current: ['nato', 'UKRAINE'] }, vocabulary);
    assert.ok(!s.tags.some((t) => t.name === 'NATO' || t.name === 'Ukraine'));
  });
});
