/** Publish / void / delete with a confirmation each, shared by the coupon list and the detail page. */
import type { Coupon } from '@shop/types';
import { call } from '../../api';
import { couponError } from '../../couponText';
import { formatTime } from '../../util';
import { useConfirmAction } from '../list';

export function useCouponActions(after: (what: 'publish' | 'void' | 'delete', c: Pick<Coupon, '_id' | 'name'>) => void) {
  const confirm = useConfirmAction(couponError);

  const publish = (c: Pick<Coupon, '_id' | 'name' | 'kind'>) =>
    confirm({
      title: `发布「${c.name}」？`,
      content: c.kind === 'normal' ? '发布后优惠券不能再修改，可以派发和生成领取链接。' : '发布后优惠券不能再修改，顾客下单时即可输入优惠码使用。',
      okText: '发布',
      okTestId: 'confirm-publish',
      run: async () => {
        await call('couponAdmin', 'publish', { couponId: c._id });
        return '已发布';
      },
      after: () => after('publish', c),
    });

  const voidIt = (c: Pick<Coupon, '_id' | 'name' | 'kind' | 'validTo'>) =>
    confirm({
      title: `废弃「${c.name}」？`,
      content:
        c.kind === 'normal'
          ? `废弃后不能再领取和派发：未被领取的优惠码立即失效；顾客已领取的优惠券在原有效期内（至 ${formatTime(c.validTo)}）仍可使用。领取链接、二维码和领券中心将显示该优惠券活动已结束。此操作不可撤销。`
          : '废弃后优惠码立即失效，顾客下单时不能再使用。此操作不可撤销。',
      okText: '废弃',
      danger: true,
      okTestId: 'confirm-void',
      run: async () => {
        await call('couponAdmin', 'void', { couponId: c._id });
        return '已废弃';
      },
      after: () => after('void', c),
    });

  const remove = (c: Pick<Coupon, '_id' | 'name' | 'status' | 'kind'> & { stats?: { assigned: number } }) =>
    confirm({
      title: `删除「${c.name}」？`,
      content:
        c.status === 'draft'
          ? '未发布的优惠券和它的优惠码将一起删除。'
          : c.kind === 'normal'
            ? `删除后未被领取的优惠码立即失效，顾客已领取的优惠券${c.stats?.assigned ? `（${c.stats.assigned} 张）` : ''}也会立即删除，从顾客的“我的优惠券”中消失，不能再使用；领取链接和二维码将显示该优惠券活动已结束。已有订单不受影响。此操作不可撤销，请谨慎处理。`
            : '删除后优惠码立即失效，顾客下单时不能再使用。已有订单不受影响。此操作不可撤销。',
      okText: '删除',
      danger: true,
      okTestId: 'confirm-delete-coupon',
      run: async () => {
        const r = await call('couponAdmin', 'delete', { couponId: c._id });
        return r.codesDeleted ? `已删除，连同 ${r.codesDeleted} 个优惠码${r.heldDeleted ? `（其中顾客已领取 ${r.heldDeleted} 张）` : ''}` : '已删除';
      },
      after: () => after('delete', c),
    });

  return { publish, voidIt, remove };
}
