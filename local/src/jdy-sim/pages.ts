/**
 * The simulator's console at `/_sim/`: plays the ERP clerk (materials, stock, outbound documents with 审核 / 发货),
 * shows faults and the call log. Self-contained HTML (inline CSS, no scripts), UTF-8, Chinese UI.
 */
import type { CallLogEntry, FaultRule, JdySimConfig, TokenRecord } from './types';
import { type AccountSetData, dec, docRow, skuName, unitById } from './store';

export const esc = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const STYLE = `*{box-sizing:border-box}body{margin:0;font-family:-apple-system,"PingFang SC","Microsoft YaHei",sans-serif;background:#f2f4f7;color:#222}
main{max-width:1200px;margin:0 auto;padding:16px}.card{background:#fff;border-radius:8px;padding:16px 20px;margin-bottom:12px}
h1{font-size:18px;margin:0 0 8px}h2{font-size:15px;margin:0 0 10px}.note{color:#888;font-size:12px}.msg{color:#1a7f37}.error{color:#d4380d}
table{border-collapse:collapse;width:100%;font-size:13px}td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
form.inline{display:inline}input,select{font-size:12px;padding:3px 4px;margin:2px}button{font-size:12px;padding:3px 10px;margin:2px;border:1px solid #ccc;border-radius:4px;background:#fff;cursor:pointer}
button.primary{background:#1677ff;color:#fff;border-color:#1677ff}pre{white-space:pre-wrap;word-break:break-all;font-size:12px;margin:0;max-height:120px;overflow:auto}
nav a{margin-right:12px}.tag{display:inline-block;padding:0 6px;border-radius:3px;font-size:12px;background:#eee}.tag.C{background:#d9f7be}.tag.shipped{background:#bae0ff}`;

