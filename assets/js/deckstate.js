// A deck's cards as the client holds them. The server's ops (as broadcast
// to the live room) are applied in version order onto the confirmed deck;
// the user's own ops that are not yet confirmed are replayed on top, so the
// screen answers at once and converges on the server's order.

const byPosition = (a, b) => (a.position < b.position ? -1 : a.position > b.position ? 1 : 0);

/** clone copies a deck deeply enough for ops to change it. */
export function clone(deck) {
  return { ...deck, members: [...(deck.members || [])], cards: (deck.cards || []).map((c) => ({ ...c })) };
}

/** applyServer applies one server op ({kind, card_id, position, card, …}) to a deck copy. */
export function applyServer(deck, op) {
  const d = clone(deck);
  const i = d.cards.findIndex((c) => c.id === op.card_id);
  switch (op.kind) {
    case 'add_card': {
      const card = op.card ? { ...op.card } : { id: op.card_id, position: op.position, image: null, note: '', text_elements: [] };
      if (i >= 0) d.cards[i] = card; else d.cards.push(card);
      d.cards.sort(byPosition);
      break;
    }
    case 'move_card':
      if (i >= 0) { d.cards[i].position = op.position; d.cards.sort(byPosition); }
      break;
    case 'update_card':
      if (i >= 0) {
        if (op.note !== undefined) d.cards[i].note = op.note;
        if (op.text_elements !== undefined) d.cards[i].text_elements = op.text_elements;
      }
      break;
    case 'remove_card':
      if (i >= 0) d.cards.splice(i, 1);
      break;
    case 'update_deck':
      if (op.title !== undefined) d.title = op.title;
      if (op.description !== undefined) d.description = op.description;
      break;
    case 'set_member': {
      const j = d.members.findIndex((m) => m.user.id === op.user?.id);
      const m = { user: op.user, role: op.role };
      if (j >= 0) d.members[j] = m; else d.members.push(m);
      break;
    }
    case 'remove_member':
      d.members = d.members.filter((m) => m.user.id !== op.user?.id);
      break;
    default:
      break;
  }
  d.card_count = d.cards.length;
  return d;
}

/**
 * applyLocal applies one of the user's own pending ops (the client form:
 * {kind, card_id, after, image, note, text_elements, title, description})
 * by moving cards in the list; positions are the server's business.
 */
export function applyLocal(deck, op, tempId) {
  const d = clone(deck);
  const i = d.cards.findIndex((c) => c.id === op.card_id);
  const place = (card) => {
    if (op.after === '') d.cards.unshift(card);
    else {
      const k = op.after == null ? -1 : d.cards.findIndex((c) => c.id === op.after);
      if (k < 0) d.cards.push(card); else d.cards.splice(k + 1, 0, card);
    }
  };
  switch (op.kind) {
    case 'add_card':
      place({ id: tempId, pending: true, position: '', image: op.image || null, note: op.note || '', text_elements: op.text_elements || [] });
      break;
    case 'move_card':
      if (i >= 0 && op.after !== op.card_id) { const [c] = d.cards.splice(i, 1); place(c); }
      break;
    case 'remove_card':
      if (i >= 0) d.cards.splice(i, 1);
      break;
    default:
      return applyServer(d, op);
  }
  d.card_count = d.cards.length;
  return d;
}

/** view is the confirmed deck with the pending ops replayed on top. */
export function view(confirmed, pending) {
  let d = confirmed;
  for (const p of pending) d = applyLocal(d, p.op, p.tempId);
  return d;
}

/**
 * afterFor says where a card dropped at index `to` of the list goes, as
 * the API's "after": "" for first, else the id of the card before it.
 */
export function afterFor(cards, cardId, to) {
  const rest = cards.filter((c) => c.id !== cardId);
  to = Math.max(0, Math.min(to, rest.length));
  return to === 0 ? '' : rest[to - 1].id;
}
