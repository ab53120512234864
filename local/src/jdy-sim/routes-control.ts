/**
 * The simulator's control API under `/_sim/` (plain JSON, no auth) and the console page's form posts: the ERP
 * clerk (materials, stock, audit, ship), fault injection, token expiry, secret rotation, config, reset, call log.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { findDoc, parseMaterialInput, setStockByNumbers, upsertMaterial } from './control';
import { consolePage, errorPage } from './pages';
import type { JdySimConfig, JdySimulator } from './types';
import { commonOperate, type DocKind, docDetail, docsOf, ERR, JdyError, materialDetail, saveBd, ship } from './store';

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);

export function registerControl(app: FastifyInstance, sim: JdySimulator, h: { jsonBody: (req: FastifyRequest) => unknown; rawBody: (req: FastifyRequest) => string }) {
  const body = (req: FastifyRequest): Record<string, unknown> => {
    const v = h.jsonBody(req);
    if (!isObj(v)) throw new JdyError(ERR.FORMAT, 'expected a JSON object');
    return v;
  };
  const form = (req: FastifyRequest): Record<string, string> => Object.fromEntries(new URLSearchParams(h.rawBody(req)));
  const q = (req: FastifyRequest) => req.query as Record<string, string | undefined>;
  const kindOf = (v: unknown): DocKind => {
    if (v === undefined || v === '' || v === 'out' || v === 'sal_bill_outbound') return 'out';
    if (v === 'in' || v === 'sal_bill_inbound') return 'in';
    throw new JdyError(ERR.FORMAT, 'kind is out or in');
  };
  const doc = (accountId: string | undefined, kind: DocKind, idOrNo: string) => {
    const d = findDoc(sim.account(accountId), kind, idOrNo);
    if (!d) throw new JdyError(ERR.NOT_FOUND, `单据 ${idOrNo} 不存在`);
    return d;
  };
  const operate = (accountId: string | undefined, kind: DocKind, idOrNo: string, op: 'audit' | 'unaudit' | 'delete') => {
    const d = doc(accountId, kind, idOrNo);
    commonOperate(sim.ctx(accountId), { entity_number: kind === 'out' ? 'sal_bill_outbound' : 'sal_bill_inbound', ids: [d.id], operate_type: op });
    return op === 'delete' ? { deleted: d.id } : docDetail(sim.account(accountId), d);
  };
  const shipDoc = (accountId: string | undefined, idOrNo: string, company: unknown, number: unknown) => {
    const d = doc(accountId, 'out', idOrNo);
    ship(sim.ctx(accountId), d, String(company ?? '').trim(), String(number ?? '').trim());
    return docDetail(sim.account(accountId), d);
  };

  // ---------- JSON ----------
  app.get('/_sim/state', async () => ({ accountSets: sim.state.accountSets, tokens: sim.state.tokens, config: sim.config, faults: sim.faults.list() }));
  app.get('/_sim/log', async (req) => {
    const limit = Math.max(1, Math.min(1000, Number(q(req).limit ?? 100) || 100));
    const acct = q(req).accountId;
    return sim.log.filter((e) => !acct || e.accountId === acct).slice(-limit).reverse();
  });
  app.delete('/_sim/log', async () => {
    sim.log.length = 0;
    return { ok: true };
  });

  app.get('/_sim/config', async () => sim.config);
  app.post('/_sim/config', async (req) => {
    const b = body(req);
    const next: Partial<JdySimConfig> = {};
    for (const k of ['rateLimitPerMinute', 'tokenCallsPerMinute', 'tokenTtlMs', 'faultTimeoutMs'] as const) {
      if (k in b) {
        const v = Number(b[k]);
        if (!Number.isFinite(v) || v < 0) throw new JdyError(ERR.FORMAT, `${k} is a number >= 0`);
        next[k] = v;
      }
    }
    if ('allowNegativeStock' in b) {
      if (typeof b.allowNegativeStock !== 'boolean') throw new JdyError(ERR.FORMAT, 'allowNegativeStock is a boolean');
      next.allowNegativeStock = b.allowNegativeStock;
    }
    Object.assign(sim.config, next);
    return sim.config;
  });

  app.get('/_sim/faults', async () => sim.faults.list());
  app.post('/_sim/faults', async (req) => {
    const v = h.jsonBody(req);
    for (const r of Array.isArray(v) ? v : [v]) sim.faults.add(r);
    return sim.faults.list();
  });
  app.delete('/_sim/faults', async () => {
    sim.faults.clear();
    return sim.faults.list();
  });

  app.get('/_sim/accounts', async () =>
    sim.state.accountSets.map((a) => ({ accountId: a.accountId, accountName: a.accountName, outerInstanceId: a.outerInstanceId, clientId: a.clientId, domain: a.domain, appKey: a.appKey })),
  );
  app.post('/_sim/token/expire', async (req) => ({ expired: sim.expireTokens(str(body(req).accountId)) }));
  app.post('/_sim/secret/rotate', async (req) => {
    const id = str(body(req).accountId);
    sim.rotateSecret(id);
    return { accountId: sim.account(id).accountId, rotated: true };
  });
  app.post('/_sim/domain', async (req) => {
    const b = body(req);
    const domain = str(b.domain);
    if (!domain) throw new JdyError(ERR.REQUIRED, 'domain 不能为空');
    sim.moveDomain(domain, str(b.accountId));
    return { accountId: sim.account(str(b.accountId)).accountId, domain };
  });
  app.post('/_sim/reset', async () => {
    sim.reset();
    return { ok: true };
  });

  app.get('/_sim/materials', async (req) => {
    const a = sim.account(q(req).accountId);
    return a.materials.map((m) => materialDetail(a, m));
  });
  app.post('/_sim/materials', async (req) => {
    const b = body(req);
    const id = str(b.accountId);
    const m = upsertMaterial(sim.ctx(id), parseMaterialInput(b));
    return materialDetail(sim.account(id), m);
  });
  app.post('/_sim/stock', async (req) => {
    const b = body(req);
    const id = str(b.accountId);
    const items = Array.isArray(b.items) ? b.items : [b];
    return items.map((it) => {
      if (!isObj(it)) throw new JdyError(ERR.FORMAT, 'stock item should be an object');
      const s = { stock_number: String(it.stock_number ?? ''), material_number: String(it.material_number ?? ''), sku: str(it.sku), qty: Number(it.qty) };
      if (!s.stock_number || !s.material_number) throw new JdyError(ERR.REQUIRED, 'stock_number、material_number 不能为空');
      return { ...s, result: setStockByNumbers(sim.ctx(id), s) };
    });
  });
  app.post('/_sim/stores', async (req) => {
    const b = body(req);
    return saveBd(sim.ctx(str(b.accountId)), 'store', { number: b.number, name: b.name });
  });
  app.get('/_sim/documents', async (req) => {
    const a = sim.account(q(req).accountId);
    return docsOf(a, kindOf(q(req).kind)).map((d) => docDetail(a, d));
  });
  app.post<{ Params: { no: string; op: string } }>('/_sim/documents/:no/:op', async (req) => {
    const b = body(req);
    const id = str(b.accountId);
    const op = req.params.op;
    if (op === 'ship') return shipDoc(id, req.params.no, b.logistics_company ?? b.company, b.logistics_number ?? b.number);
    if (op !== 'audit' && op !== 'unaudit' && op !== 'delete') throw new JdyError(ERR.FORMAT, 'operation is audit, unaudit, delete or ship');
    return operate(id, kindOf(b.kind), req.params.no, op);
  });

  // ---------- the console ----------
  const html = (reply: FastifyReply, status: number, text: string) => reply.status(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(text);
  const consoleHtml = async (req: FastifyRequest, reply: FastifyReply) => {
    const wanted = q(req).account;
    const a = sim.state.accountSets.find((x) => x.accountId === wanted) ?? sim.state.accountSets[0];
    return html(reply, 200, consolePage({ accounts: sim.state.accountSets, account: a, faults: sim.faults.list(), config: sim.config, log: sim.log.slice(-50).reverse(), tokens: sim.state.tokens, now: Date.now(), msg: q(req).msg }));
  };
  app.get('/_sim', consoleHtml);
  app.get('/_sim/', consoleHtml);

  /** runs a console action: 303 back to the console, or an error page */
  const action = (path: string, fn: (f: Record<string, string>) => string | void) =>
    app.post(`/_sim/console/${path}`, async (req, reply) => {
      const f = form(req);
      const back = `/_sim/?account=${encodeURIComponent(f.account ?? '')}`;
      try {
        const msg = fn(f);
        return reply.status(303).header('location', msg ? `${back}&msg=${encodeURIComponent(msg)}` : back).send();
      } catch (e) {
        if (e instanceof JdyError) return html(reply, 400, errorPage('操作失败', `${e.errcode}：${e.message}`, back));
        throw e;
      }
    });
  const pairs = (text: string | undefined) =>
    (text ?? '')
      .split(/[;；\n]/)
      .map((s) => s.trim())
      .filter(Boolean);
  action('material', (f) => {
    const aux = pairs(f.aux).map((g) => {
      const [name, values] = g.split(/[=:：]/);
      return [name.trim(), (values ?? '').split(/[,，、]/).map((v) => v.trim()).filter(Boolean)];
    });
    const units = pairs(f.units).map((g) => {
      const [name, coefficient] = g.split(/[=:：]/);
      return { name: name.trim(), coefficient: Number(coefficient) };
    });
    const m = upsertMaterial(
      sim.ctx(f.account),
      parseMaterialInput({
        number: f.number,
        name: f.name,
        unit: f.unit || undefined,
        precision: f.precision || undefined,
        ...(units.length ? { units } : {}),
        ...(aux.length ? { aux } : {}),
        sale_price: f.sale_price || undefined,
        retail_price: f.retail_price || f.sale_price || undefined,
        enable: f.enable === undefined ? undefined : f.enable === '1',
      }),
    );
    return `已保存物料 ${m.number}`;
  });
  action('stock', (f) => {
    const r = setStockByNumbers(sim.ctx(f.account), { stock_number: f.stock_number, material_number: f.material_number, sku: f.sku || undefined, qty: Number(f.qty) });
    return r === 'pending' ? `仓库 ${f.stock_number} 尚不存在：库存将在该仓库创建时生效` : '库存已更新';
  });
  action('audit', (f) => void operate(f.account, kindOf(f.kind), f.id, 'audit'));
  action('unaudit', (f) => void operate(f.account, kindOf(f.kind), f.id, 'unaudit'));
  action('ship', (f) => void shipDoc(f.account, f.id, f.logistics_company, f.logistics_number));
  action('fault', (f) => {
    sim.faults.add({ match: f.match ?? '', kind: f.kind, ...(f.count ? { count: f.count } : {}), ...(f.forMs ? { forMs: f.forMs } : {}), ...(f.errcode ? { errcode: f.errcode } : {}) });
    return '已添加故障';
  });
  action('faults/clear', () => {
    sim.faults.clear();
    return '已清除全部故障';
  });
  action('expire', (f) => `已使 ${sim.expireTokens(f.account || undefined)} 个 app-token 过期`);
  action('rotate', (f) => {
    sim.rotateSecret(f.account || undefined);
    return '已更换 appSecret：需要重新授权';
  });
}
