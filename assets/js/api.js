// The one way the UI talks to the server: the public JSON API of API.md,
// same-origin with the session cookie.

/** ApiError carries the API's error shape: status, code, message, field. */
export class ApiError extends Error {
  constructor(status, code, message, field, body) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field;
    this.body = body;
  }
}

const listeners = new Set();

/** onUnauthenticated registers a handler for "the session expired". */
export function onUnauthenticated(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * api calls /api/v1 + path. opts: method, json (a body to encode), body (raw,
 * with contentType), signal, quiet401 (do not announce an expired session).
 */
export async function api(path, opts = {}) {
  const headers = { Accept: 'application/json' };
  let body = opts.body;
  if (opts.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.contentType) {
    headers['Content-Type'] = opts.contentType;
  }
  Object.assign(headers, opts.headers || {});
  let res;
  try {
    res = await fetch('/api/v1' + path, {
      method: opts.method || 'GET', headers, body, signal: opts.signal, credentials: 'same-origin',
    });
  } catch (err) {
    if (err.name === 'AbortError') throw err;
    throw new ApiError(0, 'offline', navigator.onLine === false
      ? 'You are offline. Check the connection and try again.'
      : 'The Shotdeck server cannot be reached. Try again in a moment.');
  }
  if (res.status === 204) return null;
  let data = null;
  const text = await res.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!res.ok) {
    const e = data?.error || {};
    const err = new ApiError(res.status, e.code || 'http_' + res.status,
      e.message || `The server answered ${res.status} ${res.statusText}.`, e.field, data);
    if (res.status === 401 && !opts.quiet401) for (const fn of listeners) fn(err);
    throw err;
  }
  return data;
}

/**
 * upload posts a multipart form with upload progress (fetch cannot report
 * it), resolving with the JSON answer or rejecting with an ApiError.
 */
export function upload(path, form, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1' + path);
    xhr.responseType = 'text';
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress?.(e.loaded / e.total); };
    xhr.onerror = () => reject(new ApiError(0, 'offline', 'The upload failed: the server cannot be reached.'));
    xhr.onload = () => {
      let data = null;
      try { data = JSON.parse(xhr.responseText); } catch { data = null; }
      if (xhr.status >= 200 && xhr.status < 300) return resolve(data);
      const e = data?.error || {};
      const err = new ApiError(xhr.status, e.code || 'http_' + xhr.status, e.message || `Upload failed (${xhr.status}).`, e.field, data);
      if (xhr.status === 401) for (const fn of listeners) fn(err);
      reject(err);
    };
    xhr.send(form);
  });
}

let taxonomyPromise;

/** taxonomy is GET /taxonomy, fetched once per page load. */
export function taxonomy() {
  taxonomyPromise ||= api('/taxonomy').then((t) => t.fields).catch((e) => { taxonomyPromise = null; throw e; });
  return taxonomyPromise;
}

/** sharedMedia rewrites a media URL so that it loads through a share link. */
export function sharedMedia(url, token) {
  if (!url || !token || !url.startsWith('/media/')) return url;
  return `/api/v1/shared/${encodeURIComponent(token)}${url}`;
}
