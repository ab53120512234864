import { useState } from 'react';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { Input, Text, View } from '@tarojs/components';
import type { Address, AddressInput } from '@shop/types';
import { districtsOf, findRegion, fromWxAddress, regionAt, type RegionIndexes, type RegionPick, type WxAddress } from '@shop/types/src/regions';
import { ApiError, call } from '../../api/client';
import RegionSheet from '../../components/RegionSheet';
import Toggle from '../../components/Toggle';
import { fieldErrors, handleError } from '../../lib/errors';
import { pickAddress } from '../../lib/pickedAddress';
import { safeDecode } from '../../lib/nav';
import '../../styles/order.scss';
import './index.scss';

type Field = 'name' | 'phone' | 'region' | 'detail';
type TextField = Exclude<Field, 'region'>;
interface Form {
  name: string;
  phone: string;
  detail: string;
  isDefault: boolean;
  province: string;
  city: string;
  district: string;
  /** the picked region's codes; absent for an address typed before the picker, until its region is picked again */
  codes?: Pick<RegionPick, 'provinceCode' | 'cityCode' | 'districtCode'>;
  postalCode: string;
}
const EMPTY: Form = { name: '', phone: '', detail: '', isDefault: false, province: '', city: '', district: '', postalCode: '' };

const FIELDS: { key: TextField; label: string; placeholder: string; max: number; type?: 'number' }[] = [
  { key: 'name', label: '收货人', placeholder: '姓名', max: 20 },
  { key: 'phone', label: '手机号', placeholder: '11 位手机号', max: 11, type: 'number' },
  { key: 'detail', label: '详细地址', placeholder: '街道、门牌号、楼层等', max: 120 },
];

/** What each field needs, in words (the server decides; these explain its VALIDATION_FAILED details). */
const FIELD_RULE: Record<Field, string> = {
  name: '请填写收货人（最多 20 个字）',
  phone: '请填写 11 位手机号',
  region: '请选择省、市、区县',
  detail: '请填写详细地址（最多 120 个字）',
};
/** the server's paths of the region's names and codes: all shown under 所在地区 */
const REGION_PATHS = ['province', 'city', 'district', 'provinceCode', 'cityCode', 'districtCode'];
const fieldOf = (path: string): Field | undefined => (REGION_PATHS.includes(path) ? 'region' : FIELDS.find((f) => f.key === path)?.key);

