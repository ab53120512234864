/**
 * The parts every activity kind shares: the error / ACTIVITY_CONFLICT box at the top, the 基本信息 card (name,
 * description, window in Beijing time, status) and the 分享设置 card.
 */
import type { RefObject } from 'react';
import { Link } from 'react-router-dom';
import { Alert, Card, DatePicker, Form, Input, Space, Typography } from 'antd';
import type { ActivityDetail, ActivityKind } from '@shop/types';
import { ActivityStatusTag } from '../../activities';
import { toWall } from '../../time';
import type { FormError, FormValues } from './model';
import { TextLines } from '../../components/TextLines';

/** The error at the top of the form: the other activity of a conflict, or a title and its lines. */
export function ActivityErrorBox({ error, kind, errorRef }: { error: FormError; kind: ActivityKind; errorRef: RefObject<HTMLDivElement> }) {
  return (
    <div ref={errorRef}>
      {error.conflict ? (
        <Alert
          type="error"
          showIcon
          banner
          style={{ marginBottom: 16, fontSize: 15 }}
          data-testid="activity-conflict"
          title={
            <span style={{ fontWeight: 600 }}>
              与活动「
              {error.conflict.activityId ? (
                <Link to={`/activities/${error.conflict.activityKind ?? kind}/${error.conflict.activityId}/edit`} data-testid="activity-conflict-link" target="_blank">
                  {error.conflict.activityName ?? error.conflict.activityId}
                </Link>
              ) : (
                (error.conflict.activityName ?? '另一个活动')
              )}
              」冲突：
              {error.conflict.keys.length
                ? `${error.conflict.keys.length} 个${kind === 'presale' ? '商品' : ' SKU '}已在那个活动中，两个活动的时间重叠`
                : '两个活动的时间重叠'}
            </span>
          }
          description={
            <div>
              <div>
                {kind === 'presale' && !error.conflict.keys.length
                  ? '同一时间只能有一个预售活动。请调整活动时间，或先结束那个活动。'
                  : '同一个 SKU 在同一时间只能参加一个秒杀、限时折扣或预售活动。请移除冲突的商品、调整活动时间，或先结束那个活动。'}
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="activity-conflict-server">
                服务器说明：{error.conflict.message}
              </Typography.Text>
            </div>
          }
        />
      ) : (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="activity-error"
          title={error.title}
          description={
            error.lines.length ? (
              <TextLines lines={error.lines} />
            ) : undefined
          }
        />
      )}
    </div>
  );
}

export function BasicInfoCard({ kind, loaded, running, ended }: { kind: ActivityKind; loaded: ActivityDetail | null; running: boolean; ended: boolean }) {
  return (
    <Card title="基本信息" style={{ marginBottom: 16 }}>
      <Form.Item name="name" label="活动名称" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }]}>
        <Input maxLength={40} showCount placeholder={kind === 'flash' ? '如：周五晚8点秒杀' : kind === 'limited' ? '如：夏日限时折扣' : '如：新品预售'} style={{ maxWidth: 480 }} />
      </Form.Item>
      <Form.Item name="description" label="活动说明">
        <Input.TextArea maxLength={200} showCount rows={2} style={{ maxWidth: 560 }} placeholder="选填，顾客在商品页看到" />
      </Form.Item>
      <Form.Item
        name="window"
        label="活动时间"
        extra={running ? '北京时间（Asia/Shanghai）。活动已开始，开始时间不能再改。' : '北京时间（Asia/Shanghai）。'}
        rules={[
          {
            validator: async (_r, v: FormValues['window']) => {
              if (!v || !v[0] || !v[1]) throw new Error('请选择开始和结束时间');
              if (!v[1].isAfter(v[0])) throw new Error('结束时间必须晚于开始时间');
            },
          },
        ]}
      >
        <DatePicker.RangePicker
          showTime={{ format: 'HH:mm' }}
          format="YYYY-MM-DD HH:mm"
          placeholder={['开始时间', '结束时间']}
          disabled={[running || ended, ended]}
          data-testid="activity-window"
        />
      </Form.Item>
      {loaded && (
        <Form.Item label="状态">
          <Space>
            <ActivityStatusTag status={loaded.status} testId="activity-form-status" />
            {loaded.endedAt && <Typography.Text type="secondary">已于 {toWall(loaded.endedAt).format('YYYY-MM-DD HH:mm')} 提前结束</Typography.Text>}
          </Space>
        </Form.Item>
      )}
    </Card>
  );
}

export function ShareCard() {
  return (
    <Card title="分享设置" style={{ marginBottom: 16 }}>
      <Form.Item name="shareTitle" label="分享标题" extra="留空时使用商品名称。">
        <Input maxLength={40} showCount style={{ maxWidth: 480 }} />
      </Form.Item>
      <Form.Item
        name="shareImage"
        label="分享图片网址"
        rules={[{ pattern: /^(https?:\/\/|\/)\S+$/, message: '需要以 http(s):// 或 / 开头' }]}
        extra="留空时使用商品主图。"
      >
        <Input maxLength={500} style={{ maxWidth: 560 }} placeholder="https://… 或 /assets/…" />
      </Form.Item>
    </Card>
  );
}
