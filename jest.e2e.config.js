/** Browser tests against a running production build; started by `npm run test:e2e`. */
import base from './jest.config.js'

export default {
  ...base,
  testMatch: ['<rootDir>/tests/e2e/**/*.e2e.ts'],
  setupFiles: [],
  testEnvironment: 'node',
  testTimeout: 90_000,
}
