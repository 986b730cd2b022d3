// The deck editor: cards in order, drag (or Alt+arrow) to reorder, notes
// and text elements, a side panel to add stills from the library, live
// presence and cursors, and other people's changes as they happen.

import { api } from './api.js';
import { h, replace, count, toast, debounce, initials, userColor } from './dom.js';
import { frame, stillLabel } from './frame.js';
import { cardVisual, readOnlyCard } from './cards.js';
import { LiveDeck } from './live.js';
import { afterFor } from './deckstate.js';
import { clampBox, moveBox, resizeBox, dragFraction, keyChange, applyKey, withStyle, isBold, DEFAULT_SIZE, MIN_SIZE, MAX_SIZE } from './textbox.js';
import { shareDialog } from './share.js';
import { exportDialog } from './export.js';

const NEW_TEXT = { text: 'Title', x: 0.05, y: 0.78, width: 0.9, height: 0.16, style: { size: 60, weight: 'bold', color: '#ffffff' } };

export function deckView(app) {
  let live = null, deck = null, canEdit = false, els = new Map(), root = null, cleanup = [];
  const cursors = new Map();

  function mount(el, ctx) {
    const id = ctx.params.id;
    root = h('div', { class: 'deck-page' }, h('p', { class: 'muted pad', text: 'Loading the deck…' }));
    el.append(root);
    api(`/decks/${encodeURIComponent(id)}`).then((d) => {
      build(d);
      live = new LiveDeck(id, {
        change: (dk, frame) => { render(dk); if (frame?.actor && frame.actor.id !== app.me?.id) flash(frame); },
        presence: showPresence,
        cursor: showCursor,
        status: (text, state) => { statusEl.textContent = text; statusEl.dataset.state = state; },
        error: (m) => toast(m.code === 'forbidden' ? 'You can only view this deck.' : m.message, 'error'),
        closed: (code) => {
          toast(code === 4404 ? 'This deck was deleted.' : 'You no longer have access to this deck.', 'error');
          app.navigate('/decks', { replace: true });
        },
      });
    }).catch((e) => {
      replace(root, h('div', { class: 'empty' },
        h('h1', { text: e.status === 404 ? 'Deck not found' : 'The deck cannot be opened' }),
        h('p', { text: e.status === 404 ? 'It does not exist, or it has not been shared with you.' : e.message }),
        h('a', { class: 'btn', href: '/decks', text: 'Back to decks' })));
    });
  }

  // Header parts, built once per deck.
  let titleEl, descEl, presenceEl, statusEl, list, panel, countEl;

  function build(d) {
    deck = d;
    canEdit = d.role === 'owner' || d.role === 'editor';
    document.title = `${d.title} · Shotdeck`;
    titleEl = canEdit
      ? h('input', { class: 'deck-title', id: 'deck-title', value: d.title, maxlength: 200, 'aria-label': 'Deck title' })
      : h('h1', { class: 'deck-title', id: 'deck-title', text: d.title });
    descEl = canEdit
      ? h('textarea', { class: 'deck-desc', id: 'deck-desc', rows: 1, maxlength: 5000, placeholder: 'Description — what is this deck for?', 'aria-label': 'Deck description' })
      : h('p', { class: 'deck-desc muted', text: d.description || '' });
    if (canEdit) {
      descEl.value = d.description || '';
      const saveTitle = () => { const t = titleEl.value.trim(); if (t && t !== deck.title) send({ kind: 'update_deck', title: t }); else titleEl.value = deck.title; };
      titleEl.addEventListener('change', saveTitle);
      titleEl.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); titleEl.blur(); } if (e.key === 'Escape') { titleEl.value = deck.title; titleEl.blur(); } });
      descEl.addEventListener('change', () => { if (descEl.value !== (deck.description || '')) send({ kind: 'update_deck', description: descEl.value }); });
    }
    presenceEl = h('div', { class: 'presence', 'aria-label': 'People here' });
    statusEl = h('span', { class: 'live-status', role: 'status', text: 'Connecting…' });
    countEl = h('span', { class: 'muted deck-count' });
    const role = h('span', { class: `role role-${d.role}`, text: canEdit ? d.role : 'View only' });
    const addBtn = canEdit ? h('button', { type: 'button', class: 'btn', id: 'add-stills', 'aria-controls': 'add-panel', 'aria-expanded': 'false', text: '+ Add stills' }) : null;
    list = h('ol', { class: 'cards', id: 'cards', 'aria-label': 'Cards' });
    panel = canEdit ? addPanel() : null;
    addBtn?.addEventListener('click', () => togglePanel(addBtn));
    root.replaceChildren(
      h('div', { class: 'deck-head' },
        h('a', { class: 'back', href: '/decks', text: '← Decks' }),
        h('div', { class: 'deck-titles' }, titleEl, descEl),
        h('div', { class: 'deck-tools' }, presenceEl, statusEl, role, countEl, addBtn,
          d.role === 'owner' && h('button', { type: 'button', class: 'btn', id: 'share-btn', text: 'Share', onclick: () => shareDialog(app, deck) }),
          h('button', { type: 'button', class: 'btn', id: 'export-btn', text: 'Export', onclick: () => exportDialog(deck) }),
          h('button', { type: 'button', class: 'btn ghost', id: 'duplicate-btn', text: 'Duplicate', onclick: duplicate }),
          d.role === 'owner' && h('button', { type: 'button', class: 'btn ghost danger', id: 'delete-btn', text: 'Delete', onclick: remove }))),
      h('div', { class: 'deck-body' }, list, panel));
    if (canEdit) wireDrag();
    wireCursor();
    render(d);
  }

  function send(op) {
    if (live?.confirmed && live.ws?.readyState === WebSocket.OPEN) { live.op(op); return; }
    rest(op).catch((e) => toast(e.message, 'error'));
  }

  // Without a live connection, changes go through the REST API and the
  // deck is read again.
  async function rest(op) {
    const base = `/decks/${encodeURIComponent(deck.id)}`;
    const card = op.card_id && `${base}/cards/${encodeURIComponent(op.card_id)}`;
    switch (op.kind) {
      case 'add_card': await api(`${base}/cards`, { method: 'POST', json: { image_id: op.image_id, after: op.after ?? null } }); break;
      case 'move_card': await api(card, { method: 'PATCH', json: { after: op.after } }); break;
      case 'update_card': await api(card, { method: 'PATCH', json: { ...(op.note !== undefined && { note: op.note }), ...(op.text_elements && { text_elements: op.text_elements }) } }); break;
      case 'remove_card': await api(card, { method: 'DELETE' }); break;
      case 'update_deck': await api(base, { method: 'PATCH', json: { ...(op.title !== undefined && { title: op.title }), ...(op.description !== undefined && { description: op.description }) } }); break;
      default: return;
    }
    render(await api(base));
  }

  function render(d) {
    deck = d;
    countEl.textContent = count(d.cards.length, 'card');
    if (canEdit) {
      if (document.activeElement !== titleEl) titleEl.value = d.title;
      if (document.activeElement !== descEl) descEl.value = d.description || '';
    } else {
      titleEl.textContent = d.title;
      descEl.textContent = d.description || '';
    }
    document.title = `${d.title} · Shotdeck`;
    const seen = new Set();
    d.cards.forEach((c, i) => {
      seen.add(c.id);
      let e = els.get(c.id);
      if (!e) { e = canEdit ? editCard(c) : { el: readOnlyCard(c, i), card: c }; els.set(c.id, e); }
      else if (e.card !== c) e.update?.(c);
      e.card = c;
      e.el.querySelector('.card-num').textContent = String(i + 1);
      e.el.setAttribute('aria-posinset', String(i + 1));
      e.el.classList.toggle('pending', !!c.pending);
      if (list.children[i] !== e.el) list.insertBefore(e.el, list.children[i] || null);
    });
    for (const [id, e] of els) if (!seen.has(id)) { e.el.remove(); els.delete(id); }
    if (!d.cards.length && !list.querySelector('.cards-empty')) {
      list.append(h('li', { class: 'cards-empty', text: canEdit ? 'No cards yet. Use “+ Add stills” to bring stills from the library.' : 'This deck has no cards yet.' }));
    } else if (d.cards.length) list.querySelector('.cards-empty')?.remove();
  }

  function editCard(c) {
    const note = h('textarea', { class: 'note', rows: 2, placeholder: 'Note…', 'aria-label': 'Card note', maxlength: 10000 });
    note.value = c.note || '';
    const texts = h('div', { class: 'texts' });
    let visual = cardVisual(c);
    const el = h('li', { class: 'card', dataset: { id: c.id }, tabindex: '0', 'aria-label': 'Card' },
      visual,
      h('div', { class: 'card-meta' },
        h('span', { class: 'drag', draggable: 'true', title: 'Drag to reorder (or Alt+←/→)', 'aria-hidden': 'true', text: '⠿' }),
        h('span', { class: 'card-num' }),
        h('span', { class: 'card-title' }),
        h('span', { class: 'grow' }),
        h('button', { type: 'button', class: 'icon-btn move-prev', title: 'Move earlier (Alt+←)', 'aria-label': 'Move card earlier', text: '←', onclick: () => move(e.card.id, -1) }),
        h('button', { type: 'button', class: 'icon-btn move-next', title: 'Move later (Alt+→)', 'aria-label': 'Move card later', text: '→', onclick: () => move(e.card.id, 1) }),
        h('button', { type: 'button', class: 'icon-btn add-text', title: 'Add a text element', 'aria-label': 'Add text to card', text: 'T+', onclick: () => setTexts([...(e.card.text_elements || []), NEW_TEXT]) }),
        h('button', { type: 'button', class: 'icon-btn remove-card', title: 'Remove card', 'aria-label': 'Remove card', text: '×', onclick: () => { send({ kind: 'remove_card', card_id: e.card.id }); toast('Card removed.'); } })),
      note, texts);
    const saveNote = debounce(() => { if (note.value !== (e.card.note || '')) send({ kind: 'update_card', card_id: e.card.id, note: note.value }); }, 500);
    note.addEventListener('input', saveNote);
    note.addEventListener('blur', () => { saveNote.cancel(); if (note.value !== (e.card.note || '')) send({ kind: 'update_card', card_id: e.card.id, note: note.value }); });
    const setTexts = (list) => send({ kind: 'update_card', card_id: e.card.id, text_elements: list.map(({ id, ...t }) => (id ? { id, ...t } : t)) });
    // The text box being changed: selected (its style tools show), and a
    // drag or keyboard change not yet sent (draft) or under way (dragging).
    let selected = -1, draft = null, dragging = false, stale = false;
    // change replaces one element, found by its id when it has one (another
    // person may have added or removed elements meanwhile).
    const change = (i, id, fn) => {
      const list = e.card.text_elements || [];
      const j = id ? list.findIndex((x) => x.id === id) : i;
      if (j < 0 || !list[j]) return;
      const next = fn(list[j]);
      if (next !== list[j]) setTexts(list.map((x, k) => (k === j ? next : x)));
    };
    const setStyle = (i, key, value) => change(i, e.card.text_elements?.[i]?.id, (t) => withStyle(t, key, value));
    const place = (t, b) => Object.assign(t.style, { left: `${b.x * 100}%`, top: `${b.y * 100}%`, width: `${b.width * 100}%`, height: `${b.height * 100}%` });
    const select = (i) => {
      selected = i;
      el.querySelectorAll('.text-el').forEach((t) => t.classList.toggle('selected', +t.dataset.index === i));
      texts.querySelectorAll('.text-row').forEach((r, j) => r.classList.toggle('selected', j === i));
    };
    // Keyboard changes are sent once the keys rest (the live socket limits
    // how many ops a connection may send), or when the box loses the focus.
    const commitDraft = () => {
      saveDraft.cancel();
      if (!draft) return;
      const { i, id, box } = draft;
      draft = null;
      change(i, id, (t) => ({ ...t, ...box }));
    };
    const saveDraft = debounce(() => commitDraft(), 300);
    // editable makes a card's drawn text boxes movable, resizable and
    // focusable; the picture is redrawn whenever the texts change.
    const editable = (v, card) => {
      const layer = v.querySelector('.text-layer');
      layer.classList.add('editable');
      layer.removeAttribute('aria-hidden');
      layer.querySelectorAll('.text-el').forEach((t, i) => {
        const te = card.text_elements[i];
        Object.assign(t, { tabIndex: 0, title: 'Drag to move, drag the corner to resize' });
        t.dataset.index = String(i);
        t.setAttribute('role', 'group');
        t.setAttribute('aria-label', `Text box ${i + 1}: ${te.text}. Arrow keys move it, Shift for bigger steps, Alt+arrows resize it, Escape leaves it.`);
        t.classList.toggle('selected', i === selected);
        t.append(h('span', { class: 'resize-handle', 'aria-hidden': 'true' }));
        if (draft && draft.i === i) place(t, draft.box);
      });
      return v;
    };
    visual = editable(visual, c);
    el.addEventListener('pointerdown', (ev) => {
      const t = ev.target.closest?.('.text-layer.editable .text-el');
      if (!t || ev.button !== 0) return;
      const i = +t.dataset.index, cur = e.card.text_elements?.[i];
      if (!cur) return;
      ev.preventDefault();
      select(i);
      t.focus({ preventScroll: true });
      const rect = visual.getBoundingClientRect();
      const resize = !!ev.target.closest('.resize-handle');
      const start = { x: ev.clientX, y: ev.clientY }, from = clampBox(cur);
      let box = from;
      dragging = true;
      const onMove = (m) => {
        if (m.pointerId !== ev.pointerId) return;
        const { dx, dy } = dragFraction(start, { x: m.clientX, y: m.clientY }, rect);
        box = resize ? resizeBox(from, dx, dy) : moveBox(from, dx, dy);
        place(t, box);
      };
      const onUp = (m) => {
        if (m.pointerId !== ev.pointerId) return;
        removeEventListener('pointermove', onMove);
        removeEventListener('pointerup', onUp);
        removeEventListener('pointercancel', onUp);
        dragging = false;
        const same = ['x', 'y', 'width', 'height'].every((k) => box[k] === from[k]);
        if (m.type === 'pointerup' && !same) change(i, cur.id, (x) => ({ ...x, ...box }));
        else if (stale) e.update(e.card, true);
        stale = false;
      };
      addEventListener('pointermove', onMove);
      addEventListener('pointerup', onUp);
      addEventListener('pointercancel', onUp);
    });
    el.addEventListener('keydown', (ev) => {
      const t = ev.target.closest?.('.text-layer.editable .text-el');
      if (!t) return;
      const i = +t.dataset.index, cur = e.card.text_elements?.[i];
      if (!cur) return;
      if (ev.key === 'Escape') {
        ev.preventDefault();
        commitDraft();
        select(-1);
        el.focus();
        return;
      }
      const k = keyChange(ev.key, { shift: ev.shiftKey, alt: ev.altKey });
      if (!k) return;
      ev.preventDefault();
      ev.stopPropagation();
      const box = applyKey(draft?.i === i ? draft.box : clampBox(cur), k);
      draft = { i, id: cur.id, box };
      place(t, box);
      saveDraft();
    });
    el.addEventListener('focusout', (ev) => { if (ev.target.closest?.('.text-el')) commitDraft(); });
    el.addEventListener('focusin', (ev) => {
      const t = ev.target.closest?.('.text-layer.editable .text-el');
      const row = ev.target.closest?.('.text-row');
      if (t) select(+t.dataset.index);
      else if (row) select([...texts.children].indexOf(row));
    });
    const drawTexts = (card) => replace(texts, (card.text_elements || []).map((t, i) => {
      const input = h('input', { class: 'text-input', value: t.text, maxlength: 2000, 'aria-label': `Text ${i + 1}` });
      input.addEventListener('change', () => setTexts(card.text_elements.map((x, j) => (j === i ? { ...x, text: input.value } : x))));
      const s = t.style || {};
      const size = h('input', { type: 'number', class: 'tt-size', min: MIN_SIZE, max: MAX_SIZE, step: 5, value: String(s.size || DEFAULT_SIZE), 'aria-label': `Size of text ${i + 1}`, title: 'Size (thousandths of the card width)' });
      size.addEventListener('change', () => setStyle(i, 'size', size.value));
      const color = h('input', { type: 'color', class: 'tt-color', value: /^#[0-9a-f]{6}$/i.test(s.color || '') ? s.color.toLowerCase() : '#ffffff', 'aria-label': `Colour of text ${i + 1}`, title: 'Colour' });
      color.addEventListener('change', () => setStyle(i, 'color', color.value));
      const bold = h('button', { type: 'button', class: 'icon-btn tt-bold', 'aria-pressed': String(isBold(s)), 'aria-label': `Bold text ${i + 1}`, title: 'Bold', text: 'B' });
      bold.addEventListener('click', () => {
        const on = bold.getAttribute('aria-pressed') !== 'true';
        bold.setAttribute('aria-pressed', String(on));
        setStyle(i, 'weight', on ? 'bold' : 'normal');
      });
      const align = h('select', { class: 'tt-align', 'aria-label': `Alignment of text ${i + 1}`, title: 'Alignment' },
        [['left', 'Left'], ['center', 'Centre'], ['right', 'Right']].map(([v, l]) => h('option', { value: v, text: l })));
      align.value = s.align || 'left';
      align.addEventListener('change', () => setStyle(i, 'align', align.value));
      return h('div', { class: `text-row${i === selected ? ' selected' : ''}` }, input,
        h('button', { type: 'button', class: 'icon-btn', 'aria-label': `Remove text ${i + 1}`, text: '×', onclick: () => setTexts(card.text_elements.filter((_, j) => j !== i)) }),
        h('div', { class: 'text-tools', role: 'toolbar', 'aria-label': `Style of text ${i + 1}` }, size, color, bold, align));
    }));
    const title = (card) => { el.querySelector('.card-title').textContent = card.image ? stillLabel(card.image) : 'Text card'; el.setAttribute('aria-label', `Card: ${card.image ? stillLabel(card.image) : 'text card'}`); };
    const e = {
      el, card: c,
      update(card, force) {
        if (document.activeElement !== note) note.value = card.note || '';
        if (force || JSON.stringify(card.text_elements) !== JSON.stringify(e.card.text_elements) || card.image?.id !== e.card.image?.id) {
          if (dragging) stale = true;
          else {
            // A box with the focus keeps it in the redrawn picture.
            const focused = visual.contains(document.activeElement) ? document.activeElement.closest('.text-el')?.dataset.index : undefined;
            const v = editable(cardVisual(card), card);
            visual.replaceWith(v);
            visual = v;
            if (focused !== undefined) v.querySelector(`.text-el[data-index="${focused}"]`)?.focus({ preventScroll: true });
          }
          if (selected >= (card.text_elements || []).length) selected = -1;
          if (!texts.contains(document.activeElement)) drawTexts(card);
        }
        title(card);
      },
    };
    drawTexts(c);
    title(c);
    el.addEventListener('keydown', (ev) => {
      if (ev.target !== el || !ev.altKey) return;
      if (ev.key === 'ArrowLeft' || ev.key === 'ArrowUp') { ev.preventDefault(); move(e.card.id, -1); }
      if (ev.key === 'ArrowRight' || ev.key === 'ArrowDown') { ev.preventDefault(); move(e.card.id, 1); }
    });
    return e;
  }

  function move(cardId, delta) {
    const i = deck.cards.findIndex((c) => c.id === cardId);
    const to = i + delta;
    if (i < 0 || to < 0 || to >= deck.cards.length) return;
    send({ kind: 'move_card', card_id: cardId, after: afterFor(deck.cards, cardId, to) });
    requestAnimationFrame(() => els.get(cardId)?.el.focus());
  }

  function wireDrag() {
    // The card id travels in the drag data (its own type, so that files or
    // text dragged in from elsewhere are not taken for a card).
    const TYPE = 'application/x-shotdeck-card';
    list.addEventListener('dragstart', (e) => {
      const card = e.target.closest('.card');
      if (!card) return;
      e.dataTransfer.effectAllowed = 'move';
      e.dataTransfer.setData(TYPE, card.dataset.id);
      e.dataTransfer.setDragImage(card, 40, 40);
      card.classList.add('dragging');
    });
    const target = (e) => {
      const card = e.target.closest?.('.card');
      if (!card || !e.dataTransfer.types.includes(TYPE)) return null;
      const r = card.getBoundingClientRect();
      return { card, before: e.clientX < r.left + r.width / 2 };
    };
    const clear = () => list.querySelectorAll('.drop-before, .drop-after').forEach((x) => x.classList.remove('drop-before', 'drop-after'));
    list.addEventListener('dragover', (e) => {
      const t = target(e);
      if (!t) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      clear();
      t.card.classList.add(t.before ? 'drop-before' : 'drop-after');
    });
    list.addEventListener('dragleave', (e) => { if (!list.contains(e.relatedTarget)) clear(); });
    list.addEventListener('drop', (e) => {
      const t = target(e);
      clear();
      list.querySelector('.dragging')?.classList.remove('dragging');
      if (!t) return;
      e.preventDefault();
      const id = e.dataTransfer.getData(TYPE);
      const cards = deck.cards;
      const over = cards.findIndex((c) => c.id === t.card.dataset.id);
      const from = cards.findIndex((c) => c.id === id);
      if (over < 0 || from < 0 || t.card.dataset.id === id) return;
      let to = t.before ? over : over + 1;
      if (from < to) to--;
      if (to !== from) send({ kind: 'move_card', card_id: id, after: afterFor(cards, id, to) });
    });
    list.addEventListener('dragend', () => { clear(); list.querySelector('.dragging')?.classList.remove('dragging'); });
  }

  function wireCursor() {
    let last = 0;
    const onMove = (e) => {
      const now = Date.now();
      if (now - last < 60 || !live) return;
      const card = e.target.closest?.('.card');
      const v = card?.querySelector('.card-visual');
      if (!v) return;
      last = now;
      const r = v.getBoundingClientRect();
      live.cursor(card.dataset.id, Math.max(0, Math.min(1, (e.clientX - r.left) / r.width)), Math.max(0, Math.min(1, (e.clientY - r.top) / r.height)));
    };
    list.addEventListener('mousemove', onMove);
  }

  function showPresence(users) {
    const mine = new Set();
    replace(presenceEl, users.filter((u) => { const k = u.id; if (mine.has(k)) return false; mine.add(k); return true; }).map((u) => {
      const a = h('span', { class: 'avatar', title: u.username + (u.id === app.me?.id ? ' (you)' : ''), 'aria-label': u.username, dataset: { user: u.username }, text: initials(u.username) });
      a.style.background = userColor(u.username);
      return a;
    }));
    for (const [id, c] of cursors) if (!mine.has(id)) { c.el.remove(); cursors.delete(id); }
  }

  function showCursor(m) {
    if (!m.user || m.user.id === app.me?.id) return;
    let c = cursors.get(m.user.id);
    if (!c) {
      const el = h('span', { class: 'cursor', dataset: { user: m.user.username } }, h('span', { class: 'cursor-name', text: m.user.username }));
      el.style.setProperty('--c', userColor(m.user.username));
      c = { el };
      cursors.set(m.user.id, c);
    }
    const v = m.card_id && els.get(m.card_id)?.el.querySelector('.card-visual');
    if (!v || m.x == null) { c.el.remove(); return; }
    if (c.el.parentNode !== v) v.append(c.el);
    c.el.style.left = `${m.x * 100}%`;
    c.el.style.top = `${m.y * 100}%`;
    clearTimeout(c.timer);
    c.timer = setTimeout(() => c.el.remove(), 8000);
  }

  function flash(f) {
    const el = f.op?.card_id && els.get(f.op.card_id)?.el;
    if (!el) return;
    el.classList.remove('flash');
    void el.offsetWidth;
    el.classList.add('flash');
  }

  function togglePanel(btn) {
    const open = panel.hidden;
    panel.hidden = !open;
    btn.setAttribute('aria-expanded', String(open));
    root.classList.toggle('with-panel', open);
    if (open) panel.querySelector('input').focus();
  }

  function addPanel() {
    const input = h('input', { type: 'search', id: 'add-search', placeholder: 'Search stills to add…', 'aria-label': 'Search stills to add' });
    const results = h('div', { class: 'add-results', role: 'list' });
    const note = h('p', { class: 'muted small' });
    let ctrl;
    const search = debounce(async () => {
      ctrl?.abort();
      ctrl = new AbortController();
      const q = input.value.trim();
      try {
        const res = await api(`/search?${new URLSearchParams({ ...(q && { q }), limit: '48' })}`, { signal: ctrl.signal });
        note.textContent = count(res.total, 'still');
        replace(results, res.items.map((s) => h('div', { class: 'add-item', role: 'listitem' },
          frame(s, { alt: '' }),
          h('button', { type: 'button', class: 'add-still', 'aria-label': `Add ${stillLabel(s)}`, title: stillLabel(s), dataset: { id: s.id }, text: '+',
            onclick: () => { send({ kind: 'add_card', image_id: s.id, image: s }); toast(`Added ${stillLabel(s)}.`); } }))));
      } catch (e) { if (e.name !== 'AbortError') note.textContent = e.message; }
    }, 200);
    input.addEventListener('input', search);
    const p = h('aside', { class: 'add-panel', id: 'add-panel', hidden: true, 'aria-label': 'Add stills' },
      h('div', { class: 'add-head' }, h('h2', { text: 'Add stills' }), h('button', { type: 'button', class: 'icon-btn', 'aria-label': 'Close the panel', text: '×', onclick: () => togglePanel(root.querySelector('#add-stills')) })),
      input, note, results);
    search();
    return p;
  }

  async function duplicate() {
    try {
      const d = await api(`/decks/${encodeURIComponent(deck.id)}/duplicate`, { method: 'POST' });
      toast(`Duplicated as “${d.title}”.`);
      app.navigate(`/decks/${encodeURIComponent(d.id)}`);
    } catch (e) { toast(e.message, 'error'); }
  }

  async function remove() {
    if (!confirm(`Delete “${deck.title}” for everyone? This cannot be undone.`)) return;
    try {
      await api(`/decks/${encodeURIComponent(deck.id)}`, { method: 'DELETE' });
      live?.close();
      toast('Deck deleted.');
      app.navigate('/decks', { replace: true });
    } catch (e) { toast(e.message, 'error'); }
  }

  return {
    mount,
    update(ctx) { if (ctx.params.id === deck?.id) return true; return false; },
    unmount() { live?.close(); live = null; for (const f of cleanup) f(); cleanup = []; els = new Map(); },
  };
}
