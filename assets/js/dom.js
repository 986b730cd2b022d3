// Small DOM helpers: build elements without HTML strings (so the strict
// Content-Security-Policy holds and user text is never parsed as markup).

/**
 * h builds an element. attrs: class, text, style (object), dataset (object),
 * on<event> handlers, boolean and string attributes; children are nodes,
 * strings, or arrays of them (null and false are skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'style') Object.assign(el.style, v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'value' || k === 'checked' || k === 'selected' || k === 'indeterminate') el[k] = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, kids) {
  for (const c of kids) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

/** clear removes every child of el and appends the given children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

const nf = new Intl.NumberFormat('en');

/** count formats "12,345 stills" with the right plural. */
export function count(n, one, many = one + 's') {
  return `${nf.format(n)} ${n === 1 ? one : many}`;
}

export const number = (n) => nf.format(n);

/** toast shows a short message in the live region. */
export function toast(message, kind = 'info') {
  const box = document.getElementById('toasts');
  if (!box) return;
  const t = h('div', { class: `toast toast-${kind}`, text: message });
  box.append(t);
  setTimeout(() => t.remove(), kind === 'error' ? 8000 : 4000);
}

/** debounce delays fn until calls stop for ms. */
export function debounce(fn, ms) {
  let timer;
  const d = (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
  d.cancel = () => clearTimeout(timer);
  return d;
}

/** dialog opens a modal <dialog> with a title and body; resolves on close. */
export function dialog(title, body, { wide = false, onclose } = {}) {
  const close = h('button', { class: 'icon-btn dialog-close', type: 'button', 'aria-label': 'Close', text: '×' });
  const d = h('dialog', { class: wide ? 'dialog wide' : 'dialog', 'aria-label': title },
    h('header', { class: 'dialog-head' }, h('h2', { text: title }), close), body);
  close.addEventListener('click', () => d.close());
  d.addEventListener('close', () => { d.remove(); onclose?.(); });
  document.body.append(d);
  d.showModal();
  return d;
}

/** initials of a username for avatars. */
export function initials(name) {
  const parts = String(name || '?').split(/[._\-\s]+/).filter(Boolean);
  return ((parts[0]?.[0] || '?') + (parts[1]?.[0] || '')).toUpperCase();
}

/** userColor is a stable hue for a user, for avatars and cursors. */
export function userColor(name) {
  let x = 0;
  for (const ch of String(name)) x = (x * 31 + ch.codePointAt(0)) >>> 0;
  return `hsl(${x % 360} 65% 55%)`;
}

/** ago is a short relative time ("3 min ago"). */
export function ago(iso) {
  const s = (Date.now() - Date.parse(iso)) / 1000;
  if (!Number.isFinite(s)) return '';
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString();
}
