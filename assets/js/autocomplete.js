// The search box: a combobox that suggests films, people and tags as the
// user types (GET /autocomplete), navigable with the arrow keys, Enter and
// Escape.

import { api } from './api.js';
import { h, debounce, number } from './dom.js';

export const KIND_LABELS = { movie: 'Film', director: 'Director', cinematographer: 'Cinematographer', actor: 'Actor', tag: 'Tag' };

let uid = 0;

/**
 * searchBox builds the combobox. onSubmit(text) runs for a plain search,
 * onPick(item) for a chosen suggestion ({text, kind, id, count}).
 */
export function searchBox({ onSubmit, onPick, placeholder = 'Search films, people, tags, shots…' }) {
  const id = `ac-${++uid}`;
  const input = h('input', {
    type: 'search', class: 'search-input', placeholder, autocomplete: 'off', spellcheck: 'false',
    role: 'combobox', 'aria-autocomplete': 'list', 'aria-expanded': 'false', 'aria-controls': id,
    'aria-label': 'Search the library',
  });
  const list = h('ul', { class: 'ac-list', id, role: 'listbox', 'aria-label': 'Suggestions', hidden: true });
  const form = h('form', { class: 'searchbox', role: 'search' }, input, list);
  let items = [], active = -1, ctrl = null, lastQuery = '';

  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  };
  const highlight = (i) => {
    active = i;
    [...list.children].forEach((li, j) => li.setAttribute('aria-selected', j === i ? 'true' : 'false'));
    if (i >= 0) {
      input.setAttribute('aria-activedescendant', `${id}-${i}`);
      list.children[i].scrollIntoView({ block: 'nearest' });
    } else input.removeAttribute('aria-activedescendant');
  };
  const pick = (item) => {
    close();
    input.value = '';
    ctrl?.abort();
    onPick(item);
  };
  const show = (found) => {
    items = found;
    list.replaceChildren(...items.map((it, i) => h('li', {
      id: `${id}-${i}`, role: 'option', class: 'ac-item', 'aria-selected': 'false', dataset: { kind: it.kind },
      onmousedown: (e) => { e.preventDefault(); pick(it); },
      onmousemove: () => { if (active !== i) highlight(i); },
    }, h('span', { class: `kind kind-${it.kind}`, text: KIND_LABELS[it.kind] || it.kind }),
    h('span', { class: 'ac-text', text: it.text }),
    h('span', { class: 'ac-count', text: number(it.count), title: `${number(it.count)} stills` }))));
    active = -1;
    if (items.length && document.activeElement === input) {
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    } else close();
  };
  const suggest = debounce(async () => {
    const q = input.value.trim();
    if (!q) { show([]); return; }
    if (q === lastQuery && items.length) { show(items); return; }
    ctrl?.abort();
    ctrl = new AbortController();
    try {
      const res = await api(`/autocomplete?${new URLSearchParams({ q, limit: '8' })}`, { signal: ctrl.signal });
      lastQuery = q;
      if (input.value.trim() === q) show(res.items || []);
    } catch (e) {
      if (e.name !== 'AbortError') show([]);
    }
  }, 90);

  input.addEventListener('input', suggest);
  input.addEventListener('focus', () => { if (input.value.trim()) suggest(); });
  input.addEventListener('blur', () => setTimeout(close, 100));
  input.addEventListener('keydown', (e) => {
    const open = !list.hidden;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!open) { if (items.length) { show(items); highlight(e.key === 'ArrowDown' ? 0 : items.length - 1); } else suggest(); return; }
      const n = items.length;
      highlight(e.key === 'ArrowDown' ? (active + 1) % n : (active - 1 + n) % n);
    } else if (e.key === 'Escape') {
      if (open) { e.preventDefault(); close(); } else if (input.value) { e.preventDefault(); input.value = ''; }
    } else if (e.key === 'Enter' && open && active >= 0) {
      e.preventDefault();
      pick(items[active]);
    }
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    suggest.cancel();
    ctrl?.abort();
    close();
    onSubmit(input.value.trim());
  });
  return {
    el: form,
    input,
    setValue(v) { if (document.activeElement !== input) input.value = v || ''; },
    focus() { input.focus(); input.select(); },
  };
}
