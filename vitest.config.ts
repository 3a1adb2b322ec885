import { defineConfig } from "vitest/config";

// Tests run in forks so a runaway emulated program can be killed cleanly;
// the conformance suites are CPU-heavy, so keep to the two cores we have.
export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    pool: "forks",
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", "./tests/skipped-oracles-reporter.ts"],
  },
});
