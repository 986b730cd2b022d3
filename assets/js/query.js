// The library's query lives in the page URL (/search?frame_size=wide&q=…)
// so it can be bookmarked, shared and walked with back and forward. The
// URL's parameters are the API's filter parameters, so these pure helpers
// move between the two.

/** Credit and tag filters: free text, repeatable. */
export const PEOPLE = ['director', 'cinematographer', 'actor', 'tag'];

/** Scalar parameters: one value each. */
export const SCALARS = ['q', 'sort', 'year_min', 'year_max', 'color_hex', 'color_distance'];

/** Repeatable parameters besides the taxonomy fields. */
export const LISTS = ['movie', ...PEOPLE];

const PEOPLE_LABELS = { director: 'Director', cinematographer: 'Cinematographer', actor: 'Actor', tag: 'Tag', movie: 'Film' };

/**
 * normalize keeps the parameters the API knows (scalars, lists and the given
 * taxonomy field names), drops empties and duplicates, and orders them so
 * equal queries have equal URLs.
 */
export function normalize(params, fields) {
  const src = new URLSearchParams(params);
  const out = new URLSearchParams();
  for (const k of SCALARS) {
    const v = (src.getAll(k).pop() || '').trim();
    if (v) out.set(k, v);
  }
  for (const k of [...LISTS, ...fields]) {
    const seen = new Set();
    for (const raw of src.getAll(k)) {
      const v = raw.trim();
      if (v && !seen.has(v)) { seen.add(v); out.append(k, v); }
    }
  }
  return out;
}

/** has reports whether params holds value under key. */
export const has = (params, key, value) => params.getAll(key).includes(String(value));

/** toggle adds value to key, or removes it when present. */
export function toggle(params, key, value) {
  const out = new URLSearchParams(params);
  value = String(value);
  if (has(out, key, value)) {
    const rest = out.getAll(key).filter((v) => v !== value);
    out.delete(key);
    for (const v of rest) out.append(key, v);
  } else {
    out.append(key, value);
  }
  return out;
}

/** without removes one value of key (or every value when value is undefined). */
export function without(params, key, value) {
  const out = new URLSearchParams(params);
  if (value === undefined || SCALARS.includes(key)) {
    out.delete(key);
    if (key === 'color_hex') out.delete('color_distance');
    return out;
  }
  const rest = out.getAll(key).filter((v) => v !== String(value));
  out.delete(key);
  for (const v of rest) out.append(key, v);
  return out;
}

/** set replaces key's value (deleting it for an empty value). */
export function set(params, key, value) {
  const out = new URLSearchParams(params);
  if (value === '' || value == null) out.delete(key);
  else out.set(key, String(value));
  return out;
}

/**
 * yearRange turns a year or decade facet value into year_min/year_max
 * ("1990s" → 1990–1999); null when it is not one.
 */
export function yearRange(key, value) {
  if (key === 'year' && /^\d{4}$/.test(value)) return [Number(value), Number(value)];
  const m = key === 'decade' && /^(\d{3})0s$/.exec(value);
  if (m) return [Number(m[1] + '0'), Number(m[1] + '9')];
  return null;
}

/** withYears sets the year range (either end may be empty). */
export function withYears(params, min, max) {
  return set(set(params, 'year_min', min), 'year_max', max);
}

/** isFiltered reports whether anything narrows the library. */
export function isFiltered(params) {
  for (const k of params.keys()) if (k !== 'sort') return true;
  return false;
}

/**
 * chips lists the active filters for display: {key, value, label}. labels
 * maps a taxonomy field to {label, values: {value: label}}; films maps a
 * movie id to its title when known.
 */
export function chips(params, labels = {}, films = {}) {
  const out = [];
  const q = params.get('q');
  if (q) out.push({ key: 'q', value: q, label: `“${q}”` });
  for (const k of LISTS) {
    for (const v of params.getAll(k)) {
      const name = k === 'movie' ? (films[v] || `#${v}`) : v;
      out.push({ key: k, value: v, label: `${PEOPLE_LABELS[k]}: ${name}` });
    }
  }
  for (const [k, f] of Object.entries(labels)) {
    for (const v of params.getAll(k)) out.push({ key: k, value: v, label: `${f.label}: ${f.values[v] || v}` });
  }
  const min = params.get('year_min'), max = params.get('year_max');
  if (min || max) {
    const label = min && max ? (min === max ? min : `${min}–${max}`) : min ? `${min} and later` : `up to ${max}`;
    out.push({ key: 'years', value: '', label: `Years: ${label}` });
  }
  const hex = params.get('color_hex');
  if (hex) out.push({ key: 'color_hex', value: hex, label: `Colour ${hex}`, color: hex });
  return out;
}

/** removeChip drops the filter a chip shows. */
export function removeChip(params, chip) {
  if (chip.key === 'years') return withYears(params, '', '');
  return without(params, chip.key, chip.key === 'q' ? undefined : chip.value);
}

/** searchPath is the UI URL of a query. */
export function searchPath(params) {
  const s = params.toString();
  return s ? `/search?${s}` : '/search';
}

/** apiSearch is the API query for one page of the library. */
export function apiSearch(params, { cursor, limit = 60, facets = true } = {}) {
  const out = new URLSearchParams(params);
  out.set('limit', String(limit));
  if (facets) out.set('facets', 'all');
  if (cursor) out.set('cursor', cursor);
  return out.toString();
}

/** isHex checks a #rrggbb colour. */
export const isHex = (s) => /^#[0-9a-f]{6}$/i.test(s || '');
