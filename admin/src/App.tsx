import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Button, Result, Spin } from 'antd';
import { useSession } from './api';
import { AdminLayout } from './Layout';
import LoginPage from './pages/Login';

const Dashboard = lazy(() => import('./pages/dashboard/Dashboard'));
const DataCenter = lazy(() => import('./pages/dashboard/DataCenter'));
const PrintOrders = lazy(() => import('./pages/order/PrintOrders'));
const ProductList = lazy(() => import('./pages/ProductList'));
const ProductForm = lazy(() => import('./pages/ProductForm'));
const Categories = lazy(() => import('./pages/Categories'));
const Brands = lazy(() => import('./pages/Brands'));
const ImportCsv = lazy(() => import('./pages/ImportCsv'));
const Staff = lazy(() => import('./pages/Staff'));
const OrderList = lazy(() => import('./pages/OrderList'));
const OrderDetail = lazy(() => import('./pages/OrderDetail'));
const Campaigns = lazy(() => import('./pages/Campaigns'));
const CampaignForm = lazy(() => import('./pages/CampaignForm'));
const OrderSettings = lazy(() => import('./pages/OrderSettings'));
const WxpaySettings = lazy(() => import('./pages/WxpaySettings'));
const WxappSettings = lazy(() => import('./pages/WxappSettings'));
const WxShipping = lazy(() => import('./pages/WxShipping'));
const MessageTemplates = lazy(() => import('./pages/MessageTemplates'));
const MessageLog = lazy(() => import('./pages/MessageLog'));
const ShopInfo = lazy(() => import('./pages/ShopInfo'));
const Decoration = lazy(() => import('./pages/Decoration'));
const ProductGroups = lazy(() => import('./pages/ProductGroups'));
const MemberLevels = lazy(() => import('./pages/MemberLevels'));
const PointsRules = lazy(() => import('./pages/PointsRules'));
const Customers = lazy(() => import('./pages/Customers'));
const CustomerDetail = lazy(() => import('./pages/CustomerDetail'));
const CouponList = lazy(() => import('./pages/CouponList'));
const CouponForm = lazy(() => import('./pages/CouponForm'));
const CouponDetail = lazy(() => import('./pages/CouponDetail'));
const CouponSends = lazy(() => import('./pages/CouponSends'));
const Refunds = lazy(() => import('./pages/Refunds'));
const AftersaleList = lazy(() => import('./pages/AftersaleList'));
const AftersaleDetail = lazy(() => import('./pages/AftersaleDetail'));
const BatchShip = lazy(() => import('./pages/BatchShip'));
const PickupVerify = lazy(() => import('./pages/PickupVerify'));
const PickupLog = lazy(() => import('./pages/PickupLog'));
const Stores = lazy(() => import('./pages/Stores'));
const FreightTemplates = lazy(() => import('./pages/FreightTemplates'));
const FreightForm = lazy(() => import('./pages/FreightForm'));
const ActivityList = lazy(() => import('./pages/ActivityList'));
const ActivityForm = lazy(() => import('./pages/ActivityForm'));
const ActivityStats = lazy(() => import('./pages/ActivityStats'));
const ActivityMessages = lazy(() => import('./pages/ActivityMessages'));
const ErpBinding = lazy(() => import('./pages/ErpBinding'));
const ErpStatus = lazy(() => import('./pages/ErpStatus'));
const ErpLog = lazy(() => import('./pages/ErpLog'));
const ErpReconcile = lazy(() => import('./pages/ErpReconcile'));

function RequireAuth({ children }: { children: ReactNode }) {
  const session = useSession();
  const loc = useLocation();
  if (!session) return <Navigate to={`/login?from=${encodeURIComponent(loc.pathname + loc.search)}`} replace />;
  return <>{children}</>;
}

const Loading = () => (
  <div style={{ padding: 80, textAlign: 'center' }}>
    <Spin />
  </div>
);

/** The first page after login: 概况; clerks only verify pickup codes. */
function Home() {
  const role = useSession()?.admin.role;
  return <Navigate to={role === 'clerk' ? '/pickup' : '/dashboard'} replace />;
}

