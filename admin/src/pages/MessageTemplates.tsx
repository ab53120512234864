/**
 * 消息模板 (owner only): the WeChat subscribe-message template id for each event the shop tells shoppers about, with
 * the keywords each event fills (pick a template with exactly these keys in the mini-program console's 订阅消息), and
 * how many days before expiry a held coupon is reminded. An event without a template id sends nothing.
 */
import { useEffect } from 'react';
import { Alert, App, Button, Card, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { SUBSCRIBE_EVENTS, type MessageTemplates as View, type SubscribeEvent } from '@shop/types';
import { call } from '../api';
import { errorText, fieldIssues } from '../errors';
import { formatTime, useLoaded } from '../util';
import { LoadError } from '../components/list';
import { useSubmit } from '../components/useSubmit';
import { wxOwnerOnly } from '../wxapp';
import { EVENT_TEXT } from '../messages';

type Values = { templates: Record<SubscribeEvent, string>; couponExpiringDays: number };
const load = () => call('messageAdmin', 'templates', {});

export default wxOwnerOnly(MessageTemplates);

function MessageTemplates() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { data: view, error, reload } = useLoaded<View | null>(load, null);
  const { busy: saving, error: saveError, run } = useSubmit((e) => (fieldIssues(e).length ? '保存失败：请按标红的提示修改后再保存' : errorText(e)));

  useEffect(() => {
    if (view) form.setFieldsValue({ templates: Object.fromEntries(SUBSCRIBE_EVENTS.map((e) => [e, view.templates[e] ?? ''])) as Values['templates'], couponExpiringDays: view.couponExpiringDays });
  }, [view, form]);

  // a field the server refused is marked on its input (templates.orderPaid …)
  const save = (v: Values) =>
    run(async () => {
      const templates = Object.fromEntries(SUBSCRIBE_EVENTS.map((e) => [e, v.templates[e]?.trim() || null]));
      try {
        await call('messageAdmin', 'saveTemplates', { templates, couponExpiringDays: v.couponExpiringDays });
      } catch (e) {
        form.setFields(fieldIssues(e).map((i) => ({ name: i.path.split('.') as never, errors: [i.message] })));
        throw e;
      }
      message.success('消息模板已保存');
      await reload();
    });

  return (
    <div>
      <div className="page-title">
        <h2>消息模板</h2>
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          刷新
        </Button>
      </div>
      <LoadError error={error} text={errorText} testId="msg-templates-error" marginBottom={16} />
      {view && (
        <Form<Values> form={form} name="msg-templates" onFinish={(v) => void save(v)} autoComplete="off" style={{ maxWidth: 1100 }}>
          <Alert
            type="info"
            showIcon
            style={{ marginBottom: 16 }}
            title="在小程序后台「订阅消息」中选用模板，关键词须与下表“模板字段”一致（如 thing2 为商品名称），再把模板 ID 填在这里。顾客在下单、点“提醒我”或申请售后时授权后，每次授权可收到一条消息；未填模板 ID 的事件不发送消息。"
          />
          {saveError && <Alert type="error" showIcon style={{ marginBottom: 16 }} data-testid="msg-templates-save-error" title={saveError} />}
          <Card style={{ marginBottom: 16 }}>
            <Table<{ event: SubscribeEvent }>
              data-testid="msg-templates-table"
              rowKey="event"
              pagination={false}
              size="middle"
              dataSource={SUBSCRIBE_EVENTS.map((event) => ({ event }))}
              onRow={(r) => ({ 'data-event': r.event }) as React.HTMLAttributes<HTMLElement>}
              columns={[
                { title: '事件', dataIndex: 'event', width: 200, render: (e: SubscribeEvent) => <strong>{EVENT_TEXT[e]}</strong> },
                {
                  title: '模板 ID',
                  key: 'id',
                  width: 360,
                  render: (_: unknown, r) => (
                    <Form.Item name={['templates', r.event]} style={{ margin: 0 }} rules={[{ pattern: /^[A-Za-z0-9_-]*$/, message: '模板 ID 只含字母、数字、- 和 _' }, { max: 128, message: '最多 128 个字符' }]}>
                      <Input id={`msg-template-${r.event}`} data-testid={`msg-template-${r.event}`} placeholder="未设置（不发送）" allowClear />
                    </Form.Item>
                  ),
                },
                {
                  title: '模板字段',
                  key: 'fields',
                  render: (_: unknown, r) => (
                    <Space size={[4, 4]} wrap data-testid={`msg-fields-${r.event}`}>
                      {view.fields[r.event].map((f) => (
                        <Tag key={f.key}>
                          <Typography.Text code>{f.key}</Typography.Text> {f.label}
                        </Tag>
                      ))}
                    </Space>
                  ),
                },
              ]}
            />
          </Card>
          <Card style={{ marginBottom: 16 }}>
            <Form.Item label="优惠券到期提醒" required>
              <Space>
                到期前
                <Form.Item name="couponExpiringDays" noStyle rules={[{ required: true, message: '请输入天数' }]}>
                  <InputNumber id="msg-coupon-days" data-testid="msg-coupon-days" min={1} max={30} precision={0} style={{ width: 80 }} />
                </Form.Item>
                天提醒持有优惠券的顾客
              </Space>
            </Form.Item>
            <Typography.Text type="secondary">最后保存：{view.updatedAt ? formatTime(view.updatedAt, 'YYYY-MM-DD HH:mm:ss') : '从未保存'}</Typography.Text>
          </Card>
          <Button type="primary" htmlType="submit" loading={!!saving} data-testid="msg-templates-save">
            保存
          </Button>
        </Form>
      )}
    </div>
  );
}
