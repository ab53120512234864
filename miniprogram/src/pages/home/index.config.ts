export default definePageConfig({
  navigationBarTitleText: '微商城',
  enablePullDownRefresh: true,
});
