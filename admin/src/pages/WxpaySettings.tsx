/**
 * 微信支付设置 (owner only): the merchant's WeChat Pay account — 商户号, AppID, the API certificate's serial, the API
 * private key, the APIv3 key and WeChat's platform public keys — and the API address (WeChat Pay or the local simulator).
 * The server never answers a secret, only whether it is set: the secret inputs start empty and are sent only when the
 * owner typed something; the platform keys are sent only when the owner edits them (otherwise the stored ones stay).
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Result, Space, Tag, Typography } from 'antd';
import { DeleteOutlined, EditOutlined, PlusOutlined, ReloadOutlined } from '@ant-design/icons';
import { WXPAY_BASE_URL, type PaymentSettingsInput, type PaymentSettingsView } from '@shop/types';
import { ApiError, call, useSession } from '../api';
import { errorText, fieldIssues, type FieldIssue } from '../errors';
import { formatTime, useLoaded } from '../util';
import { SideLabelForm } from '../components/SideLabelForm';
import { LoadFallback } from '../components/DetailFallback';

const MAX_PLATFORM_KEYS = 5;

interface PlatformKeyRow {
  serial: string;
  publicKey: string;
}
interface Values {
  mchid: string;
  appid: string;
  serialNo: string;
  baseUrl: string;
  privateKey: string;
  apiV3Key: string;
  platformKeys: PlatformKeyRow[];
}
const TOP_FIELDS = ['mchid', 'appid', 'serialNo', 'baseUrl', 'privateKey', 'apiV3Key'] as const;

const toValues = (v: PaymentSettingsView): Values => ({
  mchid: v.mchid ?? '',
  appid: v.appid ?? '',
  serialNo: v.serialNo ?? '',
  baseUrl: v.baseUrl,
  privateKey: '',
  apiV3Key: '',
  // editing starts from the stored serials; their keys must be pasted again (the server never answers them)
  platformKeys: v.platformSerials.length ? v.platformSerials.map((serial) => ({ serial, publicKey: '' })) : [{ serial: '', publicKey: '' }],
});

/** What is still missing before payments can be taken. */
const missing = (v: PaymentSettingsView): string[] =>
  [
    !v.mchid && '商户号',
    !v.appid && 'AppID',
    !v.privateKeySet && 'API 私钥',
    !v.apiV3KeySet && 'APIv3 密钥',
    !v.platformSerials.length && '平台公钥',
  ].filter((x): x is string => !!x);

/** The form field a server issue belongs to ("platformKeys.1.publicKey" → ['platformKeys', 1, 'publicKey']). */
type FieldName = (typeof TOP_FIELDS)[number] | ['platformKeys', number, keyof PlatformKeyRow];
const fieldOf = (path: string, keysEditing: boolean): FieldName | null => {
  const top = TOP_FIELDS.find((f) => f === path);
  if (top) return top;
  const m = /^platformKeys\.(\d+)\.(serial|publicKey)$/.exec(path);
  return m && keysEditing ? ['platformKeys', Number(m[1]), m[2] as keyof PlatformKeyRow] : null;
};

const loadSettings = () => call('paymentAdmin', 'settings', {});

const OwnerOnly = () => (
  <div id="wxpay-owner-only">
    <Result
      status="403"
      title="只有店主可以查看和修改微信支付设置"
      subTitle="当前账号不是店主。如需修改商户号或密钥，请联系店主。"
      extra={<Button href="#/products">返回商品列表</Button>}
    />
  </div>
);

export default function WxpaySettingsPage() {
  const session = useSession();
  if (session?.admin.role !== 'owner') return <OwnerOnly />;
  return <WxpaySettings />;
}

