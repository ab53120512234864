import { lazy, Suspense, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Button, Result, Spin } from 'antd';
import { useSession } from './api';
import { AdminLayout } from './Layout';
import LoginPage from './pages/Login';

const ProductList = lazy(() => import('./pages/ProductList'));
const ProductForm = lazy(() => import('./pages/ProductForm'));
const Categories = lazy(() => import('./pages/Categories'));
const Brands = lazy(() => import('./pages/Brands'));
const ImportCsv = lazy(() => import('./pages/ImportCsv'));
const Staff = lazy(() => import('./pages/Staff'));

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

const NotFound = () => (
  <Result status="404" title="页面不存在" extra={<Button href="#/products">返回商品列表</Button>} />
);

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AdminLayout />
          </RequireAuth>
        }
      >
        <Route index element={<Navigate to="/products" replace />} />
        <Route path="/products" element={<Suspense fallback={<Loading />}><ProductList /></Suspense>} />
        <Route path="/products/new" element={<Suspense fallback={<Loading />}><ProductForm /></Suspense>} />
        <Route path="/products/:id/edit" element={<Suspense fallback={<Loading />}><ProductForm /></Suspense>} />
        <Route path="/categories" element={<Suspense fallback={<Loading />}><Categories /></Suspense>} />
        <Route path="/brands" element={<Suspense fallback={<Loading />}><Brands /></Suspense>} />
        <Route path="/import" element={<Suspense fallback={<Loading />}><ImportCsv /></Suspense>} />
        <Route path="/staff" element={<Suspense fallback={<Loading />}><Staff /></Suspense>} />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}
