import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The panel is served statically at /admin/ (local gateway, or any static host in front of CloudBase). */
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 20 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design[\\/](?!plots|charts-util)|@rc-component|rc-[^\\/]+|@emotion)[\\/]/, priority: 10 },
            // the dashboard's chart library and what only it uses are left out of the groups: they load with the chart
            { name: 'vendor', test: /node_modules[\\/](?!@antv|@ant-design[\\/](plots|charts-util)|d3-|internmap|gl-matrix|fecha|flru|pdfast|svg-path-parser|html2canvas|css-line-break|text-segmentation|utrie|base64-arraybuffer|color-string|simple-swizzle|is-arrayish|eventemitter3)/, priority: 1 },
          ],
        },
      },
    },
  },
  server: {
    port: 5174,
    // the shared types live in ../types
    fs: { allow: ['..'] },
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: true },
      '/assets': { target: 'http://localhost:3000', changeOrigin: true },
    },
  },
});
