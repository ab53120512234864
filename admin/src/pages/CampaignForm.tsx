/**
 * New / edit campaign (营销活动): name, kind with a rule editor per kind (money in yuan, discount rates in 折),
 * product scope, audience and window. A CAMPAIGN_CONFLICT answer is shown at the top, naming the other campaign.
 * The page assembles its parts under ./campaign: model.ts (values, conversions, messages), options.ts (what the
 * selects offer), TierFields (the shared yuan and tier fields), one file per kind (ReductionFields, DiscountFields,
 * GiftCouponFields, FreeShippingFields) and CommonFields (error box, 适用范围, 活动时间).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { Alert, App, Button, Card, Form, Input, Radio, Space, Spin, Typography } from 'antd';
import { CampaignInput, type Campaign } from '@shop/types';
import { ApiError, call } from '../api';
import { actionErrorText, CAMPAIGN_KIND_TEXT, CAMPAIGN_STATUS_TEXT, ruleSummary, type CampaignKind } from '../orders';
import { nowWall } from '../time';
import { CampaignErrorBox, ScopeCard, WindowCard } from './campaign/CommonFields';
import { DiscountFields } from './campaign/DiscountFields';
import { FreeShippingFields } from './campaign/FreeShippingFields';
import { GiftCouponFields } from './campaign/GiftCouponFields';
import { DEFAULTS, issueLines, SERVER_TEXT, toInput, toValues, type FormError, type FormValues } from './campaign/model';
import { loadCoupons, loadLevels, useOptionalOptions, useProductSearch } from './campaign/options';
import { ReductionFields } from './campaign/ReductionFields';
import { campaignListPath } from './Campaigns';
import { SideLabelForm } from '../components/SideLabelForm';
import { FormLoadError } from '../components/DetailFallback';
import { validated } from '../components/validated';

export default function CampaignForm() {
  const { id } = useParams();
  const editing = !!id;
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<FormValues>();
  const [loaded, setLoaded] = useState<Campaign | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<FormError | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const products = useProductSearch();
  const coupons = useOptionalOptions(loadCoupons);
  const levels = useOptionalOptions(loadLevels);

  const kind = Form.useWatch('kind', form) ?? DEFAULTS.kind;
  const allValues = Form.useWatch([], form) as FormValues | undefined;

  useEffect(() => {
    void products.search('');
    if (!editing) {
      form.setFieldsValue({ ...DEFAULTS, startsAt: nowWall() });
      return;
    }
    call('campaignAdmin', 'get', { id: id! })
      .then(async (c) => {
        if (c.productIds) await products.learn(c.productIds);
        setLoaded(c);
        form.setFieldsValue(toValues(c));
      })
      .catch(setLoadError);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [id]);

  useEffect(() => {
    if (error) errorRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  }, [error]);

  /** What the rule will read like in the list, as the merchant types. */
  const preview = useMemo(() => {
    if (!allValues?.kind) return null;
    const parsed = CampaignInput.safeParse(toInput({ ...DEFAULTS, ...allValues, startsAt: allValues.startsAt ?? nowWall(), name: allValues.name || 'x' }));
    return parsed.success ? ruleSummary(parsed.data.rule, (cid) => coupons?.find((c) => c.value === cid)?.label) : null;
  }, [allValues, coupons]);

  const save = async () => {
    const v = await validated(form, () => setError({ title: '请检查标红的内容', lines: [] }));
    if (!v) return;
    const input = toInput({ ...DEFAULTS, ...v });
    const parsed = CampaignInput.safeParse(input);
    if (!parsed.success) {
      setError({ title: '活动内容不完整或不正确', lines: issueLines(parsed.error) });
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const saved = editing ? await call('campaignAdmin', 'update', { ...input, id: id! }) : await call('campaignAdmin', 'create', input);
      message.success(editing ? `已保存活动「${saved.name}」` : `已创建活动「${saved.name}」`);
      nav(campaignListPath());
    } catch (e) {
      if (e instanceof ApiError && e.code === 'CAMPAIGN_CONFLICT') {
        const d = (e.details ?? {}) as { campaignId?: string; campaignName?: string; productIds?: 'all' | string[] };
        setError({ title: '与其他活动冲突', lines: [], conflict: { message: e.message, campaignId: d.campaignId, campaignName: d.campaignName, products: d.productIds } });
      } else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
        const lines = issueLines(e);
        setError({ title: '活动内容不正确', lines: lines.length ? lines : [SERVER_TEXT[e.message] ?? e.message] });
      } else {
        setError({ title: '保存失败', lines: [actionErrorText(e)] });
      }
    } finally {
      setSaving(false);
    }
  };

  if (editing && loadError) {
    return <FormLoadError error={loadError} missing="活动不存在或已被删除" failed="活动加载失败" explain={actionErrorText} backText="返回活动列表" onBack={() => nav(campaignListPath())} />;
  }
  if (editing && !loaded) {
    return (
      <div style={{ padding: 80, textAlign: 'center' }}>
        <Spin />
      </div>
    );
  }
  const ended = loaded?.status === 'ended';

  return (
    <div>
      <div className="page-title">
        <h2>{editing ? '编辑营销活动' : '新建营销活动'}</h2>
        <Link to={campaignListPath()}>返回活动列表</Link>
      </div>

      {error && <CampaignErrorBox error={error} errorRef={errorRef} products={products} />}
      {ended && <Alert type="warning" showIcon style={{ marginBottom: 16 }} title="这个活动已结束，不能再修改。" />}

      <SideLabelForm<FormValues> form={form} labelWidth={120} name="campaign" disabled={ended} data-testid="campaign-form" initialValues={DEFAULTS}>
        <Card title="基本信息" style={{ marginBottom: 16 }}>
          <Form.Item name="name" label="活动名称" rules={[{ required: true, whitespace: true, message: '请填写活动名称' }]}>
            <Input maxLength={100} showCount placeholder="如：夏季满100减15" style={{ maxWidth: 480 }} />
          </Form.Item>
          <Form.Item name="kind" label="活动类型">
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              data-testid="campaign-kind"
              options={(Object.keys(CAMPAIGN_KIND_TEXT) as CampaignKind[]).map((k) => ({ value: k, label: CAMPAIGN_KIND_TEXT[k] }))}
            />
          </Form.Item>
          {loaded && (
            <Form.Item label="状态">
              <Typography.Text data-testid="campaign-status">{CAMPAIGN_STATUS_TEXT[loaded.status]}</Typography.Text>
            </Form.Item>
          )}
        </Card>

        <Card title="优惠规则" style={{ marginBottom: 16 }} data-testid="campaign-rule">
          {kind === 'reduction' && <ReductionFields />}
          {kind === 'discount' && <DiscountFields />}
          {kind === 'giftCoupon' && <GiftCouponFields coupons={coupons} />}
          {kind === 'freeShipping' && <FreeShippingFields />}
          {preview && (
            <Form.Item label="规则预览">
              <Typography.Text data-testid="rule-preview">{preview}</Typography.Text>
            </Form.Item>
          )}
        </Card>

        <ScopeCard products={products} levels={levels} />

        <WindowCard ended={ended} />

        <Space>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="campaign-save" disabled={ended}>
            {editing ? '保存' : '创建活动'}
          </Button>
          <Button onClick={() => nav(campaignListPath())} disabled={false}>
            取消
          </Button>
        </Space>
      </SideLabelForm>
    </div>
  );
}
