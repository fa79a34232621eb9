import { defineConfig, mergeConfig } from 'vitest/config'
import shared from '../../vitest.shared.js'

// examples/ holds optimisers written against the public API; their tests run with the package's.
export default mergeConfig(shared, defineConfig({ test: { include: ['examples/**/*.test.ts'] } }))
