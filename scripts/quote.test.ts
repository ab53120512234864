/** The quote CLI end to end: `npx tsx scripts/quote.ts < input.json`. */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { quote } from '../cloudfunctions/shared/domain/pricing/engine';

const root = join(__dirname, '..');
const example = readFileSync(join(__dirname, 'quote-example.json'), 'utf8');

const cli = (stdin: string) => {
  const { NODE_OPTIONS: _ignored, ...env } = process.env;
  const r = spawnSync('npx', ['tsx', 'scripts/quote.ts'], { cwd: root, input: stdin, encoding: 'utf8', env, timeout: 30000 });
  return { status: r.status, stdout: r.stdout, json: JSON.parse(r.stdout) };
};

describe('npm run -s quote', () => {
  it("prices the seed's worked example: 101.00 → 85.00 → 83.00 → 74.70 → 64.70", () => {
    const r = cli(example);
    expect(r.status).toBe(0);
    const q = r.json;
    expect(q.steps.map((s: { kind: string; amountAfter: number }) => [s.kind, s.amountAfter])).toEqual([
      ['goods', 10100],
      ['campaign', 8600],
      ['campaign', 8500],
      ['coupon', 8300],
      ['member', 7470],
      ['points', 6470],
    ]);
    expect(q).toMatchObject({ goodsAmount: 10000, freight: 100, freightPayable: 0, totalOff: 3630, payable: 6470 });
    // the shopper chose the 2.00 coupon although the 8 折 one would save 17.00
    expect(q.coupon).toEqual({ chosen: 'held-cash-2', best: 'held-80pct' });
    expect(q.points).toEqual({ used: 10, max: 74, off: 1000, earned: 100 });
    // exactly the engine's answer, printed with a 2-space indent
    expect(r.stdout).toBe(`${JSON.stringify(quote(JSON.parse(example)), null, 2)}\n`);
  }, 180_000);

  it('answers VALIDATION_FAILED with the paths, exit 2, on an invalid input', () => {
    const input = JSON.parse(example);
    input.lines[0].quantity = 0;
    delete input.now;
    const r = cli(JSON.stringify(input));
    expect(r.status).toBe(2);
    expect(r.json.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.any(String) });
    expect(r.json.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['lines.0.quantity', 'now']);
    r.json.error.details.forEach((d: { message: string }) => expect(d.message).toEqual(expect.any(String)));
    // the schema passes, a rule the schema cannot say fails: same answer shape
    const r2 = cli(JSON.stringify({ ...JSON.parse(example), coupons: [{ ...JSON.parse(example).coupons[1], value: 1200 }] }));
    expect(r2.status).toBe(2);
    expect(r2.json.error.details).toEqual([{ path: 'coupons.0.value', message: expect.stringContaining('1000') }]);
  }, 180_000);

  it('answers VALIDATION_FAILED, exit 2, on text that is not JSON', () => {
    const r = cli('{"now": ');
    expect(r.status).toBe(2);
    expect(r.json.error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'input is not JSON', details: [{ path: '', message: expect.any(String) }] });
  }, 180_000);
});
