export function sharedView() { return { mount(el) { el.textContent = 'Shared'; } }; }
