/** `npm run test:weapp`: the built weapp (miniprogram/dist/weapp) run under the mini-program stand-in; needs `npm run build:weapp` first. */
module.exports = {
  rootDir: '../..',
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testMatch: ['<rootDir>/scripts/weapp/**/*.weapp.ts'],
  testTimeout: 240000,
};
