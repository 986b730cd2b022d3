// Shotdeck's web UI: the shell (header, search box, navigation), sign-in
// state, and which view draws the page for each URL.

import { api, onUnauthenticated } from './api.js';
import { h, replace, toast } from './dom.js';
import { route, match, navigate, start } from './router.js';
import { searchBox } from './autocomplete.js';
import { normalize, without, toggle, set, searchPath } from './query.js';
import { loginView, setupView } from './login.js';
import { libraryView } from './library.js';
import { stillView } from './still.js';
import { decksView } from './decks.js';
import { deckView } from './deck.js';
import { sharedView } from './shared.js';
import { adminView } from './admin.js';

route('/', 'library');
route('/search', 'library');
route('/stills/:id', 'still');
route('/decks', 'decks');
route('/decks/:id', 'deck');
route('/s/:token', 'shared');
route('/login', 'login');
route('/setup', 'setup');
route('/admin', 'admin');
route('/admin/:page', 'admin');

const views = { library: libraryView, still: stillView, decks: decksView, deck: deckView, shared: sharedView, admin: adminView, login: loginView, setup: setupView };

/** app is the state every view shares. */
const app = {
  me: null,
  setupNeeded: false,
  checked: false,
  navigate,
  /** params is the library query of the current page (or an empty one). */
  params: new URLSearchParams(),
  fields: [],
  signedIn(user) { app.me = user; app.checked = true; app.setupNeeded = false; },
  async signOut() {
    try { await api('/auth/logout', { method: 'POST', quiet401: true }); } catch { /* the session is gone either way */ }
    app.me = null;
    app.resetViews();
    navigate('/login', { replace: true });
  },
};

const root = document.getElementById('app');
const main = h('main', { id: 'view', class: 'view', tabindex: '-1' });
const offline = h('div', { class: 'banner banner-offline', role: 'alert', hidden: navigator.onLine !== false, text: 'You are offline. Changes cannot be saved until the connection returns.' });
addEventListener('offline', () => { offline.hidden = false; });
addEventListener('online', () => { offline.hidden = true; toast('Back online.'); });

const box = searchBox({
  onSubmit(text) { navigate(searchPath(set(currentQuery(), 'q', text))); },
  onPick(item) {
    let p = without(currentQuery(), 'q');
    if (item.kind === 'movie' && item.id != null) p = toggle(p, 'movie', item.id);
    else p = toggle(p, item.kind, item.text);
    navigate(searchPath(p));
  },
});
app.searchBox = box;

function currentQuery() {
  return match(location.pathname)?.name === 'library' ? normalize(location.search, app.fields.map((f) => f.name)) : new URLSearchParams();
}

function shell(active) {
  const link = (href, text, name) => h('a', { href, text, 'aria-current': active === name ? 'page' : null });
  const me = app.me;
  return h('header', { class: 'top' },
    h('a', { class: 'brand', href: '/', 'aria-label': 'Shotdeck library' }, h('span', { class: 'logo', 'aria-hidden': 'true' }), 'Shotdeck'),
    me ? box.el : h('span', { class: 'grow' }),
    me && h('nav', { class: 'nav', 'aria-label': 'Main' },
      link('/search', 'Library', 'library'), link('/decks', 'Decks', 'deck'),
      me.role === 'admin' && link('/admin', 'Admin', 'admin')),
    me && h('div', { class: 'who' },
      h('span', { class: 'who-name', text: me.username, title: `Signed in as ${me.username} (${me.role})` }),
      h('button', { class: 'btn ghost', type: 'button', id: 'signout', text: 'Sign out', onclick: () => app.signOut() })));
}

let current = { name: '', view: null };
const keepAlive = {};
let header = null, headerKey = '';

async function checkAuth() {
  try {
    const s = await api('/setup');
    app.setupNeeded = !!s.needed;
    if (!app.setupNeeded) app.me = await api('/auth/me', { quiet401: true });
  } catch (e) {
    app.me = null;
    if (e.status !== 401) throw e;
  }
  app.checked = true;
}

async function render(url) {
  const m = match(url.pathname) || { name: 'notfound', params: {} };
  if (m.name !== 'shared' && !app.checked) {
    try { await checkAuth(); } catch (e) {
      replace(root, h('div', { class: 'empty' }, h('h1', { text: 'Shotdeck is unreachable' }), h('p', { text: e.message }),
        h('button', { class: 'btn', type: 'button', text: 'Retry', onclick: () => location.reload() })));
      return;
    }
  }
  if (m.name !== 'shared') {
    if (app.setupNeeded && m.name !== 'setup') return navigate('/setup', { replace: true });
    if (!app.setupNeeded && m.name === 'setup') return navigate(app.me ? '/' : '/login', { replace: true });
    if (!app.me && !app.setupNeeded && m.name !== 'login') {
      const next = url.pathname + url.search;
      return navigate(next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`, { replace: true });
    }
    if (app.me && m.name === 'login') return navigate(url.searchParams.get('next') || '/', { replace: true });
  }
  if (m.name === 'admin' && app.me?.role !== 'admin') m.name = 'forbidden';
  const key = `${app.me?.username || ''}|${m.name === 'shared' ? 'bare' : m.name}`;
  if (!root.contains(main) || headerKey !== key) {
    header = shell(m.name);
    headerKey = key;
    replace(root, header, offline, main);
  }
  if (m.name !== 'library') box.setValue('');
  const ctx = { params: m.params, url, query: url.searchParams };
  if (current.name === m.name && current.view?.update && current.view.update(ctx) !== false) return;
  if (current.view) {
    current.view.unmount?.();
    if (!keepAlive[current.name]) current.view.destroy?.();
  }
  let view = keepAlive[m.name];
  if (!view) {
    const make = views[m.name];
    view = make ? make(app) : staticView(m.name);
    if (view.keepAlive) keepAlive[m.name] = view;
  }
  current = { name: m.name, view };
  main.replaceChildren();
  view.mount(main, ctx);
  if (!view.keepsFocus) main.focus({ preventScroll: true });
}

function staticView(name) {
  const text = name === 'forbidden'
    ? ['Admins only', 'This page is for Shotdeck administrators. Ask an admin if you need access.']
    : ['Page not found', 'There is nothing at this address.'];
  return {
    mount(el) {
      document.title = `${text[0]} · Shotdeck`;
      el.append(h('div', { class: 'empty' }, h('h1', { text: text[0] }), h('p', { text: text[1] }), h('a', { class: 'btn', href: '/', text: 'Go to the library' })));
    },
  };
}

onUnauthenticated(() => {
  if (!app.me) return;
  app.me = null;
  for (const k of Object.keys(keepAlive)) { keepAlive[k].destroy?.(); delete keepAlive[k]; }
  const next = location.pathname + location.search;
  toast('Your session has expired. Sign in again.', 'error');
  navigate(`/login?expired=1&next=${encodeURIComponent(next)}`, { replace: true });
});

document.addEventListener('keydown', (e) => {
  const t = e.target;
  const typing = t.closest?.('input, textarea, select, [contenteditable="true"]');
  if (e.key === '/' && !typing && app.me && !document.querySelector('dialog[open]')) {
    e.preventDefault();
    box.focus();
  }
});

app.resetViews = () => { for (const k of Object.keys(keepAlive)) { if (current.view !== keepAlive[k]) keepAlive[k].destroy?.(); delete keepAlive[k]; } };

start(render);
