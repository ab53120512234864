/**
 * A repeat rule (不重复 / 每天 / 每周 / 每月, and the Beijing clock-time slot each day): the form fields, and the
 * conversions between the form's values and the API's RepeatRule.
 */
import { Checkbox, Form, Select, Space, TimePicker } from 'antd';
import type { Dayjs } from 'dayjs';
import type { RepeatRule } from '@shop/types';
import { WEEKDAY_TEXT } from '../activities';
import { clock } from '../time';
import { RadioField } from './RadioField';

/** The form values a repeat rule is edited as. */
export interface RepeatValues {
  repeatKind: RepeatRule['kind'];
  weekDays: number[];
  monthDays: number[];
  repeatFrom: Dayjs | null;
  repeatTo: Dayjs | null;
}

export const REPEAT_DEFAULTS: RepeatValues = { repeatKind: 'none', weekDays: [], monthDays: [], repeatFrom: null, repeatTo: null };

/** The form's values -> the API's rule (days sorted; field errors are left to the schema). */
export function repeatRuleOf(v: Partial<RepeatValues>): RepeatRule {
  const from = v.repeatFrom?.format('HH:mm') ?? '';
  const to = v.repeatTo?.format('HH:mm') ?? '';
  return v.repeatKind === 'daily'
    ? { kind: 'daily', from, to }
    : v.repeatKind === 'weekly'
      ? { kind: 'weekly', days: [...(v.weekDays ?? [])].sort((a, b) => a - b), from, to }
      : v.repeatKind === 'monthly'
        ? { kind: 'monthly', days: [...(v.monthDays ?? [])].sort((a, b) => a - b), from, to }
        : { kind: 'none' };
}

/** A stored rule -> the form's values. */
export const repeatValuesOf = (r: RepeatRule): RepeatValues => ({
  repeatKind: r.kind,
  weekDays: r.kind === 'weekly' ? r.days : [],
  monthDays: r.kind === 'monthly' ? r.days : [],
  repeatFrom: r.kind === 'none' ? null : clock(r.from),
  repeatTo: r.kind === 'none' ? null : clock(r.to),
});

/** The repeat fields, inside a Form whose values include RepeatValues; test ids are `<testIdPrefix>-repeat` etc. */
export function RepeatRuleFields({ testIdPrefix }: { testIdPrefix: string }) {
  const form = Form.useFormInstance();
  const repeatKind = Form.useWatch('repeatKind', form) ?? 'none';
  return (
    <>
      <RadioField name="repeatKind" label="按周期重复" testId={`${testIdPrefix}-repeat`} choices={[['none', '不重复'], ['daily', '每天'], ['weekly', '每周'], ['monthly', '每月']]} />
      {repeatKind === 'weekly' && (
        <Form.Item name="weekDays" label="每周" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一天' }]}>
          <Checkbox.Group data-testid={`${testIdPrefix}-weekdays`} options={WEEKDAY_TEXT.map((t, i) => ({ value: i + 1, label: t }))} />
        </Form.Item>
      )}
      {repeatKind === 'monthly' && (
        <Form.Item name="monthDays" label="每月" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一天' }]} extra="没有这一天的月份（如 2 月 30 日）跳过。">
          <Select
            mode="multiple"
            style={{ maxWidth: 520 }}
            placeholder="选择日期（1–31 日）"
            data-testid={`${testIdPrefix}-monthdays`}
            options={Array.from({ length: 31 }, (_, i) => ({ value: i + 1, label: `${i + 1} 日` }))}
          />
        </Form.Item>
      )}
      {repeatKind !== 'none' && (
        <Form.Item label="每段时间" required extra="在活动时间内，只有这段时刻（北京时间）享受折扣。">
          <Space>
            <Form.Item name="repeatFrom" noStyle rules={[{ required: true, message: '请选择开始时刻' }]}>
              <TimePicker format="HH:mm" placeholder="开始 HH:mm" needConfirm={false} data-testid={`${testIdPrefix}-repeat-from`} />
            </Form.Item>
            至
            <Form.Item name="repeatTo" noStyle rules={[{ required: true, message: '请选择结束时刻' }]}>
              <TimePicker format="HH:mm" placeholder="结束 HH:mm" needConfirm={false} data-testid={`${testIdPrefix}-repeat-to`} />
            </Form.Item>
          </Space>
        </Form.Item>
      )}
    </>
  );
}
