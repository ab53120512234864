/**
 * Words and small helpers shared by the item-activity pages (秒杀 / 限时折扣 / 全款预售 and the reminder outbox):
 * kinds and their routes, status tags, and how the server's refusals read (the Beijing wall-clock conversions are in time.ts).
 */
import { Tag } from 'antd';
import { ACTIVITY_NAMES, type ActivityKind, type ActivityStatus, type ReminderMessage } from '@shop/types';
import { ApiError } from './api';
import { fieldIssues } from './errors';
import { actionErrorText } from './orders';

export const ACTIVITY_KINDS: ActivityKind[] = ['flash', 'limited', 'presale'];
export const isActivityKind = (k: string | undefined): k is ActivityKind => !!k && (ACTIVITY_KINDS as string[]).includes(k);

/** The menu's short names (预售 rather than 全款预售) and the page titles. */
export const KIND_MENU_TEXT: Record<ActivityKind, string> = { flash: '秒杀', limited: '限时折扣', presale: '预售' };
export const KIND_TITLE: Record<ActivityKind, string> = ACTIVITY_NAMES;
export const KIND_NEW_TEXT: Record<ActivityKind, string> = { flash: '新增秒杀', limited: '新增限时折扣', presale: '新增预售活动' };

export const ACTIVITY_STATUSES: ActivityStatus[] = ['upcoming', 'running', 'ended'];
export const ACTIVITY_STATUS_TEXT: Record<ActivityStatus, string> = { upcoming: '未开始', running: '进行中', ended: '已结束' };
export const ACTIVITY_STATUS_COLOR: Record<ActivityStatus, string> = { upcoming: 'blue', running: 'green', ended: 'default' };
export const ActivityStatusTag = ({ status, testId }: { status: ActivityStatus; testId?: string }) => (
  <Tag color={ACTIVITY_STATUS_COLOR[status]} data-status={status} data-testid={testId}>
    {ACTIVITY_STATUS_TEXT[status] ?? status}
  </Tag>
);

export type MessageStatus = ReminderMessage['status'];
export const MESSAGE_STATUSES: MessageStatus[] = ['pending', 'sent', 'failed'];
export const MESSAGE_STATUS_TEXT: Record<MessageStatus, string> = { pending: '待发送', sent: '已发送', failed: '失败' };
export const MESSAGE_STATUS_COLOR: Record<MessageStatus, string> = { pending: 'gold', sent: 'green', failed: 'red' };

/** Each kind's list keeps its last search, so the form and stats pages can link back to the same list. */
export const listSearchKey = (kind: ActivityKind) => `shop.admin.activityList.${kind}`;
export const activityListPath = (kind: ActivityKind) => {
  const q = sessionStorage.getItem(listSearchKey(kind));
  return q ? `/activities/${kind}?${q}` : `/activities/${kind}`;
};

/** The other activity named by an ACTIVITY_CONFLICT refusal. */
export interface ActivityConflict {
  message: string;
  activityId?: string;
  activityName?: string;
  activityKind?: string;
  /** the SKU (presale: product) keys of this activity that are in the other one; empty when the whole window clashes */
  keys: string[];
}
export const conflictOf = (e: unknown): ActivityConflict | null => {
  if (!(e instanceof ApiError) || e.code !== 'ACTIVITY_CONFLICT') return null;
  const d = (e.details ?? {}) as { activityId?: unknown; activityName?: unknown; activityKind?: unknown; keys?: unknown };
  return {
    message: e.message,
    activityId: typeof d.activityId === 'string' ? d.activityId : undefined,
    activityName: typeof d.activityName === 'string' ? d.activityName : undefined,
    activityKind: typeof d.activityKind === 'string' ? d.activityKind : undefined,
    keys: Array.isArray(d.keys) ? d.keys.filter((k): k is string => typeof k === 'string') : [],
  };
};

const EXTRA_TEXT: Record<string, string> = {
  ACTIVITY_CONFLICT: '与其他活动冲突',
  ACTIVITY_ENDED: '活动已结束',
};
/** One line for a toast or an alert. */
export const activityErrorText = (e: unknown): string => {
  if (e instanceof ApiError && EXTRA_TEXT[e.code]) return `${EXTRA_TEXT[e.code]}（${e.message}）`;
  return actionErrorText(e);
};

/** Chinese names for the paths the activity schemas and the server complain about. */
const PATH_TEXT: [RegExp, string][] = [
  [/^name/, '活动名称'],
  [/^description/, '活动说明'],
  [/^startsAt/, '开始时间'],
  [/^endsAt/, '结束时间'],
  [/^share\.title/, '分享标题'],
  [/^share\.image/, '分享图片'],
  [/^limitPerShopper/, '每人限购'],
  [/^closeMinutes/, '未支付订单自动关闭'],
  [/^remindMinutes/, '开始前提醒'],
  [/^repeat\.days/, '重复日期'],
  [/^repeat\.from/, '每段开始时刻'],
  [/^repeat\.to/, '每段结束时刻'],
  [/^repeat/, '重复规则'],
  [/^limit\.quantity/, '限购件数'],
  [/^limit/, '限购规则'],
  [/^rounding/, '取整'],
  [/^tag/, '活动标签'],
  [/^sort/, '活动排序'],
  [/^ship\.days/, '发货天数'],
  [/^ship\.date/, '发货日期'],
  [/^ship/, '发货时间'],
  [/^items\.(\d+)\.price/, '第 $1 件商品的活动价'],
  [/^items\.(\d+)\.stock/, '第 $1 件商品的活动库存'],
  [/^items\.(\d+)\.value/, '第 $1 件商品的优惠'],
  [/^items\.(\d+)\.mode/, '第 $1 件商品的优惠方式'],
  [/^items\.(\d+)/, '第 $1 件商品'],
  [/^items/, '活动商品'],
];
export const pathText = (path: string) => {
  for (const [re, text] of PATH_TEXT) {
    const m = re.exec(path);
    if (m) return text.replace('$1', m[1] ? String(Number(m[1]) + 1) : '');
  }
  return path || '活动';
};
/** Server messages written in English by the schemas, in Chinese. */
const MESSAGE_TEXT: Record<string, string> = {
  'the end must be after the start': '结束时间必须晚于开始时间',
  'HH:mm': '时刻格式为 HH:mm',
  'YYYY-MM-DD': '日期格式为 YYYY-MM-DD',
};
export const issueLines = (e: unknown): { path: string; line: string }[] =>
  fieldIssues(e).map((i) => ({ path: i.path, line: `${pathText(i.path)}：${MESSAGE_TEXT[i.message] ?? i.message}` }));

export const WEEKDAY_TEXT = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'];
