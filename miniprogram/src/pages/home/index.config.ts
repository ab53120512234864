export default definePageConfig({
  navigationBarTitleText: '微商城',
  enablePullDownRefresh: true,
  // 转发: the owner's share title and picture (店铺信息, useShareAppMessage in the page)
  enableShareAppMessage: true,
});
