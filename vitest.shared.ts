import { defineConfig } from 'vitest/config'

// Read workspace packages from source (the `@descent/source` export condition), so tests need no build.
export default defineConfig({
  resolve: { conditions: ['@descent/source'] },
  ssr: { resolve: { conditions: ['@descent/source'] } },
  test: { include: ['src/**/*.test.ts', 'test/**/*.test.ts'], testTimeout: 60_000, passWithNoTests: true },
})
