/** What the order code and the shopper's member centre read: level, discount, points, progress, rules in words. */
import { formatYuan, type MemberCentre, type Page, type PointsLedgerEntry, type ShopSettings } from '@shop/types';
import type { Database } from '../../db/types';
import { getSettings } from '../settings/settings';
import { ledgerPage } from './customers';
import { levelFor, listLevels, nextLevelFor } from './levels';
import { expiringThisYear, lapse, readAccount } from './points';

export interface MemberSnapshot {
  customer: { openid: string; levelId: string; levelName: string; discountRate: number };
  points: { enabled: boolean; balance: number; fenPerPoint: number; maxPercent: number };
  experience: number;
  nextLevel: { name: string; threshold: number } | null;
}

async function load(db: Database, openid: string, now: Date) {
  const [settings, levels, doc] = await Promise.all([getSettings(db), listLevels(db, now), db.collection('shoppers').doc(openid).get()]);
  // lapsed points are not spendable even before the expiry job has cleared them
  const account = lapse(readAccount(doc.data[0], now), now, settings.points.expiryEnabled).account;
  return { settings, levels, account };
}

/** The shopper's level, discount and points as the price engine needs them (read outside the order transaction). */
export async function memberSnapshot(db: Database, openid: string, now: Date): Promise<MemberSnapshot> {
  const { settings, levels, account } = await load(db, openid, now);
  const level = levelFor(levels, account.experience);
  const next = nextLevelFor(levels, account.experience);
  return {
    customer: { openid, levelId: level._id, levelName: level.name, discountRate: level.discountRate },
    points: { enabled: settings.points.enabled, balance: account.points, fenPerPoint: settings.points.fenPerPoint, maxPercent: settings.points.maxPercent },
    experience: account.experience,
    nextLevel: next ? { name: next.name, threshold: next.threshold } : null,
  };
}

/** 950 → "9.5 折", 900 → "9 折", 1000 → null (no discount). */
export const discountText = (rate: number): string | null => (rate >= 1000 ? null : `${String(rate / 100)} 折`);

/** How many points pay one yuan, or what one point pays. */
const exchangeText = (fenPerPoint: number) =>
  100 % fenPerPoint === 0 ? `${100 / fenPerPoint} 积分抵 ¥1` : `1 积分抵 ¥${formatYuan(fenPerPoint)}`;

/** The points and experience rules in words, for the member centre. */
export function rulesText(s: Pick<ShopSettings, 'points' | 'experience'>): string[] {
  const out: string[] = [];
  if (s.points.enabled) {
    out.push('购物得积分：订单完成后按商品售价 × 积分系数发放，积分为整数，小数部分舍去。');
    out.push(`积分抵现：${exchangeText(s.points.fenPerPoint)}，最多抵扣订单金额的 ${s.points.maxPercent}%（可抵运费）。`);
    out.push('订单取消或全部退款后，使用的积分自动返还；部分退款不返还积分。');
    out.push(s.points.expiryEnabled ? '积分有效期：获得积分当年及次年年底前有效，逾期自动清零。' : '积分长期有效。');
  } else {
    out.push('本店暂未开启积分。');
  }
  if (s.experience.enabled) out.push(`经验值：订单完成后每实付 ¥1 获得 ${s.experience.perYuan} 经验值，不足 1 点按 1 点计。经验值越高，会员等级越高。`);
  return out;
}

export async function memberCentre(db: Database, openid: string, now: Date): Promise<MemberCentre> {
  const { settings, levels, account } = await load(db, openid, now);
  const level = levelFor(levels, account.experience);
  const next = nextLevelFor(levels, account.experience);
  const progressPercent = next
    ? Math.max(0, Math.min(100, Math.floor(((account.experience - level.threshold) * 100) / (next.threshold - level.threshold))))
    : 100;
  return {
    openid,
    level: { _id: level._id, name: level.name, icon: level.icon, discountRate: level.discountRate, threshold: level.threshold },
    experience: account.experience,
    nextLevel: next ? { name: next.name, threshold: next.threshold, needed: next.threshold - account.experience } : null,
    progressPercent,
    points: {
      enabled: settings.points.enabled,
      balance: account.points,
      fenPerPoint: settings.points.fenPerPoint,
      maxPercent: settings.points.maxPercent,
      expiring: settings.points.expiryEnabled ? expiringThisYear(account, now) : null,
    },
    experienceEnabled: settings.experience.enabled,
    rules: rulesText(settings),
    levels: levels.map((l) => ({ name: l.name, threshold: l.threshold, discountRate: l.discountRate, icon: l.icon })),
  };
}

/** The caller's own points changes, newest first (merchant names are not shown to shoppers). */
export async function pointsHistory(db: Database, openid: string, page: number, pageSize: number): Promise<Page<PointsLedgerEntry>> {
  const p = await ledgerPage(db, openid, 'points', page, pageSize);
  return { ...p, items: p.items.map((e) => ({ ...e, operator: null })) };
}
