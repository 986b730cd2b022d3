// Export a deck to PDF or ZIP: a background job with a progress bar, then
// a download link.

import { api } from './api.js';
import { h, replace, dialog } from './dom.js';

export function exportDialog(deck) {
  const out = h('div', { class: 'export-out', role: 'status' });
  let timer = null, stopped = false;
  const run = async (format) => {
    clearTimeout(timer);
    const bar = h('progress', { max: 1, value: 0, id: 'export-progress', 'aria-label': 'Export progress' });
    const label = h('span', { class: 'muted', text: 'Queued…' });
    replace(out, bar, label);
    let job;
    try {
      job = (await api(`/decks/${encodeURIComponent(deck.id)}/exports`, { method: 'POST', json: { format } })).job;
    } catch (e) { replace(out, h('p', { class: 'form-error', text: e.status === 404 ? 'Exports are not available on this server yet.' : e.message })); return; }
    const show = (j) => {
      bar.value = j.progress || 0;
      if (j.status === 'done') {
        bar.value = 1;
        const name = `${deck.title.replace(/[^\w\- ]+/g, '').trim() || 'deck'}.${format}`;
        replace(out, bar, h('a', { class: 'btn primary', id: 'export-download', href: j.download_url, download: name, 'data-external': '', text: `Download ${format.toUpperCase()}` }));
        return true;
      }
      if (j.status === 'failed') { replace(out, h('p', { class: 'form-error', text: `The export failed: ${j.error || 'unknown error'}` })); return true; }
      label.textContent = j.status === 'running' ? `Exporting… ${Math.round((j.progress || 0) * 100)}%` : 'Queued…';
      return false;
    };
    const poll = async () => {
      if (stopped) return;
      try {
        job = await api(`/jobs/${encodeURIComponent(job.id)}`);
        if (!show(job)) timer = setTimeout(poll, 400);
      } catch (e) { replace(out, h('p', { class: 'form-error', text: e.message })); }
    };
    if (!show(job)) timer = setTimeout(poll, 300);
  };
  const d = dialog(`Export “${deck.title}”`, h('div', { class: 'dialog-body' },
    h('p', { class: 'muted', text: 'A PDF with one card a page, or a ZIP with the original stills and their credits.' }),
    h('div', { class: 'inline-form' },
      h('button', { type: 'button', class: 'btn', id: 'export-pdf', text: 'PDF', onclick: () => run('pdf') }),
      h('button', { type: 'button', class: 'btn', id: 'export-zip', text: 'ZIP', onclick: () => run('zip') })),
    out), { onclose: () => { stopped = true; clearTimeout(timer); } });
  return d;
}
