/**
 * 精斗云绑定 (第三方对接, owner only): the open-platform credentials (gateway URL, Client ID, Client Secret,
 * outerInstanceId) → `saveCredentials`; 获取账套 lists the account sets they reach, 绑定 binds the picked one and says
 * which defaults were created there (WSCKH / WSCCK / WSCXJ). When bound: the account set, when, the defaults,
 * 测试连接 and 解除绑定. The client secret is never answered: its input starts empty and is sent only when typed.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Descriptions, Form, Input, Popconfirm, Radio, Space, Tag, Typography } from 'antd';
import { ApiOutlined, CloudDownloadOutlined, DisconnectOutlined, LinkOutlined, ReloadOutlined } from '@ant-design/icons';
import type { SyncAccountSet, SyncBinding } from '@shop/types';
import { call } from '../api';
import { fieldIssues } from '../errors';
import { DEFAULT_ROLES, defaultName, isForbidden, jdyMessageGist, ownerOnly, SyncOwnerOnly, syncErrorText } from '../sync';
import { formatTime, useLoaded } from '../util';
import { LoadFallback } from '../components/DetailFallback';

const KINGDEE_GATEWAY = 'https://api.kingdee.com';
const FIELDS = ['baseUrl', 'clientId', 'clientSecret', 'outerInstanceId'] as const;
type Field = (typeof FIELDS)[number];
type Values = Record<Field, string>;

const toValues = (b: SyncBinding): Values => ({ baseUrl: b.baseUrl || KINGDEE_GATEWAY, clientId: b.clientId, clientSecret: '', outerInstanceId: b.outerInstanceId });
const loadBinding = () => call('syncAdmin', 'binding', {});

type TestResult = { ok: boolean; ms: number; warehouse: boolean; error: string | null };

export default ownerOnly(ErpBinding);

function ErpBinding() {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const { data: binding, setData: setBinding, error: loadError, reload } = useLoaded<SyncBinding | null>(loadBinding, null);
  const [busy, setBusy] = useState<null | 'save' | 'accounts' | 'bind' | 'test' | 'unbind'>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [sets, setSets] = useState<SyncAccountSet[] | null>(null);
  const [picked, setPicked] = useState<string | null>(null);
  const [created, setCreated] = useState<string[] | null>(null);
  // the mall's own products taken off shelf by the binding (seed: they cannot be linked to the ERP's materials)
  const [offShelf, setOffShelf] = useState<number | null>(null);
  const [test, setTest] = useState<TestResult | null>(null);

  useEffect(() => {
    if (!binding) return;
    form.resetFields();
    form.setFieldsValue(toValues(binding));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [binding]);

  if (isForbidden(loadError)) return <SyncOwnerOnly />;
  if (!binding) return <LoadFallback error={loadError} title="精斗云绑定信息加载失败" explain={syncErrorText} onRetry={reload} />;

  const bound = binding.status === 'bound';
  const hasCredentials = !!binding.clientId && !!binding.outerInstanceId && binding.hasSecret;

  /** Runs one action with the busy flag and the error box. */
  const run = async <T,>(what: NonNullable<typeof busy>, fn: () => Promise<T>): Promise<T | undefined> => {
    setBusy(what);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(syncErrorText(e));
      return undefined;
    } finally {
      setBusy(null);
    }
  };

  const save = async (v: Values) => {
    const input = { baseUrl: v.baseUrl.trim(), clientId: v.clientId.trim(), outerInstanceId: v.outerInstanceId.trim(), ...(v.clientSecret?.trim() ? { clientSecret: v.clientSecret.trim() } : {}) };
    setBusy('save');
    setError(null);
    try {
      const b = await call('syncAdmin', 'saveCredentials', input);
      setBinding(b);
      setSaved(true);
      setSets(null);
      setPicked(null);
      setTest(null);
      message.success('凭证已保存');
    } catch (e) {
      // the shared hint for a bad URL names WeChat Pay's address; this form's gateway is Kingdee's
      const issues = fieldIssues(e).map((i) => (i.path === 'baseUrl' && i.message.includes('weixin') ? { ...i, message: `需要完整的网址，如 ${KINGDEE_GATEWAY}` } : i));
      const placed = issues.filter((i) => (FIELDS as readonly string[]).includes(i.path));
      if (placed.length) form.setFields(placed.map((i) => ({ name: i.path as Field, errors: [i.message] })));
      setError(placed.length ? '保存失败：请按标红的提示修改后再保存' : syncErrorText(e));
    } finally {
      setBusy(null);
    }
  };

  const fetchSets = async () => {
    const r = await run('accounts', () => call('syncAdmin', 'accountSets', {}));
    if (!r) return;
    setSets(r);
    setPicked(r.length === 1 ? r[0].accountId : null);
  };

  const bind = async () => {
    if (!picked) return;
    const r = await run('bind', () => call('syncAdmin', 'bind', { accountId: picked }));
    if (!r) return;
    const { created: made, offShelf: off, ...b } = r;
    setCreated(made);
    setOffShelf(off);
    setBinding(b);
    setSets(null);
    setTest(null);
    message.success(`已绑定账套 ${b.accountName ?? b.accountId}`);
  };

  const testConnection = async () => {
    setTest(null);
    const r = await run('test', () => call('syncAdmin', 'test', {}));
    if (r) setTest(r);
  };

  const unbind = async () => {
    const r = await run('unbind', () => call('syncAdmin', 'unbind', {}));
    if (!r) return;
    setBinding(r);
    setCreated(null);
    setTest(null);
    message.success('已解除绑定');
  };

  return (
    <div style={{ maxWidth: 900 }}>
      <div className="page-title">
        <h2>精斗云绑定</h2>
        <Button icon={<ReloadOutlined />} data-testid="erp-binding-refresh" onClick={() => void reload()}>
          刷新
        </Button>
      </div>
      <Alert
        type="info"
        showIcon
        style={{ marginBottom: 16 }}
        data-testid="erp-binding-note"
        title="绑定后，商城中支付成功的订单会自动发送到精斗云，生成销售出库单；订单取消、售后退货也会同步到该账套。"
        description="商品以精斗云为准：绑定时商城原有的商品会下架，精斗云的商品同步过来后再装修上架；快递订单在精斗云发货，物流信息自动回传。"
      />
      {error && <Alert type="error" showIcon closable onClose={() => setError(null)} style={{ marginBottom: 16 }} data-testid="erp-error" title={error} />}

      <Card
        title="绑定状态"
        style={{ marginBottom: 16 }}
        data-testid="erp-binding-card"
        extra={
          <Tag color={bound ? 'green' : 'default'} data-testid="erp-binding-status" data-status={binding.status}>
            {bound ? '已绑定' : '未绑定'}
          </Tag>
        }
      >
        {bound ? (
          <>
            <Descriptions column={1} size="small" styles={{ label: { width: 120 } }}>
              <Descriptions.Item label="账套">
                <Space>
                  <Typography.Text strong data-testid="erp-account-name">
                    {binding.accountName ?? '—'}
                  </Typography.Text>
                  <Typography.Text type="secondary" data-testid="erp-account-id">
                    {binding.accountId}
                  </Typography.Text>
                </Space>
              </Descriptions.Item>
              <Descriptions.Item label="绑定时间">
                <span data-testid="erp-bound-at">{formatTime(binding.boundAt, 'YYYY-MM-DD HH:mm:ss') || '—'}</span>
              </Descriptions.Item>
              <Descriptions.Item label="默认资料">
                <Space wrap data-testid="erp-defaults">
                  {DEFAULT_ROLES.map((r) => (
                    <Tag key={r.key} data-testid={`erp-default-${r.key}`}>
                      {r.label}：{binding.defaults[r.key]}
                      {defaultName(binding.defaults[r.key]) ? ` ${defaultName(binding.defaults[r.key])}` : ''}
                    </Tag>
                  ))}
                </Space>
              </Descriptions.Item>
            </Descriptions>
            {created && (
              <Alert
                type="success"
                showIcon
                style={{ margin: '12px 0' }}
                data-testid="erp-bind-result"
                title={created.length ? '绑定成功，已在精斗云新建以下默认资料：' : '绑定成功，账套中已有全部默认资料，无需新建。'}
                description={
                  created.length ? (
                    <Space wrap>
                      {created.map((n) => (
                        <Tag color="green" key={n} data-testid={`erp-created-${n}`}>
                          {n} {defaultName(n) ?? ''}
                        </Tag>
                      ))}
                    </Space>
                  ) : undefined
                }
              />
            )}
            {offShelf !== null && (
              <Alert
                type="info"
                showIcon
                style={{ margin: '12px 0' }}
                data-testid="erp-bind-off-shelf"
                data-count={offShelf}
                title={offShelf ? `商城原有的 ${offShelf} 件商品已下架` : '商城没有需要下架的原有商品'}
                description="商城原有商品无法与精斗云商品关联。精斗云的商品会作为新商品同步过来（先不上架），请在商品列表中装修后上架；与精斗云商品编码相同的原有商品，编码会加上 -OLD 后缀。"
              />
            )}
            <Space style={{ marginTop: 12 }} wrap>
              <Button type="primary" icon={<ApiOutlined />} loading={busy === 'test'} data-testid="erp-test" onClick={() => void testConnection()}>
                测试连接
              </Button>
              <Popconfirm
                title="解除绑定？"
                description="解除后新订单不再发送到精斗云；已在队列里的记录会保留，重新绑定后继续发送。"
                okText="解除绑定"
                cancelText="取消"
                okButtonProps={{ danger: true, 'data-testid': 'erp-unbind-confirm' }}
                onConfirm={() => void unbind()}
              >
                <Button danger icon={<DisconnectOutlined />} loading={busy === 'unbind'} data-testid="erp-unbind">
                  解除绑定
                </Button>
              </Popconfirm>
            </Space>
            {test && (
              <Alert
                style={{ marginTop: 12 }}
                type={test.ok ? (test.warehouse ? 'success' : 'warning') : 'error'}
                showIcon
                data-testid="erp-test-result"
                data-ok={String(test.ok)}
                title={
                  test.ok
                    ? `连接正常，用时 ${test.ms} ms；默认仓库 ${binding.defaults.warehouse}${test.warehouse ? ' 存在' : ' 不存在（请在精斗云中恢复或重新绑定）'}`
                    : `连接失败（用时 ${test.ms} ms）`
                }
                description={
                  test.error ? (
                    <span data-testid="erp-test-error">
                      {jdyMessageGist(test.error) && <Typography.Text strong>{jdyMessageGist(test.error)}：</Typography.Text>}
                      {test.error}
                    </span>
                  ) : undefined
                }
              />
            )}
          </>
        ) : (
          <Typography.Text type="secondary" data-testid="erp-unbound-hint">
            {hasCredentials ? '凭证已保存。点击下方「获取账套」，选择要对接的账套后绑定。' : '请先填写精斗云开放平台的凭证并保存，然后获取账套并绑定。'}
          </Typography.Text>
        )}
      </Card>

      <Card title="开放平台凭证" style={{ marginBottom: 16 }}>
        {bound && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="erp-credentials-warning" title="修改网关地址、Client ID、Client Secret 或 outerInstanceId 会解除当前绑定，需要重新选择账套。" />
        )}
        <Form<Values>
          form={form}
          name="erp"
          labelCol={{ flex: '150px' }}
          wrapperCol={{ flex: 'auto' }}
          initialValues={toValues(binding)}
          onFinish={(v) => void save(v)}
          onValuesChange={() => setSaved(false)}
          autoComplete="off"
        >
          <Form.Item name="baseUrl" label="网关地址" rules={[{ required: true, whitespace: true, message: '请输入网关地址' }]} extra={`正式环境为 ${KINGDEE_GATEWAY}；本地开发可填写精斗云模拟器的地址`}>
            <Input style={{ width: 420 }} placeholder={KINGDEE_GATEWAY} />
          </Form.Item>
          <Form.Item name="clientId" label="Client ID" rules={[{ required: true, whitespace: true, message: '请输入 Client ID' }]} extra="金蝶云·开放平台上商城应用的 Client ID">
            <Input style={{ width: 260 }} />
          </Form.Item>
          <Form.Item
            name="clientSecret"
            label="Client Secret"
            rules={binding.hasSecret ? [] : [{ required: true, whitespace: true, message: '请输入 Client Secret' }]}
            extra={binding.hasSecret ? '已保存。只有在更换时才需要填写；保存后不会再显示。' : '保存后不会再显示。'}
          >
            <Input.Password style={{ width: 420 }} autoComplete="new-password" placeholder={binding.hasSecret ? '已保存，留空不修改' : 'Client Secret'} />
          </Form.Item>
          <Form.Item name="outerInstanceId" label="outerInstanceId" rules={[{ required: true, whitespace: true, message: '请输入 outerInstanceId' }]} extra="购买应用后得到的实例 ID">
            <Input style={{ width: 260 }} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={busy === 'save'} data-testid="erp-save-credentials">
              保存凭证
            </Button>
            {saved && (
              <Typography.Text type="success" data-testid="erp-credentials-saved">
                已保存
              </Typography.Text>
            )}
            {binding.updatedAt && (
              <Typography.Text type="secondary" data-testid="erp-updated-at">
                最后更新 {formatTime(binding.updatedAt, 'YYYY-MM-DD HH:mm:ss')}
              </Typography.Text>
            )}
          </Space>
        </Form>
      </Card>

      {!bound && (
        <Card title="选择账套" style={{ marginBottom: 16 }} data-testid="erp-account-card">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Button icon={<CloudDownloadOutlined />} disabled={!hasCredentials} loading={busy === 'accounts'} data-testid="erp-fetch-accounts" onClick={() => void fetchSets()}>
              获取账套
            </Button>
            {sets && sets.length === 0 && (
              <Alert type="warning" showIcon data-testid="erp-no-accounts" title="这组凭证下没有可用的账套：请确认 outerInstanceId 和应用授权。" />
            )}
            {sets && sets.length > 0 && (
              <>
                <Radio.Group value={picked} onChange={(e) => setPicked(e.target.value as string)} data-testid="erp-account-sets">
                  <Space orientation="vertical">
                    {sets.map((s) => (
                      <Radio key={s.accountId} value={s.accountId} id={`erp-account-radio-${s.accountId}`}>
                        <span data-testid={`erp-account-${s.accountId}`}>
                          <Typography.Text strong>{s.accountName}</Typography.Text>{' '}
                          <Typography.Text type="secondary">
                            {s.accountId}
                            {s.groupName ? ` · ${s.groupName}` : ''}
                          </Typography.Text>
                        </span>
                      </Radio>
                    ))}
                  </Space>
                </Radio.Group>
                <Typography.Text type="secondary">
                  绑定时会在账套中检查默认资料，缺少的会自动新建：{DEFAULT_ROLES.map((r) => `${r.label} ${binding.defaults[r.key]}`).join('、')}。
                </Typography.Text>
                <Button type="primary" icon={<LinkOutlined />} disabled={!picked} loading={busy === 'bind'} data-testid="erp-bind" onClick={() => void bind()}>
                  绑定
                </Button>
              </>
            )}
          </Space>
        </Card>
      )}
    </div>
  );
}
