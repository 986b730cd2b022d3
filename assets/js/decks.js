// The decks list: the user's own decks and those shared with them.

import { api } from './api.js';
import { h, replace, count, ago, toast } from './dom.js';
import { frame } from './frame.js';

function deckCard(d) {
  return h('a', { class: 'deck-card', href: `/decks/${encodeURIComponent(d.id)}`, dataset: { id: d.id } },
    h('div', { class: 'deck-cover' }, d.cover ? frame(d.cover, { alt: '' }) : h('div', { class: 'card-blank', text: 'Empty deck' })),
    h('div', { class: 'deck-card-body' },
      h('h3', { class: 'deck-card-title', text: d.title }),
      h('p', { class: 'muted small', text: [count(d.card_count, 'card'), d.role === 'owner' ? null : `by ${d.owner.username}`, ago(d.updated_at)].filter(Boolean).join(' · ') }),
      d.role !== 'owner' && h('span', { class: `role role-${d.role}`, text: d.role })));
}

export function decksView(app) {
  return {
    async mount(el) {
      document.title = 'Decks · Shotdeck';
      const title = h('input', { id: 'new-deck', placeholder: 'New deck title', maxlength: 200, required: true, 'aria-label': 'New deck title' });
      const form = h('form', { class: 'inline-form new-deck' }, title, h('button', { type: 'submit', class: 'btn primary', text: 'New deck' }));
      const body = h('div', { class: 'decks-body' }, h('p', { class: 'muted', text: 'Loading…' }));
      form.addEventListener('submit', async (e) => {
        e.preventDefault();
        const t = title.value.trim();
        if (!t) return title.focus();
        try {
          const d = await api('/decks', { method: 'POST', json: { title: t } });
          app.navigate(`/decks/${encodeURIComponent(d.id)}`);
        } catch (x) { toast(x.message, 'error'); }
      });
      el.append(h('div', { class: 'page decks-page' }, h('div', { class: 'page-head' }, h('h1', { text: 'Decks' }), form), body));
      try {
        const items = [];
        let cursor = null;
        do {
          const res = await api(`/decks?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
          items.push(...res.items);
          cursor = res.next_cursor;
        } while (cursor && items.length < 2000);
        const mine = items.filter((d) => d.role === 'owner'), shared = items.filter((d) => d.role !== 'owner');
        replace(body,
          h('section', { 'aria-labelledby': 'my-decks' }, h('h2', { id: 'my-decks', class: 'small-head', text: `My decks (${mine.length})` }),
            mine.length ? h('div', { class: 'deck-grid', id: 'my-deck-list' }, mine.map(deckCard))
              : h('p', { class: 'muted', text: 'You have no decks yet. Create one above, or use “Add to deck” on any still.' })),
          h('section', { 'aria-labelledby': 'shared-decks' }, h('h2', { id: 'shared-decks', class: 'small-head', text: `Shared with me (${shared.length})` }),
            shared.length ? h('div', { class: 'deck-grid', id: 'shared-deck-list' }, shared.map(deckCard))
              : h('p', { class: 'muted', text: 'Decks that others share with you appear here.' })));
      } catch (e) {
        replace(body, h('div', { class: 'empty error' }, h('p', { text: e.message })));
      }
    },
  };
}
