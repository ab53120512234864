import { useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { AddressInput } from '@shop/types';
import { ApiError, call } from '../../api/client';
import Toggle from '../../components/Toggle';
import { fieldErrors, handleError } from '../../lib/errors';
import { pickAddress } from '../../lib/pickedAddress';
import { safeDecode } from '../../lib/nav';
import '../../styles/order.scss';
import './index.scss';

type Field = 'name' | 'phone' | 'province' | 'city' | 'district' | 'detail';
type Form = Record<Field, string> & { isDefault: boolean };
const EMPTY: Form = { name: '', phone: '', province: '', city: '', district: '', detail: '', isDefault: false };

const FIELDS: { key: Field; label: string; placeholder: string; max: number; type?: 'number' }[] = [
  { key: 'name', label: '收货人', placeholder: '姓名', max: 20 },
  { key: 'phone', label: '手机号', placeholder: '11 位手机号', max: 11, type: 'number' },
  { key: 'province', label: '省份', placeholder: '如：上海市、浙江省', max: 20 },
  { key: 'city', label: '城市', placeholder: '如：上海市、杭州市', max: 20 },
  { key: 'district', label: '区县', placeholder: '选填，如：黄浦区', max: 20 },
  { key: 'detail', label: '详细地址', placeholder: '街道、门牌号、楼层等', max: 120 },
];

/** What each field needs, in words (the server decides; these explain its VALIDATION_FAILED details). */
const FIELD_RULE: Record<Field, string> = {
  name: '请填写收货人（最多 20 个字）',
  phone: '请填写 11 位手机号',
  province: '请填写省份（最多 20 个字）',
  city: '请填写城市（最多 20 个字）',
  district: '区县最多 20 个字',
  detail: '请填写详细地址（最多 120 个字）',
};

/**
 * New or edited address (`id=` edits). The server validates; its VALIDATION_FAILED details are shown under each
 * field. With `pick=1` (from checkout) the saved address becomes the checkout's address.
 */
export default function AddressEditPage() {
  const router = useRouter();
  const id = safeDecode(router.params.id) || undefined;
  const picking = router.params.pick === '1';
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saving, setSaving] = useState(false);
  const [loaded, setLoaded] = useState(!id);

  useLoad(() => {
    if (!id) return;
    void Taro.setNavigationBarTitle({ title: '修改收货地址' });
    call('order', 'addresses', {})
      .then((list) => {
        const a = list.find((x) => x._id === id);
        if (!a) {
          void Taro.showToast({ title: '地址不存在或已删除', icon: 'none' });
          void Taro.navigateBack();
          return;
        }
        setForm({ name: a.name, phone: a.phone, province: a.province, city: a.city, district: a.district, detail: a.detail, isDefault: a.isDefault });
        setLoaded(true);
      })
      .catch(handleError);
  });

  const set = (key: Field, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const save = async () => {
    if (saving || !loaded) return;
    setSaving(true);
    const input: AddressInput = { ...(id ? { id } : {}), ...form };
    try {
      const saved = await call('order', 'saveAddress', input);
      if (picking) pickAddress(saved._id);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void Taro.navigateBack();
    } catch (e) {
      const byPath = fieldErrors(e);
      if (Object.keys(byPath).length) {
        const next: Partial<Record<Field, string>> = {};
        for (const f of FIELDS) if (byPath[f.key]) next[f.key] = FIELD_RULE[f.key];
        setErrors(next);
        if (!Object.keys(next).length) void Taro.showToast({ title: Object.values(byPath)[0], icon: 'none' });
      } else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
        void Taro.showToast({ title: '最多保存 20 个地址', icon: 'none' });
      } else handleError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <View className="page address-edit">
      <View className="form">
        {FIELDS.map((f) => (
          <View key={f.key} className={`form-field${errors[f.key] ? ' form-field--error' : ''}`} data-field={f.key}>
            <View className="form-field__row">
              <Text className="form-field__label">{f.label}</Text>
              <Input
                id={`addr-${f.key}`}
                className="form-field__input"
                type={f.type ?? 'text'}
                value={form[f.key]}
                maxlength={f.max}
                placeholder={f.placeholder}
                onInput={(e) => set(f.key, e.detail.value)}
              />
            </View>
            {errors[f.key] ? (
              <Text className="field-error" data-field={f.key}>
                {errors[f.key]}
              </Text>
            ) : null}
          </View>
        ))}
        <View className="form-field form-field__row form-field--switch">
          <Text className="form-field__label form-field__label--wide">设为默认地址</Text>
          <Toggle id="addr-default" on={form.isDefault} onChange={(on) => setForm((f) => ({ ...f, isDefault: on }))} />
        </View>
      </View>
      <View id="addr-save" className={`o-btn address-save${saving ? ' o-btn--busy' : ''}`} onClick={() => void save()}>
        {saving ? '保存中…' : '保存'}
      </View>
    </View>
  );
}
