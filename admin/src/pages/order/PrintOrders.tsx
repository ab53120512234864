/**
 * 打印拣货单 / 发货单 (issue 17): a print-ready page outside the panel's frame for the orders selected in the list
 * (`#/print/orders?kind=picking|slips&ids=a,b`). 拣货单: every SKU still to ship, summed; 发货单: one slip per order
 * with its receiver and goods, a page break between slips. The browser's print dialog opens once it has loaded.
 */
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { Alert, Button, Space, Spin } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import type { PrintSheet } from '@shop/types';
import { call } from '../../api';
import { errorText } from '../../errors';
import { DELIVERY_TEXT } from '../../orders';
import { formatTime } from '../../util';

const Head = ({ cols }: { cols: string[] }) => (
  <thead>
    <tr>
      {cols.map((c) => (
        <th key={c}>{c}</th>
      ))}
    </tr>
  </thead>
);

export default function PrintOrders() {
  const [params] = useSearchParams();
  const kind = params.get('kind') === 'slips' ? 'slips' : 'picking';
  const ids = (params.get('ids') ?? '').split(',').filter(Boolean);
  const [sheet, setSheet] = useState<PrintSheet | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    call('orderAdmin', 'print', { ids })
      .then((s) => {
        setSheet(s);
        window.setTimeout(() => window.print(), 300);
      })
      .catch((e) => setError(errorText(e)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [params.get('ids')]);

  if (error) return <Alert type="error" showIcon style={{ margin: 24 }} title={error} />;
  if (!sheet) return <Spin style={{ display: 'block', margin: 80 }} />;
  const title = kind === 'picking' ? '拣货单' : '发货单';
  return (
    <div className="print-sheet" data-testid={`print-${kind}`}>
      <Space className="no-print" style={{ marginBottom: 16 }}>
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
          打印
        </Button>
        {sheet.missing.length > 0 && <Alert type="warning" showIcon title={`${sheet.missing.length} 个订单不存在，已略过`} />}
      </Space>
      {kind === 'picking' ? (
        <>
          <h1>
            {title}（{sheet.orders.length} 个订单，{sheet.picking.reduce((n, r) => n + r.quantity, 0)} 件）
          </h1>
          <table>
            <Head cols={['商品', '规格', '编码', '数量', '订单数', '已拣']} />
            <tbody>
              {sheet.picking.map((r) => (
                <tr key={r.skuId}>
                  <td>{r.name}</td>
                  <td>{r.specValues.join(' / ') || '—'}</td>
                  <td className="mono">{r.code}</td>
                  <td className="num">{r.quantity}</td>
                  <td className="num">{r.orders}</td>
                  <td />
                </tr>
              ))}
            </tbody>
          </table>
          <p className="foot">订单：{sheet.orders.map((o) => o._id).join('、')}</p>
        </>
      ) : (
        sheet.orders.map((o) => (
          <section key={o._id} className="slip">
            <h1>{title}</h1>
            <p>
              订单号 <span className="mono">{o._id}</span>　下单 {formatTime(o.createdAt)}　{DELIVERY_TEXT[o.delivery.method] ?? o.delivery.method}
            </p>
            {o.delivery.address ? (
              <p className="to">
                收货人：{o.delivery.address.name}　{o.delivery.address.phone}
                <br />
                地址：{o.delivery.address.province}
                {o.delivery.address.city}
                {o.delivery.address.district} {o.delivery.address.detail}
              </p>
            ) : (
              o.delivery.store && <p className="to">自提门店：{o.delivery.store.name}（{o.delivery.store.address}）</p>
            )}
            <table>
              <Head cols={['商品', '规格', '编码', '数量']} />
              <tbody>
                {o.lines.map((l) => (
                  <tr key={l.skuId}>
                    <td>{l.name}</td>
                    <td>{l.specValues.join(' / ') || '—'}</td>
                    <td className="mono">{sheet.skuCodes[l.skuId] ?? ''}</td>
                    <td className="num">{l.quantity}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {o.remark && <p>买家留言：{o.remark}</p>}
          </section>
        ))
      )}
    </div>
  );
}