function WxpaySettings() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { data: view, error: loadError, reload } = useLoaded<PaymentSettingsView | null>(loadSettings, null);
  const [keysEditing, setKeysEditing] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [otherIssues, setOtherIssues] = useState<FieldIssue[]>([]);

  /** Shows the stored settings in the form, with the secret inputs empty and no errors. */
  const showStored = (v: PaymentSettingsView) => {
    form.resetFields();
    form.setFieldsValue(toValues(v));
    setKeysEditing(v.platformSerials.length === 0);
    setSaveError(null);
    setOtherIssues([]);
  };
  // every (re)load, e.g. right after a save, starts the form again from what is stored
  useEffect(() => {
    if (view) showStored(view);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [view]);

  if (loadError instanceof ApiError && loadError.code === 'FORBIDDEN') return <OwnerOnly />;
  if (!view) return <LoadFallback error={loadError} title="微信支付设置加载失败" explain={errorText} onRetry={reload} />;

  const save = async (v: Values) => {
    const input: PaymentSettingsInput = { mchid: v.mchid.trim(), appid: v.appid.trim(), serialNo: v.serialNo.trim(), baseUrl: v.baseUrl.trim() };
    if (v.privateKey?.trim()) input.privateKey = v.privateKey.trim();
    if (v.apiV3Key?.trim()) input.apiV3Key = v.apiV3Key.trim();
    if (keysEditing) {
      const rows = (v.platformKeys ?? []).map((k) => ({ serial: (k.serial ?? '').trim(), publicKey: (k.publicKey ?? '').trim() }));
      // nothing stored and nothing entered: leave the keys out rather than save an empty list
      if (rows.length || view.platformSerials.length) input.platformKeys = rows;
    }
    setSaving(true);
    setSaveError(null);
    setOtherIssues([]);
    try {
      await call('paymentAdmin', 'saveSettings', input);
      setSaved(true);
      message.success('微信支付设置已保存');
      await reload();
    } catch (e) {
      const issues = fieldIssues(e);
      const placed = issues.filter((i) => fieldOf(i.path, keysEditing));
      if (placed.length) {
        form.setFields(placed.map((i) => ({ name: fieldOf(i.path, keysEditing)!, errors: [i.message] })));
        form.scrollToField(fieldOf(placed[0].path, keysEditing)!, { block: 'center' });
      }
      setOtherIssues(issues.filter((i) => !fieldOf(i.path, keysEditing)));
      setSaveError(placed.length ? '保存失败：请按标红的提示修改后再保存' : errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const simulator = view.baseUrl !== WXPAY_BASE_URL;
  const lacking = missing(view);

  return (
    <div>
      <div className="page-title">
        <h2>微信支付设置</h2>
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          刷新
        </Button>
      </div>
      <Card title="当前状态" style={{ marginBottom: 16, maxWidth: 900 }} id="wxpay-summary">
        <Descriptions column={1} size="small" styles={{ label: { width: 150 } }}>
          <Descriptions.Item label="状态">
            <Space wrap>
              <Tag color={view.configured ? 'green' : 'orange'} id="wxpay-status" data-configured={String(view.configured)}>
                {view.configured ? '已配置' : '未配置'}
              </Tag>
              {!view.configured && lacking.length > 0 && <Typography.Text type="secondary">缺少：{lacking.join('、')}</Typography.Text>}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="商户号">
            <span id="wxpay-view-mchid">{view.mchid ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="AppID">
            <span id="wxpay-view-appid">{view.appid ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="证书序列号">
            <span id="wxpay-view-serial">{view.serialNo ?? '—'}</span>
          </Descriptions.Item>
          <Descriptions.Item label="API 私钥">{view.privateKeySet ? <Tag color="green">已设置</Tag> : <Tag>未设置</Tag>}</Descriptions.Item>
          <Descriptions.Item label="APIv3 密钥">{view.apiV3KeySet ? <Tag color="green">已设置</Tag> : <Tag>未设置</Tag>}</Descriptions.Item>
          <Descriptions.Item label="平台公钥">
            <span id="wxpay-view-platform">
              {view.platformSerials.length ? (
                <Space wrap size={4}>
                  {view.platformSerials.map((s) => (
                    <Tag key={s}>{s}</Tag>
                  ))}
                </Space>
              ) : (
                '未设置'
              )}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label="接口地址">
            <Space wrap>
              <Typography.Text code id="wxpay-view-baseurl">
                {view.baseUrl}
              </Typography.Text>
              {simulator && (
                <Tag color="purple" id="wxpay-simulator-note">
                  当前连接本地模拟器
                </Tag>
              )}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label="最后更新">
            <span id="wxpay-updated-at">{view.updatedAt ? formatTime(view.updatedAt, 'YYYY-MM-DD HH:mm:ss') : '从未保存'}</span>
          </Descriptions.Item>
        </Descriptions>
      </Card>

      {saveError && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16, maxWidth: 900 }}
          id="wxpay-error"
          title={saveError}
          description={otherIssues.length ? otherIssues.map((i) => `${i.path || '内容'}：${i.message}`).join('；') : undefined}
        />
      )}
      <SideLabelForm<Values>
        form={form}
        name="wxpay"
        labelWidth={150}
        onFinish={(v) => void save(v)}
        onValuesChange={() => setSaved(false)}
        initialValues={toValues(view)}
        autoComplete="off"
        style={{ maxWidth: 900 }}
      >
        <Card title="商户信息" style={{ marginBottom: 16 }}>
          <Form.Item name="mchid" label="商户号" htmlFor="wxpay-mchid" rules={[{ required: true, whitespace: true, message: '请输入商户号' }]} extra="微信支付商户平台 › 账户中心 › 商户信息里的商户号（8–12 位数字）">
            <Input id="wxpay-mchid" style={{ width: 260 }} placeholder="如 1900000109" />
          </Form.Item>
          <Form.Item name="appid" label="小程序 AppID" htmlFor="wxpay-appid" rules={[{ required: true, whitespace: true, message: '请输入 AppID' }]} extra="与商户号绑定的小程序 AppID（wx 开头，共 18 位）">
            <Input id="wxpay-appid" style={{ width: 260 }} placeholder="如 wx0123456789abcdef" />
          </Form.Item>
          <Form.Item name="serialNo" label="证书序列号" htmlFor="wxpay-serial" rules={[{ required: true, whitespace: true, message: '请输入商户 API 证书序列号' }]} extra="商户 API 证书的序列号（十六进制）">
            <Input id="wxpay-serial" style={{ width: 420 }} placeholder="如 3775B6A45ACD588826D15E583A95F5DD…" />
          </Form.Item>
          <Form.Item
            name="baseUrl"
            label="接口地址"
            htmlFor="wxpay-baseurl"
            rules={[{ required: true, whitespace: true, message: '请输入接口地址' }]}
            extra={`正式环境为 ${WXPAY_BASE_URL}；本地开发可填写支付模拟器的地址`}
          >
            <Input id="wxpay-baseurl" style={{ width: 420 }} placeholder={WXPAY_BASE_URL} />
          </Form.Item>
        </Card>

        <Card title="密钥" style={{ marginBottom: 16 }}>
          <Form.Item
            name="privateKey"
            label="API 私钥"
            htmlFor="wxpay-private-key"
            extra={view.privateKeySet ? '已设置。只有在更换私钥时才需要粘贴；保存后不会再显示。' : '粘贴商户 API 证书私钥 apiclient_key.pem 的全部内容；保存后不会再显示。'}
          >
            <Input.TextArea
              id="wxpay-private-key"
              rows={5}
              spellCheck={false}
              autoComplete="off"
              style={{ fontFamily: 'monospace', fontSize: 12 }}
              placeholder={view.privateKeySet ? '已设置，留空则保留' : '-----BEGIN PRIVATE KEY-----\n…\n-----END PRIVATE KEY-----'}
            />
          </Form.Item>
          <Form.Item
            name="apiV3Key"
            label="APIv3 密钥"
            htmlFor="wxpay-apiv3-key"
            extra={view.apiV3KeySet ? '已设置。只有在更换密钥时才需要填写；保存后不会再显示。' : '商户平台 › API 安全里设置的 APIv3 密钥（32 个字符）；保存后不会再显示。'}
          >
            <Input.Password id="wxpay-apiv3-key" style={{ width: 420 }} autoComplete="new-password" placeholder={view.apiV3KeySet ? '已设置，留空则保留' : '32 个字符'} />
          </Form.Item>
        </Card>

        <Card
          title="微信支付平台公钥"
          style={{ marginBottom: 16 }}
          extra={
            view.platformSerials.length > 0 &&
            (keysEditing ? (
              <Button
                size="small"
                id="wxpay-platform-cancel"
                onClick={() => {
                  setKeysEditing(false);
                  form.setFieldsValue({ platformKeys: toValues(view).platformKeys });
                }}
              >
                取消修改，保留已保存的公钥
              </Button>
            ) : (
              <Button size="small" icon={<EditOutlined />} id="wxpay-platform-edit" onClick={() => setKeysEditing(true)}>
                修改平台公钥
              </Button>
            ))
          }
        >
          {!keysEditing ? (
            <Typography.Text type="secondary" id="wxpay-platform-kept">
              已保存 {view.platformSerials.length} 个平台公钥（{view.platformSerials.join('、')}），保存时保持不变。
            </Typography.Text>
          ) : (
            <Form.List name="platformKeys">
              {(fields, { add, remove }) => (
                <>
                  <Typography.Paragraph type="secondary">
                    填写公钥 ID（PUB_KEY_ID_…）或平台证书序列号，以及对应的公钥 / 平台证书 PEM，最多 {MAX_PLATFORM_KEYS} 个。
                    {view.platformSerials.length > 0 && '保存时以下列表会替换已保存的全部平台公钥，已保存的公钥需要重新粘贴。'}
                  </Typography.Paragraph>
                  {fields.map((f, i) => (
                    <div key={f.key} className="spec-block" id={`wxpay-platform-row-${i}`}>
                      <Form.Item
                        name={[f.name, 'serial']}
                        label="公钥 ID"
                        htmlFor={`wxpay-platform-serial-${i}`}
                        rules={[{ required: true, whitespace: true, message: '请输入公钥 ID 或证书序列号' }]}
                      >
                        <Input id={`wxpay-platform-serial-${i}`} style={{ width: 420 }} placeholder="PUB_KEY_ID_…" />
                      </Form.Item>
                      <Form.Item
                        name={[f.name, 'publicKey']}
                        label="公钥 PEM"
                        htmlFor={`wxpay-platform-key-${i}`}
                        rules={[{ required: true, whitespace: true, message: '请粘贴公钥或平台证书' }]}
                      >
                        <Input.TextArea
                          id={`wxpay-platform-key-${i}`}
                          rows={4}
                          spellCheck={false}
                          style={{ fontFamily: 'monospace', fontSize: 12 }}
                          placeholder={'-----BEGIN PUBLIC KEY-----\n…\n-----END PUBLIC KEY-----'}
                        />
                      </Form.Item>
                      <Button danger size="small" icon={<DeleteOutlined />} id={`wxpay-platform-remove-${i}`} onClick={() => remove(f.name)}>
                        删除此公钥
                      </Button>
                    </div>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    id="wxpay-platform-add"
                    disabled={fields.length >= MAX_PLATFORM_KEYS}
                    onClick={() => add({ serial: '', publicKey: '' })}
                  >
                    添加平台公钥
                  </Button>
                </>
              )}
            </Form.List>
          )}
        </Card>

        <Space>
          <Button type="primary" htmlType="submit" loading={saving} id="wxpay-save">
            保存
          </Button>
          <Button htmlType="button" id="wxpay-revert" onClick={() => showStored(view)}>
            还原
          </Button>
          {saved && (
            <Typography.Text type="success" id="wxpay-saved">
              已保存
            </Typography.Text>
          )}
        </Space>
      </SideLabelForm>
    </div>
  );
}
