// The library: a dense grid of stills with infinite scroll, the filter
// sidebar, active filters as chips, the result count and the sort menu. The
// query lives in the URL; this view follows it.

import { api, taxonomy } from './api.js';
import { h, replace, count } from './dom.js';
import { frame, fit, stillLabel } from './frame.js';
import { sidebar } from './sidebar.js';
import { normalize, chips, removeChip, searchPath, apiSearch, set, isFiltered } from './query.js';
import { setResults, addResults } from './results.js';

const SORTS = [['', 'Best match'], ['newest', 'Newest'], ['oldest', 'Oldest'], ['year', 'Year, oldest first'], ['-year', 'Year, newest first']];
const CELL = 16 / 9;
const PAGE = 60;

/** tile is one still in a grid: a link to its page. */
export function tile(still, extra) {
  const label = stillLabel(still);
  return h('a', { class: 'tile', href: `/stills/${encodeURIComponent(still.id)}`, 'aria-label': label, dataset: { id: still.id }, role: 'listitem' },
    h('div', { class: 'cell' }, fit(frame(still, { alt: '' }), still, CELL)),
    h('div', { class: 'caption' },
      h('span', { class: 'cap-film', text: still.movie ? still.movie.title : (still.title || 'Untitled') }),
      h('span', { class: 'cap-meta', text: [still.movie?.year, still.title && still.movie ? still.title : ''].filter(Boolean).join(' · ') })),
    extra);
}

/** gridKeys moves focus between tiles with the arrow keys. */
export function gridKeys(grid) {
  grid.addEventListener('keydown', (e) => {
    const cur = e.target.closest('.tile');
    if (!cur || !['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End'].includes(e.key)) return;
    const tiles = [...grid.querySelectorAll(':scope > .tile')];
    const i = tiles.indexOf(cur);
    const cols = Math.max(1, tiles.filter((t) => t.offsetTop === tiles[0].offsetTop).length);
    const j = { ArrowLeft: i - 1, ArrowRight: i + 1, ArrowUp: i - cols, ArrowDown: i + cols, Home: 0, End: tiles.length - 1 }[e.key];
    if (j >= 0 && j < tiles.length) { e.preventDefault(); tiles[j].focus(); }
  });
}

