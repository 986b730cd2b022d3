// Client-side routing with the History API: links and forms change the URL
// with pushState, back and forward re-render, and the server answers every
// UI path with the same entry page.

const routes = [];
let handler = () => {};

/** route registers a path pattern ("/decks/:id") for a view name. */
export function route(pattern, name) {
  const keys = [];
  const re = new RegExp('^' + pattern.replace(/:(\w+)/g, (_, k) => { keys.push(k); return '([^/]+)'; }) + '/?$');
  routes.push({ re, keys, name });
}

/** match finds the route of a path: {name, params} or null. */
export function match(path) {
  for (const r of routes) {
    const m = r.re.exec(path);
    if (m) {
      const params = {};
      r.keys.forEach((k, i) => { params[k] = decodeURIComponent(m[i + 1]); });
      return { name: r.name, params };
    }
  }
  return null;
}

/** navigate goes to a URL inside the app. */
export function navigate(url, { replace = false, state = null } = {}) {
  const target = new URL(url, location.href);
  const same = target.pathname + target.search === location.pathname + location.search;
  const depth = history.state?.depth || 0;
  if (replace || same) history.replaceState({ depth, ...state }, '', target);
  else history.pushState({ depth: depth + 1, ...state }, '', target);
  handler(target);
}

/** canGoBack reports whether the previous history entry is in this app. */
export const canGoBack = () => (history.state?.depth || 0) > 0;

/** start renders the current URL and every later navigation with fn. */
export function start(fn) {
  handler = fn;
  addEventListener('popstate', () => fn(new URL(location.href)));
  document.addEventListener('click', (e) => {
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    const a = e.target.closest?.('a[href]');
    if (!a || a.target || a.hasAttribute('download') || a.dataset.external !== undefined) return;
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname.startsWith('/media/')) return;
    e.preventDefault();
    navigate(url);
  });
  fn(new URL(location.href));
}
