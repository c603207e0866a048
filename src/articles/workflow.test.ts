import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ArticleStatus, Role } from '../core/db/schema.ts';
import { availableTransitions, canEdit, canSee, canTransition, transitionRefusal } from './workflow.ts';

const ME = 7;
const OTHER = 8;
const user = (role: Role) => ({ id: ME, role });
const mine = (status: ArticleStatus) => ({ status, created_by: ME });
const theirs = (status: ArticleStatus) => ({ status, created_by: OTHER });

describe('article workflow', () => {
  it('offers editors every move the status allows, whoever wrote the article', () => {
    for (const role of ['editor', 'admin'] as const) {
      const moves = (status: ArticleStatus) => availableTransitions(user(role), theirs(status));
      assert.deepEqual(moves('draft'), ['submit', 'publish', 'schedule']);
      assert.deepEqual(moves('in_review'), ['publish', 'schedule', 'return']);
      assert.deepEqual(moves('scheduled'), ['publish', 'schedule', 'return']);
      assert.deepEqual(moves('published'), ['unpublish']);
      assert.deepEqual(moves('unpublished'), ['publish', 'schedule']);
    }
  });

  it('lets reporters and contributors only submit their own drafts', () => {
    for (const role of ['reporter', 'contributor'] as const) {
      assert.deepEqual(availableTransitions(user(role), mine('draft')), ['submit']);
      assert.deepEqual(availableTransitions(user(role), theirs('draft')), []);
      for (const status of ['in_review', 'scheduled', 'published', 'unpublished'] as const) {
        assert.deepEqual(availableTransitions(user(role), mine(status)), [], `${role} on own ${status}`);
      }
    }
  });

  it('says why a move is refused: the user before the status', () => {
    assert.deepEqual(transitionRefusal('publish', mine('published'), user('reporter')), {
      kind: 'forbidden',
      message: 'Only editors can do this.',
    });
    assert.deepEqual(transitionRefusal('submit', mine('in_review'), user('reporter')), {
      kind: 'forbidden',
      message: 'This article is out of your hands now: only an editor can change it.',
    });
    assert.deepEqual(transitionRefusal('submit', theirs('draft'), user('reporter')), {
      kind: 'forbidden',
      message: 'You can only edit your own articles.',
    });
    assert.deepEqual(transitionRefusal('unpublish', theirs('in_review'), user('editor')), {
      kind: 'conflict',
      message: 'A in review article cannot be given "unpublish".',
    });
    assert.equal(transitionRefusal('return', theirs('scheduled'), user('editor')), undefined);
  });

  it('holds the system (the scheduler, scripts) to the status rule only', () => {
    assert.equal(transitionRefusal('publish', theirs('scheduled')), undefined);
    assert.equal(transitionRefusal('publish', theirs('published'))?.kind, 'conflict');
  });

  it('keeps writers to their own work, and their drafts editable until submitted', () => {
    assert.equal(canSee(user('reporter'), theirs('draft')), false);
    assert.equal(canSee(user('reporter'), mine('published')), true);
    assert.equal(canSee(user('editor'), theirs('draft')), true);
    assert.equal(canEdit(user('contributor'), mine('draft')), true);
    assert.equal(canEdit(user('contributor'), mine('in_review')), false);
    assert.equal(canEdit(user('editor'), theirs('published')), true);
    assert.equal(canTransition(user('reporter'), mine('draft'), 'publish'), false);
    assert.equal(canTransition(user('reporter'), mine('draft'), 'submit'), true);
  });
});
