import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyServer, applyLocal, view, afterFor } from '../js/deckstate.js';

const deck = () => ({
  id: '1', title: 'Look', description: '', members: [],
  cards: [{ id: 'a', position: 'V', note: '' }, { id: 'b', position: 'k', note: '' }, { id: 'c', position: 's', note: '' }],
});
const ids = (d) => d.cards.map((c) => c.id).join('');

test('server ops order cards by position', () => {
  const d0 = deck();
  d0.cards.sort((x, y) => (x.position < y.position ? -1 : 1));
  assert.equal(ids(d0), 'abc');
  let d = applyServer(d0, { kind: 'move_card', card_id: 'a', position: 'z' });
  assert.equal(ids(d), 'bca');
  d = applyServer(d, { kind: 'add_card', card_id: 'n', position: 'B', card: { id: 'n', position: 'B', note: 'new' } });
  assert.equal(ids(d), 'nbca');
  d = applyServer(d, { kind: 'update_card', card_id: 'b', note: 'hi' });
  assert.equal(d.cards[1].note, 'hi');
  d = applyServer(d, { kind: 'remove_card', card_id: 'c' });
  assert.equal(ids(d), 'nba');
  assert.equal(d.card_count, 3);
  d = applyServer(d, { kind: 'update_deck', title: 'Pitch' });
  assert.equal(d.title, 'Pitch');
  assert.equal(d0.title, 'Look', 'ops never change their input');
});

test('an op for a removed card changes nothing', () => {
  assert.equal(ids(applyServer(deck(), { kind: 'update_card', card_id: 'zz', note: 'x' })), 'abc');
});

test('members come and go', () => {
  let d = applyServer(deck(), { kind: 'set_member', user: { id: '2', username: 'mia' }, role: 'viewer' });
  d = applyServer(d, { kind: 'set_member', user: { id: '2', username: 'mia' }, role: 'editor' });
  assert.deepEqual(d.members, [{ user: { id: '2', username: 'mia' }, role: 'editor' }]);
  assert.deepEqual(applyServer(d, { kind: 'remove_member', user: { id: '2' } }).members, []);
});

test('local ops move cards by "after" until the server answers', () => {
  assert.equal(ids(applyLocal(deck(), { kind: 'move_card', card_id: 'c', after: '' })), 'cab');
  assert.equal(ids(applyLocal(deck(), { kind: 'move_card', card_id: 'a', after: 'b' })), 'bac');
  assert.equal(ids(applyLocal(deck(), { kind: 'move_card', card_id: 'a', after: null })), 'bca');
  const added = applyLocal(deck(), { kind: 'add_card', image_id: '9', after: 'a' }, 'tmp-1');
  assert.equal(ids(added), 'atmp-1bc');
  assert.equal(added.cards[1].pending, true);
});

test('view replays pending ops over the confirmed deck', () => {
  const pending = [{ op: { kind: 'remove_card', card_id: 'b' } }, { op: { kind: 'add_card', image_id: '9' }, tempId: 't' }];
  assert.equal(ids(view(deck(), pending)), 'act');
});

test('afterFor names the card before the drop place', () => {
  const cards = deck().cards;
  assert.equal(afterFor(cards, 'c', 0), '');
  assert.equal(afterFor(cards, 'a', 1), 'b');
  assert.equal(afterFor(cards, 'a', 2), 'c');
  assert.equal(afterFor(cards, 'b', 9), 'c');
  // Applying the move puts the card at the index asked for.
  for (let to = 0; to < 3; to++) {
    const d = applyLocal(deck(), { kind: 'move_card', card_id: 'a', after: afterFor(deck().cards, 'a', to) });
    assert.equal(d.cards.findIndex((c) => c.id === 'a'), to);
  }
});
