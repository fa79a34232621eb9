import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { rowSum, shortRowSum } from './sum.js'

// shortRowSum is rowSum unrolled for short rows; it must round exactly where rowSum does (-0, NaN and inf included).
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))

test.prop([fc.array(fc.float(), { maxLength: 7 })], { numRuns: 300 })('shortRowSum equals rowSum for float32 rows', (xs) => {
  const x = new Float32Array([5, ...xs])
  expect(same(shortRowSum(x, 1, xs.length, true), rowSum(x, 1, 1, xs.length, true))).toBe(true)
})

test.prop([fc.array(fc.double(), { maxLength: 3 })], { numRuns: 300 })('shortRowSum equals rowSum for float64 rows', (xs) => {
  const x = new Float64Array([5, ...xs])
  expect(same(shortRowSum(x, 1, xs.length, false), rowSum(x, 1, 1, xs.length, false))).toBe(true)
})

test('shortRowSum turns a lone -0 into 0, as the column sums do', () => {
  expect(Object.is(shortRowSum(new Float32Array([-0]), 0, 1, true), 0)).toBe(true)
  expect(Object.is(shortRowSum(new Float32Array([-0, -0, -0, -0]), 0, 4, true), 0)).toBe(true)
})
