import { arbBroadcastPair } from '@descent/test-utils'
import { test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { ones } from '../creation.js'
import { broadcastShapes } from '../shape.js'
import { expand } from '../views.js'
import { tolist } from './read.js'
import { sum } from './reduce.js'
import { sumToShape } from './sumToShape.js'

test('sums leading and size-1 dims', () => {
  expect(tolist(sumToShape(ones([2, 3]), [3]))).toEqual([2, 2, 2])
  expect(tolist(sumToShape(ones([2, 3]), [2, 1]))).toEqual([[3], [3]])
  expect(tolist(sumToShape(ones([2, 3]), []))).toBe(6)
  expect(sumToShape(ones([2, 3]), [1, 1]).shape).toEqual([1, 1])
})

test('returns the input when the shape already matches', () => {
  const a = ones([2])
  expect(sumToShape(a, [2])).toBe(a)
})

test('rejects shapes that do not broadcast', () => {
  expect(() => sumToShape(ones([2, 3]), [2])).toThrow('size {[2]} is not expandable to size {[2, 3]}.')
})

test.prop([arbBroadcastPair()], { numRuns: 60 })('undoes broadcasting: shape back, total preserved', ([a, b]) => {
  const shape = broadcastShapes(a.shape, b.shape)
  const big = expand(a, shape)
  const back = sumToShape(big, a.shape)
  expect(back.shape).toEqual(a.shape)
  expect(tolist(sum(back))).toBeCloseTo(tolist(sum(big)) as number, 2)
})
