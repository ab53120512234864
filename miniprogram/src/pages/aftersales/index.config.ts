export default definePageConfig({
  navigationBarTitleText: '售后/退款',
});
