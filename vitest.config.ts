import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Browser and e2e suites spawn processes; two workers fit a 2-core machine.
    maxWorkers: 2,
    reporters: process.env.CI ? ["default"] : ["default"],
  },
});
