/**
 * The product's detail text as paragraphs of plain text. Merchants may paste simple HTML; it is flattened to
 * text (never injected as markup), keeping line breaks.
 */
const ENTITIES: Record<string, string> = { '&nbsp;': ' ', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&amp;': '&' };

export const detailParagraphs = (detail: string | null | undefined): string[] => {
  if (!detail) return [];
  const text = detail
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\/\s*(p|div|li|h[1-6])\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(nbsp|lt|gt|quot|#39|amp);/g, (m) => ENTITIES[m] ?? m);
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
};

/** what the pictures of a rich detail are styled with: no wider than the screen, no gaps between them */
export const DETAIL_IMAGE_STYLE = 'max-width:100%;height:auto;display:block;margin:0 auto;';

const ATTR_RE = /\b(src|alt)="([^"]*)"/g;

/** spacing of the blocks, inline for the same reason as the pictures' (px: rich-text does not scale rpx) */
export const BLOCK_STYLE: Record<string, string> = {
  h1: 'font-size:20px;font-weight:600;line-height:1.4;margin:16px 0 8px',
  h2: 'font-size:18px;font-weight:600;line-height:1.4;margin:16px 0 8px',
  h3: 'font-size:16px;font-weight:600;line-height:1.4;margin:14px 0 6px',
  h4: 'font-size:15px;font-weight:600;line-height:1.4;margin:12px 0 6px',
  p: 'margin:0 0 8px',
  ul: 'margin:0 0 8px;padding-left:20px',
  ol: 'margin:0 0 8px;padding-left:20px',
  li: 'margin:0 0 4px',
  blockquote: 'margin:0 0 8px;padding-left:10px;border-left:3px solid #ddd;color:#666',
};
/** an opening block tag as the server writes it: no attribute but an optional style (text-align) */
const BLOCK_RE = /<(h[1-4]|p|ul|ol|li|blockquote)(?: style="([^"]*)")?>/g;

/**
 * A sanitized rich detail (the server's output: double-quoted attributes, pictures from the shop) as the RichText
 * nodes string: headings, paragraphs and lists get their spacing and each picture its address resolved for the
 * platform (`resolve`, e.g. imageUrl on weapp, where a path has no origin) and a size, all as inline styles, because
 * page classes do not reach inside a weapp rich-text.
 */
export const richDetailHtml = (html: string, resolve: (src: string) => string): string =>
  html
    .replace(BLOCK_RE, (_m, tag: string, own?: string) => `<${tag} style="${BLOCK_STYLE[tag]}${own ? `;${own}` : ''}">`)
    .replace(/<img\b([^>]*?)\s*\/?>/g, (_m, attrs: string) => {
      const kept = new Map([...attrs.matchAll(ATTR_RE)].map((a) => [a[1], a[2]]));
      const src = kept.get('src');
      if (!src) return '';
      const alt = kept.get('alt');
      return `<img src="${resolve(src)}"${alt ? ` alt="${alt}"` : ''} style="${DETAIL_IMAGE_STYLE}" />`;
    });
