import React from 'react';
import ReactDOM from 'react-dom/client';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import { HashRouter } from 'react-router-dom';
import './util';
import './styles.css';
import { AppRoutes } from './App';

ReactDOM.createRoot(document.getElementById('root')!).render(
  <React.StrictMode>
    <HashRouter>
      <ConfigProvider locale={zhCN} theme={{ token: { colorPrimary: '#1677ff', borderRadius: 6 } }}>
        {/* inside the router, so that links in modals and messages work */}
        <AntApp>
          <AppRoutes />
        </AntApp>
      </ConfigProvider>
    </HashRouter>
  </React.StrictMode>,
);
