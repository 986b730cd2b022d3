// Admin pages: users and roles, uploading stills, and import status with
// a bulk catalog (JSON Lines) import.

import { api, upload } from './api.js';
import { h, replace, toast, number, count } from './dom.js';

const TABS = [['users', 'Users'], ['upload', 'Upload stills'], ['import', 'Import']];

export function adminView(app) {
  let stop = [];
  return {
    mount(el, ctx) {
      const page = ctx.params.page || 'users';
      document.title = `Admin · Shotdeck`;
      const body = h('div', { class: 'admin-body' });
      el.append(h('div', { class: 'page admin' },
        h('div', { class: 'page-head' }, h('h1', { text: 'Admin' }),
          h('nav', { class: 'tabs', 'aria-label': 'Admin pages' }, TABS.map(([k, l]) => h('a', { href: `/admin/${k}`, text: l, 'aria-current': k === page ? 'page' : null })))),
        body));
      if (page === 'upload') uploads(body);
      else if (page === 'import') stop.push(importPage(body));
      else users(body, app);
    },
    unmount() { for (const f of stop) f?.(); stop = []; },
  };
}

async function users(body, app) {
  const table = h('tbody');
  const err = h('p', { class: 'form-error', role: 'alert' });
  const name = h('input', { id: 'new-username', placeholder: 'username', required: true, autocomplete: 'off', 'aria-label': 'Username' });
  const pass = h('input', { id: 'new-password', type: 'password', placeholder: 'password (8+)', required: true, autocomplete: 'new-password', 'aria-label': 'Password' });
  const role = h('select', { id: 'new-role', 'aria-label': 'Role' }, h('option', { value: 'member', text: 'Member' }), h('option', { value: 'admin', text: 'Admin' }));
  const form = h('form', { class: 'inline-form' }, name, pass, role, h('button', { type: 'submit', class: 'btn primary', text: 'Create user' }));
  const load = async () => {
    try {
      const res = await api('/users');
      replace(table, res.items.map((u) => {
        const sel = h('select', { 'aria-label': `Role of ${u.username}`, disabled: u.id === app.me?.id }, h('option', { value: 'member', text: 'Member' }), h('option', { value: 'admin', text: 'Admin' }));
        sel.value = u.role;
        sel.addEventListener('change', async () => {
          try { await api(`/users/${encodeURIComponent(u.id)}`, { method: 'PATCH', json: { role: sel.value } }); toast(`${u.username} is now ${sel.value === 'admin' ? 'an admin' : 'a member'}.`); } catch (e) { sel.value = u.role; err.textContent = e.message; }
        });
        return h('tr', { dataset: { user: u.username } }, h('td', { text: u.username }), h('td', {}, sel), h('td', { class: 'muted', text: u.created_at ? new Date(u.created_at).toLocaleDateString() : '' }));
      }));
    } catch (e) { err.textContent = e.message; }
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.textContent = '';
    try {
      await api('/users', { method: 'POST', json: { username: name.value.trim(), password: pass.value, role: role.value } });
      toast(`Created ${name.value.trim()}.`);
      name.value = pass.value = '';
      load();
    } catch (x) { err.textContent = x.message; }
  });
  body.append(h('section', {}, h('h2', { class: 'small-head', text: 'New user' }), form, err),
    h('table', { class: 'table', id: 'users' }, h('thead', {}, h('tr', {}, h('th', { text: 'Username' }), h('th', { text: 'Role' }), h('th', { text: 'Created' }))), table));
  load();
}

