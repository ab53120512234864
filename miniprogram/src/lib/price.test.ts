import { priceFrom, priceRange, salesText, showOriginal, yuan } from './price';
import { detailParagraphs } from './detail';

describe('price display', () => {
  it('shows fen as yuan with two decimals', () => {
    expect(yuan(1234)).toBe('¥12.34');
    expect(yuan(5)).toBe('¥0.05');
    expect(yuan(100000)).toBe('¥1000.00');
  });
  it('shows a range as "起" on cards and min - max on the product page', () => {
    expect(priceFrom(1234, 1234)).toBe('¥12.34');
    expect(priceFrom(1234, 5678)).toBe('¥12.34 起');
    expect(priceRange(1234, 1234)).toBe('¥12.34');
    expect(priceRange(1234, 5678)).toBe('¥12.34 - ¥56.78');
  });
  it('strikes an original price only when it is higher', () => {
    expect(showOriginal(0, 1000)).toBe(false);
    expect(showOriginal(1000, 1000)).toBe(false);
    expect(showOriginal(900, 1000)).toBe(false);
    expect(showOriginal(1500, 1000)).toBe(true);
  });
  it('abbreviates large sales counts', () => {
    expect(salesText(9999)).toBe('9999');
    expect(salesText(12345)).toBe('1.2万');
  });
});

describe('detailParagraphs', () => {
  it('splits plain text into lines', () => {
    expect(detailParagraphs('第一行\n\n第二行 ')).toEqual(['第一行', '第二行']);
  });
  it('flattens simple HTML to text, never markup', () => {
    expect(detailParagraphs('<p>面料&amp;做工</p><p>尺码<br/>S-XL</p><script>alert(1)</script>')).toEqual(['面料&做工', '尺码', 'S-XL', 'alert(1)']);
  });
  it('is empty for no detail', () => {
    expect(detailParagraphs('')).toEqual([]);
    expect(detailParagraphs(null)).toEqual([]);
  });
});
