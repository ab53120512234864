/** The search card of a list page: the filter form, its fields in responsive columns, 查询 / 重置 (and 高级搜索). */
import { useState, type ComponentProps, type ReactNode } from 'react';
import { Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, type FormInstance, type FormItemProps, type SelectProps } from 'antd';
import { DownOutlined, ReloadOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';

export interface SearchCardProps<V> {
  form: FormInstance<V>;
  /** the form's name: the fields' ids are `<name>_<field>` */
  name: string;
  onFinish: (v: V) => void;
  initialValues?: Partial<V>;
  /** 查询's data-testid; without it the card has no button row (the page puts its own buttons among the fields) */
  submitTestId?: string;
  onReset?: () => void;
  /** a second row of fields shown on demand (高级搜索 / 收起, its button found by `testId`), at first when `open` */
  advanced?: { open: boolean; testId: string; fields: ReactNode };
  children: ReactNode;
}

export function SearchCard<V>({ form, name, onFinish, initialValues, submitTestId, onReset, advanced, children }: SearchCardProps<V>) {
  const [expanded, setExpanded] = useState(advanced?.open ?? false);
  return (
    <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4 } }}>
      <Form<V> form={form} name={name} className="search-form" layout="vertical" onFinish={onFinish} initialValues={initialValues}>
        {children}
        {advanced && (
          <Row gutter={16} style={{ display: expanded ? undefined : 'none' }}>
            {advanced.fields}
          </Row>
        )}
        {submitTestId && (
          <Row justify="end" style={{ marginBottom: 12 }}>
            <Space>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid={submitTestId}>
                查询
              </Button>
              <Button onClick={onReset} icon={<ReloadOutlined />}>
                重置
              </Button>
              {advanced && (
                <Button type="link" onClick={() => setExpanded(!expanded)} data-testid={advanced.testId}>
                  {expanded ? '收起' : '高级搜索'} {expanded ? <UpOutlined /> : <DownOutlined />}
                </Button>
              )}
            </Space>
          </Row>
        )}
      </Form>
    </Card>
  );
}

/** One search field in the card's grid (a quarter of a wide screen by default). */
export const FilterCol = ({ lg = 6, sm = 12, children, ...item }: { lg?: number; sm?: number; children: ReactNode } & FormItemProps) => (
  <Col xs={24} sm={sm} lg={lg}>
    <Form.Item {...item}>{children}</Form.Item>
  </Col>
);

type FieldProps = { name: string; label: ReactNode; lg?: number };

/** A text search field (clearable). */
export const FilterInput = ({ placeholder, maxLength, ...col }: FieldProps & { placeholder: string; maxLength: number }) => (
  <FilterCol {...col}>
    <Input placeholder={placeholder} allowClear maxLength={maxLength} />
  </FilterCol>
);

/** A select search field (clearable; empty = 全部…). */
export const FilterSelect = ({ name, label, lg, ...select }: FieldProps & SelectProps) => (
  <FilterCol name={name} label={label} lg={lg}>
    <Select allowClear {...select} />
  </FilterCol>
);

/** Select options from value → label (in the order written). */
export const choices = (labels: Record<string, string>) => Object.entries(labels).map(([value, label]) => ({ value, label }));

/** A from–to pair of number fields (`names`), each drawn by `input` with its placeholder 最低 / 最高. */
export const NumRange = ({ names, rules, input }: { names: [string, string]; rules?: FormItemProps['rules']; input: (placeholder: string, name: string) => ReactNode }) => (
  <div className="num-range">
    <Form.Item name={names[0]} rules={rules} noStyle>
      {input('最低', names[0])}
    </Form.Item>
    <span>–</span>
    <Form.Item name={names[1]} rules={rules} noStyle>
      {input('最高', names[1])}
    </Form.Item>
  </div>
);

/** A day range that may be open at either end, as wide as its column. */
export const DayRangePicker = (p: ComponentProps<typeof DatePicker.RangePicker>) => <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} {...p} />;
