import { detailToSave, sanitizeDetail } from './richDetail';

const OWN = 'https://6c6f-env1-1300000000.tcb.qcloud.la/uploads/ab12.png';
const isOwnUrl = (u: string) => u === OWN;

describe('sanitizeDetail: dangerous input → what remains', () => {
  test.each([
    // formatting the editor makes survives as it is
    ['<h2>规格</h2><p><strong>粗</strong><em>斜</em><u>下</u><s>删</s></p>', '<h2>规格</h2><p><strong>粗</strong><em>斜</em><u>下</u><s>删</s></p>'],
    ['<ul><li>一</li></ul><ol><li>二</li></ol><blockquote><p>引</p></blockquote>', '<ul><li>一</li></ul><ol><li>二</li></ol><blockquote><p>引</p></blockquote>'],
    ['<p style="text-align: center">居中</p>', '<p style="text-align:center">居中</p>'],
    ['<p>a<br>b</p><hr>', '<p>a<br />b</p><hr />'],
    // scripts, styles and frames go with their content
    ['<p>hi</p><script>alert(1)</script>', '<p>hi</p>'],
    ['<style>body{display:none}</style><p>x</p>', '<p>x</p>'],
    ['<iframe src="https://evil.example"></iframe><p>x</p>', '<p>x</p>'],
    ['<svg><script>alert(1)</script></svg><p>x</p>', '<p>x</p>'],
    // event handlers, classes, ids and other styles are removed
    ['<p onclick="alert(1)" class="c" id="i">x</p>', '<p>x</p>'],
    ['<img src="/assets/a.png" onerror="alert(1)">', '<img src="/assets/a.png" />'],
    ['<p style="text-align:center;position:fixed;background:url(javascript:alert(1))">x</p>', '<p style="text-align:center">x</p>'],
    ['<p style="text-align:expression(alert(1))">x</p>', '<p>x</p>'],
    // pictures: in-shop paths and the shop's own storage only
    [`<img src="${OWN}" alt="杯">`, `<img src="${OWN}" alt="杯" />`],
    ['<p>a<img src="https://evil.example/x.png">b</p>', '<p>ab</p>'],
    ['<img src="//evil.example/x.png">', ''],
    ['<img src="/\\evil.example/x.png">', ''],
    ['<img src="data:image/png;base64,iVBORw0KGgo=">', ''],
    ['<img src="javascript:alert(1)">', ''],
    ['<img src="https://6c6f-env1-1300000000.tcb.qcloud.la/uploads/ab12.png?x=1">', ''],
    // links: in-shop only; a link leaving the shop keeps its text
    ['<p><a href="/pages/product/index?id=1" target="_blank" onclick="x()">看看</a></p>', '<p><a href="/pages/product/index?id=1">看看</a></p>'],
    ['<p><a href="pages/category/index">分类</a></p>', '<p><a href="pages/category/index">分类</a></p>'],
    ['<p><a href="https://evil.example">外链</a></p>', '<p><span>外链</span></p>'],
    ['<p><a href="//evil.example">外链</a></p>', '<p><span>外链</span></p>'],
    ['<p><a href="javascript:alert(1)">点</a></p>', '<p><span>点</span></p>'],
    ['<p><a href="&#106;avascript:alert(1)">点</a></p>', '<p><span>点</span></p>'],
    ['<p><a href="/\tevil">点</a></p>', '<p><span>点</span></p>'],
    ['<p><a href="mailto:a@b.c">信</a></p>', '<p><span>信</span></p>'],
    // unknown tags go, their text stays; text is escaped
    ['<div><font color="red">红</font></div>', '红'],
    ['<p>1 &lt; 2 &amp; "q"</p>', '<p>1 &lt; 2 &amp; "q"</p>'],
    // nothing left to show is empty
    ['<p></p>', ''],
    ['<p>&nbsp; </p><script>x</script>', ''],
  ])('%s', (input, kept) => {
    expect(sanitizeDetail(input, isOwnUrl)).toBe(kept);
  });

  test('sanitizing twice changes nothing', () => {
    const once = sanitizeDetail('<h3 style="text-align:right">t</h3><p><a href="https://x.y">a</a><img src="/p.png"></p>', isOwnUrl);
    expect(sanitizeDetail(once, isOwnUrl)).toBe(once);
  });

  test('without the storage check, only in-shop paths keep their pictures', () => {
    expect(sanitizeDetail(`<img src="${OWN}"><img src="/assets/b.png">`)).toBe('<img src="/assets/b.png" />');
  });
});

describe('detailToSave', () => {
  test('plain lines become escaped paragraphs', () => {
    expect(detailToSave('第一行\n\n  <b>第二行</b>  ')).toEqual({ detail: '<p>第一行</p><p>&lt;b&gt;第二行&lt;/b&gt;</p>', detailFormat: 'html' });
  });
  test('empty stays empty, without a format', () => {
    expect(detailToSave('')).toEqual({ detail: '' });
    expect(detailToSave('<p><br></p>')).toEqual({ detail: '' });
  });
  test('too many pictures is refused on detail', () => {
    const many = '<p>x</p>' + '<img src="/a.png">'.repeat(61);
    expect(() => detailToSave(many)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED', details: [expect.objectContaining({ path: 'detail', code: 'too_many_images' })] }));
  });
});
