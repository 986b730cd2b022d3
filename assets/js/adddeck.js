// "Add to deck": choose one of the decks the user can edit, or create a new
// deck holding the still.

import { api } from './api.js';
import { h, replace, dialog, count, toast } from './dom.js';

/** addToDeck opens the dialog for one still. */
export function addToDeck(app, still) {
  const list = h('div', { class: 'deck-pick', role: 'list' }, h('p', { class: 'muted', text: 'Loading your decks…' }));
  const msg = h('p', { class: 'form-msg', role: 'status' });
  const title = h('input', { id: 'new-deck-title', required: true, maxlength: 200, placeholder: 'e.g. Night exteriors — look deck', 'aria-label': 'New deck title' });
  const create = h('form', { class: 'inline-form' }, title, h('button', { class: 'btn primary', type: 'submit', text: 'Create deck' }));
  const done = (deck) => replace(msg, `Added to “${deck.title}”. `, h('a', { href: `/decks/${encodeURIComponent(deck.id)}`, text: 'Open the deck', onclick: () => d.close() }));
  create.addEventListener('submit', async (e) => {
    e.preventDefault();
    const t = title.value.trim();
    if (!t) { title.focus(); return; }
    try {
      const deck = await api('/decks', { method: 'POST', json: { title: t, cards: [{ image_id: still.id }] } });
      title.value = '';
      done(deck);
      toast(`Created “${deck.title}”.`);
      load();
    } catch (x) { msg.textContent = x.message; }
  });
  const d = dialog('Add to deck', h('div', { class: 'dialog-body' },
    h('h3', { class: 'small-head', text: 'Your decks' }), list,
    h('h3', { class: 'small-head', text: 'New deck' }), create, msg));

  async function load() {
    try {
      const res = await api('/decks?limit=200');
      const editable = (res.items || []).filter((dk) => dk.role === 'owner' || dk.role === 'editor');
      replace(list, editable.length ? editable.map((dk) => h('button', {
        type: 'button', class: 'deck-pick-item', role: 'listitem',
        onclick: async (e) => {
          const b = e.currentTarget;
          b.disabled = true;
          try {
            await api(`/decks/${encodeURIComponent(dk.id)}/cards`, { method: 'POST', json: { image_id: still.id } });
            done(dk);
            b.querySelector('.muted').textContent = count(dk.card_count + 1, 'card');
            dk.card_count++;
          } catch (x) { msg.textContent = x.message; } finally { b.disabled = false; }
        },
      }, h('span', { class: 'deck-pick-title', text: dk.title }), h('span', { class: 'muted', text: count(dk.card_count, 'card') })))
        : h('p', { class: 'muted', text: 'No decks yet: create one below.' }));
    } catch (x) {
      replace(list, h('p', { class: 'form-error', text: x.status === 404 ? 'Decks are not available on this server yet.' : x.message }));
    }
  }
  load();
  title.focus();
  return d;
}
