// The share dialog of a deck's owner: members and their roles, and a
// read-only link with an expiry.

import { api } from './api.js';
import { h, replace, dialog, toast } from './dom.js';

const EXPIRY = [['', 'Never expires'], ['1', 'Expires in 1 day'], ['7', 'Expires in 7 days'], ['30', 'Expires in 30 days']];

export function shareDialog(app, deck) {
  const base = `/decks/${encodeURIComponent(deck.id)}`;
  const members = h('ul', { class: 'members', 'aria-label': 'Members' });
  const msg = h('p', { class: 'form-msg', role: 'status' });
  const fail = (e) => { msg.textContent = e.message; msg.classList.add('form-error'); };
  const roleSelect = (value, label) => {
    const s = h('select', { 'aria-label': label }, h('option', { value: 'editor', text: 'Can edit' }), h('option', { value: 'viewer', text: 'Can view' }));
    s.value = value;
    return s;
  };

  async function refresh() {
    try {
      const d = await api(base);
      deck.members = d.members;
      replace(members,
        h('li', { class: 'member' }, h('span', { class: 'member-name', text: d.owner.username }), h('span', { class: 'muted', text: 'Owner' })),
        (d.members || []).map((m) => {
          const sel = roleSelect(m.role, `Role of ${m.user.username}`);
          sel.addEventListener('change', async () => {
            try { await api(`${base}/members/${encodeURIComponent(m.user.id)}`, { method: 'PATCH', json: { role: sel.value } }); toast(`${m.user.username} ${sel.value === 'editor' ? 'can edit' : 'can view'}.`); } catch (e) { fail(e); }
          });
          return h('li', { class: 'member', dataset: { user: m.user.username } }, h('span', { class: 'member-name', text: m.user.username }), sel,
            h('button', { type: 'button', class: 'btn ghost small danger', text: 'Remove', 'aria-label': `Remove ${m.user.username}`,
              onclick: async () => { try { await api(`${base}/members/${encodeURIComponent(m.user.id)}`, { method: 'DELETE' }); refresh(); } catch (e) { fail(e); } } }));
        }));
    } catch (e) { fail(e); }
  }

  const who = h('input', { id: 'member-name', placeholder: 'username', required: true, autocomplete: 'off', 'aria-label': 'Username to add' });
  const role = roleSelect('editor', 'Role of the new member');
  const add = h('form', { class: 'inline-form' }, who, role, h('button', { class: 'btn primary', type: 'submit', text: 'Add' }));
  add.addEventListener('submit', async (e) => {
    e.preventDefault();
    msg.textContent = '';
    msg.classList.remove('form-error');
    try {
      await api(`${base}/members`, { method: 'POST', json: { username: who.value.trim(), role: role.value } });
      msg.textContent = `${who.value.trim()} added.`;
      who.value = '';
      refresh();
    } catch (x) { fail(x); }
  });

  const expiry = h('select', { id: 'link-expiry', 'aria-label': 'Link expiry' }, EXPIRY.map(([v, l]) => h('option', { value: v, text: l })));
  const download = h('input', { type: 'checkbox', id: 'link-download' });
  const linkOut = h('div', { class: 'link-out' });
  const create = h('button', { type: 'button', class: 'btn', id: 'create-link', text: 'Create read-only link' });
  create.addEventListener('click', async () => {
    const days = Number(expiry.value);
    const body = { allow_download: download.checked };
    if (days) body.expires_at = new Date(Date.now() + days * 86400000).toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      const s = await api(`${base}/share`, { method: 'POST', json: body });
      const url = new URL(s.url || `/s/${s.token}`, location.origin).href;
      const field = h('input', { class: 'link-url', id: 'share-url', readonly: true, value: url, 'aria-label': 'Read-only link' });
      replace(linkOut, field,
        h('button', { type: 'button', class: 'btn small', text: 'Copy', onclick: async () => { field.select(); try { await navigator.clipboard.writeText(url); toast('Link copied.'); } catch { document.execCommand?.('copy'); } } }),
        h('p', { class: 'muted small', text: s.expires_at ? `Anyone with the link can view until ${new Date(s.expires_at).toLocaleString()}.` : 'Anyone with the link can view the deck until you revoke it.' }));
      field.focus();
      field.select();
    } catch (e) { fail(e); }
  });
  const revoke = h('button', { type: 'button', class: 'btn ghost danger', text: 'Revoke link', onclick: async () => {
    try { await api(`${base}/share`, { method: 'DELETE' }); replace(linkOut, h('p', { class: 'muted small', text: 'The link no longer works.' })); } catch (e) { fail(e); }
  } });

  dialog(`Share “${deck.title}”`, h('div', { class: 'dialog-body' },
    h('h3', { class: 'small-head', text: 'People' }), members, add,
    h('h3', { class: 'small-head', text: 'Read-only link' }),
    h('div', { class: 'inline-form' }, expiry, h('label', { class: 'check' }, download, 'Allow downloads')),
    h('div', { class: 'inline-form' }, create, revoke), linkOut, msg), { wide: true });
  refresh();
  who.focus();
}
