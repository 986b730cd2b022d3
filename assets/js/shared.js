// A deck opened through a read-only share link (/s/{token}): no sign-in.

import { api, sharedMedia } from './api.js';
import { h, replace, count } from './dom.js';
import { readOnlyCard } from './cards.js';

export function sharedView() {
  return {
    async mount(el, ctx) {
      const token = ctx.params.token;
      const body = h('div', { class: 'deck-page shared' }, h('p', { class: 'muted pad', text: 'Loading…' }));
      el.append(body);
      try {
        const d = await api(`/shared/${encodeURIComponent(token)}`, { quiet401: true });
        document.title = `${d.title} · Shotdeck`;
        const url = (u) => sharedMedia(u, token);
        replace(body,
          h('div', { class: 'deck-head' },
            h('div', { class: 'deck-titles' }, h('h1', { class: 'deck-title', id: 'deck-title', text: d.title }),
              d.description && h('p', { class: 'deck-desc muted', text: d.description })),
            h('div', { class: 'deck-tools' }, h('span', { class: 'muted', text: `${count(d.cards.length, 'card')} · by ${d.owner.username}` }),
              h('span', { class: 'role role-viewer', text: 'Read-only link' }),
              // Only formats with a stored export can be downloaded.
              d.allow_download && (d.exports || []).filter((f) => f === 'pdf' || f === 'zip').map((f) => h('a', { class: 'btn small', href: `/api/v1/shared/${encodeURIComponent(token)}/exports/${f}`, download: '', 'data-external': '', text: `Download ${f.toUpperCase()}` })))),
          h('ol', { class: 'cards', id: 'cards', 'aria-label': 'Cards' },
            d.cards.length ? d.cards.map((c, i) => readOnlyCard(c, i, url)) : h('li', { class: 'cards-empty', text: 'This deck has no cards yet.' })));
      } catch (e) {
        document.title = 'Link unavailable · Shotdeck';
        replace(body, h('div', { class: 'empty' }, h('h1', { text: e.status === 404 ? 'This link does not work' : 'The deck cannot be shown' }),
          h('p', { text: e.status === 404 ? 'It may have expired or been revoked. Ask the person who shared it for a new link.' : e.message })));
      }
    },
  };
}