const NotFound = () => (
  <Result status="404" title="页面不存在" extra={<Button href="#/products">返回商品列表</Button>} />
);

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        path="/print/orders"
        element={
          <RequireAuth>
            <Suspense fallback={<Loading />}>
              <PrintOrders />
            </Suspense>
          </RequireAuth>
        }
      />
      <Route
        element={
          <RequireAuth>
            <AdminLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Home />} />
        <Route path="/dashboard" element={<Suspense fallback={<Loading />}><Dashboard /></Suspense>} />
        <Route path="/data" element={<Suspense fallback={<Loading />}><DataCenter /></Suspense>} />
        <Route path="/products" element={<Suspense fallback={<Loading />}><ProductList /></Suspense>} />
        <Route path="/products/new" element={<Suspense fallback={<Loading />}><ProductForm /></Suspense>} />
        <Route path="/products/:id/edit" element={<Suspense fallback={<Loading />}><ProductForm /></Suspense>} />
        <Route path="/categories" element={<Suspense fallback={<Loading />}><Categories /></Suspense>} />
        <Route path="/brands" element={<Suspense fallback={<Loading />}><Brands /></Suspense>} />
        <Route path="/import" element={<Suspense fallback={<Loading />}><ImportCsv /></Suspense>} />
        <Route path="/staff" element={<Suspense fallback={<Loading />}><Staff /></Suspense>} />
        <Route path="/orders" element={<Suspense fallback={<Loading />}><OrderList /></Suspense>} />
        <Route path="/orders/batch-ship" element={<Suspense fallback={<Loading />}><BatchShip /></Suspense>} />
        <Route path="/orders/:id" element={<Suspense fallback={<Loading />}><OrderDetail /></Suspense>} />
        <Route path="/campaigns" element={<Suspense fallback={<Loading />}><Campaigns /></Suspense>} />
        <Route path="/campaigns/new" element={<Suspense fallback={<Loading />}><CampaignForm key="new" /></Suspense>} />
        <Route path="/campaigns/:id/edit" element={<Suspense fallback={<Loading />}><CampaignForm /></Suspense>} />
        <Route path="/settings/orders" element={<Suspense fallback={<Loading />}><OrderSettings /></Suspense>} />
        <Route path="/settings/wxpay" element={<Suspense fallback={<Loading />}><WxpaySettings /></Suspense>} />
        <Route path="/settings/wxapp" element={<Suspense fallback={<Loading />}><WxappSettings /></Suspense>} />
        <Route path="/wx-shipping" element={<Suspense fallback={<Loading />}><WxShipping /></Suspense>} />
        <Route path="/messages/templates" element={<Suspense fallback={<Loading />}><MessageTemplates /></Suspense>} />
        <Route path="/messages/log" element={<Suspense fallback={<Loading />}><MessageLog /></Suspense>} />
        <Route path="/settings/shop" element={<Suspense fallback={<Loading />}><ShopInfo /></Suspense>} />
        <Route path="/decoration" element={<Suspense fallback={<Loading />}><Decoration /></Suspense>} />
        <Route path="/product-groups" element={<Suspense fallback={<Loading />}><ProductGroups /></Suspense>} />
        <Route path="/member-levels" element={<Suspense fallback={<Loading />}><MemberLevels /></Suspense>} />
        <Route path="/points-rules" element={<Suspense fallback={<Loading />}><PointsRules /></Suspense>} />
        <Route path="/customers" element={<Suspense fallback={<Loading />}><Customers /></Suspense>} />
        <Route path="/customers/:openid" element={<Suspense fallback={<Loading />}><CustomerDetail /></Suspense>} />
        <Route path="/coupons" element={<Suspense fallback={<Loading />}><CouponList /></Suspense>} />
        <Route path="/coupons/new" element={<Suspense fallback={<Loading />}><CouponForm key="new" /></Suspense>} />
        <Route path="/coupons/:id" element={<Suspense fallback={<Loading />}><CouponDetail /></Suspense>} />
        <Route path="/coupons/:id/edit" element={<Suspense fallback={<Loading />}><CouponForm /></Suspense>} />
        <Route path="/coupon-sends" element={<Suspense fallback={<Loading />}><CouponSends /></Suspense>} />
        <Route path="/refunds" element={<Suspense fallback={<Loading />}><Refunds /></Suspense>} />
        <Route path="/aftersales" element={<Suspense fallback={<Loading />}><AftersaleList /></Suspense>} />
        <Route path="/aftersales/:id" element={<Suspense fallback={<Loading />}><AftersaleDetail /></Suspense>} />
        <Route path="/pickup" element={<Suspense fallback={<Loading />}><PickupVerify /></Suspense>} />
        <Route path="/pickup/log" element={<Suspense fallback={<Loading />}><PickupLog /></Suspense>} />
        <Route path="/stores" element={<Suspense fallback={<Loading />}><Stores /></Suspense>} />
        <Route path="/freight" element={<Suspense fallback={<Loading />}><FreightTemplates /></Suspense>} />
        <Route path="/freight/new" element={<Suspense fallback={<Loading />}><FreightForm key="new" /></Suspense>} />
        <Route path="/freight/:id/edit" element={<Suspense fallback={<Loading />}><FreightForm /></Suspense>} />
        <Route path="/activities/messages" element={<Suspense fallback={<Loading />}><ActivityMessages /></Suspense>} />
        <Route path="/activities/:kind" element={<Suspense fallback={<Loading />}><ActivityList /></Suspense>} />
        <Route path="/activities/:kind/new" element={<Suspense fallback={<Loading />}><ActivityForm /></Suspense>} />
        <Route path="/activities/:kind/:id/edit" element={<Suspense fallback={<Loading />}><ActivityForm /></Suspense>} />
        <Route path="/activities/:kind/:id/stats" element={<Suspense fallback={<Loading />}><ActivityStats /></Suspense>} />
        <Route path="/erp" element={<Navigate to="/erp/binding" replace />} />
        <Route path="/erp/binding" element={<Suspense fallback={<Loading />}><ErpBinding /></Suspense>} />
        <Route path="/erp/status" element={<Suspense fallback={<Loading />}><ErpStatus /></Suspense>} />
        <Route path="/erp/log" element={<Suspense fallback={<Loading />}><ErpLog /></Suspense>} />
        <Route path="/erp/reconcile" element={<Suspense fallback={<Loading />}><ErpReconcile /></Suspense>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
