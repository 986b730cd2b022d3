export function adminView() { return { mount(el) { el.textContent = 'Admin'; } }; }
