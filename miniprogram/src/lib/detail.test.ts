import { BLOCK_STYLE, DETAIL_IMAGE_STYLE, detailParagraphs, richDetailHtml } from './detail';

const resolve = (src: string) => (src.startsWith('/') ? `https://api.example.com${src}` : src);
const P = `<p style="${BLOCK_STYLE.p}">`;
const IMG = `style="${DETAIL_IMAGE_STYLE}"`;

test.each([
  ['<p>无图</p>', `${P}无图</p>`],
  ['<p style="text-align:center">居中</p>', `<p style="${BLOCK_STYLE.p};text-align:center">居中</p>`],
  ['<h2>标题</h2><ul><li>一</li></ul>', `<h2 style="${BLOCK_STYLE.h2}">标题</h2><ul style="${BLOCK_STYLE.ul}"><li style="${BLOCK_STYLE.li}">一</li></ul>`],
  ['<p><img src="/assets/uploads/a.png" alt="杯" /></p>', `${P}<img src="https://api.example.com/assets/uploads/a.png" alt="杯" ${IMG} /></p>`],
  // a picture's own style (only text-align survives the server) is replaced by the picture style
  ['<img src="https://x.tcb.qcloud.la/uploads/b.jpg" style="text-align:center" />', `<img src="https://x.tcb.qcloud.la/uploads/b.jpg" ${IMG} />`],
  ['<img alt="x" />', ''],
  ['<strong>粗</strong><img src="/a.png" /><img src="/b.png" />', `<strong>粗</strong><img src="https://api.example.com/a.png" ${IMG} /><img src="https://api.example.com/b.png" ${IMG} />`],
])('richDetailHtml(%s)', (html, nodes) => {
  expect(richDetailHtml(html, resolve)).toBe(nodes);
});

test('an old plain detail still reads as paragraphs', () => {
  expect(detailParagraphs('第一行\n\n第二行 &amp; <b>粗</b>')).toEqual(['第一行', '第二行 & 粗']);
});
