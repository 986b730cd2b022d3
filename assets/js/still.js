// A still's page: the large preview, its palette (click a colour to search
// by it), credits, tags and cinematography as links into the library, and
// "add to deck".

import { api, taxonomy } from './api.js';
import { h, replace, number } from './dom.js';
import { frame, stillLabel } from './frame.js';
import { addToDeck } from './adddeck.js';
import { canGoBack } from './router.js';
import { neighbours } from './results.js';

const q = (k, v) => `/search?${new URLSearchParams([[k, String(v)]])}`;

export function stillView(app) {
  let onKey = null;
  return {
    async mount(el, ctx) {
      const body = h('div', { class: 'still-page' }, h('p', { class: 'muted', text: 'Loading…' }));
      el.append(body);
      let s, fields;
      try {
        [s, fields] = await Promise.all([api(`/images/${encodeURIComponent(ctx.params.id)}`), taxonomy()]);
      } catch (e) {
        replace(body, h('div', { class: 'empty' }, h('h1', { text: e.status === 404 ? 'Still not found' : 'This still cannot be shown' }),
          h('p', { text: e.status === 404 ? 'It may have been deleted.' : e.message }), h('a', { class: 'btn', href: '/search', text: 'Back to the library' })));
        return;
      }
      document.title = `${stillLabel(s)} · Shotdeck`;
      const back = h('a', { class: 'back', href: '/search', text: '← Library' });
      back.addEventListener('click', (e) => { if (canGoBack()) { e.preventDefault(); history.back(); } });
      const m = s.movie || {};
      const credit = (label, key, value) => value && h('div', { class: 'kv' }, h('dt', { text: label }),
        h('dd', {}, key ? h('a', { href: q(key, value), text: value }) : value));
      const palette = (s.palette_detail?.length ? s.palette_detail : (s.palette || []).map((hex) => ({ hex, share: 1 / s.palette.length })));
      const swatches = h('div', { class: 'palette', role: 'group', 'aria-label': 'Palette: search by a colour' }, palette.map((p) => {
        const b = h('a', { class: 'pal', href: q('color_hex', p.hex), title: `${p.hex} · ${Math.round(p.share * 100)}% of the frame — search by this colour`, 'aria-label': `Search by colour ${p.hex}` },
          h('span', { class: 'pal-hex', text: p.hex }));
        b.style.background = p.hex;
        b.style.flexGrow = String(Math.max(0.08, p.share));
        b.classList.toggle('light', lightness(p.hex) > 0.6);
        return b;
      }));
      const tax = fields.map((f) => {
        const vals = [].concat(s[f.name] ?? []).filter((v) => v !== '' && v != null);
        if (!vals.length) return null;
        const lab = Object.fromEntries(f.values.map((v) => [v.value, v.label]));
        return h('div', { class: 'kv' }, h('dt', { text: f.label }),
          h('dd', {}, vals.map((v) => h('a', { class: 'tag', href: q(f.name, v), text: lab[v] || v }))));
      });
      // Previous and next still of the library search this one was opened
      // from; they replace this page in the history, so Back still returns
      // to the library.
      const nb = neighbours(s.id);
      const step = (id) => { if (id) app.navigate(`/stills/${encodeURIComponent(id)}`, { replace: true }); };
      const pager = nb && nb.total > 1 && h('div', { class: 'still-pager', role: 'group', 'aria-label': 'Stills of the search' },
        h('button', { type: 'button', class: 'btn ghost', id: 'still-prev', disabled: !nb.prev, title: 'Previous still (←)', 'aria-label': 'Previous still', text: '‹', onclick: () => step(nb.prev) }),
        h('span', { class: 'muted small still-pos', text: `${number(nb.index + 1)} of ${number(nb.total)}` }),
        h('button', { type: 'button', class: 'btn ghost', id: 'still-next', disabled: !nb.next, title: 'Next still (→)', 'aria-label': 'Next still', text: '›', onclick: () => step(nb.next) }));
      const add = h('button', { type: 'button', class: 'btn primary', id: 'add-to-deck', text: 'Add to deck', onclick: () => addToDeck(app, s) });
      replace(body,
        h('div', { class: 'still-bar' }, back, pager, h('div', { class: 'grow' }), add,
          s.original_url && h('a', { class: 'btn ghost', href: s.original_url, download: '', 'data-external': '', text: 'Original' })),
        h('div', { class: 'still-layout' },
          h('figure', { class: 'still-figure' }, frame(s, { size: 'preview', alt: s.description || stillLabel(s) }), swatches),
          h('article', { class: 'still-info' },
            h('h1', { class: 'still-title', text: s.title || 'Untitled still' }),
            m.title && h('p', { class: 'still-film' }, h('a', { href: q('movie', m.id), text: m.title }), m.year ? ` (${m.year})` : ''),
            s.description && h('p', { class: 'still-desc', text: s.description }),
            h('dl', { class: 'kvs' },
              credit('Director', 'director', m.director), credit('Cinematographer', 'cinematographer', m.cinematographer),
              credit('Production designer', null, m.production_designer), credit('Costume designer', null, m.costume_designer),
              credit('Editor', null, m.editor), credit('Timecode', null, s.timecode),
              s.actors?.length > 0 && h('div', { class: 'kv' }, h('dt', { text: 'Cast' }), h('dd', {}, s.actors.map((a) => h('a', { class: 'tag', href: q('actor', a), text: a })))),
              m.year && h('div', { class: 'kv' }, h('dt', { text: 'Year' }), h('dd', {}, h('a', { href: `/search?year_min=${m.year}&year_max=${m.year}`, text: String(m.year) }))),
              tax,
              s.tags?.length > 0 && h('div', { class: 'kv' }, h('dt', { text: 'Tags' }), h('dd', {}, s.tags.map((t) => h('a', { class: 'tag', href: q('tag', t), text: t })))),
              s.width && h('div', { class: 'kv' }, h('dt', { text: 'Size' }), h('dd', { text: `${s.width} × ${s.height}${s.bytes ? ` · ${number(Math.round(s.bytes / 1024))} KB` : ''}` }))))));
      onKey = (e) => {
        if (document.querySelector('dialog[open]') || e.target.closest('input, textarea, select') || e.altKey || e.ctrlKey || e.metaKey) return;
        if (e.key === 'Escape') back.click();
        else if (nb && e.key === 'ArrowLeft' && nb.prev) { e.preventDefault(); step(nb.prev); }
        else if (nb && e.key === 'ArrowRight' && nb.next) { e.preventDefault(); step(nb.next); }
      };
      document.addEventListener('keydown', onKey);
    },
    unmount() { if (onKey) document.removeEventListener('keydown', onKey); },
  };
}

function lightness(hex) {
  const n = parseInt(hex.slice(1), 16);
  return (0.299 * (n >> 16) + 0.587 * ((n >> 8) & 255) + 0.114 * (n & 255)) / 255;
}
