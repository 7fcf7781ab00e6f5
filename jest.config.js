/** Jest runs TypeScript as ES modules through SWC, against a real PostgreSQL database. */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      target: 'es2022',
      transform: { react: { runtime: 'automatic' } },
    },
    module: { type: 'es6' },
  },
]

export default {
  testEnvironment: '<rootDir>/tests/helpers/testEnvironment.mjs',
  extensionsToTreatAsEsm: ['.ts', '.tsx'],
  transform: { '^.+\\.(t|j)sx?$': swc },
  transformIgnorePatterns: ['/node_modules/'],
  moduleNameMapper: {
    '^@payload-config$': '<rootDir>/payload.config.ts',
    '^@/(.*)$': '<rootDir>/src/$1',
    '^(\\.{1,2}/.*)\\.js$': '$1',
    '\\.(css|scss)$': '<rootDir>/tests/helpers/styleStub.cjs',
    // payload-oapi does not load under jest's module system; see the stub for why.
    '^payload-oapi$': '<rootDir>/tests/helpers/payloadOapiStub.ts',
  },
  testMatch: ['<rootDir>/tests/**/*.test.ts'],
  setupFiles: [
    '<rootDir>/tests/helpers/fastPasswordHashing.cjs',
    '<rootDir>/tests/helpers/setupEnv.ts',
  ],
  testTimeout: 60_000,
  // Jest's ESM module registry keeps each file's modules (a whole Payload) alive in its worker:
  // past 2 GB after a file the worker is replaced, or the full suite slows to a crawl in GC
  // (workers reached 5 GB and small files took two minutes). Replacements keep their number,
  // so each still uses its own database copy.
  workerIdleMemoryLimit: '2GB',
}
