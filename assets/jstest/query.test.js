import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalize, toggle, without, chips, removeChip, yearRange, withYears, apiSearch, searchPath, isFiltered } from '../js/query.js';

const fields = ['frame_size', 'lighting'];

test('normalize keeps known parameters in a stable order and drops the rest', () => {
  const p = normalize('lighting=soft&bogus=1&q=+night+&frame_size=wide&frame_size=wide&cursor=x&director=Ridley%20Scott', fields);
  assert.equal(p.toString(), 'q=night&director=Ridley+Scott&frame_size=wide&lighting=soft');
  assert.equal(normalize('frame_size=wide&lighting=soft', fields).toString(), normalize('lighting=soft&frame_size=wide', fields).toString());
});

test('toggle adds and removes one value of a repeatable field', () => {
  let p = new URLSearchParams('lighting=soft');
  p = toggle(p, 'lighting', 'hard');
  assert.deepEqual(p.getAll('lighting'), ['soft', 'hard']);
  p = toggle(p, 'lighting', 'soft');
  assert.deepEqual(p.getAll('lighting'), ['hard']);
});

test('removing the colour also drops its distance', () => {
  const p = without(new URLSearchParams('color_hex=%23112233&color_distance=25&tag=rain'), 'color_hex');
  assert.equal(p.toString(), 'tag=rain');
});

test('chips label filters and remove what they show', () => {
  const labels = { frame_size: { label: 'Frame size', values: { close_up: 'Close up' } } };
  const p = new URLSearchParams('q=rain&movie=7&frame_size=close_up&year_min=1990&year_max=1999&color_hex=%23aabbcc');
  const c = chips(p, labels, { 7: 'Heat (1995)' });
  assert.deepEqual(c.map((x) => x.label), ['“rain”', 'Film: Heat (1995)', 'Frame size: Close up', 'Years: 1990–1999', 'Colour #aabbcc']);
  assert.equal(removeChip(p, c[3]).toString(), 'q=rain&movie=7&frame_size=close_up&color_hex=%23aabbcc');
  assert.equal(removeChip(p, c[0]).has('q'), false);
});

test('year and decade facets become year ranges', () => {
  assert.deepEqual(yearRange('decade', '1970s'), [1970, 1979]);
  assert.deepEqual(yearRange('year', '1995'), [1995, 1995]);
  assert.equal(yearRange('decade', 'future'), null);
  assert.equal(withYears(new URLSearchParams('year_min=1'), '', 2000).toString(), 'year_max=2000');
});

test('the API query adds paging and facets, the UI path does not', () => {
  const p = new URLSearchParams('tag=rain');
  assert.equal(apiSearch(p, { cursor: 'abc', limit: 10 }), 'tag=rain&limit=10&facets=all&cursor=abc');
  assert.equal(apiSearch(p, { facets: false }), 'tag=rain&limit=60');
  assert.equal(searchPath(p), '/search?tag=rain');
  assert.equal(searchPath(new URLSearchParams()), '/search');
  assert.equal(isFiltered(new URLSearchParams('sort=newest')), false);
  assert.equal(isFiltered(p), true);
});
