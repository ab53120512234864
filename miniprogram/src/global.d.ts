/// <reference types="@tarojs/taro" />

declare module '*.png' {
  const src: string;
  export default src;
}
declare module '*.jpg' {
  const src: string;
  export default src;
}
declare module '*.svg' {
  const src: string;
  export default src;
}
declare module '*.scss';
declare module '*.css';

/** Build-time constants (config/index.ts defineConstants). */
/** Origin of the function gateway and of product images; '' = same origin (H5 served by the local gateway). */
declare const API_BASE: string;
/** CloudBase environment id for Taro.cloud.init on weapp; '' = the mini-program's default environment. */
declare const CLOUD_ENV: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony';
  }
}
