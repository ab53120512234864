export default definePageConfig({
  navigationBarTitleText: '会员中心',
  onReachBottomDistance: 120,
  enablePullDownRefresh: true,
});
