/**
 * Points and experience rules (会员积分 / 经验值设置): the `points` and `experience` sections of the shop settings.
 */
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, Form, InputNumber, Row, Space, Switch, Typography } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { parseYuan, type PointsRules } from '@shop/types';
import { call } from '../api';
import { errorText, fieldIssues } from '../errors';
import { exchangeText } from '../members';
import { YuanInput, yuanRule } from '../components/YuanInput';

interface RulesValues {
  pointsEnabled: boolean;
  /** what one point pays, in yuan (fenPerPoint / 100) */
  pointValue: string;
  maxPercent: number | null;
  expiryEnabled: boolean;
  experienceEnabled: boolean;
  perYuan: number | null;
}

const toValues = (r: PointsRules): RulesValues => ({
  pointsEnabled: r.points.enabled,
  pointValue: (r.points.fenPerPoint / 100).toFixed(2),
  maxPercent: r.points.maxPercent,
  expiryEnabled: r.points.expiryEnabled,
  experienceEnabled: r.experience.enabled,
  perYuan: r.experience.perYuan,
});

const FIELD_OF: Record<string, keyof RulesValues> = {
  'points.enabled': 'pointsEnabled',
  'points.fenPerPoint': 'pointValue',
  'points.maxPercent': 'maxPercent',
  'points.expiryEnabled': 'expiryEnabled',
  'experience.enabled': 'experienceEnabled',
  'experience.perYuan': 'perYuan',
};

export default function PointsRulesPage() {
  const { message } = App.useApp();
  const [form] = Form.useForm<RulesValues>();
  const [loading, setLoading] = useState(true);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const v = Form.useWatch([], form) as RulesValues | undefined;

  const load = async () => {
    setLoading(true);
    try {
      form.setFieldsValue(toValues(await call('customerAdmin', 'getPointsRules', {})));
      setError(null);
    } catch (e) {
      setError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const save = async (values: RulesValues) => {
    const fen = parseYuan(values.pointValue);
    if (fen === null || fen < 1 || fen > 10_000) {
      form.setFields([{ name: 'pointValue', errors: ['每个积分可抵 ¥0.01 – ¥100.00'] }]);
      return;
    }
    setSaving(true);
    try {
      const r = await call('customerAdmin', 'savePointsRules', {
        points: { enabled: values.pointsEnabled, fenPerPoint: fen, maxPercent: values.maxPercent ?? 0, expiryEnabled: values.expiryEnabled },
        experience: { enabled: values.experienceEnabled, perYuan: values.perYuan ?? 1 },
      });
      form.setFieldsValue(toValues(r));
      message.success('积分规则已保存');
    } catch (e) {
      const issues = fieldIssues(e).filter((i) => FIELD_OF[i.path]);
      if (issues.length) form.setFields(issues.map((i) => ({ name: FIELD_OF[i.path], errors: [i.message] })));
      else message.error(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  const fen = v?.pointValue ? parseYuan(v.pointValue) : null;
  return (
    <div>
      <div className="page-title">
        <h2>积分规则</h2>
        <Button icon={<ReloadOutlined />} onClick={() => void load()}>
          刷新
        </Button>
      </div>
      {error != null && <Alert type="error" showIcon title={errorText(error)} style={{ marginBottom: 12 }} />}
      <Form<RulesValues> form={form} name="rules" layout="vertical" onFinish={save} disabled={loading} data-testid="rules-form">
        <Row gutter={16}>
          <Col xs={24} lg={14}>
            <Card title="会员积分" style={{ marginBottom: 16 }}>
              <Form.Item name="pointsEnabled" label="启用积分" valuePropName="checked" extra="关闭后顾客不能获得或使用积分，下单页也不显示积分抵扣">
                <Switch data-testid="points-enabled" />
              </Form.Item>
              <Form.Item
                name="pointValue"
                label="积分兑换比例：每个积分可抵"
                extra={fen && fen >= 1 && fen <= 10_000 ? `即 ${exchangeText(fen)}` : '¥0.01 – ¥100.00'}
                rules={[yuanRule(true)]}
              >
                <YuanInput style={{ width: 200 }} />
              </Form.Item>
              <Form.Item
                name="maxPercent"
                label="积分抵现上限"
                extra="积分最多抵扣订单金额（会员折扣之后，含运费）的百分比"
                rules={[{ required: true, message: '请输入百分比' }]}
              >
                <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: 200 }} />
              </Form.Item>
              <Form.Item
                name="expiryEnabled"
                label="积分清零"
                valuePropName="checked"
                extra="开启后，积分有效期为获得当年及次年：如 2018 年获得的积分在 2019 年 12 月 31 日 23:59:59（北京时间）后清零。使用积分时先用最早获得的。"
              >
                <Switch data-testid="points-expiry" />
              </Form.Item>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                获取规则：订单完成后赠送，积分 = 商品售价 × 积分系数（在商品中设置），取整数，小数部分舍去。订单取消或全部退款后返还已使用的积分，部分退款不返还。
              </Typography.Paragraph>
            </Card>
          </Col>
          <Col xs={24} lg={10}>
            <Card title="经验值" style={{ marginBottom: 16 }}>
              <Form.Item name="experienceEnabled" label="订单获得经验值" valuePropName="checked" extra="订单交易成功后，顾客按实付金额获得经验值，经验值决定会员等级">
                <Switch data-testid="experience-enabled" />
              </Form.Item>
              <Form.Item
                name="perYuan"
                label="每实付 ¥1 获得经验值"
                extra="不足 1 点时按 1 点计：如 ¥1 得 10 经验值，实付 ¥0.02 得 1 经验值"
                rules={[{ required: true, message: '请输入经验值' }]}
              >
                <InputNumber min={1} max={1000} precision={0} style={{ width: 200 }} />
              </Form.Item>
            </Card>
          </Col>
        </Row>
        <Space>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="rules-save">
            保存
          </Button>
        </Space>
      </Form>
    </div>
  );
}
