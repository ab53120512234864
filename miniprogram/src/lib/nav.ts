/** Navigation helpers: tab pages need switchTab, which takes no query, so a pending category is handed over. */
import Taro from '@tarojs/taro';

export const TAB_PAGES = ['/pages/home/index', '/pages/categories/index', '/pages/cart/index', '/pages/me/index'];

/** `a=1&b=2` -> { a: '1', b: '2' } (URLSearchParams is missing in the mini-program runtime). */
export const parseQuery = (query: string): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const part of query.split('&')) {
    if (!part) continue;
    const [k, v = ''] = part.split('=');
    try {
      out[decodeURIComponent(k)] = decodeURIComponent(v.replace(/\+/g, ' '));
    } catch {
      /* malformed escape: skip */
    }
  }
  return out;
};

let pendingCategoryId: string | null = null;

/** Open the categories tab with a category selected. */
export const openCategory = (categoryId: string): void => {
  pendingCategoryId = categoryId;
  void Taro.switchTab({ url: '/pages/categories/index' });
};
/** The category another page asked the categories tab to show (read once). */
export const takePendingCategory = (): string | null => {
  const id = pendingCategoryId;
  pendingCategoryId = null;
  return id;
};

export const openProduct = (id: string): void => {
  void Taro.navigateTo({ url: `/pages/product/index?id=${encodeURIComponent(id)}` });
};

export const openSearch = (keyword?: string): void => {
  void Taro.navigateTo({ url: `/pages/search/index${keyword ? `?keyword=${encodeURIComponent(keyword)}` : ''}` });
};

/** Follow a storefront link such as a banner's `/pages/product/index?id=...`. */
export const openLink = (link: string): void => {
  if (!link) return;
  const url = link.startsWith('/') ? link : `/${link}`;
  const [path, query = ''] = url.split('?');
  if (path === '/pages/categories/index') {
    const params = parseQuery(query);
    const id = params.id ?? params.categoryId;
    if (id) return openCategory(id);
  }
  if (TAB_PAGES.includes(path)) {
    void Taro.switchTab({ url: path });
    return;
  }
  void Taro.navigateTo({ url });
};

/** Route params arrive encoded on some platforms and decoded on others: decode once, tolerating stray '%'. */
export const safeDecode = (v: string | undefined): string => {
  if (!v) return '';
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
};
