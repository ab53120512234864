/**
 * Demo member levels and one demo shopper with points and experience. Idempotent: levels are looked up by name,
 * and the shopper's grant is a ledger entry with a fixed id (`seed:<openid>`), written once.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_LEVEL_ID } from '@shop/types';
import type { Database } from '@shop/functions/shared/db/types';
import { adjustAccount, listLevels, saveLevel } from '@shop/functions/shared/domain/members';
import { DEMO_MEMBER, DEMO_MEMBER_LEVELS } from './data';

/** A round badge with one character, for a level icon. */
const levelSvg = (mark: string, color: string) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">` +
  `<circle cx="48" cy="48" r="44" fill="${color}"/><circle cx="48" cy="48" r="36" fill="none" stroke="#fff" stroke-opacity="0.6" stroke-width="3"/>` +
  `<text x="48" y="60" font-size="36" font-family="sans-serif" font-weight="bold" text-anchor="middle" fill="#fff">${mark}</text></svg>`;

export async function seedDemoMembers(db: Database, assetsDir: string, now: Date): Promise<void> {
  await mkdir(join(assetsDir, 'levels'), { recursive: true });
  const existing = await listLevels(db, now);
  for (const [i, l] of DEMO_MEMBER_LEVELS.entries()) {
    const file = `level-${i}.svg`;
    await writeFile(join(assetsDir, 'levels', file), levelSvg(l.mark, l.color));
    const icon = `/assets/levels/${file}`;
    if (l.threshold === 0) {
      const def = existing.find((x) => x._id === DEFAULT_LEVEL_ID);
      if (def && !def.icon) await saveLevel(db, { _id: DEFAULT_LEVEL_ID, name: def.name, threshold: 0, discountRate: def.discountRate, icon }, now);
      continue;
    }
    if (existing.some((x) => x.name === l.name || x.threshold === l.threshold)) continue;
    await saveLevel(db, { name: l.name, threshold: l.threshold, discountRate: l.discountRate, icon }, now);
  }
  // the shape localShopperLogin gives a shopper on first login
  await adjustAccount(db, DEMO_MEMBER.openid, { points: DEMO_MEMBER.points, experience: DEMO_MEMBER.experience }, '演示数据：初始积分和经验值', now, {
    ledgerId: `seed:${DEMO_MEMBER.openid}`,
    createMissing: { nickname: `测试顾客 ${DEMO_MEMBER.code}`, avatar: null, blocked: false, createdAt: now.toISOString() },
  });
}
