/**
 * The product's rich detail (图文详情): HTML that the server sanitized on save (`detailFormat: 'html'`), or, for
 * products saved before details were rich, plain text. No zod here: the storefront and the admin import this.
 */

/** the most characters a detail may have as sent (HTML included) */
export const PRODUCT_DETAIL_MAX = 100_000;
/** the most pictures one detail may hold */
export const PRODUCT_DETAIL_IMAGES_MAX = 60;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);

/** Plain text as HTML paragraphs, one per non-empty line, escaped (never read as markup). */
export const plainDetailToHtml = (text: string): string =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('');

/** Whether a detail text is meant as HTML (it starts with a tag) rather than plain lines. */
export const looksLikeHtml = (text: string) => /^\s*</.test(text);
