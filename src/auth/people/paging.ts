/** Paging of the pickers: a 1-based page number, clamped to what exists. */
export interface Page<T> {
  items: T[];
  page: number;
  pages: number;
  total: number;
}

export function paginate<T>(all: T[], page: number, size: number): Page<T> {
  const pages = Math.max(1, Math.ceil(all.length / size));
  const current = Math.min(Math.max(1, Number.isFinite(page) ? Math.floor(page) : 1), pages);
  return { items: all.slice((current - 1) * size, current * size), page: current, pages, total: all.length };
}
