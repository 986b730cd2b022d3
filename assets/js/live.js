// The live connection of a deck editor (GET /api/v1/decks/{id}/live): ops
// in version order, acks, presence and cursors; reconnects with backoff and
// resyncs from the last version it saw.

import { applyServer, view } from './deckstate.js';

let seq = 0;

export class LiveDeck {
  /**
   * handlers: change(deck), presence(users), cursor(msg), status(text,
   * state), error(msg), closed(code).
   */
  constructor(deckId, handlers) {
    this.id = deckId;
    this.h = handlers;
    this.confirmed = null;
    this.version = 0;
    this.pending = [];
    this.you = null;
    this.ws = null;
    this.tries = 0;
    this.stopped = false;
    this.connect();
  }

  get deck() { return this.confirmed && view(this.confirmed, this.pending); }

  connect() {
    if (this.stopped) return;
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(`${proto}//${location.host}/api/v1/decks/${encodeURIComponent(this.id)}/live`);
    this.ws = ws;
    this.h.status?.(this.confirmed ? 'Reconnecting…' : 'Connecting…', 'connecting');
    ws.onopen = () => {
      this.tries = 0;
      if (this.confirmed) ws.send(JSON.stringify({ type: 'resync', since: this.version }));
      clearInterval(this.pinger);
      this.pinger = setInterval(() => this.send({ type: 'ping' }), 25000);
    };
    ws.onmessage = (e) => {
      let m;
      try { m = JSON.parse(e.data); } catch { return; }
      this.receive(m);
    };
    ws.onclose = (e) => {
      clearInterval(this.pinger);
      if (this.ws !== ws || this.stopped) return;
      this.h.status?.('Offline — reconnecting…', 'offline');
      if (e.code === 4403 || e.code === 4404 || e.code === 1008) { this.stopped = true; this.h.closed?.(e.code, e.reason); return; }
      const wait = Math.min(10000, 300 * 2 ** this.tries++);
      this.timer = setTimeout(() => this.connect(), wait);
    };
  }

  receive(m) {
    switch (m.type) {
      case 'hello':
        this.confirmed = m.deck;
        this.version = m.version;
        this.you = m.you;
        // A fresh snapshot holds everything the server stored; ops of ours
        // it already contains are dropped by their acks, the rest resent.
        this.h.presence?.(m.presence || []);
        this.h.status?.('Live', 'live');
        this.pending = this.pending.filter((p) => !p.sent);
        for (const p of this.pending) this.transmit(p);
        this.changed();
        break;
      case 'op':
        if (m.version <= this.version) return;
        if (m.version > this.version + 1) { this.send({ type: 'resync', since: this.version }); return; }
        this.version = m.version;
        this.confirmed = applyServer(this.confirmed, m.op);
        if (m.client_op_id) this.pending = this.pending.filter((p) => p.id !== m.client_op_id);
        this.changed(m);
        break;
      case 'ack':
        // The op frame with the same version carries the change itself.
        for (const p of this.pending) if (p.id === m.client_op_id) p.acked = m.version;
        this.pending = this.pending.filter((p) => !(p.acked && p.acked <= this.version));
        break;
      case 'error':
        if (m.client_op_id) { this.pending = this.pending.filter((p) => p.id !== m.client_op_id); this.changed(); }
        this.h.error?.(m);
        break;
      case 'presence':
        this.h.presence?.(m.users || []);
        break;
      case 'cursor':
        this.h.cursor?.(m);
        break;
      default:
        break;
    }
  }

  changed(frame) {
    // An op sent before a reconnect whose frame never came back with our
    // id (a resync replays the log without it) is settled by now.
    const old = Date.now() - 10000;
    this.pending = this.pending.filter((p) => !(p.sent && p.at < old));
    if (this.confirmed) this.h.change?.(this.deck, frame);
  }

  send(msg) {
    if (this.ws?.readyState === WebSocket.OPEN) { this.ws.send(JSON.stringify(msg)); return true; }
    return false;
  }

  transmit(p) {
    const { image, ...wire } = p.op; // the summary is only for the screen
    p.sent = this.send({ type: 'op', client_op_id: p.id, base_version: this.version, op: wire });
  }

  /** op applies a change locally at once and sends it to the room. */
  op(op) {
    const id = `c${Date.now().toString(36)}-${++seq}`;
    const p = { id, op, tempId: `tmp-${id}`, sent: false, at: Date.now() };
    this.pending.push(p);
    this.transmit(p);
    this.changed();
    return id;
  }

  cursor(cardId, x, y) {
    this.send({ type: 'cursor', card_id: cardId, x, y });
  }

  close() {
    this.stopped = true;
    clearTimeout(this.timer);
    clearInterval(this.pinger);
    this.ws?.close(1000);
  }
}
