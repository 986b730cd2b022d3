// A still's picture: a box with the still's own aspect ratio (so nothing
// jumps while it loads), a blurhash or palette placeholder, and the image
// fading in over it once loaded.

import { h } from './dom.js';
import { decode } from './blurhash.js';

/** placeholder draws the blurhash (or a palette gradient) of a still. */
export function placeholder(still) {
  const ratio = still.width && still.height ? still.width / still.height : 16 / 9;
  if (still.blurhash) {
    try {
      const w = 32, hgt = Math.max(4, Math.min(32, Math.round(32 / ratio)));
      const px = decode(still.blurhash, w, hgt);
      const c = h('canvas', { class: 'ph', width: w, height: hgt, 'aria-hidden': 'true' });
      c.getContext('2d').putImageData(new ImageData(px, w, hgt), 0, 0);
      return c;
    } catch { /* fall back to the palette */ }
  }
  const el = h('div', { class: 'ph', 'aria-hidden': 'true' });
  const pal = still.palette || [];
  if (pal.length > 1) el.style.background = `linear-gradient(90deg, ${pal.map((c, i) => `${c} ${(i * 100) / pal.length}% ${((i + 1) * 100) / pal.length}%`).join(', ')})`;
  else if (pal.length === 1) el.style.background = pal[0];
  return el;
}

/**
 * frame renders a still at a size ("thumb" or "preview"). url maps a media
 * URL (share links rewrite it). alt describes the picture.
 */
export function frame(still, { size = 'thumb', url = (u) => u, alt = '' } = {}) {
  const box = h('div', { class: 'frame' });
  if (still.width && still.height) box.style.aspectRatio = `${still.width} / ${still.height}`;
  box.append(placeholder(still));
  const src = size === 'preview' ? (still.preview_url || still.thumb_url) : still.thumb_url;
  if (src) {
    const img = h('img', { alt, decoding: 'async', loading: size === 'preview' ? 'eager' : 'lazy', draggable: 'false' });
    img.addEventListener('load', () => box.classList.add('loaded'), { once: true });
    img.addEventListener('error', () => box.classList.add('broken'), { once: true });
    img.src = url(src);
    box.append(img);
  } else {
    box.classList.add('catalog');
    box.append(h('span', { class: 'no-media', text: 'No image file' }));
  }
  return box;
}

/** fit sizes a frame inside a letterbox cell of the given ratio. */
export function fit(box, still, cellRatio) {
  const r = still.width && still.height ? still.width / still.height : 16 / 9;
  if (r >= cellRatio) { box.style.width = '100%'; box.style.height = 'auto'; } else { box.style.height = '100%'; box.style.width = 'auto'; }
  return box;
}

/** stillLabel is "Title — Film (1995)". */
export function stillLabel(s) {
  const film = s.movie ? `${s.movie.title}${s.movie.year ? ` (${s.movie.year})` : ''}` : '';
  return [s.title, film].filter(Boolean).join(' — ') || 'Untitled still';
}
