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
