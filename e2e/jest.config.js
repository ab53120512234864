/** End-to-end tests: the real stack in-process, H5 storefront and admin panel in Debian's headless chromium. */
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  testMatch: ['<rootDir>/e2e/**/*.e2e.ts'],
  testTimeout: 240000, // generous: two files run at once on a 2-core CI machine
};
