import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPgliteFromTemplate } from './template';

const spec = {
  indexes: { items: [{ name: 'search', keys: { title: 1 as const }, kind: 'text' as const }], notes: [] },
  options: { notes: { documentIndex: false as const } },
};

test('the first open makes the template, a later one starts from it with the same collections and none of the data', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'pglite-template-'));
  try {
    const first = await openPgliteFromTemplate(spec, dir);
    await first.db.collection('items').add({ _id: 'a', title: '北欧陶瓷马克杯' });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tar'))).toHaveLength(1);
    const second = await openPgliteFromTemplate(spec, dir);
    expect((await second.db.collection('items').count()).total).toBe(0);
    await second.db.collection('items').add({ _id: 'b', title: '纯棉圆领短袖T恤' });
    await second.db.collection('notes').doc('n').set({ text: 'x' });
    // the text index's substring search answers on the adopted collection as on the one made by ensureCollection
    expect((await second.db.collection('items').where({ title: second.db.RegExp({ regexp: '圆领', options: 'i' }) }).get()).data.map((d) => d._id)).toEqual(['b']);
    expect((await first.db.collection('items').where({ title: first.db.RegExp({ regexp: '陶瓷', options: 'i' }) }).get()).data.map((d) => d._id)).toEqual(['a']);
    await Promise.all([first.close(), second.close()]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 120_000);
