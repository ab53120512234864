/**
 * The simulator's HTML: the H5 cashier (the shopper's WeChat client and bank) and the console at `/_sim/`.
 * Self-contained pages (inline CSS, no scripts or external assets), UTF-8, Chinese UI.
 */

export const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** fen → `64.70` */
export const yuan = (fen: number) => (fen / 100).toFixed(2);

const STYLE = `
*{box-sizing:border-box}body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f2f2;color:#222}
main{max-width:480px;margin:0 auto;padding:16px}.card{background:#fff;border-radius:8px;padding:20px;margin-bottom:12px}
h1{font-size:17px;margin:0 0 12px;text-align:center;font-weight:600}.amount{font-size:36px;text-align:center;margin:12px 0;font-weight:600}
dl{display:grid;grid-template-columns:auto 1fr;gap:6px 12px;margin:0;font-size:14px}dt{color:#888}dd{margin:0;word-break:break-all}
button{display:block;width:100%;padding:12px;margin:10px 0 0;font-size:16px;border-radius:6px;border:1px solid #ddd;background:#fff}
#sim-pay{background:#07c160;color:#fff;border-color:#07c160}#sim-fail{color:#fa5151}.error{color:#fa5151}.note{color:#888;font-size:12px;text-align:center}
a{color:#576b95}p{word-break:break-word}`;

function layout(title: string, body: string, wide = false) {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}${wide ? 'main{max-width:1100px}table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}form{display:inline}button.small{display:inline;width:auto;padding:2px 8px;margin:0 2px;font-size:12px}pre{white-space:pre-wrap;font-size:12px;margin:0}' : ''}</style></head>
<body><main>${body}</main></body></html>`;
}

export function errorPage(title: string, reason: string, backUrl?: string) {
  return layout(
    title,
    `<div class="card"><h1 class="error" id="sim-error">${esc(title)}</h1><p id="sim-reason">${esc(reason)}</p>${
      backUrl ? `<p><a id="sim-back" href="${esc(backUrl)}">返回商户页面</a></p>` : ''
    }<p class="note">微信支付模拟器</p></div>`,
  );
}

export interface CashierView {
  merchantName: string;
  mchid: string;
  description: string;
  total: number;
  outTradeNo: string;
  prepayId: string;
  returnUrl: string;
  /** set when the order cannot be paid any more: no buttons, this message instead */
  blocked?: { state: string; message: string; backUrl: string };
}

export function cashierPage(v: CashierView) {
  const info = `<dl>
<dt>收款方</dt><dd id="sim-merchant">${esc(v.merchantName)}</dd>
<dt>商户号</dt><dd id="sim-mchid">${esc(v.mchid)}</dd>
<dt>商品</dt><dd id="sim-description">${esc(v.description)}</dd>
<dt>商户订单号</dt><dd id="sim-out-trade-no">${esc(v.outTradeNo)}</dd>
</dl>`;
  const actions = v.blocked
    ? `<p class="error" id="sim-state" data-state="${esc(v.blocked.state)}">${esc(v.blocked.message)}</p><p><a id="sim-back" href="${esc(v.blocked.backUrl)}">返回商户页面</a></p>`
    : `<form method="post" action="/_sim/cashier/pay" id="sim-form">
<input type="hidden" name="prepay_id" value="${esc(v.prepayId)}">
<input type="hidden" name="return_url" value="${esc(v.returnUrl)}">
<button type="submit" name="outcome" value="success" id="sim-pay">确认支付</button>
<button type="submit" name="outcome" value="fail" id="sim-fail">支付失败</button>
<button type="submit" name="outcome" value="cancel" id="sim-cancel">取消支付</button>
</form>`;
  return layout(
    '微信支付',
    `<div class="card"><h1>微信支付</h1><div class="amount" id="sim-amount">¥${yuan(v.total)}</div>${info}${actions}</div>