function uploads(body) {
  const input = h('input', { type: 'file', id: 'upload-files', multiple: true, accept: 'image/jpeg,image/png,image/webp,image/gif', class: 'visually-hidden' });
  const zone = h('label', { class: 'dropzone', for: 'upload-files', tabindex: '0' },
    h('strong', { text: 'Drop stills here' }), h('span', { class: 'muted', text: 'or press Enter to choose files — JPEG, PNG, WebP, GIF' }));
  const list = h('ul', { class: 'uploads', id: 'upload-list' });
  const queue = [];
  let active = 0;
  const next = () => {
    while (active < 2 && queue.length) {
      const { file, row, bar, state } = queue.shift();
      active++;
      const form = new FormData();
      form.append('file', file);
      state.textContent = 'Uploading…';
      upload('/images', form, (f) => { bar.value = f; })
        .then((img) => { bar.value = 1; row.classList.add('ok'); replace(state, 'Added — ', h('a', { href: `/stills/${encodeURIComponent(img.id)}`, text: 'open' })); })
        .catch((e) => {
          row.classList.add('failed');
          const existing = e.body?.error?.existing_id;
          replace(state, e.message, existing ? [' — ', h('a', { href: `/stills/${encodeURIComponent(existing)}`, text: 'see the existing still' })] : '');
        })
        .finally(() => { active--; next(); });
    }
  };
  const add = (files) => {
    for (const file of files) {
      const bar = h('progress', { max: 1, value: 0 });
      const state = h('span', { class: 'upload-state', text: 'Waiting…' });
      const row = h('li', { class: 'upload' }, h('span', { class: 'upload-name', text: file.name }), h('span', { class: 'muted', text: `${number(Math.round(file.size / 1024))} KB` }), bar, state);
      list.prepend(row);
      queue.push({ file, row, bar, state });
    }
    next();
  };
  input.addEventListener('change', () => { add([...input.files]); input.value = ''; });
  zone.addEventListener('keydown', (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } });
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('over'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('over'));
  zone.addEventListener('drop', (e) => { e.preventDefault(); zone.classList.remove('over'); add([...e.dataTransfer.files]); });
  body.append(input, zone, list);
}

function importPage(body) {
  const lag = h('strong', { id: 'index-lag', text: '…' });
  const state = h('span', { class: 'muted' });
  const text = h('textarea', { id: 'bulk-lines', rows: 8, spellcheck: 'false', placeholder: '{"id":"heat-0042","title":"Diner","movie":{"title":"Heat","year":1995},"frame_size":"medium_close_up","palette":["#1a3a8a"]}', 'aria-label': 'Catalog lines (JSON Lines)' });
  const file = h('input', { type: 'file', accept: '.jsonl,.ndjson,.json,application/x-ndjson', 'aria-label': 'Load a JSON Lines file' });
  const out = h('div', { class: 'bulk-out', role: 'status' });
  const send = h('button', { type: 'button', class: 'btn primary', id: 'bulk-send', text: 'Import lines' });
  file.addEventListener('change', async () => { if (file.files[0]) text.value = await file.files[0].text(); });
  send.addEventListener('click', async () => {
    const body = text.value.trim();
    if (!body) return text.focus();
    send.disabled = true;
    try {
      const r = await api('/images/bulk', { method: 'POST', body: body + '\n', contentType: 'application/x-ndjson' });
      replace(out, h('p', { text: `${count(r.created, 'still')} created, ${number(r.updated)} updated, ${number(r.failed_count ?? r.failed.length)} failed.` }),
        r.failed.length > 0 && h('ul', { class: 'bulk-failed' }, r.failed.map((f) => h('li', { text: `Line ${f.line}: ${f.error}` }))));
      poll();
    } catch (e) { replace(out, h('p', { class: 'form-error', text: e.message })); } finally { send.disabled = false; }
  });
  let timer;
  const poll = async () => {
    clearTimeout(timer);
    try {
      const r = await fetch('/readyz', { headers: { Accept: 'application/json' } });
      const j = await r.json();
      lag.textContent = j.status === 'ready' ? (j.index_lag ? `${number(j.index_lag)} changes waiting` : 'up to date') : 'loading';
      state.textContent = j.status === 'ready' ? '' : ` (${j.reason || 'not ready'})`;
    } catch { lag.textContent = 'unreachable'; }
    timer = setTimeout(poll, 2000);
  };
  poll();
  body.append(h('section', { class: 'status-box' }, h('span', { text: 'Search index: ' }), lag, state),
    h('section', {}, h('h2', { class: 'small-head', text: 'Bulk catalog import (JSON Lines, without files)' }),
      h('p', { class: 'muted small', text: 'One still a line, in the manifest form. Lines with an existing id update that still. For files, use the Upload page or shotdeck import.' }),
      text, h('div', { class: 'inline-form' }, file, send), out));
  return () => clearTimeout(timer);
}
