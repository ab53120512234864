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
    // scripts/admin-size.js reads the manifest to sum what the login page and 概况 load (budget 400 KB gzip)
    manifest: true,
    rolldownOptions: {
      // the shared types package is plain constants and zod schemas: a module nobody imports from is dropped, so
      // the first screens, which use only the display texts, do not carry zod and every schema
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]types[\\/]src[\\/]/.test(id) },
      output: {
        codeSplitting: {
          // React and the router change rarely: one long-cached chunk. antd, its icons and everything else are
          // split by the routes that use them (one big antd chunk would put every component on the login page)
          groups: [{ name: 'react', test: /node_modules[\\/](react|react-dom|scheduler|react-router|react-router-dom)[\\/]/, priority: 20 }],
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