export function layout(title: string, body: string) {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${esc(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function errorPage(title: string, reason: string, backUrl: string) {
  return layout(title, `<div class="card"><h1 class="error" id="sim-error">${esc(title)}</h1><p id="sim-reason">${esc(reason)}</p><p><a id="sim-back" href="${esc(backUrl)}">返回控制台</a></p></div>`);
}

export interface ConsoleView {
  accounts: AccountSetData[];
  account: AccountSetData | undefined;
  faults: FaultRule[];
  config: JdySimConfig;
  log: CallLogEntry[];
  tokens: TokenRecord[];
  now: number;
  msg?: string;
}

const STATUS: Record<string, string> = { A: '暂存', B: '已提交', C: '已审核' };
const time = (ms?: number) => (ms ? new Date(ms + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19) : '');

export function consolePage(v: ConsoleView) {
  const a = v.account;
  const acct = a ? `<input type="hidden" name="account" value="${esc(a.accountId)}">` : '';
  const post = (path: string, inner: string, cls = 'inline') => `<form class="${cls}" method="post" action="/_sim/console/${path}">${acct}${inner}</form>`;
  const nav = v.accounts
    .map((x) => (x === a ? `<b>${esc(x.accountName)}（${esc(x.accountId)}）</b>` : `<a href="/_sim/?account=${encodeURIComponent(x.accountId)}">${esc(x.accountName)}（${esc(x.accountId)}）</a>`))
    .join(' ');
  if (!a) return layout('精斗云模拟器控制台', `<div class="card"><h1>精斗云模拟器控制台</h1><p>没有账套</p></div>`);

  const storeName = (id: string) => a.stores.find((s) => s.id === id)?.number ?? id;
  const materials = a.materials
    .map((m) => {
      const base = unitById(a, m.base_unit_id);
      const units = m.units
        .slice(1)
        .map((u) => `${esc(unitById(a, u.unit_id)?.name)}=${esc(dec(u.coefficient))}${esc(base?.name)}`)
        .join('，');
      const stockOf = (skuId: string) =>
        a.inventory
          .filter((r) => r.material_id === m.id && r.aux_prop_id === skuId)
          .map((r) => `${esc(storeName(r.stock_id))}: <b>${esc(dec(r.qty))}</b>`)
          .join('<br>') +
        a.pendingStock
          .filter((p) => p.material_number === m.number && p.sku_number === (m.skus.find((s) => s.sku_id === skuId)?.sku_number ?? ''))
          .map((p) => `<br><span class="note">${esc(p.stock_number)}（待建仓）: ${esc(dec(p.qty))}</span>`)
          .join('');
      const skus = m.aux_types.length
        ? m.skus.map((s) => `<tr><td></td><td colspan="3">${esc(s.sku_number)} ${esc(skuName(a, s))}${s.aux_enable ? '' : ' <span class="tag">已禁用</span>'}</td><td colspan="3">${stockOf(s.sku_id)}</td></tr>`).join('')
        : '';
      return `<tr data-material="${esc(m.number)}"><td>${esc(m.number)}</td><td>${esc(m.name)}${m.enable ? '' : ' <span class="tag">已禁用</span>'}</td><td>${esc(base?.name)}${base?.precision ? `（${base.precision} 位小数）` : ''}</td><td>${units}</td><td>${esc(m.aux_types.join(' × '))}</td><td>${esc(dec(m.sale_price))}</td><td>${m.aux_types.length ? '' : stockOf('')}</td></tr>${skus}`;
    })
    .join('\n');
  const materialForm = post(
    'material',
    `<input name="number" placeholder="编码 *" required size="8"><input name="name" placeholder="名称 *" required><input name="unit" placeholder="基本单位（空=不变/件）" size="12"><input name="precision" placeholder="小数位（0）" size="6">
<input name="units" placeholder="辅助单位，如 箱=30（空=不变）" size="20"><input name="aux" placeholder="辅助属性，如 颜色=白色,黑色;尺码=S,M（空=不变）" size="40"><input name="sale_price" placeholder="售价（元）" size="8"><button class="primary" type="submit">保存物料</button>`,
    '',
  );
  const stockForm = post(
    'stock',
    `<input name="stock_number" placeholder="仓库编码 *" required size="8" value="WSCCK"><input name="material_number" placeholder="物料编码 *" required size="8"><input name="sku" placeholder="SKU 编码或组合名（白色/M）" size="22"><input name="qty" placeholder="数量 *" required size="6"><button class="primary" type="submit">设置库存</button>`,
    '',
  );
  const docs = (kind: 'out' | 'in') =>
    [...(kind === 'out' ? a.outbounds : a.inbounds)]
      .reverse()
      .slice(0, 100)
      .map((d) => {
        const r = docRow(a, d);
        const hidden = `<input type="hidden" name="id" value="${esc(d.id)}"><input type="hidden" name="kind" value="${kind}">`;
        const buttons =
          (d.bill_status !== 'C' ? post('audit', `${hidden}<button type="submit" class="primary">审核</button>`) : d.shipping ? '' : post('unaudit', `${hidden}<button type="submit">反审核</button>`)) +
          (kind === 'out' && !d.shipping
            ? post('ship', `${hidden}<input name="logistics_company" placeholder="物流公司" size="8" value="顺丰速运"><input name="logistics_number" placeholder="物流单号" required size="14"><button type="submit" class="primary">发货</button>`)
            : '');
        const lines = d.lines.map((l) => {
          const m = a.materials.find((x) => x.id === l.material_id);
          const sku = m?.skus.find((s) => s.sku_id === l.aux_prop_id);
          return `${esc(m?.number)}${sku ? ` ${esc(skuName(a, sku))}` : ''} × ${esc(dec(l.qty))}${esc(unitById(a, l.unit_id)?.name)} @${esc(storeName(l.stock_id))}${l.src_inter_id ? ' ←源单' : ''}`;
        });
        return `<tr data-bill="${esc(d.bill_no)}"><td>${esc(d.bill_no)}<br><span class="note">${esc(d.id)}</span></td><td>${esc(d.bill_date)}</td><td>${esc(r.customer_number)}</td><td>${lines.join('<br>')}</td><td>${esc(r.total_amount)}</td><td><span class="tag ${d.bill_status}">${STATUS[d.bill_status]}</span>${d.shipping ? `<br><span class="tag shipped">已发货</span> ${esc(d.shipping.company)} ${esc(d.shipping.number)}` : ''}</td><td>${buttons}</td></tr>`;
      })
      .join('\n');
  const bd = (rows: AccountSetData['stores']) => rows.map((r) => `${esc(r.number)} ${esc(r.name)}${r.enable ? '' : '（禁用）'}`).join('；') || '<span class="note">（无）</span>';
  const tokens = v.tokens.filter((t) => t.accountId === a.accountId && t.expiresAt > v.now).length;
  const faults = v.faults
    .map((f) => `<tr><td>${f.id}</td><td>${esc(f.match || '（全部）')}</td><td>${esc(f.kind)}</td><td>${f.count !== undefined ? `剩 ${f.count} 次` : `至 ${esc(time(f.until))}`}</td><td>${esc(f.errcode ?? '')}</td></tr>`)
    .join('');
  const log = v.log
    .map(
      (e) =>
        `<tr><td>${esc(e.at.slice(11, 19))}</td><td>${esc(e.method)}</td><td>${esc(e.url.length > 90 ? `${e.url.slice(0, 90)}…` : e.url)}</td><td>${esc(e.accountId ?? '')}</td><td>${e.status || '断开'}</td><td>${esc(e.errcode ?? '')}${e.fault ? ` [${esc(e.fault)}]` : ''}</td><td><pre>${esc(e.description ?? '')}${e.request !== undefined ? `\n→ ${esc(JSON.stringify(e.request).slice(0, 300))}` : ''}</pre></td></tr>`,
    )
    .join('');

  return layout(
    '精斗云模拟器控制台',
    `<div class="card"><h1>精斗云模拟器控制台</h1><nav>${nav}</nav>${v.msg ? `<p class="msg" id="sim-msg">${esc(v.msg)}</p>` : ''}
<p class="note">数据中心 ${esc(a.domain)} · appKey ${esc(a.appKey)} · outerInstanceId ${esc(a.outerInstanceId)} · 有效 app-token ${tokens} 个 · JSON：<a href="/_sim/state">/_sim/state</a> <a href="/_sim/log">/_sim/log</a></p>
${post('expire', '<button type="submit">令 app-token 立即过期</button>')}${post('rotate', '<button type="submit">更换 appSecret</button>')}</div>
<div class="card"><h2>基础资料</h2><p>仓库：${bd(a.stores)}</p><p>客户：${bd(a.customers)}</p><p>结算账户：${bd(a.settlementAccounts)}</p></div>
<div class="card"><h2>物料与库存（${a.materials.length}）</h2><table id="sim-materials"><tr><th>编码</th><th>名称</th><th>基本单位</th><th>辅助单位</th><th>辅助属性</th><th>售价</th><th>库存（基本单位）</th></tr>${materials}</table>
<h2 style="margin-top:12px">新增 / 修改物料（按编码）</h2>${materialForm}<h2 style="margin-top:12px">设置库存</h2>${stockForm}</div>
<div class="card"><h2>销售出库单（${a.outbounds.length}）</h2><table id="sim-outbounds"><tr><th>单据编号</th><th>日期</th><th>客户</th><th>明细</th><th>金额</th><th>状态</th><th>操作</th></tr>${docs('out')}</table></div>
<div class="card"><h2>销售退货单（${a.inbounds.length}）</h2><table id="sim-inbounds"><tr><th>单据编号</th><th>日期</th><th>客户</th><th>明细</th><th>金额</th><th>状态</th><th>操作</th></tr>${docs('in')}</table></div>
<div class="card"><h2>故障注入</h2><table id="sim-faults"><tr><th>#</th><th>路径前缀</th><th>类型</th><th>范围</th><th>errcode</th></tr>${faults}</table>
${post(
  'fault',
  `<input name="match" placeholder="路径前缀，如 /jdy/v2/scm" size="22"><select name="kind">${['error', 'timeout', 'status429', 'status500', 'status503', 'down'].map((k) => `<option>${k}</option>`).join('')}</select><input name="count" placeholder="次数" size="4"><input name="forMs" placeholder="或持续毫秒" size="8"><input name="errcode" placeholder="errcode（error 用）" size="12"><button type="submit">添加故障</button>`,
  '',
)}${post('faults/clear', '<button type="submit" id="sim-clear-faults">清除全部故障</button>')}
<p class="note">限流：每账套每分钟 ${v.config.rateLimitPerMinute} 次；app-token 每分钟 ${v.config.tokenCallsPerMinute} 次，有效期 ${Math.round(v.config.tokenTtlMs / 60000)} 分钟</p></div>
<div class="card"><h2>调用记录（最近 ${v.log.length} 条）</h2><table id="sim-log"><tr><th>时间</th><th>方法</th><th>地址</th><th>账套</th><th>HTTP</th><th>errcode</th><th>说明 / 请求</th></tr>${log}</table></div>`,
  );
}
