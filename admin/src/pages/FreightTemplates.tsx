/**
 * 运费模板: the templates with how they price (by count or weight), their default rule, the delivery methods they
 * allow and how many products use them; delete refuses (IN_USE) while products use one.
 */
import { Link, useNavigate } from 'react-router-dom';
import { Alert, Button, Card, Space, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import type { FreightTemplate } from '@shop/types';
import { call } from '../api';
import { actionErrorText } from '../orders';
import { formatTime, useLoaded } from '../util';
import { useDialogAction } from '../dialogAction';
import { EditDeleteButtons, ListTable, LoadError, PageHeader, RefreshButton } from '../components/list';
import { inUseText, PRICING_TEXT, ruleText } from '../fulfilment';

type Row = FreightTemplate & { productCount: number };
const loadTemplates = () => call('freightAdmin', 'list', {});

export default function FreightTemplates() {
  const nav = useNavigate();
  const { data, loading, error, reload } = useLoaded(loadTemplates, [] as Row[]);
  const dlg = useDialogAction<never>();

  const remove = (r: Row) =>
    dlg.run(
      null,
      async () => {
        await call('freightAdmin', 'delete', { id: r._id });
        void reload();
        return `已删除运费模板「${r.name}」`;
      },
      (e) => inUseText(e, `运费模板「${r.name}」`),
    );

  return (
    <div>
      <PageHeader title="运费模板">
        <RefreshButton onClick={() => void reload()} />
        <Button type="primary" icon={<PlusOutlined />} id="freight-new" onClick={() => nav('/freight/new')}>
          新建运费模板
        </Button>
      </PageHeader>
      <LoadError error={error} text={actionErrorText} id="freight-list-error" marginBottom={16} />
      {dlg.error && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={dlg.error} id="freight-delete-error" />}
      <Card>
        <ListTable<Row>
          id="freight-table"
          loading={loading}
          dataSource={data}
          pagination={false}
          empty="还没有运费模板；没有模板的商品按交易设置里的默认运费计算"
          columns={[
            { title: '名称', dataIndex: 'name', render: (n: string, r) => <Link to={`/freight/${r._id}/edit`}>{n}</Link> },
            { title: '计费方式', dataIndex: 'pricing', width: 100, render: (p: Row['pricing']) => PRICING_TEXT[p] ?? p },
            { title: '默认运费', key: 'default', render: (_: unknown, r) => ruleText(r.pricing, r.defaultRule) },
            {
              title: '配送方式',
              key: 'methods',
              width: 220,
              render: (_: unknown, r) => (
                <Space size={4} wrap>
                  {r.allowExpress && <Tag color="blue">快递</Tag>}
                  {r.allowPickup && <Tag color="green">自提</Tag>}
                  {r.allowLocal && <Tag color="cyan">同城</Tag>}
                </Space>
              ),
            },
            {
              title: '不配送地区',
              dataIndex: 'excludedProvinces',
              width: 160,
              render: (p: string[]) => (p.length ? p.join('、') : <Typography.Text type="secondary">无</Typography.Text>),
            },
            { title: '商品数', dataIndex: 'productCount', width: 80, align: 'right', render: (n: number, r) => <span data-testid={`freight-count-${r._id}`}>{n}</span> },
            { title: '更新时间', dataIndex: 'updatedAt', width: 150, render: (t: string) => formatTime(t) },
            {
              title: '操作',
              key: 'ops',
              width: 150,
              render: (_: unknown, r, i) => (
                <EditDeleteButtons idPrefix="freight" index={i} what={`运费模板「${r.name}」`} onEdit={() => nav(`/freight/${r._id}/edit`)} onDelete={() => void remove(r)} />
              ),
            },
          ]}
        />
      </Card>
    </div>
  );
}