export function libraryView(app) {
  let params = null, fields = [], labels = {}, side = null;
  const films = {};
  let cursor = null, loading = false, gen = 0, ctrl = null, scrollY = 0, total = 0, shown = 0;

  const countEl = h('h1', { class: 'result-count', id: 'result-count', 'aria-live': 'polite', text: 'Loading…' });
  const took = h('span', { class: 'took muted' });
  const chipBox = h('div', { class: 'chips', 'aria-label': 'Active filters' });
  const sort = h('select', { id: 'sort', 'aria-label': 'Sort by' }, SORTS.map(([v, l]) => h('option', { value: v, text: l })));
  const filtersBtn = h('button', { type: 'button', class: 'btn ghost filters-toggle', 'aria-controls': 'filters', 'aria-expanded': 'false', text: 'Filters' });
  const grid = h('div', { class: 'grid', id: 'grid', role: 'list', 'aria-label': 'Stills' });
  const status = h('div', { class: 'grid-status', role: 'status' });
  const sentinel = h('div', { class: 'sentinel', 'aria-hidden': 'true' });
  const sideSlot = h('div', { class: 'side-slot' });
  const root = h('div', { class: 'library' }, sideSlot,
    h('section', { class: 'results', 'aria-labelledby': 'result-count' },
      h('div', { class: 'results-head' }, filtersBtn, countEl, took, h('label', { class: 'sort' }, h('span', { text: 'Sort' }), sort)),
      chipBox, grid, status, sentinel));
  gridKeys(grid);

  const go = (p) => app.navigate(searchPath(p));
  sort.addEventListener('change', () => go(set(params, 'sort', sort.value)));
  filtersBtn.addEventListener('click', () => {
    const on = root.classList.toggle('show-filters');
    filtersBtn.setAttribute('aria-expanded', String(on));
  });

  const io = new IntersectionObserver((entries) => {
    if (entries.some((e) => e.isIntersecting)) more();
  }, { rootMargin: '1200px 0px' });
  io.observe(sentinel);

  function nearEnd() {
    const r = sentinel.getBoundingClientRect();
    return root.isConnected && r.top < innerHeight + 1200;
  }

  function renderChips() {
    const list = chips(params, labels, films);
    replace(chipBox, list.map((c) => {
      const b = h('button', { type: 'button', class: 'chip', 'aria-label': `Remove filter ${c.label}`, title: 'Remove this filter', onclick: () => go(removeChip(params, c)) },
        c.color && h('span', { class: 'chip-dot', 'aria-hidden': 'true' }), h('span', { text: c.label }), h('span', { class: 'x', 'aria-hidden': 'true', text: '×' }));
      if (c.color) b.querySelector('.chip-dot').style.background = c.color;
      return b;
    }), list.length > 1 && h('button', { type: 'button', class: 'chip clear', text: 'Clear all', onclick: () => go(params.get('sort') ? set(new URLSearchParams(), 'sort', params.get('sort')) : new URLSearchParams()) }));
    for (const id of params.getAll('movie')) {
      if (films[id]) continue;
      films[id] = `#${id}`;
      api(`/movies/${encodeURIComponent(id)}`).then((m) => { films[id] = m.year ? `${m.title} (${m.year})` : m.title; renderChips(); }).catch(() => {});
    }
  }

  async function load(reset) {
    if (reset) {
      ctrl?.abort();
      gen++;
      cursor = null;
      loading = false;
    }
    if (loading) return;
    const my = gen;
    loading = true;
    ctrl = new AbortController();
    status.textContent = reset ? '' : 'Loading more…';
    if (reset) root.classList.add('busy');
    try {
      const res = await api(`/search?${apiSearch(params, { cursor, limit: PAGE, facets: reset })}`, { signal: ctrl.signal });
      if (my !== gen) return;
      if (reset) {
        total = res.total;
        shown = 0;
        grid.replaceChildren();
        countEl.textContent = count(res.total, 'still');
        took.textContent = res.took_ms != null ? `${res.took_ms < 10 ? res.took_ms.toFixed(1) : Math.round(res.took_ms)} ms` : '';
        side?.show(params, res.facets);
        scrollTo({ top: 0 });
      }
      grid.append(...res.items.map((s) => tile(s)));
      (reset ? setResults : addResults)(res.items.map((s) => s.id));
      shown += res.items.length;
      cursor = res.next_cursor;
      if (total === 0) {
        replace(status, h('div', { class: 'empty' }, h('h2', { text: 'No stills match' }),
          h('p', { text: isFiltered(params) ? 'Try removing a filter or searching for something broader.' : 'The library is empty. An admin can upload stills or import a catalog.' }),
          isFiltered(params) ? h('a', { class: 'btn', href: '/search', text: 'Clear all filters' }) : app.me?.role === 'admin' && h('a', { class: 'btn', href: '/admin/upload', text: 'Upload stills' })));
      } else status.textContent = cursor ? '' : shown > PAGE ? `All ${count(total, 'still')} shown.` : '';
    } catch (e) {
      if (e.name === 'AbortError' || my !== gen) return;
      if (e.code === 'unavailable') {
        status.textContent = 'The search index is loading; retrying…';
        setTimeout(() => { if (my === gen) { loading = false; load(reset); } }, 1500);
        return;
      }
      if (reset) { countEl.textContent = 'Search failed'; grid.replaceChildren(); }
      replace(status, h('div', { class: 'empty error' }, h('p', { text: e.message }),
        h('button', { type: 'button', class: 'btn', text: 'Try again', onclick: () => load(reset) }),
        e.status === 400 && h('a', { class: 'btn ghost', href: '/search', text: 'Clear filters' })));
    } finally {
      if (my === gen) {
        loading = false;
        root.classList.remove('busy');
        if (cursor && nearEnd()) requestAnimationFrame(() => more());
      }
    }
  }

  function more() {
    if (cursor && !loading && root.isConnected) load(false);
  }

  async function follow(url) {
    if (!fields.length) {
      try {
        fields = await taxonomy();
      } catch (e) {
        countEl.textContent = 'The library cannot be loaded';
        status.textContent = e.message;
        return;
      }
      app.fields = fields;
      labels = Object.fromEntries(fields.map((f) => [f.name, { label: f.label, values: Object.fromEntries(f.values.map((v) => [v.value, v.label])) }]));
      side = sidebar(fields, go);
      sideSlot.replaceChildren(side.el);
    }
    const next = normalize(url.searchParams, fields.map((f) => f.name));
    app.searchBox.setValue(next.get('q') || '');
    document.title = next.get('q') ? `${next.get('q')} · Shotdeck` : 'Library · Shotdeck';
    if (params && next.toString() === params.toString()) return;
    params = next;
    sort.value = params.get('sort') || '';
    side.show(params, null);
    renderChips();
    load(true);
  }

  return {
    keepAlive: true,
    keepsFocus: true,
    mount(el, ctx) {
      el.append(root);
      if (scrollY) requestAnimationFrame(() => scrollTo({ top: scrollY }));
      follow(ctx.url);
    },
    update(ctx) { follow(ctx.url); },
    unmount() { scrollY = window.scrollY; },
    destroy() { io.disconnect(); ctrl?.abort(); },
  };
}

