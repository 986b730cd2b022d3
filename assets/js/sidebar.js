// The library's filter sidebar: every taxonomy field with live facet
// counts, credits and tags, a year range and a colour picker. It never
// navigates itself: it calls go(params) with the query the user asked for.

import { h, number, replace } from './dom.js';
import { toggle, has, withYears, set, without, yearRange, isHex } from './query.js';

const OPEN_KEY = 'shotdeck.openFacets';
const DEFAULT_OPEN = ['color_hex', 'years', 'frame_size', 'shot_type', 'lighting', 'time_of_day', 'int_ext', 'color', 'director'];
const PEOPLE = [['director', 'Director'], ['cinematographer', 'Cinematographer'], ['actor', 'Actor'], ['tag', 'Tags']];
const PRESETS = ['#c0392b', '#e67e22', '#f1c40f', '#27ae60', '#16a085', '#2980b9', '#1a3a8a', '#8e44ad', '#e84393', '#f5f0e6', '#7f8c8d', '#111111'];

function openSet() {
  try { return new Set(JSON.parse(localStorage.getItem(OPEN_KEY)) || DEFAULT_OPEN); } catch { return new Set(DEFAULT_OPEN); }
}

/** sidebar builds the filter panel for the taxonomy fields. */
export function sidebar(fields, go) {
  const open = openSet();
  let params = new URLSearchParams();
  const remember = (name, d) => d.addEventListener('toggle', () => {
    if (d.open) open.add(name); else open.delete(name);
    try { localStorage.setItem(OPEN_KEY, JSON.stringify([...open])); } catch { /* private mode */ }
  });
  const section = (name, label, body, extra) => {
    const badge = h('span', { class: 'sel-count' });
    const d = h('details', { class: 'facet-group', open: open.has(name), dataset: { field: name } },
      h('summary', {}, h('span', { text: label }), badge, extra), body);
    remember(name, d);
    return { d, badge };
  };

  // Colour.
  const picker = h('input', { type: 'color', id: 'color-picker', 'aria-label': 'Pick a colour to search by', value: '#1a3a8a' });
  const hexIn = h('input', { type: 'text', id: 'color-hex', class: 'hex-input', placeholder: '#rrggbb', maxlength: 7, 'aria-label': 'Colour as #rrggbb', spellcheck: 'false' });
  const tol = h('select', { id: 'color-distance', 'aria-label': 'How close the colour must be' },
    [['10', 'Close'], ['15', 'Near'], ['25', 'Loose'], ['40', 'Very loose']].map(([v, l]) => h('option', { value: v, text: l })));
  tol.value = '15';
  const pickColor = (hex) => { if (isHex(hex)) go(set(without(params, 'color_distance'), 'color_hex', hex.toLowerCase())); };
  picker.addEventListener('change', () => pickColor(picker.value));
  hexIn.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); pickColor(hexIn.value.startsWith('#') ? hexIn.value : '#' + hexIn.value); } });
  tol.addEventListener('change', () => { if (params.get('color_hex')) go(tol.value === '15' ? without(params, 'color_distance') : set(params, 'color_distance', tol.value)); });
  const presets = h('div', { class: 'presets' }, PRESETS.map((c) => {
    const b = h('button', { type: 'button', class: 'swatch', title: `Search by ${c}`, 'aria-label': `Search by colour ${c}`, onclick: () => pickColor(c) });
    b.style.background = c;
    return b;
  }));
  const colour = section('color_hex', 'Colour', h('div', { class: 'facet-body colour-body' },
    h('div', { class: 'colour-row' }, picker, hexIn, tol), presets));

  // Years.
  const yMin = h('input', { type: 'number', id: 'year-min', min: 1800, max: 2200, placeholder: 'From', 'aria-label': 'From year' });
  const yMax = h('input', { type: 'number', id: 'year-max', min: 1800, max: 2200, placeholder: 'To', 'aria-label': 'To year' });
  const applyYears = () => {
    const a = yMin.value.trim(), b = yMax.value.trim();
    if (a === (params.get('year_min') || '') && b === (params.get('year_max') || '')) return;
    go(withYears(params, a, b));
  };
  for (const i of [yMin, yMax]) {
    i.addEventListener('change', applyYears);
    i.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); applyYears(); } });
  }
  const decades = h('div', { class: 'decades' });
  const years = section('years', 'Year', h('div', { class: 'facet-body' }, h('div', { class: 'year-row' }, yMin, h('span', { text: '–' }), yMax), decades));

  // Taxonomy fields: values are fixed, so their rows are built once and
  // only their counts and checks change.
  const rows = {};
  const groups = fields.map((f) => {
    rows[f.name] = {};
    const list = h('div', { class: 'facet-body', role: 'group', 'aria-label': f.label }, f.values.map((v) => {
      const input = h('input', { type: 'checkbox', dataset: { field: f.name, value: v.value }, onchange: () => go(toggle(params, f.name, v.value)) });
      const cnt = h('span', { class: 'count' });
      const row = h('label', { class: 'facet' }, input, h('span', { class: 'facet-label', text: v.label }), cnt);
      rows[f.name][v.value] = { row, input, cnt };
      return row;
    }));
    return { f, ...section(f.name, f.label, list) };
  });

  // Credits and tags: the top values of the current result.
  const people = PEOPLE.map(([name, label]) => {
    const list = h('div', { class: 'facet-body', role: 'group', 'aria-label': label });
    return { name, list, ...section(name, label, list) };
  });

  const clear = h('button', { type: 'button', class: 'btn ghost small', text: 'Clear all', onclick: () => go(params.get('sort') ? set(new URLSearchParams(), 'sort', params.get('sort')) : new URLSearchParams()) });
  const el = h('aside', { class: 'sidebar', id: 'filters', 'aria-label': 'Filters' },
    h('div', { class: 'side-head' }, h('h2', { text: 'Filters' }), clear),
    colour.d, years.d, groups.map((g) => g.d), people.map((p) => p.d));

  return {
    el,
    /** show reflects a query and (when known) the facet counts of its result. */
    show(p, facets) {
      params = p;
      clear.hidden = [...p.keys()].every((k) => k === 'sort');
      const hex = p.get('color_hex');
      if (hex) { picker.value = hex; hexIn.value = hex; }
      else hexIn.value = '';
      tol.value = p.get('color_distance') || '15';
      colour.badge.textContent = hex ? '●' : '';
      if (hex) colour.badge.style.color = hex;
      if (document.activeElement !== yMin) yMin.value = p.get('year_min') || '';
      if (document.activeElement !== yMax) yMax.value = p.get('year_max') || '';
      years.badge.textContent = p.get('year_min') || p.get('year_max') ? '1' : '';
      for (const g of groups) {
        const counts = facets ? new Map((facets[g.f.name] || []).map((c) => [c.value, c.count])) : null;
        let sel = 0;
        for (const [value, r] of Object.entries(rows[g.f.name])) {
          const on = has(p, g.f.name, value);
          sel += on;
          r.input.checked = on;
          if (counts) {
            const n = counts.get(value) || 0;
            r.cnt.textContent = number(n);
            r.row.classList.toggle('zero', n === 0 && !on);
          }
        }
        g.badge.textContent = sel ? String(sel) : '';
      }
      if (!facets) return;
      replace(decades, (facets.decade || []).slice().sort((a, b) => a.value.localeCompare(b.value)).map((d) => {
        const [a, b] = yearRange('decade', d.value);
        const on = p.get('year_min') === String(a) && p.get('year_max') === String(b);
        return h('button', { type: 'button', class: on ? 'pill on' : 'pill', 'aria-pressed': String(on), title: `${number(d.count)} stills`,
          onclick: () => go(on ? withYears(params, '', '') : withYears(params, a, b)) }, d.label, h('span', { class: 'count', text: number(d.count) }));
      }));
      for (const g of people) {
        const top = (facets[g.name] || []).slice(0, 12);
        const selected = p.getAll(g.name);
        for (const v of selected) if (!top.some((t) => t.value === v)) top.unshift({ value: v, label: v, count: 0 });
        g.badge.textContent = selected.length ? String(selected.length) : '';
        const focused = g.list.contains(document.activeElement) ? document.activeElement.dataset.value : null;
        replace(g.list, top.length ? top.map((t) => h('label', { class: 'facet' },
          h('input', { type: 'checkbox', checked: selected.includes(t.value), dataset: { field: g.name, value: t.value }, onchange: () => go(toggle(params, g.name, t.value)) }),
          h('span', { class: 'facet-label', text: t.label || t.value }), h('span', { class: 'count', text: t.count ? number(t.count) : '' })))
          : h('p', { class: 'muted small', text: 'None in these results.' }));
        if (focused != null) [...g.list.querySelectorAll('input')].find((i) => i.dataset.value === focused)?.focus();
      }
    },
  };
}
