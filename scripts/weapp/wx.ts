/**
 * The `wx` object of the mini-program stand-in (scripts/weapp/runtime.ts): the APIs the storefront's compiled code
 * reaches, answering the way the WeChat base library does (`success`/`fail`/`complete` callbacks, `errMsg`
 * `<api>:ok` / `<api>:fail …`, synchronous `*Sync` variants). Taro exposes exactly the keys of `wx` as `Taro.<api>`,
 * so an API missing here is missing in `Taro` too and the page's call fails visibly (a finding, never silence).
 * - `wx.cloud.callFunction` is answered by the host (the local gateway's handlers); before `wx.cloud.init` it fails
 *   as WeChat does.
 * - `wx.request` is answered by the host for `/api/fn/<fn>` URLs; a relative URL is noted (on a phone it needs
 *   API_BASE set at build time).
 * - Storage is in memory, per run; everything else that would show UI or leave the page is recorded and succeeds.
 */

export interface HostCall {
  /** answers `wx.cloud.callFunction({ name, data })`: the function's return value, or throws for an unknown name */
  callFunction(name: string, data: unknown): Promise<unknown>;
  /** answers `wx.request` */
  request(req: { url: string; method: string; header: Record<string, string>; data: unknown }): Promise<{ statusCode: number; data: unknown }>;
}

export interface WxEvents {
  /** every API call, for the page report */
  called(api: string): void;
  /** a note that does not fail the page (e.g. a relative request URL) */
  note(message: string): void;
  /** something the real runtime would refuse: fails the page */
  problem(kind: string, message: string): void;
  /** runs `fn` later as the base library does (callbacks are asynchronous); exceptions become findings */
  later(fn: () => void, ms?: number): void;
  /** why WeChat would refuse `api` to `url` (a page not in app.json, switchTab to a page off the tab bar …), or null */
  navigate(api: string, url: string): string | null;
  /** counts host calls in flight, so the runner knows when a page has settled */
  track<T>(p: Promise<T>): Promise<T>;
}

type Opts = { success?: (r: unknown) => void; fail?: (r: unknown) => void; complete?: (r: unknown) => void; [k: string]: unknown };

export const SYSTEM_INFO = {
  brand: 'devtools',
  model: 'iPhone 12/13 (Pro)',
  pixelRatio: 3,
  screenWidth: 390,
  screenHeight: 844,
  windowWidth: 390,
  windowHeight: 753,
  statusBarHeight: 47,
  language: 'zh_CN',
  version: '8.0.5',
  system: 'iOS 15.0',
  platform: 'devtools',
  fontSizeSetting: 16,
  SDKVersion: '3.3.4',
  benchmarkLevel: 1,
  safeArea: { top: 47, left: 0, right: 390, bottom: 810, width: 390, height: 763 },
  theme: 'light',
  enableDebug: false,
  deviceOrientation: 'portrait',
  host: { env: 'WeChat' },
};

