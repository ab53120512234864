/**
 * Member levels (会员等级): name, experience threshold, discount, icon. A shopper's level follows their experience
 * (the highest threshold they reach); the default level 普通会员 always exists, keeps threshold 0 and cannot be deleted.
 */
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { App, Avatar, Button, Card, Form, Image, Input, InputNumber, Space, Tag, Tooltip, Typography, type TableColumnsType } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { LevelInput, type MemberLevelRow } from '@shop/types';
import { ApiError, call } from '../api';
import { errorText, fieldIssues } from '../errors';
import { discountText, rateToZhe, zheToRate } from '../members';
import { useLoaded } from '../util';
import { actionsColumn, ConfirmButton, FormModal, ListTable, LoadError, PageHeader, RefreshButton, useRunAction, LinkButton, ListHint } from '../components/list';

interface LevelValues {
  name: string;
  threshold: number | null;
  zhe: number | null;
  icon?: string;
}

const loadLevels = () => call('customerAdmin', 'listLevels', {});

/** A level's icon, or a round badge with its first character. */
export const LevelIcon = ({ icon, name, size = 32 }: { icon: string | null; name: string; size?: number }) =>
  icon ? <Image src={icon} width={size} height={size} preview={false} style={{ objectFit: 'contain' }} /> : <Avatar size={size}>{name.slice(0, 1)}</Avatar>;

