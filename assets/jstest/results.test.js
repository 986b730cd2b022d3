import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setResults, addResults, neighbours } from '../js/results.js';

test('neighbours steps through the loaded results', () => {
  setResults(['a', 'b']);
  addResults(['c']);
  assert.deepEqual(neighbours('a'), { index: 0, total: 3, prev: null, next: 'b' });
  assert.deepEqual(neighbours('b'), { index: 1, total: 3, prev: 'a', next: 'c' });
  assert.deepEqual(neighbours('c'), { index: 2, total: 3, prev: 'b', next: null });
  assert.equal(neighbours('zz'), null);
  setResults(['x']);
  assert.equal(neighbours('a'), null, 'a new search replaces the list');
  assert.deepEqual(neighbours('x'), { index: 0, total: 1, prev: null, next: null });
});
