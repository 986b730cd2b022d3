// Geometry and style of a card's text boxes as the editor changes them.
// Boxes live in fractions of the card (0..1) and the server refuses
// anything outside that range or a zero width or height, so every change
// goes through clampBox before it is sent.

/** MIN is the smallest width or height a box can be resized to. */
export const MIN = 0.02;

/** Steps for the keyboard: arrows, and Shift+arrows. */
export const STEP = 0.01;
export const BIG_STEP = 0.05;

/** Font sizes (thousandths of the card's width) offered by the toolbar. */
export const MIN_SIZE = 10;
export const MAX_SIZE = 400;
export const DEFAULT_SIZE = 40;

const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
// Four decimals is a tenth of a pixel on a 1000-pixel card; it keeps the
// stored JSON short and free of float noise.
const round = (v) => Math.round(v * 10000) / 10000;

/**
 * clampBox keeps a box inside the card: width and height from MIN to 1,
 * x and y so that the whole box stays on the card. Non-numbers become the
 * nearest valid value.
 */
export function clampBox(b) {
  const num = (v, d) => (Number.isFinite(v) ? v : d);
  const width = round(clamp(num(b.width, 1), MIN, 1));
  const height = round(clamp(num(b.height, 1), MIN, 1));
  const x = round(clamp(num(b.x, 0), 0, 1 - width));
  const y = round(clamp(num(b.y, 0), 0, 1 - height));
  return { x, y, width, height };
}

/** moveBox shifts a box by dx, dy (fractions of the card), kept on the card. */
export function moveBox(b, dx, dy) {
  return clampBox({ x: b.x + dx, y: b.y + dy, width: b.width, height: b.height });
}

/**
 * resizeBox changes a box's width and height by dw, dh from its top-left
 * corner, which stays put; the far edges stop at the card's edges.
 */
export function resizeBox(b, dw, dh) {
  const x = clamp(b.x, 0, 1 - MIN), y = clamp(b.y, 0, 1 - MIN);
  return clampBox({ x, y, width: clamp(b.width + dw, MIN, 1 - x), height: clamp(b.height + dh, MIN, 1 - y) });
}

/**
 * dragFraction turns a pointer's travel in pixels into fractions of the
 * card drawn in rect ({width, height} in pixels).
 */
export function dragFraction(from, to, rect) {
  if (!(rect.width > 0) || !(rect.height > 0)) return { dx: 0, dy: 0 };
  return { dx: (to.x - from.x) / rect.width, dy: (to.y - from.y) / rect.height };
}

/**
 * keyChange says what an arrow key does to a box: {dx, dy} moves it,
 * {dw, dh} (with Alt) resizes it; null for any other key.
 */
export function keyChange(key, { shift = false, alt = false } = {}) {
  const s = shift ? BIG_STEP : STEP;
  const d = { ArrowLeft: [-s, 0], ArrowRight: [s, 0], ArrowUp: [0, -s], ArrowDown: [0, s] }[key];
  if (!d) return null;
  return alt ? { dw: d[0], dh: d[1] } : { dx: d[0], dy: d[1] };
}

/** applyKey applies keyChange's answer to a box. */
export function applyKey(b, change) {
  return change.dw !== undefined ? resizeBox(b, change.dw, change.dh) : moveBox(b, change.dx, change.dy);
}

/**
 * withStyle returns a text element with one style key set (or removed, for
 * undefined), limited to what the server accepts.
 */
export function withStyle(el, key, value) {
  const style = { ...(el.style || {}) };
  switch (key) {
    case 'size': {
      const n = Number(value);
      if (!Number.isFinite(n)) return el;
      style.size = Math.round(clamp(n, MIN_SIZE, MAX_SIZE));
      break;
    }
    case 'color':
      if (!/^#[0-9a-fA-F]{6}$/.test(String(value))) return el;
      style.color = String(value).toLowerCase();
      break;
    case 'weight':
      style.weight = value === 'bold' ? 'bold' : 'normal';
      break;
    case 'align':
      if (!['left', 'center', 'right'].includes(value)) return el;
      style.align = value;
      break;
    default:
      return el;
  }
  return { ...el, style };
}

/** isBold reports whether a style's weight draws bold (as the PDF export reads it). */
export function isBold(style) {
  const w = style?.weight;
  return w === 'bold' || (typeof w === 'number' && w >= 600);
}
