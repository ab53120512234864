/**
 * The product's rich detail (图文详情), sanitized on save. What survives is an allowlist:
 * - tags: paragraphs, line breaks, headings h1–h4, bold / italic / underline / strike, lists, quotes, rules, spans,
 *   pictures and in-shop links; everything else is dropped with its text kept, and script, style, iframe and the
 *   like are dropped with their content;
 * - attributes: `img` src/alt/title, `a` href, and on any tag a `style` holding only `text-align`; no event handler,
 *   class or id survives;
 * - `<img src>`: a path in the shop (`/…`) or a URL of the shop's own storage (`isOwnUrl`); other pictures are dropped;
 * - `<a href>`: a path in the shop (`/…`) or a mini-program page (`pages/…`); other links (other sites, `javascript:`,
 *   `mailto:`, protocol-relative `//…`) are dropped and their text kept (in a bare span).
 * Pure: the storage's URL check is passed in.
 */
import sanitizeHtml from 'sanitize-html';
import { looksLikeHtml, plainDetailToHtml, PRODUCT_DETAIL_IMAGES_MAX, PRODUCT_DETAIL_MAX } from '@shop/types';
import { AppError } from '../../runtime/errors';

/** a path on the shop's own origin: one leading `/` (not `//` or `/\`, which browsers read as another host), no spaces, backslashes or control characters */
const SHOP_PATH_RE = /^\/(?![/\\])[^\s\\\u0000-\u001f\u007f]*$/;
/** a mini-program page, as `navigateTo` takes it */
const PAGE_PATH_RE = /^pages\/[A-Za-z0-9_\-/]+(\?[^\s\\#\u0000-\u001f\u007f]*)?$/;

export const isShopLink = (href: string | undefined) => !!href && (SHOP_PATH_RE.test(href) || PAGE_PATH_RE.test(href));
export const isShopImage = (src: string | undefined, isOwnUrl: (url: string) => boolean) => !!src && (SHOP_PATH_RE.test(src) || isOwnUrl(src));

const BLOCKS = ['p', 'h1', 'h2', 'h3', 'h4', 'blockquote', 'li', 'ul', 'ol'];

const options = (isOwnUrl: (url: string) => boolean): sanitizeHtml.IOptions => ({
  allowedTags: [...BLOCKS, 'br', 'hr', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'span', 'sub', 'sup', 'img', 'a'],
  allowedAttributes: { img: ['src', 'alt', 'title'], a: ['href'], '*': ['style'] },
  allowedStyles: { '*': { 'text-align': [/^(left|right|center|justify)$/] } },
  allowedSchemes: ['https', 'http'],
  allowedSchemesAppliedToAttributes: ['href', 'src'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'frame', 'object', 'embed', 'template', 'title', 'svg', 'math', 'head'],
  // a picture from elsewhere goes entirely (a void tag: nothing inside to keep)
  exclusiveFilter: (frame) => frame.tag === 'img' && !isShopImage(frame.attribs.src, isOwnUrl),
  transformTags: {
    a: (tagName, attribs): sanitizeHtml.Tag => (isShopLink(attribs.href) ? { tagName, attribs: { href: attribs.href } } : { tagName: 'span', attribs: {} }),
  },
});

const onlyRelative = () => false;

/** The detail as the allowlist keeps it (HTML in, HTML out). An empty result (no text, no picture) is ''. */
export function sanitizeDetail(html: string, isOwnUrl: (url: string) => boolean = onlyRelative): string {
  const clean = sanitizeHtml(html, options(isOwnUrl)).trim();
  const hasText = clean.replace(/<[^>]*>/g, '').replace(/&nbsp;|\s/g, '') !== '';
  return hasText || clean.includes('<img') ? clean : '';
}

const tooBig = (code: string, message: string) => new AppError('VALIDATION_FAILED', message, [{ path: 'detail', code, message }]);

/**
 * The detail a product saves: plain lines become paragraphs, HTML is sanitized; over PRODUCT_DETAIL_MAX characters
 * or PRODUCT_DETAIL_IMAGES_MAX pictures it is refused (VALIDATION_FAILED on `detail`).
 */
export function detailToSave(input: string, isOwnUrl?: (url: string) => boolean): { detail: string; detailFormat?: 'html' } {
  if (!input.trim()) return { detail: '' };
  const detail = sanitizeDetail(looksLikeHtml(input) ? input : plainDetailToHtml(input), isOwnUrl);
  if (detail.length > PRODUCT_DETAIL_MAX) throw tooBig('too_big', `商品详情最多 ${PRODUCT_DETAIL_MAX} 个字符（含排版）`);
  const images = detail.match(/<img\b/g)?.length ?? 0;
  if (images > PRODUCT_DETAIL_IMAGES_MAX) throw tooBig('too_many_images', `商品详情最多 ${PRODUCT_DETAIL_IMAGES_MAX} 张图片（现有 ${images} 张）`);
  return detail ? { detail, detailFormat: 'html' } : { detail: '' };
}
