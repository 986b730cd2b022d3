// A deck card as drawn in the editor and on shared pages: the still, its
// text elements laid over it (geometry in fractions of the card, font size
// in thousandths of the card's width), and the note.

import { h } from './dom.js';
import { frame, stillLabel } from './frame.js';

/** textLayer draws a card's text elements over its picture. */
export function textLayer(els) {
  return h('div', { class: 'text-layer', 'aria-hidden': 'true' }, (els || []).map((t) => {
    const s = t.style || {};
    const el = h('div', { class: 'text-el', text: t.text });
    Object.assign(el.style, {
      left: `${t.x * 100}%`, top: `${t.y * 100}%`, width: `${t.width * 100}%`, height: `${t.height * 100}%`,
      fontSize: `${(s.size || 40) / 10}cqw`, fontWeight: String(s.weight || 'normal'), fontStyle: s.italic ? 'italic' : 'normal',
      color: s.color || '#ffffff', textAlign: s.align || 'left', fontFamily: s.font || '',
      background: s.background || '',
    });
    return el;
  }));
}

/** cardVisual is the picture part of a card (still or blank) with its texts. */
export function cardVisual(card, url) {
  const v = h('div', { class: 'card-visual' });
  if (card.image) {
    const f = frame(card.image, { url, alt: stillLabel(card.image) });
    f.style.aspectRatio = '';
    v.append(f);
  } else {
    v.append(h('div', { class: 'card-blank', text: card.text_elements?.length ? '' : 'No still' }));
  }
  v.append(textLayer(card.text_elements));
  return v;
}

/** readOnlyCard renders a card for viewers and share links. */
export function readOnlyCard(card, i, url) {
  return h('li', { class: 'card readonly', dataset: { id: card.id }, tabindex: '0', 'aria-label': `Card ${i + 1}${card.image ? `: ${stillLabel(card.image)}` : ''}` },
    cardVisual(card, url),
    h('div', { class: 'card-meta' }, h('span', { class: 'card-num', text: String(i + 1) }),
      h('span', { class: 'card-title', text: card.image ? stillLabel(card.image) : 'Text card' })),
    card.note && h('p', { class: 'note-text', text: card.note }));
}
