import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decode, components, averageColor } from '../js/blurhash.js';

// Hashes as the server's media package writes them for demo stills.
const night = 'L45NfuOk}bjD=#t6-Bsl1E,^AA$+';
const office = 'LcEz1KofD%kC_MkBIBayxufQWCay';

test('components reads the size flag', () => {
  assert.deepEqual(components(night), [4, 3]);
});

test('decode fills every pixel, opaque', () => {
  const px = decode(office, 32, 18);
  assert.equal(px.length, 32 * 18 * 4);
  for (let i = 3; i < px.length; i += 4) assert.equal(px[i], 255);
});

test('the mean of the decoded pixels is close to the average colour', () => {
  for (const hash of [night, office]) {
    const px = decode(hash, 64, 36);
    const mean = [0, 0, 0];
    // Average in linear light, as the encoder does.
    const lin = (v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    for (let i = 0; i < px.length; i += 4) for (let c = 0; c < 3; c++) mean[c] += lin(px[i + c]);
    const n = px.length / 4;
    const avg = averageColor(hash);
    const want = [1, 3, 5].map((o) => lin(parseInt(avg.slice(o, o + 2), 16)));
    for (let c = 0; c < 3; c++) assert.ok(Math.abs(mean[c] / n - want[c]) < 0.03, `${hash} channel ${c}: ${mean[c] / n} vs ${want[c]}`);
  }
});

test('a dark hash decodes dark, a light one light', () => {
  const luma = (px) => { let s = 0; for (let i = 0; i < px.length; i += 4) s += px[i] + px[i + 1] + px[i + 2]; return s / (px.length / 4) / 3; };
  assert.ok(luma(decode(night, 16, 9)) < 60);
  assert.ok(luma(decode(office, 16, 9)) > 90);
});

test('bad hashes throw', () => {
  assert.throws(() => decode('', 4, 4));
  assert.throws(() => decode('L45NfuOk}bjD', 4, 4), /length/);
  assert.throws(() => decode('L45NfuOk}bjD=#t6-Bsl1E,^AA$"', 4, 4), /bad character/);
});
