/**
 * `npm run -s quote < input.json`: prices a cart with the promotion engine.
 * Reads a QuoteInput JSON on stdin (types/src/pricing.ts; example: scripts/quote-example.json) and prints the
 * Quote as JSON (2-space indent), exit 0. An input that is not JSON or not a valid QuoteInput prints
 * {"error":{"code":"VALIDATION_FAILED","message":…,"details":[{"path","message"}]}} on stdout, exit 2.
 */
import { z } from 'zod';
import { quote } from '../cloudfunctions/shared/domain/pricing/engine';

const readStdin = async (): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const fail = (exitCode: number, code: string, message: string, details?: { path: string; message: string }[]) => {
  process.stdout.write(`${JSON.stringify({ error: { code, message, ...(details ? { details } : {}) } }, null, 2)}\n`);
  process.exitCode = exitCode;
};

async function main() {
  const text = await readStdin();
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (e) {
    return fail(2, 'VALIDATION_FAILED', 'input is not JSON', [{ path: '', message: (e as Error).message }]);
  }
  try {
    process.stdout.write(`${JSON.stringify(quote(input as never), null, 2)}\n`);
  } catch (e) {
    if (e instanceof z.ZodError)
      return fail(2, 'VALIDATION_FAILED', 'input is not a valid quote input', e.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message })));
    return fail(1, 'INTERNAL', (e as Error).message);
  }
}

void main();
