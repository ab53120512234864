import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { Avatar, Button, Layout, Menu, Space, Tag, Typography, type MenuProps } from 'antd';
import {
  AppstoreOutlined,
  ImportOutlined,
  LogoutOutlined,
  MenuFoldOutlined,
  MenuUnfoldOutlined,
  PlusOutlined,
  SettingOutlined,
  ShoppingOutlined,
  TagsOutlined,
  TeamOutlined,
  TrademarkOutlined,
  UnorderedListOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { CrownOutlined, GiftOutlined, IdcardOutlined, SolutionOutlined } from '@ant-design/icons';
import { AccountBookOutlined, FireOutlined, ProfileOutlined, RocketOutlined, WechatOutlined } from '@ant-design/icons';
import { CustomerServiceOutlined, RollbackOutlined } from '@ant-design/icons';
import { BellOutlined, CalendarOutlined, PercentageOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { CarOutlined, FileDoneOutlined, HistoryOutlined, ScanOutlined, SendOutlined, ShopOutlined } from '@ant-design/icons';
import { ApiOutlined, AuditOutlined, DashboardOutlined, LinkOutlined, SyncOutlined } from '@ant-design/icons';
import { GroupOutlined, SkinOutlined } from '@ant-design/icons';
import { CloudUploadOutlined, MobileOutlined } from '@ant-design/icons';
import { MessageOutlined, NotificationOutlined } from '@ant-design/icons';
import { InfoCircleOutlined } from '@ant-design/icons';
import { BarChartOutlined } from '@ant-design/icons';
import { AftersalesMenuLabel, OrdersMenuLabel } from './orders';
import { logout, useSession } from './api';
import { ROLE_COLOR, ROLE_TEXT } from './util';
import { NewOrderAlert } from './components/NewOrderAlert';

const { Header, Sider, Content } = Layout;

/**
 * The side menu. Keys are route paths; later features (orders, after-sales, marketing...) add their own groups here.
 */
export const MENU: MenuProps['items'] = [
  { key: '/dashboard', icon: <DashboardOutlined />, label: '概况' },
  {
    key: 'products-group',
    icon: <ShoppingOutlined />,
    label: '商品管理',
    children: [
      { key: '/products', icon: <UnorderedListOutlined />, label: '商品列表' },
      { key: '/products/new', icon: <PlusOutlined />, label: '新增商品' },
      { key: '/categories', icon: <AppstoreOutlined />, label: '分类管理' },
      { key: '/brands', icon: <TrademarkOutlined />, label: '品牌管理' },
      { key: '/product-groups', icon: <GroupOutlined />, label: '商品分组' },
      { key: '/import', icon: <ImportOutlined />, label: '批量导入' },
    ],
  },
  {
    key: 'orders-group',
    icon: <ProfileOutlined />,
    label: '订单管理',
    children: [
      { key: '/orders', icon: <UnorderedListOutlined />, label: <OrdersMenuLabel /> },
      { key: '/orders/batch-ship', icon: <SendOutlined />, label: '批量发货' },
      { key: '/refunds', icon: <RollbackOutlined />, label: '退款管理' },
      { key: '/aftersales', icon: <CustomerServiceOutlined />, label: <AftersalesMenuLabel /> },
    ],
  },
  {
    key: 'delivery-group',
    icon: <CarOutlined />,
    label: '配送与自提',
    children: [
      { key: '/freight', icon: <FileDoneOutlined />, label: '运费模板' },
      { key: '/stores', icon: <ShopOutlined />, label: '门店管理' },
      { key: '/pickup', icon: <ScanOutlined />, label: '提货核销' },
      { key: '/pickup/log', icon: <HistoryOutlined />, label: '核销记录' },
    ],
  },
  {
    key: 'marketing-group',
    icon: <RocketOutlined />,
    label: '营销中心',
    children: [
      { key: '/campaigns', icon: <FireOutlined />, label: '营销活动' },
      { key: '/coupons', icon: <TagsOutlined />, label: '优惠券' },
      { key: '/coupons/new', icon: <PlusOutlined />, label: '新建优惠券' },
      { key: '/coupon-sends', icon: <GiftOutlined />, label: '发券宝' },
      { key: '/activities/flash', icon: <ThunderboltOutlined />, label: '秒杀' },
      { key: '/activities/limited', icon: <PercentageOutlined />, label: '限时折扣' },
      { key: '/activities/presale', icon: <CalendarOutlined />, label: '预售' },
      { key: '/activities/messages', icon: <BellOutlined />, label: '活动提醒消息' },
    ],
  },
  {
    key: 'members-group',
    icon: <IdcardOutlined />,
    label: '会员',
    children: [
      { key: '/customers', icon: <SolutionOutlined />, label: '顾客管理' },
      { key: '/member-levels', icon: <CrownOutlined />, label: '会员等级' },
      { key: '/points-rules', icon: <GiftOutlined />, label: '积分规则' },
    ],
  },
];

/** Groups only the shop owner sees (the pages check the role too: a non-owner opening the URL gets a 403 result). */
export const OWNER_MENU: MenuProps['items'] = [
  { key: '/data', icon: <BarChartOutlined />, label: '数据中心' },
  {
    key: 'settings-group',
    icon: <SettingOutlined />,
    label: '店铺设置',
    children: [
      { key: '/settings/shop', icon: <InfoCircleOutlined />, label: '店铺信息' },
      { key: '/decoration', icon: <SkinOutlined />, label: '店铺装修' },
      { key: '/staff', icon: <TeamOutlined />, label: '员工账号' },
      { key: '/settings/orders', icon: <AccountBookOutlined />, label: '交易设置' },
      { key: '/settings/wxpay', icon: <WechatOutlined />, label: '微信支付设置' },
    ],
  },
  {
    key: 'wxapp-group',
    icon: <MobileOutlined />,
    label: '微信小程序',
    children: [
      { key: '/settings/wxapp', icon: <SettingOutlined />, label: '小程序设置' },
      { key: '/wx-shipping', icon: <CloudUploadOutlined />, label: '发货信息上传' },
      { key: '/messages/templates', icon: <MessageOutlined />, label: '消息模板' },
      { key: '/messages/log', icon: <NotificationOutlined />, label: '消息记录' },
    ],
  },
  {
    key: 'erp-group',
    icon: <ApiOutlined />,
    label: '第三方对接',
    children: [
      { key: '/erp/binding', icon: <LinkOutlined />, label: '精斗云绑定' },
      { key: '/erp/status', icon: <DashboardOutlined />, label: '同步状态' },
      { key: '/erp/log', icon: <SyncOutlined />, label: '同步日志' },
      { key: '/erp/reconcile', icon: <AuditOutlined />, label: '对账' },
    ],
  },
];

/** Operators see the shop settings they may read (交易设置 opens read-only for them). */
export const OPERATOR_MENU: MenuProps['items'] = [
  {
    key: 'settings-group',
    icon: <SettingOutlined />,
    label: '店铺设置',
    children: [{ key: '/settings/orders', icon: <AccountBookOutlined />, label: '交易设置' }],
  },
  { key: '/messages/log', icon: <NotificationOutlined />, label: '消息记录' },
];

/** Clerks verify pickup codes and read their store's log; nothing else is theirs. */
export const CLERK_MENU: MenuProps['items'] = [
  {
    key: 'pickup-group',
    icon: <ShopOutlined />,
    label: '门店自提',
    children: [
      { key: '/pickup', icon: <ScanOutlined />, label: '提货核销' },
      { key: '/pickup/log', icon: <HistoryOutlined />, label: '核销记录' },
    ],
  },
];

/** Pages of MENU only the owner may open (the page answers others with a 403): left out of their menu. */
const OWNER_PAGES = new Set(['/coupon-sends']);
type MenuItems = NonNullable<MenuProps['items']>;
const withoutOwnerPages = (items: MenuItems): MenuItems =>
  items
    .filter((i) => !(i && OWNER_PAGES.has(String(i.key))))
    .map((i) => (i && 'children' in i && i.children ? { ...i, children: withoutOwnerPages(i.children) } : i)) as MenuItems;

const selectedKey = (path: string) => {
  if (path.startsWith('/orders/batch-ship') || path.startsWith('/pickup/log')) return path;
  if (path.startsWith('/products/new')) return '/products/new';
  if (path.startsWith('/products')) return '/products';
  if (path.startsWith('/coupons/new')) return '/coupons/new';
  if (path.startsWith('/settings/') || path.startsWith('/erp/') || path.startsWith('/messages/')) return path;
  if (path.startsWith('/activities/')) return path.split('/').slice(0, 3).join('/');
  return '/' + (path.split('/')[1] ?? '');
};

export function AdminLayout() {
  const session = useSession();
  const nav = useNavigate();
  const loc = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const admin = session?.admin;
  const items =
    admin?.role === 'owner' ? [...(MENU ?? []), ...(OWNER_MENU ?? [])] : admin?.role === 'operator' ? [...withoutOwnerPages(MENU ?? []), ...(OPERATOR_MENU ?? [])] : admin?.role === 'clerk' ? CLERK_MENU : withoutOwnerPages(MENU ?? []);

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={208} collapsible collapsed={collapsed} trigger={null} data-testid="side-menu">
        <div className="admin-logo">
          <img src={`${import.meta.env.BASE_URL}favicon.svg`} alt="" />
          {!collapsed && <span>商城管理后台</span>}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          items={items}
          selectedKeys={[selectedKey(loc.pathname)]}
          defaultOpenKeys={['products-group', 'orders-group', 'delivery-group', 'pickup-group', 'marketing-group', 'settings-group', 'members-group', 'erp-group']}
          onClick={(e) => nav(e.key)}
        />
      </Sider>
      <Layout>
        <Header className="admin-header">
          <Button
            type="text"
            aria-label={collapsed ? '展开菜单' : '收起菜单'}
            icon={collapsed ? <MenuUnfoldOutlined /> : <MenuFoldOutlined />}
            onClick={() => setCollapsed(!collapsed)}
          />
          <Space size="middle" data-testid="current-user">
            <NewOrderAlert />
            <Avatar size="small" icon={<UserOutlined />} />
            <Typography.Text strong>{admin?.displayName || admin?.username}</Typography.Text>
            {admin && admin.displayName && admin.displayName !== admin.username && (
              <Typography.Text type="secondary">{admin.username}</Typography.Text>
            )}
            {admin && <Tag color={ROLE_COLOR[admin.role] ?? 'blue'} icon={<TagsOutlined />}>{ROLE_TEXT[admin.role] ?? admin.role}</Tag>}
            <Button
              icon={<LogoutOutlined />}
              data-testid="logout"
              onClick={async () => {
                await logout();
                nav('/login', { replace: true });
              }}
            >
              退出登录
            </Button>
          </Space>
        </Header>
        <Content className="admin-content">
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
