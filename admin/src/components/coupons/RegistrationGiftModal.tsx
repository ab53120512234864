/** 注册送券: one published normal coupon, a window; new shoppers get one code straight into their account. */
import { useEffect, useState } from 'react';
import { Alert, App, DatePicker, Form, Modal, Select, Spin, Switch, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import type { CouponWithStats, RegistrationGift } from '@shop/types';
import { call } from '../../api';
import { couponError } from '../../couponText';
import { dayjs, formatTime, TZ } from '../../util';
import { useSubmit } from '../useSubmit';
import { validated } from '../validated';

interface Values {
  enabled: boolean;
  couponId?: string | null;
  window: [Dayjs | null, Dayjs | null] | null;
}

export function RegistrationGiftModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [gift, setGift] = useState<RegistrationGift | null>(null);
  const [coupons, setCoupons] = useState<CouponWithStats[]>([]);
  const { running: busy, error, setError, run } = useSubmit(couponError);
  const enabled = Form.useWatch('enabled', form);

  useEffect(() => {
    if (!open) return;
    setError(null);
    setGift(null);
    Promise.all([call('couponAdmin', 'getRegistrationGift', {}), call('couponAdmin', 'list', { status: 'published', kind: 'normal', pageSize: 100 })])
      .then(([g, list]) => {
        setGift(g);
        setCoupons(list.items);
        form.setFieldsValue({
          enabled: g.enabled,
          couponId: g.couponId,
          window: [dayjs(g.startsAt).tz(TZ), g.endsAt ? dayjs(g.endsAt).tz(TZ) : null],
        });
      })
      .catch((e) => setError(couponError(e)));
  }, [open, form]);

  const save = async () => {
    const v = await validated(form);
    if (!v) return;
    const [from, to] = v.window ?? [null, null];
    await run(async () => {
      const g = await call('couponAdmin', 'setRegistrationGift', {
        enabled: v.enabled,
        couponId: v.couponId ?? null,
        startsAt: (from ?? dayjs()).toISOString(),
        endsAt: to ? to.toISOString() : null,
      });
      setGift(g);
      message.success(g.enabled ? '注册送券已开启' : '注册送券已关闭');
      onClose();
    });
  };

  return (
    <Modal
      open={open}
      title="注册送券"
      okText="保存"
      cancelText="取消"
      onOk={save}
      onCancel={onClose}
      confirmLoading={busy}
      forceRender
      okButtonProps={{ 'data-testid': 'gift-save' }}
    >
      <div data-testid="gift-modal">
        {!gift && !error ? (
          <div style={{ textAlign: 'center', padding: 30 }}>
            <Spin />
          </div>
        ) : null}
        <Typography.Paragraph type="secondary">
          新顾客注册后，系统直接把一张优惠券发到顾客账户，无需领取；每位顾客只送一次。优惠券发完后新顾客将得不到优惠券，请及时补充。只能选择已发布的普通券。
        </Typography.Paragraph>
        <Form form={form} name="gift" layout="vertical" initialValues={{ enabled: false, couponId: null, window: null }}>
          <Form.Item name="enabled" label="开启注册送券" valuePropName="checked">
            <Switch data-testid="gift-enabled" />
          </Form.Item>
          <Form.Item name="couponId" label="赠送的优惠券" rules={[{ required: !!enabled, message: '请选择优惠券' }]}>
            <Select
              allowClear
              placeholder="选择已发布的普通券"
              data-testid="gift-coupon"
              showSearch={{ optionFilterProp: 'label' }}
              options={coupons.map((c) => ({ value: c._id, label: `${c.name}（剩余 ${c.stats.remaining} 张，有效期至 ${formatTime(c.validTo, 'YYYY-MM-DD')}）` }))}
            />
          </Form.Item>
          <Form.Item name="window" label="活动时间（结束时间可不填）" rules={[{ required: true, message: '请选择开始时间' }]}>
            <DatePicker.RangePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" allowEmpty={[false, true]} style={{ width: '100%' }} data-testid="gift-window" />
          </Form.Item>
        </Form>
        {gift?.coupon && (
          <Alert
            type={gift.coupon.remaining > 0 && gift.coupon.status === 'published' ? 'info' : 'warning'}
            showIcon
            data-testid="gift-remaining"
            title={`当前赠送「${gift.coupon.name}」，剩余 ${gift.coupon.remaining} 张${gift.coupon.status !== 'published' ? '（该券已不可用）' : ''}`}
          />
        )}
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 8 }} data-testid="gift-error" />}
      </div>
    </Modal>
  );
}