<p class="note">微信支付模拟器：扮演用户的微信客户端与银行，不会产生真实扣款</p>`,
  );
}

export interface ConsoleView {
  transactions: { mchid: string; out_trade_no: string; total: number; trade_state: string; transaction_id?: string; description: string; create_time: string }[];
  refunds: { mchid: string; out_refund_no: string; out_trade_no: string; refund: number; status: string; create_time: string; success_time?: string }[];
  notifications: { id: string; event_type: string; plaintext: unknown; url: string; delivered: boolean; gaveUp: boolean; faults: string[]; attempts: { at: string; status?: number; error?: string; fault?: string }[] }[];
  faults: unknown;
  config: unknown;
}

/** the out_refund_no (refunds) or out_trade_no (payments) a notification is about */
const noticeRef = (plaintext: unknown) => {
  const p = (plaintext ?? {}) as { out_refund_no?: string; out_trade_no?: string };
  return p.out_refund_no ?? p.out_trade_no ?? '';
};

export function consolePage(v: ConsoleView) {
  const tx = v.transactions
    .map(
      (t) =>
        `<tr><td>${esc(t.out_trade_no)}</td><td>${esc(t.mchid)}</td><td>${esc(t.description)}</td><td>¥${yuan(t.total)}</td><td data-state="${esc(t.trade_state)}">${esc(t.trade_state)}</td><td>${esc(t.transaction_id ?? '')}</td><td>${esc(t.create_time)}</td></tr>`,
    )
    .join('\n');
  const settleForm = (r: ConsoleView['refunds'][number], status: string, label: string) =>
    `<form method="post" action="/_sim/console/settle"><input type="hidden" name="out_refund_no" value="${esc(r.out_refund_no)}"><input type="hidden" name="mchid" value="${esc(r.mchid)}"><button class="small" type="submit" name="status" value="${status}">${label}</button></form>`;
  const rf = v.refunds
    .map(
      (r) =>
        `<tr><td>${esc(r.out_refund_no)}</td><td>${esc(r.out_trade_no)}</td><td>¥${yuan(r.refund)}</td><td data-status="${esc(r.status)}">${esc(r.status)}</td><td>${esc(r.create_time)}</td><td>${
          r.status === 'PROCESSING' ? settleForm(r, 'SUCCESS', '退款成功') + settleForm(r, 'ABNORMAL', '退款异常') + settleForm(r, 'CLOSED', '退款关闭') : ''
        }</td></tr>`,
    )
    .join('\n');
  const nf = v.notifications
    .map(
      (n) =>
        `<tr><td>${esc(n.event_type)}</td><td>${esc(noticeRef(n.plaintext))}</td><td>${esc(n.url)}</td><td>${n.delivered ? '已送达' : n.gaveUp ? '已放弃' : '重试中'}</td><td>${esc(n.faults.join(', '))}</td><td>${n.attempts
          .map((a) => `${esc(a.at)} → ${a.status !== undefined ? `HTTP ${a.status}` : esc(a.error ?? '…')}${a.fault ? ` [${esc(a.fault)}]` : ''}`)
          .join('<br>')}</td></tr>`,
    )
    .join('\n');
  return layout(
    '微信支付模拟器控制台',
    `<div class="card"><h1>微信支付模拟器控制台</h1><p class="note">刷新页面查看最新状态；状态 JSON：<a href="/_sim/state">/_sim/state</a></p></div>
<div class="card"><h2>订单（${v.transactions.length}）</h2><table id="sim-transactions"><tr><th>商户订单号</th><th>商户号</th><th>商品</th><th>金额</th><th>状态</th><th>微信支付订单号</th><th>创建时间</th></tr>${tx}</table></div>
<div class="card"><h2>退款（${v.refunds.length}）</h2><table id="sim-refunds"><tr><th>商户退款单号</th><th>商户订单号</th><th>金额</th><th>状态</th><th>创建时间</th><th>操作</th></tr>${rf}</table></div>
<div class="card"><h2>通知（最近 ${v.notifications.length} 条）</h2><table id="sim-notifications"><tr><th>事件</th><th>单号</th><th>地址</th><th>结果</th><th>故障</th><th>投递记录</th></tr>${nf}</table></div>
<div class="card"><h2>故障注入</h2><pre id="sim-faults">${esc(JSON.stringify(v.faults, null, 2))}</pre><form method="post" action="/_sim/console/faults/clear"><button class="small" type="submit" id="sim-clear-faults">清除全部故障</button></form></div>
<div class="card"><h2>配置</h2><pre id="sim-config">${esc(JSON.stringify(v.config, null, 2))}</pre></div>`,
    true,
  );
}
