export function deckView() { return { mount(el) { el.textContent = 'Deck'; } }; }
