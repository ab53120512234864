/**
 * 小程序设置 (owner only): the mini-program's AppID and AppSecret for WeChat's server APIs (shipping-information
 * upload, subscribe messages) and a 测试连接 that asks WeChat for an access token with them. The server never answers
 * the secret, only whether it is set: the secret input starts empty and is sent only when the owner typed one. The
 * address (WeChat, or locally the simulator) is shown, not edited.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { ApiOutlined, ReloadOutlined } from '@ant-design/icons';
import { WXAPI_BASE_URL, type WxAppSettingsInput, type WxAppSettingsView, type WxConnectionTest } from '@shop/types';
import { call } from '../api';
import { errorText, fieldIssues } from '../errors';
import { formatTime, useLoaded } from '../util';
import { SideLabelForm } from '../components/SideLabelForm';
import { LoadError } from '../components/list';
import { wxOwnerOnly } from '../wxapp';

interface Values {
  appid: string;
  secret: string;
}
const FIELDS = ['appid', 'secret'] as const;
const loadSettings = () => call('wxappAdmin', 'settings', {});

export default wxOwnerOnly(WxappSettings);

function WxappSettings() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { data: view, error, reload } = useLoaded<WxAppSettingsView | null>(loadSettings, null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [testing, setTesting] = useState(false);
  const [test, setTest] = useState<WxConnectionTest | null>(null);

  useEffect(() => {
    if (view) form.setFieldsValue({ appid: view.appid ?? '', secret: '' });
  }, [view, form]);

  const save = async (v: Values) => {
    const input: WxAppSettingsInput = { appid: v.appid.trim() };
    if (v.secret?.trim()) input.secret = v.secret.trim();
    setSaving(true);
    setSaveError(null);
    try {
      await call('wxappAdmin', 'saveSettings', input);
      message.success('小程序设置已保存');
      setTest(null);
      await reload();
    } catch (e) {
      const issues = fieldIssues(e).filter((i) => (FIELDS as readonly string[]).includes(i.path));
      if (issues.length) form.setFields(issues.map((i) => ({ name: i.path as (typeof FIELDS)[number], errors: [i.message] })));
      setSaveError(issues.length ? '保存失败：请按标红的提示修改后再保存' : errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const testConnection = async () => {
    setTesting(true);
    try {
      setTest(await call('wxappAdmin', 'testConnection', {}));
    } catch (e) {
      setTest({ ok: false, errcode: null, errmsg: errorText(e), ms: 0 });
    } finally {
      setTesting(false);
    }
  };

  return (
    <div>
      <div className="page-title">
        <h2>小程序设置</h2>
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          刷新
        </Button>
      </div>
      <LoadError error={error} text={errorText} testId="wxapp-load-error" marginBottom={16} />
      {view && (
        <>
          <Card
            title="当前状态"
            style={{ marginBottom: 16, maxWidth: 900 }}
            data-testid="wxapp-summary"
            extra={
              <Button icon={<ApiOutlined />} loading={testing} disabled={!view.configured} data-testid="wxapp-test" onClick={() => void testConnection()}>
                测试连接
              </Button>
            }
          >
            {test && (
              <Alert
                type={test.ok ? 'success' : 'error'}
                showIcon
                style={{ marginBottom: 12 }}
                data-testid="wxapp-test-result"
                data-ok={String(test.ok)}
                title={test.ok ? `连接成功：已取得接口调用凭证（${test.ms} ms）` : `连接失败：${test.errcode != null ? `${test.errcode} ` : ''}${test.errmsg ?? ''}`}
              />
            )}
            <Descriptions column={1} size="small" styles={{ label: { width: 150 } }}>
              <Descriptions.Item label="状态">
                <Tag color={view.configured ? 'green' : 'orange'} data-testid="wxapp-status" data-configured={String(view.configured)}>
                  {view.configured ? '已配置' : '未配置'}
                </Tag>
              </Descriptions.Item>
              <Descriptions.Item label="AppID">
                <span data-testid="wxapp-view-appid">{view.appid ?? '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label="AppSecret">
                <span data-testid="wxapp-view-secret">{view.secretSet ? <Tag color="green">已设置</Tag> : <Tag>未设置</Tag>}</span>
              </Descriptions.Item>
              <Descriptions.Item label="接口地址">
                <Space wrap>
                  <Typography.Text code data-testid="wxapp-view-baseurl">
                    {view.baseUrl}
                  </Typography.Text>
                  {view.baseUrl !== WXAPI_BASE_URL && <Tag color="purple">当前连接本地模拟器</Tag>}
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label="最后更新">{view.updatedAt ? formatTime(view.updatedAt, 'YYYY-MM-DD HH:mm:ss') : '从未保存'}</Descriptions.Item>
            </Descriptions>
          </Card>

          {saveError && <Alert type="error" showIcon style={{ marginBottom: 16, maxWidth: 900 }} data-testid="wxapp-error" title={saveError} />}
          <SideLabelForm<Values> form={form} name="wxapp" labelWidth={150} onFinish={(v) => void save(v)} autoComplete="off" style={{ maxWidth: 900 }}>
            <Card title="小程序" style={{ marginBottom: 16 }}>
              <Typography.Paragraph type="secondary">
                用于调用微信服务端接口：上传发货信息、发送订阅消息。在云开发中通过云调用访问微信，无需 AppSecret；测试连接及不在云开发中运行时使用
                AppSecret 获取接口调用凭证（需要把服务器出口 IP 加入小程序后台的 IP 白名单）。
              </Typography.Paragraph>
              <Form.Item name="appid" label="AppID" htmlFor="wxapp-appid" rules={[{ required: true, whitespace: true, message: '请输入 AppID' }]} extra="小程序后台 › 开发管理 › 开发设置里的 AppID（wx 开头，共 18 位）">
                <Input id="wxapp-appid" style={{ width: 260 }} placeholder="如 wx0123456789abcdef" />
              </Form.Item>
              <Form.Item
                name="secret"
                label="AppSecret"
                htmlFor="wxapp-secret"
                extra={view.secretSet ? '已设置。只有在更换 AppSecret 时才需要填写；保存后不会再显示。更换 AppID 时需重新填写。' : '开发设置里生成的 AppSecret（32 个字符）；保存后不会再显示。'}
              >
                <Input.Password id="wxapp-secret" style={{ width: 420 }} autoComplete="new-password" placeholder={view.secretSet ? '已设置，留空则保留' : '32 个字符'} />
              </Form.Item>
            </Card>
            <Button type="primary" htmlType="submit" loading={saving} data-testid="wxapp-save">
              保存
            </Button>
          </SideLabelForm>
        </>
      )}
    </div>
  );
}
