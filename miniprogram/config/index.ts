import path from 'path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

/**
 * npm keeps @tarojs/plugin-framework-react in miniprogram/node_modules (it peers on vite 4 while the admin app
 * hoists vite 8 to the root), but Taro's runtime packages at the root import it: let webpack look here too.
 */
const ownModules = path.resolve(__dirname, '..', 'node_modules');
interface ModulesChain {
  add: (dir: string) => ModulesChain;
}
const webpackChain = (chain: { resolve: { modules: ModulesChain } }) => {
  chain.resolve.modules.add('node_modules').add(ownModules);
};
/**
 * Taro's H5 preset splits only initial chunks, so every lazily loaded page carried its own copy of
 * @tarojs/components (about 225 KB each): share modules between page chunks as well.
 */
interface H5Chain {
  resolve: { modules: ModulesChain };
  optimization: { get: (key: 'splitChunks') => Record<string, unknown> | false; splitChunks: (v: Record<string, unknown>) => unknown };
}
const h5WebpackChain = (chain: H5Chain) => {
  webpackChain(chain);
  const split = chain.optimization.get('splitChunks');
  if (split) chain.optimization.splitChunks({ ...split, chunks: 'all' });
};
/** @shop/types is TypeScript source (only its zod-free money helpers are imported at runtime): compile it too. */
const compile = { include: [path.resolve(__dirname, '..', '..', 'types', 'src')] };

/**
 * Taro 4 build configuration, written by hand (see shared/reference/taro-4.md).
 *
 * Build-time constants come from the environment:
 * - API_BASE: origin of the function gateway, e.g. https://api.example.com ('' = same origin, the local default
 *   for H5 served by the gateway at /h5/). On weapp it is also the origin image paths are resolved against.
 * - CLOUD_ENV: CloudBase environment id for Taro.cloud.init on weapp ('' = the mini-program's default env).
 */
export default defineConfig<'webpack5'>(async () => {
  const platform = process.env.TARO_ENV || 'h5';
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'wsc-mall-storefront',
    date: '2025-01-01',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: `dist/${platform}`,
    plugins: [],
    defineConstants: {
      API_BASE: JSON.stringify(process.env.API_BASE ?? ''),
      CLOUD_ENV: JSON.stringify(process.env.CLOUD_ENV ?? ''),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain,
      compile,
    },
    h5: {
      publicPath: '/h5/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: {
        filename: 'js/[name].[contenthash:8].js',
        chunkFilename: 'js/[name].[contenthash:8].js',
      },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[contenthash:8].css',
        chunkFilename: 'css/[name].[contenthash:8].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false },
      },
      webpackChain: h5WebpackChain,
      compile,
    },
  };
  return config;
});
