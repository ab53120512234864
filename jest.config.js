/** Unit and handler tests (node). End-to-end tests have their own config in e2e/. Run with --experimental-vm-modules (PGlite loads its WASM with a dynamic import). */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(t|j)sx?$': ['@swc/jest'] },
  // a few ESM-only packages (cookie 2 via light-my-request) are compiled to CommonJS for jest on Node 20
  transformIgnorePatterns: ['/node_modules/(?!(cookie|content-disposition)/)'],
  testMatch: ['<rootDir>/{types,cloudfunctions,local}/**/*.test.ts', '<rootDir>/miniprogram/src/**/*.test.ts', '<rootDir>/scripts/**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 180000, // generous: the suites run in 2 workers beside the builds on a 2-core CI machine, and a loaded one is slow
};
