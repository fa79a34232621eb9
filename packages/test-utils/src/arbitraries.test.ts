import { broadcastShapes, shapeSize } from '@descent/tensor'
import { test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { arbArray, arbBroadcastPair, arbBroadcastShapes, arbShape } from './arbitraries.js'

test.prop([arbShape({ minRank: 1, maxRank: 3, minDim: 2, maxDim: 3 })])('arbShape respects its bounds', (s) => {
  expect(s.length).toBeGreaterThanOrEqual(1)
  expect(s.length).toBeLessThanOrEqual(3)
  for (const d of s) expect(d === 2 || d === 3).toBe(true)
})

test.prop([arbBroadcastShapes()])('arbBroadcastShapes gives shapes that broadcast', ([a, b]) => {
  expect(() => broadcastShapes(a, b)).not.toThrow()
})

test.prop([arbBroadcastPair({ dtype: 'float64', min: -1, max: 1 })])('arbBroadcastPair gives arrays of those shapes', ([a, b]) => {
  expect(a.dtype).toBe('float64')
  expect(a.data.length).toBe(shapeSize(a.shape))
  expect(b.data.length).toBe(shapeSize(b.shape))
  for (const v of a.data) expect(Math.abs(v)).toBeLessThanOrEqual(1)
})

test.prop([arbArray({ dtype: 'int64', min: -3, max: 3 })])('int64 arrays hold integers in range', (a) => {
  for (const v of a.data) {
    expect(Number.isInteger(v)).toBe(true)
    expect(Math.abs(v)).toBeLessThanOrEqual(3)
  }
})
