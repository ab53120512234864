/** The side form of one module: its fields by kind, changed in place (the page keeps the draft). */
import type { ReactNode } from 'react';
import { Button, Card, Form, Input, InputNumber, Radio, Select, Space } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { BANNER_ITEMS_MAX, COUPON_BLOCK_MAX, GROUP_COUNT_MAX, MODULE_LABELS, NAV_ITEMS_MAX, type DecorationLink, type DecorationModule, type ModuleOf } from '@shop/types';
import { ImageField } from '../../components/ImageField';
import { LinkField } from './LinkField';
import type { Targets } from './options';

type Props<K extends DecorationModule['kind']> = { m: ModuleOf<K>; set: (m: ModuleOf<K>) => void; targets: Targets };
const NONE: DecorationLink = { kind: 'none' };

/** A list of items (pictures, icons) with add and remove. */
function Items<T>({ items, max, fresh, set, render, label }: { items: T[]; max: number; fresh: () => T; set: (items: T[]) => void; render: (it: T, change: (it: T) => void, i: number) => ReactNode; label: string }) {
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {items.map((it, i) => (
        <Card
          key={i}
          size="small"
          title={`${label} ${i + 1}`}
          data-testid={`item-${i}`}
          extra={<Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label="删除" disabled={items.length <= 1} onClick={() => set(items.filter((_, j) => j !== i))} />}
        >
          {render(it, (next) => set(items.map((x, j) => (j === i ? next : x))), i)}
        </Card>
      ))}
      <Button icon={<PlusOutlined />} disabled={items.length >= max} onClick={() => set([...items, fresh()])} data-testid="item-add">
        添加{label}（{items.length} / {max}）
      </Button>
    </Space>
  );
}

function BannerForm({ m, set, targets }: Props<'banner'>) {
  return (
    <Items
      label="图片"
      items={m.items}
      max={BANNER_ITEMS_MAX}
      fresh={() => ({ image: '', title: '', link: NONE })}
      set={(items) => set({ ...m, items })}
      render={(it, change, i) => (
        <>
          <Form.Item label="图片" required>
            <ImageField id={`banner-image-${i}`} value={it.image || null} onChange={(image) => change({ ...it, image: image ?? '' })} hint="建议 750×340" />
          </Form.Item>
          <Form.Item label="标题">
            <Input maxLength={30} value={it.title} onChange={(e) => change({ ...it, title: e.target.value })} data-testid={`banner-title-${i}`} />
          </Form.Item>
          <Form.Item label="链接">
            <LinkField value={it.link} onChange={(link) => change({ ...it, link })} targets={targets} testId={`banner-link-${i}`} />
          </Form.Item>
        </>
      )}
    />
  );
}

function NoticeForm({ m, set, targets }: Props<'notice'>) {
  return (
    <>
      <Form.Item label="公告内容" required>
        <Input.TextArea maxLength={200} showCount value={m.text} onChange={(e) => set({ ...m, text: e.target.value })} data-testid="notice-text" />
      </Form.Item>
      <Form.Item label="链接">
        <LinkField value={m.link} onChange={(link) => set({ ...m, link })} targets={targets} testId="notice-link" />
      </Form.Item>
    </>
  );
}

function NavForm({ m, set, targets }: Props<'nav'>) {
  return (
    <>
      <Form.Item label="每行个数">
        <Radio.Group value={m.columns} onChange={(e) => set({ ...m, columns: e.target.value })} options={[{ value: 4, label: '4 个' }, { value: 5, label: '5 个' }]} />
      </Form.Item>
      <Items
        label="图标"
        items={m.items}
        max={NAV_ITEMS_MAX}
        fresh={() => ({ title: '', icon: null, link: NONE })}
        set={(items) => set({ ...m, items })}
        render={(it, change, i) => (
          <>
            <Form.Item label="名称" required>
              <Input maxLength={8} value={it.title} onChange={(e) => change({ ...it, title: e.target.value })} data-testid={`nav-title-${i}`} />
            </Form.Item>
            <Form.Item label="图标">
              <ImageField id={`nav-icon-${i}`} value={it.icon} onChange={(icon) => change({ ...it, icon })} hint="建议 88×88；不传则显示名称的第一个字" />
            </Form.Item>
            <Form.Item label="链接">
              <LinkField value={it.link} onChange={(link) => change({ ...it, link })} targets={targets} testId={`nav-link-${i}`} />
            </Form.Item>
          </>
        )}
      />
    </>
  );
}

