/** What the 消息 pages share: the words for a subscribe message's state and event. */
import { Tag, Tooltip } from 'antd';
import { SUBSCRIBE_EVENT_LABELS, type MessageState, type WxMessage } from '@shop/types';

export const MESSAGE_STATE_TEXT: Record<MessageState, string> = { queued: '待发送', sent: '已发送', failed: '发送失败', skipped: '未发送（无授权）' };
export const MESSAGE_STATE_COLOR: Record<MessageState, string> = { queued: 'processing', sent: 'success', failed: 'error', skipped: 'default' };
export const EVENT_TEXT = SUBSCRIBE_EVENT_LABELS;

/** A message's state as a tag (WeChat's errcode in the tooltip of a failed one). */
export function MessageStateTag({ m, testId }: { m: Pick<WxMessage, 'state' | 'errcode' | 'errmsg'>; testId?: string }) {
  const tag = (
    <Tag color={MESSAGE_STATE_COLOR[m.state]} data-testid={testId} data-state={m.state}>
      {MESSAGE_STATE_TEXT[m.state] ?? m.state}
    </Tag>
  );
  return m.errcode != null ? <Tooltip title={`${m.errcode} ${m.errmsg ?? ''}`}>{tag}</Tooltip> : tag;
}