const formOf = (a: Address): Form => ({
  name: a.name,
  phone: a.phone,
  detail: a.detail,
  isDefault: a.isDefault,
  province: a.province,
  city: a.city,
  district: a.district,
  codes: a.provinceCode && a.cityCode ? { provinceCode: a.provinceCode, cityCode: a.cityCode, districtCode: a.districtCode ?? '' } : undefined,
  postalCode: a.postalCode ?? '',
});
const inputOf = (f: Form): Omit<AddressInput, 'id'> => ({
  name: f.name,
  phone: f.phone,
  detail: f.detail,
  isDefault: f.isDefault,
  province: f.province,
  city: f.city,
  district: f.district,
  ...(f.codes ?? {}),
  ...(f.postalCode ? { postalCode: f.postalCode } : {}),
});
/** 微信地址导入 exists only in the mini-program */
const CAN_IMPORT = process.env.TARO_ENV === 'weapp';

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
  const [regionOpen, setRegionOpen] = useState(false);
  const [regionAtIdx, setRegionAtIdx] = useState<RegionIndexes | null>(null);

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
        setForm(formOf(a));
        // an address typed before the picker opens the picker at its names when the table knows them
        setRegionAtIdx(findRegion(a));
        setLoaded(true);
      })
      .catch(handleError);
  });

  const set = (key: TextField, value: string) => {
    setForm((f) => ({ ...f, [key]: value }));
    if (errors[key]) setErrors((e) => ({ ...e, [key]: undefined }));
  };
  const pickRegion = (pick: RegionPick, at: RegionIndexes) => {
    const { provinceCode, cityCode, districtCode, ...names } = pick;
    setForm((f) => ({ ...f, ...names, codes: { provinceCode, cityCode, districtCode } }));
    setRegionAtIdx(at);
    setRegionOpen(false);
    if (errors.region) setErrors((e) => ({ ...e, region: undefined }));
  };
  /** 微信地址导入: WeChat's address book fills the form (a region the table does not know is left to pick) */
  const importWx = async () => {
    let w: WxAddress;
    try {
      w = await Taro.chooseAddress();
    } catch {
      return; // cancelled, or the shopper refused the permission
    }
    const m = fromWxAddress(w);
    const pick = m.region ? regionAt(m.region) : null;
    setForm((f) => ({
      ...f,
      name: m.name,
      phone: m.phone,
      detail: m.detail,
      postalCode: m.postalCode,
      province: m.province,
      city: m.city,
      district: m.district,
      codes: pick ? { provinceCode: pick.provinceCode, cityCode: pick.cityCode, districtCode: pick.districtCode } : undefined,
    }));
    setRegionAtIdx(m.region ?? null);
    setErrors({});
    if (!m.region) void Taro.showToast({ title: '请选择所在地区', icon: 'none' });
    else if (m.region[2] < 0 && districtsOf(m.region[0], m.region[1]).length) void Taro.showToast({ title: '请选择区县', icon: 'none' });
  };

  const save = async () => {
    if (saving || !loaded) return;
    setSaving(true);
    const input: AddressInput = { ...(id ? { id } : {}), ...inputOf(form) };
    try {
      const saved = await call('order', 'saveAddress', input);
      if (picking) pickAddress(saved._id);
      void Taro.showToast({ title: '已保存', icon: 'success' });
      void Taro.navigateBack();
    } catch (e) {
      const byPath = fieldErrors(e);
      if (Object.keys(byPath).length) {
        const next: Partial<Record<Field, string>> = {};
        for (const path of Object.keys(byPath)) {
          const field = fieldOf(path);
          if (field) next[field] = FIELD_RULE[field];
        }
        setErrors(next);
        if (!Object.keys(next).length) void Taro.showToast({ title: Object.values(byPath)[0], icon: 'none' });
      } else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED') {
        void Taro.showToast({ title: '最多保存 20 个地址', icon: 'none' });
      } else handleError(e);
    } finally {
      setSaving(false);
    }
  };

  const field = (f: (typeof FIELDS)[number]) => (
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
  );
  const regionText = [form.province, form.city, form.district].filter(Boolean).join(' ');

  return (
    <View className="page address-edit">
      {CAN_IMPORT ? (
        <View id="addr-import-wx" className="address-import" onClick={() => void importWx()}>
          <Text className="address-import__icon">微</Text>
          <Text className="address-import__text">微信地址导入</Text>
          <Text className="address-import__arrow">›</Text>
        </View>
      ) : null}
      <View className="form">
        {FIELDS.slice(0, 2).map(field)}
        <View className={`form-field${errors.region ? ' form-field--error' : ''}`} data-field="region">
          <View id="addr-region" className="form-field__row" onClick={() => setRegionOpen(true)}>
            <Text className="form-field__label">所在地区</Text>
            <Text className={`form-field__input address-region${regionText ? '' : ' address-region--empty'}`}>{regionText || '省、市、区县'}</Text>
            <Text className="address-region__arrow">›</Text>
          </View>
          {errors.region ? (
            <Text className="field-error" data-field="region">
              {errors.region}
            </Text>
          ) : null}
        </View>
        {FIELDS.slice(2).map(field)}
        <View className="form-field form-field__row form-field--switch">
          <Text className="form-field__label form-field__label--wide">设为默认地址</Text>
          <Toggle id="addr-default" on={form.isDefault} onChange={(on) => setForm((f) => ({ ...f, isDefault: on }))} />
        </View>
      </View>
      <View id="addr-save" className={`o-btn address-save${saving ? ' o-btn--busy' : ''}`} onClick={() => void save()}>
        {saving ? '保存中…' : '保存'}
      </View>
      <RegionSheet visible={regionOpen} at={regionAtIdx} onClose={() => setRegionOpen(false)} onPick={pickRegion} />
    </View>
  );
}
