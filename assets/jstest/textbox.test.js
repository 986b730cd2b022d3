import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clampBox, moveBox, resizeBox, dragFraction, keyChange, applyKey, withStyle, isBold, MIN, STEP, BIG_STEP, MAX_SIZE } from '../js/textbox.js';

const box = { x: 0.1, y: 0.2, width: 0.5, height: 0.3 };
// valid is what deck/elements.go accepts: x, y in 0..1, width, height in (0, 1].
const valid = (b) => [b.x, b.y].every((v) => v >= 0 && v <= 1) && [b.width, b.height].every((v) => v > 0 && v <= 1);

test('clampBox keeps the whole box on the card', () => {
  assert.deepEqual(clampBox(box), box);
  assert.deepEqual(clampBox({ x: 0.8, y: -0.2, width: 0.5, height: 0.3 }), { x: 0.5, y: 0, width: 0.5, height: 0.3 });
  assert.deepEqual(clampBox({ x: 0, y: 0, width: 0, height: -1 }), { x: 0, y: 0, width: MIN, height: MIN });
  assert.deepEqual(clampBox({ x: 0, y: 0, width: 3, height: 1.5 }), { x: 0, y: 0, width: 1, height: 1 });
  const odd = clampBox({ x: NaN, y: Infinity, width: undefined, height: 'x' });
  assert.ok(valid(odd), JSON.stringify(odd));
});

test('clampBox rounds away float noise', () => {
  assert.deepEqual(clampBox({ x: 0.1 + 0.2, y: 0.123456789, width: 0.5, height: 0.3 }), { x: 0.3, y: 0.1235, width: 0.5, height: 0.3 });
});

test('moving stops at the edges without shrinking the box', () => {
  assert.deepEqual(moveBox(box, 0.1, 0.1), { x: 0.2, y: 0.3, width: 0.5, height: 0.3 });
  assert.deepEqual(moveBox(box, 2, 2), { x: 0.5, y: 0.7, width: 0.5, height: 0.3 });
  assert.deepEqual(moveBox(box, -2, -2), { x: 0, y: 0, width: 0.5, height: 0.3 });
});

test('resizing keeps the top-left corner and stays on the card', () => {
  assert.deepEqual(resizeBox(box, 0.1, -0.1), { x: 0.1, y: 0.2, width: 0.6, height: 0.2 });
  assert.deepEqual(resizeBox(box, 5, 5), { x: 0.1, y: 0.2, width: 0.9, height: 0.8 });
  assert.deepEqual(resizeBox(box, -5, -5), { x: 0.1, y: 0.2, width: MIN, height: MIN });
  // A box already at the far corner still resizes to something valid.
  const corner = resizeBox({ x: 1, y: 1, width: 0.1, height: 0.1 }, 0.1, 0.1);
  assert.ok(valid(corner) && corner.x + corner.width <= 1 && corner.y + corner.height <= 1, JSON.stringify(corner));
});

test('a drag in pixels becomes fractions of the card', () => {
  assert.deepEqual(dragFraction({ x: 100, y: 50 }, { x: 150, y: 20 }, { width: 500, height: 300 }), { dx: 0.1, dy: -0.1 });
  assert.deepEqual(dragFraction({ x: 0, y: 0 }, { x: 10, y: 10 }, { width: 0, height: 0 }), { dx: 0, dy: 0 });
  const { dx, dy } = dragFraction({ x: 0, y: 0 }, { x: 5000, y: -5000 }, { width: 500, height: 300 });
  assert.deepEqual(moveBox(box, dx, dy), { x: 0.5, y: 0, width: 0.5, height: 0.3 });
});

test('arrow keys move, Shift moves further, Alt resizes', () => {
  assert.deepEqual(keyChange('ArrowRight'), { dx: STEP, dy: 0 });
  assert.deepEqual(keyChange('ArrowUp', { shift: true }), { dx: 0, dy: -BIG_STEP });
  assert.deepEqual(keyChange('ArrowDown', { alt: true }), { dw: 0, dh: STEP });
  assert.equal(keyChange('Enter'), null);
  assert.deepEqual(applyKey(box, keyChange('ArrowLeft', { shift: true })), { x: 0.05, y: 0.2, width: 0.5, height: 0.3 });
  assert.deepEqual(applyKey(box, keyChange('ArrowRight', { alt: true })), { x: 0.1, y: 0.2, width: 0.51, height: 0.3 });
  let b = box;
  for (let i = 0; i < 200; i++) b = applyKey(b, keyChange('ArrowLeft', { alt: true, shift: true }));
  assert.equal(b.width, MIN);
});

test('withStyle sets only values the server accepts', () => {
  const el = { id: 'e1', text: 'Hi', ...box, style: { size: 60, font: 'Inter' } };
  assert.deepEqual(withStyle(el, 'color', '#FFaa00').style, { size: 60, font: 'Inter', color: '#ffaa00' });
  assert.equal(withStyle(el, 'color', 'red'), el);
  assert.equal(withStyle(el, 'size', 5000).style.size, MAX_SIZE);
  assert.equal(withStyle(el, 'size', '72.4').style.size, 72);
  assert.equal(withStyle(el, 'size', 'big'), el);
  assert.equal(withStyle(el, 'weight', 'bold').style.weight, 'bold');
  assert.equal(withStyle(el, 'weight', 'heavy').style.weight, 'normal');
  assert.equal(withStyle(el, 'align', 'center').style.align, 'center');
  assert.equal(withStyle(el, 'align', 'justify'), el);
  assert.equal(withStyle(el, 'background', '#000000'), el);
  assert.deepEqual(el.style, { size: 60, font: 'Inter' }, 'the input is not changed');
  assert.ok(isBold({ weight: 700 }) && isBold({ weight: 'bold' }) && !isBold({ weight: 400 }) && !isBold({}));
});