export default function MemberLevels() {
  const { message } = App.useApp();
  const { data: rows, loading, error, reload } = useLoaded(loadLevels, [] as MemberLevelRow[]);
  const [editing, setEditing] = useState<MemberLevelRow | 'new' | null>(null);
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<LevelValues>();
  const icon = Form.useWatch('icon', form);
  const current = editing === 'new' ? null : editing;

  const openEdit = (r: MemberLevelRow | 'new') => {
    setEditing(r);
    form.resetFields();
    form.setFieldsValue(
      r === 'new'
        ? { name: '', threshold: null, zhe: 10, icon: '' }
        : { name: r.name, threshold: r.threshold, zhe: rateToZhe(r.discountRate), icon: r.icon ?? '' },
    );
  };

  const save = async () => {
    let v: LevelValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const input = {
      ...(current ? { _id: current._id } : {}),
      name: v.name.trim(),
      threshold: v.threshold ?? 0,
      discountRate: zheToRate(v.zhe ?? 10),
      icon: v.icon?.trim() ? v.icon.trim() : null,
    };
    const parsed = LevelInput.safeParse(input);
    if (!parsed.success) {
      form.setFields(fieldIssues(parsed.error).map((i) => ({ name: (i.path === 'discountRate' ? 'zhe' : i.path) as keyof LevelValues, errors: [i.message] })));
      return;
    }
    setBusy(true);
    try {
      const l = await call('customerAdmin', 'saveLevel', input);
      message.success(current ? `已保存「${l.name}」` : `已新增会员等级「${l.name}」`);
      setEditing(null);
      void reload();
    } catch (e) {
      const issues = fieldIssues(e);
      if (e instanceof ApiError && e.code === 'NAME_TAKEN') {
        const onThreshold = issues.some((i) => i.path === 'threshold');
        form.setFields([
          onThreshold
            ? { name: 'threshold', errors: [`已有等级需要 ${input.threshold} 经验值，每个等级的经验值必须不同`] }
            : { name: 'name', errors: [`已有名为「${input.name}」的等级`] },
        ]);
      } else if (e instanceof ApiError && e.code === 'VALIDATION_FAILED' && issues.length) {
        form.setFields(issues.map((i) => ({ name: (i.path === 'discountRate' ? 'zhe' : i.path) as keyof LevelValues, errors: [i.path === 'threshold' ? '默认等级的经验值固定为 0' : i.message] })));
      } else message.error(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const run = useRunAction(() => void reload(), (e) => (e instanceof ApiError && e.code === 'INVALID_STATE' ? '默认等级不能删除' : errorText(e)), true);
  const remove = (r: MemberLevelRow) =>
    run(async () => {
      await call('customerAdmin', 'deleteLevel', { id: r._id });
      return `已删除「${r.name}」${r.customerCount ? `，${r.customerCount} 位顾客已按经验值归入其他等级` : ''}`;
    });

  const columns: TableColumnsType<MemberLevelRow> = [
    { title: '图标', dataIndex: 'icon', width: 72, render: (_: unknown, r) => <LevelIcon icon={r.icon} name={r.name} /> },
    {
      title: '等级名称',
      dataIndex: 'name',
      render: (name: string, r) => (
        <Space size={4}>
          {name}
          {r.isDefault && <Tag>默认</Tag>}
        </Space>
      ),
    },
    { title: '所需经验值', dataIndex: 'threshold', width: 130, render: (t: number) => t.toLocaleString('zh-CN') },
    {
      title: '会员折扣',
      dataIndex: 'discountRate',
      width: 120,
      render: (rate: number) => (rate >= 1000 ? <Typography.Text type="secondary">无折扣</Typography.Text> : <Tag color="red">{discountText(rate)}</Tag>),
    },
    {
      title: '顾客数',
      dataIndex: 'customerCount',
      width: 100,
      render: (n: number, r) => <Link to={`/customers?levelId=${encodeURIComponent(r._id)}`}>{n}</Link>,
    },
    actionsColumn(150, (r) => (
      <>
        <LinkButton onClick={() => openEdit(r)} testId={`level-edit-${r._id}`}>
          编辑
        </LinkButton>
        {r.isDefault ? (
          <Tooltip title="默认等级不能删除">
            <LinkButton danger disabled testId={`level-delete-${r._id}`}>
              删除
            </LinkButton>
          </Tooltip>
        ) : (
          <ConfirmButton
            title={`删除「${r.name}」？`}
            description={r.customerCount ? `${r.customerCount} 位顾客将按经验值归入其他等级。` : '删除后不可恢复。'}
            okProps={{ 'data-testid': 'level-delete-confirm' }}
            testId={`level-delete-${r._id}`}
            onConfirm={() => remove(r)}
          >
            删除
          </ConfirmButton>
        )}
      </>
    )),
  ];

  return (
    <div>
      <PageHeader title="会员等级">
        <RefreshButton onClick={() => void reload()} />
        <Button type="primary" icon={<PlusOutlined />} onClick={() => openEdit('new')} data-testid="new-level">
          新增会员等级
        </Button>
      </PageHeader>
      <ListHint>顾客的会员等级由经验值决定：达到某个等级所需的经验值即自动升级，经验值调整或等级修改后立即生效。会员折扣在优惠券之后、积分抵扣之前计算。</ListHint>
      <LoadError error={error} text={errorText} />
      <Card>
        <ListTable<MemberLevelRow> testId="level-table" loading={loading} columns={columns} dataSource={rows} pagination={false} />
      </Card>

      <FormModal
        open={editing !== null}
        title={current ? `编辑会员等级「${current.name}」` : '新增会员等级'}
        busy={busy}
        onOk={save}
        onCancel={() => setEditing(null)}
        okTestId="level-save"
        form={form}
        name="level"
        autoComplete="off"
      >
        <Form.Item name="name" label="等级名称" rules={[{ required: true, whitespace: true, message: '请输入等级名称' }]}>
          <Input maxLength={20} showCount placeholder="如：金卡会员" />
        </Form.Item>
        <Form.Item
          name="threshold"
          label="所需经验值"
          extra={current?.isDefault ? '默认等级的经验值固定为 0' : '顾客经验值达到此数即成为该等级；每个等级的经验值必须不同'}
          rules={[{ required: true, message: '请输入所需经验值' }]}
        >
          <InputNumber min={0} max={1_000_000_000} precision={0} style={{ width: '100%' }} disabled={!!current?.isDefault} />
        </Form.Item>
        <Form.Item name="zhe" label="会员折扣" extra="0.1 – 10 折，填 10 表示不打折；如 9.5 表示九五折" rules={[{ required: true, message: '请输入折扣' }]}>
          <InputNumber min={0.01} max={10} step={0.5} precision={2} suffix="折" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="icon" label="等级图标" extra="图片地址，以 http(s):// 或 / 开头；留空使用默认图标">
          <Input maxLength={500} placeholder="/assets/levels/level-1.svg" allowClear />
        </Form.Item>
        {icon?.trim() ? <LevelIcon icon={icon.trim()} name="" size={48} /> : null}
      </FormModal>
    </div>
  );
}
