export default defineAppConfig({
  pages: [
    'pages/home/index',
    'pages/categories/index',
    'pages/cart/index',
    'pages/me/index',
    'pages/search/index',
    'pages/product/index',
    'pages/member/index',
  ],
  // checkout, addresses, orders and after-sales load on demand (weapp subpackages; one root per page keeps the page paths)
  subPackages: [
    { root: 'pages/checkout', pages: ['index'] },
    { root: 'pages/address', pages: ['index'] },
    { root: 'pages/address-edit', pages: ['index'] },
    { root: 'pages/orders', pages: ['index'] },
    { root: 'pages/order-detail', pages: ['index'] },
    { root: 'pages/coupons', pages: ['index'] },
    { root: 'pages/coupon-centre', pages: ['index'] },
    { root: 'pages/coupon-claim', pages: ['index'] },
    { root: 'pages/aftersales', pages: ['index'] },
    { root: 'pages/aftersale-apply', pages: ['index'] },
    { root: 'pages/aftersale-detail', pages: ['index'] },
    // store staff: pickup code verification and its log (a clerk's own merchant session)
    { root: 'pages/staff-verify', pages: ['index', 'log/index'] },
    // the flash-sale venue (限时秒杀), linked from 首页 while a flash sale is running or upcoming
    { root: 'pages/flash', pages: ['index'] },
  ],
  // 微信地址导入 on the address form (Taro.chooseAddress must be declared since base library 2.x of 2022)
  requiredPrivateInfos: ['chooseAddress'],
  window: {
    backgroundTextStyle: 'dark',
    backgroundColor: '#f5f5f5',
    navigationBarBackgroundColor: '#ffffff',
    navigationBarTitleText: '微商城',
    navigationBarTextStyle: 'black',
  },
  tabBar: {
    color: '#8a8a8a',
    selectedColor: '#e93b3d',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '首页', iconPath: 'assets/tab/home.png', selectedIconPath: 'assets/tab/home-active.png' },
      { pagePath: 'pages/categories/index', text: '分类', iconPath: 'assets/tab/category.png', selectedIconPath: 'assets/tab/category-active.png' },
      { pagePath: 'pages/cart/index', text: '购物车', iconPath: 'assets/tab/cart.png', selectedIconPath: 'assets/tab/cart-active.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tab/me.png', selectedIconPath: 'assets/tab/me-active.png' },
    ],
  },
});
