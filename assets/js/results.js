// The library's current result list, as far as it has loaded, so that a
// still's page can step to the previous and next still of the search it
// was opened from.

let ids = [];

/** setResults starts a new result list (a new search). */
export function setResults(list) { ids = [...list]; }

/** addResults appends the next page of the same search. */
export function addResults(list) { ids.push(...list); }

/**
 * neighbours finds a still in a result list: {index, total, prev, next}
 * (prev and next are ids or null), or null when the still is not in it.
 */
export function neighbours(id, list = ids) {
  const i = list.indexOf(id);
  if (i < 0) return null;
  return { index: i, total: list.length, prev: i > 0 ? list[i - 1] : null, next: i < list.length - 1 ? list[i + 1] : null };
}
