/** Jest runs on the Node 24 binary from node_modules/.bin (see DEVELOPERS.md). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
  testTimeout: 30000,
  // Every card sent through the Bot Connector stand-in is validated (test/support/sent-cards.ts).
  setupFilesAfterEnv: ['<rootDir>/test/support/jest-sent-cards.ts'],
  // Integration tests start real servers on loopback; keep workers low on 2-core machines.
  maxWorkers: 2,
};
