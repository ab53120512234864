/** The console page of the WeChat server-API simulator (`GET /_sim/`): what it received and answered. */
import type { ShippingRecord, SimMessage, WxapiFault } from './types';

const esc = (v: unknown) => String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const LOGISTICS: Record<number, string> = { 1: '快递', 2: '同城配送', 3: '虚拟商品', 4: '用户自提' };

export function consolePage(s: { shipping: ShippingRecord[]; messages: SimMessage[]; subscriptions: Record<string, number>; templates: Record<string, string[]>; faults: WxapiFault[]; tokens: number }): string {
  const uploads = s.shipping
    .flatMap((r) => r.uploads.map((u) => ({ r, u })))
    .sort((a, b) => b.u.at.localeCompare(a.u.at))
    .slice(0, 100)
    .map(({ r, u }) => {
      const list = (u.body.shipping_list as { tracking_no?: string; express_company?: string; item_desc?: string }[]) ?? [];
      return `<tr data-key="${esc(r.key)}"><td>${esc(u.at)}</td><td>${esc(r.key)}</td><td>${esc(u.via)}</td><td>${esc(LOGISTICS[Number(u.body.logistics_type)] ?? u.body.logistics_type)} / ${u.body.delivery_mode === 2 ? `分拆${u.body.is_all_delivered ? '（已全部发货）' : ''}` : '统一'}</td><td>${list.map((x) => esc([x.express_company, x.tracking_no, x.item_desc].filter(Boolean).join(' '))).join('<br>')}</td><td class="${u.answer.errcode ? 'bad' : 'ok'}">${esc(u.answer.errcode)} ${esc(u.answer.errmsg)}</td><td>${esc(r.status)}${r.reshipUsed ? '（已重新发货）' : ''}</td></tr>`;
    })
    .join('');
  const messages = s.messages
    .slice(-100)
    .reverse()
    .map((m) => {
      const b = (m.body ?? {}) as { touser?: string; template_id?: string; data?: Record<string, { value?: unknown }> };
      const data = Object.entries(b.data ?? {}).map(([k, v]) => `${esc(k)}: ${esc(v?.value)}`).join('<br>');
      return `<tr><td>${esc(m.at)}</td><td>${esc(m.via)}</td><td>${esc(b.touser)}</td><td>${esc(b.template_id)}</td><td>${data}</td><td class="${m.answer.errcode ? 'bad' : 'ok'}">${esc(m.answer.errcode)} ${esc(m.answer.errmsg)}</td></tr>`;
    })
    .join('');
  const subs = Object.entries(s.subscriptions).map(([k, n]) => `<li>${esc(k)}: ${n}</li>`).join('');
  const templates = Object.entries(s.templates).map(([k, f]) => `<li>${esc(k)}: ${esc(f.join(', '))}</li>`).join('');
  const faults = s.faults.map((f) => `<li>${esc(f.api ?? '*')} ${esc(f.kind)} ×${f.times}</li>`).join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>微信服务端接口模拟器</title>
<style>body{font:14px system-ui,sans-serif;margin:16px}table{border-collapse:collapse;width:100%;margin-bottom:24px}td,th{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}.ok{color:#07c160}.bad{color:#d32f2f}</style></head><body>
<h1>微信服务端接口模拟器</h1><p>access_token 有效数：${s.tokens}。刷新页面以更新。</p>
<h2>发货信息录入 (upload_shipping_info)</h2><table id="sim-uploads"><tr><th>时间</th><th>支付单</th><th>方式</th><th>物流模式</th><th>物流单</th><th>应答</th><th>状态</th></tr>${uploads}</table>
<h2>订阅消息 (subscribe/send)</h2><table id="sim-messages"><tr><th>时间</th><th>方式</th><th>touser</th><th>模板</th><th>数据</th><th>应答</th></tr>${messages}</table>
<h2>一次性订阅（剩余次数）</h2><ul id="sim-subscriptions">${subs || '<li>无</li>'}</ul>
<h2>模板</h2><ul>${templates || '<li>无</li>'}</ul>
<h2>故障</h2><ul id="sim-faults">${faults || '<li>无</li>'}</ul><form method="post" action="/_sim/console/faults/clear"><button>清除全部故障</button></form>
</body></html>`;
}
