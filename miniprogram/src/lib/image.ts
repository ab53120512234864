/**
 * Image paths from the API are absolute paths on the gateway (e.g. /assets/products/p-001-1.svg).
 * H5 served by the gateway loads them from the same origin; the mini-program has no origin of its own, so they
 * are resolved against API_BASE (set it when building weapp). Full URLs and cloud:// file ids pass through.
 */
export const imageUrl = (path: string | null | undefined): string => {
  if (!path) return '';
  if (!path.startsWith('/') || path.startsWith('//')) return path;
  const base = API_BASE.replace(/\/+$/, '');
  return base + path;
};
