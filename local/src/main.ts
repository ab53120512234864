/** `npm run serve`: the whole product on one machine. */
import { config } from './config';
import { startStack } from './stack';

async function main() {
  const c = config();
  const stack = await startStack({ ...c, databaseUrl: c.databaseUrl });
  const line = '─'.repeat(60);
  console.log(`\n${line}\n 微商城 local stack is up  (data: ${c.databaseUrl ? 'PostgreSQL server' : c.dataDir})`);
  if (stack.seeded.products) console.log(` demo data: ${stack.seeded.products} products loaded`);
  console.log(` H5 storefront   ${stack.url}/h5/`);
  console.log(` Admin panel     ${stack.url}/admin/   (admin / admin123, operator / operator123, clerk / clerk123)`);
  console.log(` Function API    POST ${stack.url}/api/fn/<name>  {action, data}`);
  if (stack.wxpaySimUrl) console.log(` WeChat Pay sim  ${stack.wxpaySimUrl}/_sim/   (cashier, refunds, faults; the shop pays here)`);
  if (stack.wxapiSimUrl) console.log(` WeChat API sim  ${stack.wxapiSimUrl}/_sim/   (shipping uploads, subscribe messages, faults)`);
  if (stack.jdySimUrl) console.log(` Jingdou Cloud sim ${stack.jdySimUrl}/_sim/   (the ERP clerk: materials, stock, outbound documents, faults)`);
  console.log(`${line}\n`);
  const stop = async () => {
    await stack.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
