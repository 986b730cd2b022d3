export function decksView() { return { mount(el) { el.textContent = 'Decks'; } }; }