function GroupForm({ m, set, targets }: Props<'productGroup'>) {
  const s = m.source;
  return (
    <>
      <Form.Item label="标题">
        <Input maxLength={20} value={m.title} onChange={(e) => set({ ...m, title: e.target.value })} data-testid="group-title" />
      </Form.Item>
      <Form.Item label="商品来源">
        <Radio.Group
          value={s.by}
          onChange={(e) => set({ ...m, source: e.target.value === 'group' ? { by: 'group', groupId: '' } : { by: 'category', categoryId: null, sort: 'newest' } })}
          options={[{ value: 'group', label: '商品分组（手动挑选）' }, { value: 'category', label: '按分类自动' }]}
          data-testid="group-source"
        />
      </Form.Item>
      {s.by === 'group' ? (
        <Form.Item label="商品分组" required extra="在 商品管理 → 商品分组 中创建分组并挑选商品">
          <Select placeholder="选择商品分组" value={s.groupId || undefined} options={targets.groups} onChange={(groupId: string) => set({ ...m, source: { by: 'group', groupId } })} data-testid="group-select" />
        </Form.Item>
      ) : (
        <>
          <Form.Item label="分类">
            <Select value={s.categoryId ?? ''} options={[{ value: '', label: '全部商品' }, ...targets.categories]} onChange={(v: string) => set({ ...m, source: { ...s, categoryId: v || null } })} data-testid="group-category" />
          </Form.Item>
          <Form.Item label="排序">
            <Radio.Group value={s.sort} onChange={(e) => set({ ...m, source: { ...s, sort: e.target.value } })} options={[{ value: 'newest', label: '最新上架' }, { value: 'sales', label: '销量最高' }]} />
          </Form.Item>
        </>
      )}
      <Form.Item label="显示个数">
        <InputNumber min={1} max={GROUP_COUNT_MAX} value={m.count} onChange={(v) => set({ ...m, count: v ?? 1 })} data-testid="group-count" />
      </Form.Item>
    </>
  );
}

function FlashForm({ m, set }: Props<'flashSale'>) {
  return (
    <>
      <Form.Item label="标题" extra="显示正在进行或即将开始的秒杀；没有秒杀时不显示">
        <Input maxLength={20} value={m.title} onChange={(e) => set({ ...m, title: e.target.value })} />
      </Form.Item>
      <Form.Item label="显示商品数">
        <InputNumber min={1} max={6} value={m.count} onChange={(v) => set({ ...m, count: v ?? 1 })} />
      </Form.Item>
    </>
  );
}

function CouponsForm({ m, set, targets }: Props<'coupons'>) {
  return (
    <>
      <Form.Item label="标题">
        <Input maxLength={20} value={m.title} onChange={(e) => set({ ...m, title: e.target.value })} />
      </Form.Item>
      <Form.Item label="优惠券" required extra={`已发布的普通券，最多 ${COUPON_BLOCK_MAX} 张；顾客点击后进入领券页`}>
        <Select mode="multiple" maxCount={COUPON_BLOCK_MAX} value={m.couponIds} options={targets.coupons} onChange={(couponIds: string[]) => set({ ...m, couponIds })} data-testid="coupons-select" />
      </Form.Item>
    </>
  );
}

function PictureForm({ m, set, targets }: Props<'picture'>) {
  return (
    <>
      <Form.Item label="图片" required>
        <ImageField id="picture-image" value={m.image || null} onChange={(image) => set({ ...m, image: image ?? '' })} hint="宽 750，高度不限" />
      </Form.Item>
      <Form.Item label="链接">
        <LinkField value={m.link} onChange={(link) => set({ ...m, link })} targets={targets} testId="picture-link" />
      </Form.Item>
    </>
  );
}

const FORMS: { [K in DecorationModule['kind']]: (p: Props<K>) => ReactNode } = {
  banner: BannerForm,
  notice: NoticeForm,
  nav: NavForm,
  productGroup: GroupForm,
  flashSale: FlashForm,
  coupons: CouponsForm,
  picture: PictureForm,
};

/** The form for the selected module. */
export function ModuleForm({ m, set, targets }: { m: DecorationModule; set: (m: DecorationModule) => void; targets: Targets }) {
  const Body = FORMS[m.kind] as (p: Props<DecorationModule['kind']>) => ReactNode;
  return (
    <Card size="small" title={`编辑：${MODULE_LABELS[m.kind]}`} data-testid="module-form" data-kind={m.kind}>
      <Form layout="vertical">
        <Body key={m.key} m={m} set={set} targets={targets} />
      </Form>
    </Card>
  );
}
