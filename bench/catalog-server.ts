/** Bench helper: a gateway over a temp on-disk embedded database with N generated products. Prints READY <url>. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../local/src/stack';
import { buildGateway } from '../local/src/gateway';

const N = Number(process.argv[2] ?? 1000);
const CATS = 10;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'wsc-bench-'));
  const admin = await openDatabase({ dataDir });
  const { db } = admin;
  const now = new Date('2026-11-01T00:00:00Z').getTime();
  await db.collection('categories').add(Array.from({ length: CATS }, (_, i) => ({ _id: `c${i}`, name: `分类${i}`, icon: null, sort: i, createdAt: new Date(now).toISOString() })));
  const words = ['棉', '羊毛', '耳机', '背包', '茶', '咖啡', '杯', '毯', '鞋', '帽'];
  for (let start = 0; start < N; start += 500) {
    const batch = [];
    for (let i = start; i < Math.min(N, start + 500); i++) {
      const price = 1000 + ((i * 7919) % 50000);
      const name = `商品${i} ${words[i % words.length]}${words[(i * 3) % words.length]}`;
      batch.push({
        _id: `p${i}`,
        name,
        summary: '基准测试数据',
        slug: `bench-${i}`,
        code: `B${i}`,
        type: 'physical',
        categoryIds: [`c${i % CATS}`],
        brandId: null,
        images: [],
        detail: '',
        onShelf: i % 10 !== 0,
        stockStrategy: 'order',
        pointsCoefficient: 1,
        specs: [],
        skuIds: [`s${i}`],
        priceMin: price,
        priceMax: price,
        originalPriceMax: 0,
        stockTotal: i % 13,
        sales: (i * 31) % 2000,
        searchText: `${name} b${i} bench-${i}`.toLowerCase(),
        createdAt: new Date(now + i * 1000).toISOString(),
        updatedAt: new Date(now + i * 1000).toISOString(),
      });
    }
    await db.collection('products').add(batch);
  }
  // the bulk load leaves an ANALYZE of the products queued (seconds at 10,000: it also gathers the text index's
  // statistics); wait for it here, so that it does not land in the first scenario's timing
  await db.collection('products').where({ onShelf: true }).limit(1).get();
  const app = await buildGateway({ db, assetsDir: dataDir });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address() as { port: number };
  console.log(`READY http://127.0.0.1:${addr.port}`);
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
