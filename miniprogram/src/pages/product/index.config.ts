export default definePageConfig({
  navigationBarTitleText: '商品详情',
  // 转发: the card is the activity's share settings (useShareAppMessage in the page)
  enableShareAppMessage: true,
});