export function createWx(host: HostCall, ev: WxEvents, launch: Record<string, unknown>, storage: Map<string, string>) {
  let cloudReady = false;

  /** an asynchronous API: answer with `result()` (or its rejection as `fail`) through the callbacks */
  const async =
    (api: string, result: (o: Opts) => unknown = () => ({})) =>
    (o: Opts = {}) => {
      ev.called(api);
      const settle = (ok: boolean, r: Record<string, unknown>) =>
        ev.later(() => {
          (ok ? o.success : o.fail)?.(r);
          o.complete?.(r);
        });
      ev.track(
        Promise.resolve()
          .then(() => result(o))
          .then(
            (r) => settle(true, { errMsg: `${api}:ok`, ...(r as object) }),
            (e: { errMsg?: string; errCode?: number } | Error) =>
              settle(false, e instanceof Error ? { errMsg: `${api}:fail ${e.message}` } : { errMsg: e.errMsg ?? `${api}:fail`, errCode: e.errCode }),
          ),
      );
    };
  const sync = (api: string, fn: (...a: any[]) => unknown) => (...a: any[]) => {
    ev.called(api);
    return fn(...a);
  };
  const ui = (api: string) => async(api, () => ({}));
  /** page navigation: recorded and answered, refused as WeChat refuses it */
  const go = (api: string) =>
    async(api, (o) => {
      const why = ev.navigate(api, String(o.url ?? ''));
      if (why) {
        ev.problem('navigation', `${api}(${String(o.url)}): ${why}`);
        throw { errMsg: `${api}:fail ${why}` };
      }
      return {};
    });

  const serialise = (api: string, v: unknown): string => {
    if (v === undefined) throw new Error(`${api}:fail parameter error: data should be any JSON-serialisable value`);
    return JSON.stringify(v);
  };
  const selectorQuery = () => {
    const q = {
      in: () => q,
      select: () => nodes,
      selectAll: () => nodes,
      selectViewport: () => nodes,
      exec: (cb?: (r: unknown[]) => void) => ev.later(() => cb?.([null])),
    };
    const nodes = {
      boundingClientRect: () => q,
      scrollOffset: () => q,
      fields: () => q,
      node: () => q,
      context: () => q,
    };
    return q;
  };

  const cloud = {
    init: sync('cloud.init', () => {
      cloudReady = true;
    }),
    callFunction: (o: Opts & { name?: unknown; data?: unknown }) => {
      const run = async () => {
        if (!cloudReady) throw { errMsg: 'cloud.callFunction:fail 请先调用 wx.cloud.init() 完成初始化后再调用其他云 API。init 需传入环境 ID', errCode: -1 };
        if (typeof o.name !== 'string' || !o.name) throw { errMsg: 'cloud.callFunction:fail parameter.name should be String', errCode: -1 };
        JSON.stringify(o.data ?? {}); // CloudBase sends JSON; a cycle fails here as it does there
        const result = await host.callFunction(o.name, o.data ?? {});
        return { result, requestID: `req-${Math.random().toString(36).slice(2)}` };
      };
      // with callbacks the base library answers through them; without, it returns a promise
      if (o.success || o.fail || o.complete) return void async('cloud.callFunction', run)(o);
      ev.called('cloud.callFunction');
      return ev.track(run().then((r) => ({ errMsg: 'cloud.callFunction:ok', ...r })));
    },
  };

  const wx: Record<string, unknown> = {
    env: { USER_DATA_PATH: 'http://usr' },
    cloud,
    canIUse: sync('canIUse', () => true),
    getSystemInfoSync: sync('getSystemInfoSync', () => ({ ...SYSTEM_INFO })),
    getSystemInfo: async('getSystemInfo', () => ({ ...SYSTEM_INFO })),
    getWindowInfo: sync('getWindowInfo', () => ({ pixelRatio: 3, screenWidth: 390, screenHeight: 844, windowWidth: 390, windowHeight: 753, statusBarHeight: 47, safeArea: SYSTEM_INFO.safeArea, screenTop: 0 })),
    getDeviceInfo: sync('getDeviceInfo', () => ({ brand: SYSTEM_INFO.brand, model: SYSTEM_INFO.model, system: SYSTEM_INFO.system, platform: SYSTEM_INFO.platform, benchmarkLevel: 1 })),
    getAppBaseInfo: sync('getAppBaseInfo', () => ({ SDKVersion: SYSTEM_INFO.SDKVersion, language: 'zh_CN', version: '8.0.5', theme: 'light', enableDebug: false, host: { env: 'WeChat' } })),
    getMenuButtonBoundingClientRect: sync('getMenuButtonBoundingClientRect', () => ({ width: 87, height: 32, top: 51, right: 383, bottom: 83, left: 296 })),
    getLaunchOptionsSync: sync('getLaunchOptionsSync', () => ({ ...launch })),
    getEnterOptionsSync: sync('getEnterOptionsSync', () => ({ ...launch })),
    getAccountInfoSync: sync('getAccountInfoSync', () => ({ miniProgram: { appId: 'wx0000000000000000', envVersion: 'develop', version: '' } })),
    nextTick: (fn: () => void) => ev.later(fn),
    // storage: values go through JSON as on the device
    setStorageSync: sync('setStorageSync', (k: string, v: unknown) => void storage.set(String(k), serialise('setStorageSync', v))),
    getStorageSync: sync('getStorageSync', (k: string) => (storage.has(String(k)) ? JSON.parse(storage.get(String(k))!) : '')),
    removeStorageSync: sync('removeStorageSync', (k: string) => void storage.delete(String(k))),
    clearStorageSync: sync('clearStorageSync', () => storage.clear()),
    getStorageInfoSync: sync('getStorageInfoSync', () => ({ keys: [...storage.keys()], currentSize: 0, limitSize: 10240 })),
    setStorage: async('setStorage', (o) => void storage.set(String(o.key), serialise('setStorage', o.data))),
    getStorage: async('getStorage', (o) => {
      if (!storage.has(String(o.key))) throw { errMsg: 'getStorage:fail data not found' };
      return { data: JSON.parse(storage.get(String(o.key))!) };
    }),
    removeStorage: async('removeStorage', (o) => void storage.delete(String(o.key))),
    clearStorage: async('clearStorage', () => storage.clear()),
    request: (o: Opts & { url?: string; method?: string; header?: Record<string, string>; data?: unknown }) => {
      const url = String(o.url ?? '');
      if (!/^https?:\/\//.test(url)) ev.note(`wx.request to the relative URL ${url}: on a phone it fails (request:fail invalid url) unless API_BASE is set at build time`);
      async('request', async () => {
        const r = await host.request({ url, method: String(o.method ?? 'GET'), header: o.header ?? {}, data: o.data });
        return { statusCode: r.statusCode, data: r.data, header: { 'Content-Type': 'application/json' } };
      })(o);
      return { abort: () => undefined, onHeadersReceived: () => undefined, offHeadersReceived: () => undefined };
    },
    login: async('login', () => ({ code: 'weapp-stand-in-code' })),
    checkSession: async('checkSession'),
    getSetting: async('getSetting', () => ({ authSetting: {}, subscriptionsSetting: { mainSwitch: true } })),
    requestSubscribeMessage: async('requestSubscribeMessage', (o) => Object.fromEntries(((o.tmplIds as string[]) ?? []).map((t) => [t, 'accept']))),
    requestPayment: async('requestPayment'),
    chooseAddress: async('chooseAddress', () => ({ userName: '张三', telNumber: '13800000000', provinceName: '上海市', cityName: '上海市', countyName: '黄浦区', detailInfo: '人民路 1 号', postalCode: '200000', nationalCode: '310101' })),
    chooseLocation: async('chooseLocation', () => ({ name: '人民广场', address: '上海市黄浦区人民大道', latitude: 31.23, longitude: 121.47 })),
    getLocation: async('getLocation', () => ({ latitude: 31.23, longitude: 121.47, speed: 0, accuracy: 30 })),
    chooseMedia: async('chooseMedia', () => ({ tempFiles: [], type: 'image' })),
    chooseImage: async('chooseImage', () => ({ tempFilePaths: [], tempFiles: [] })),
    uploadFile: async('uploadFile', () => ({ statusCode: 200, data: '{}' })),
    previewImage: ui('previewImage'),
    scanCode: async('scanCode', () => ({ result: '', scanType: 'QR_CODE', charSet: 'utf-8' })),
    makePhoneCall: ui('makePhoneCall'),
    setClipboardData: ui('setClipboardData'),
    getClipboardData: async('getClipboardData', () => ({ data: '' })),
    vibrateShort: ui('vibrateShort'),
    showToast: ui('showToast'),
    hideToast: ui('hideToast'),
    showLoading: ui('showLoading'),
    hideLoading: ui('hideLoading'),
    showModal: async('showModal', () => ({ confirm: false, cancel: true })),
    showActionSheet: async('showActionSheet', () => {
      throw { errMsg: 'showActionSheet:fail cancel' };
    }),
    setNavigationBarTitle: ui('setNavigationBarTitle'),
    setNavigationBarColor: ui('setNavigationBarColor'),
    showNavigationBarLoading: ui('showNavigationBarLoading'),
    hideNavigationBarLoading: ui('hideNavigationBarLoading'),
    hideHomeButton: ui('hideHomeButton'),
    setTabBarBadge: ui('setTabBarBadge'),
    removeTabBarBadge: ui('removeTabBarBadge'),
    showTabBarRedDot: ui('showTabBarRedDot'),
    hideTabBarRedDot: ui('hideTabBarRedDot'),
    showShareMenu: ui('showShareMenu'),
    hideShareMenu: ui('hideShareMenu'),
    startPullDownRefresh: ui('startPullDownRefresh'),
    stopPullDownRefresh: ui('stopPullDownRefresh'),
    pageScrollTo: ui('pageScrollTo'),
    navigateTo: go('navigateTo'),
    redirectTo: go('redirectTo'),
    switchTab: go('switchTab'),
    reLaunch: go('reLaunch'),
    navigateBack: ui('navigateBack'),
    navigateToMiniProgram: ui('navigateToMiniProgram'),
    openCustomerServiceChat: ui('openCustomerServiceChat'),
    saveImageToPhotosAlbum: ui('saveImageToPhotosAlbum'),
    createSelectorQuery: sync('createSelectorQuery', selectorQuery),
    createIntersectionObserver: sync('createIntersectionObserver', () => ({ relativeTo: () => undefined, relativeToViewport: () => undefined, observe: () => undefined, disconnect: () => undefined })),
    onAppShow: sync('onAppShow', () => undefined),
    offAppShow: sync('offAppShow', () => undefined),
    onAppHide: sync('onAppHide', () => undefined),
    offAppHide: sync('offAppHide', () => undefined),
    onError: sync('onError', () => undefined),
    onUnhandledRejection: sync('onUnhandledRejection', () => undefined),
    onPageNotFound: sync('onPageNotFound', () => undefined),
    onNetworkStatusChange: sync('onNetworkStatusChange', () => undefined),
    onWindowResize: sync('onWindowResize', () => undefined),
    offWindowResize: sync('offWindowResize', () => undefined),
    getNetworkType: async('getNetworkType', () => ({ networkType: 'wifi' })),
    getUpdateManager: sync('getUpdateManager', () => ({ onCheckForUpdate: () => undefined, onUpdateReady: () => undefined, onUpdateFailed: () => undefined, applyUpdate: () => undefined })),
    reportAnalytics: sync('reportAnalytics', () => undefined),
    arrayBufferToBase64: sync('arrayBufferToBase64', (b: ArrayBuffer) => Buffer.from(b).toString('base64')),
    base64ToArrayBuffer: sync('base64ToArrayBuffer', (s: string) => {
      const b = Buffer.from(s, 'base64');
      return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength);
    }),
  };
  // a read of an API the stand-in does not have: the code expected WeChat to offer it
  return new Proxy(wx, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !(key in target) && key !== 'webpackJsonp' && key !== 'then' && !key.startsWith('__')) ev.problem('wx-api', `read wx.${key}, which the stand-in does not offer (add it to scripts/weapp/wx.ts if WeChat has it)`);
      return Reflect.get(target, key, receiver);
    },
  });
}
