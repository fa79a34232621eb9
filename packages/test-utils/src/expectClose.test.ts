import { array } from '@descent/tensor'
import { fc, test } from '@fast-check/vitest'
import { expect } from 'vitest'
import { expectClose, ulpDistance } from './expectClose.js'

test('ulpDistance counts representable floats between two values', () => {
  expect(ulpDistance(1, 1)).toBe(0)
  expect(ulpDistance(1, 1 + 2 ** -23)).toBe(1)
  expect(ulpDistance(-0, 0)).toBe(0)
  expect(ulpDistance(-(2 ** -149), 2 ** -149)).toBe(2)
  expect(ulpDistance(1, 1 + 2 ** -52, 'float64')).toBe(1)
  expect(ulpDistance(Number.NaN, 1)).toBeNaN()
})

test.prop([fc.float({ noNaN: true, noDefaultInfinity: true })])('a float32 is 1 ulp from the next one', (x) => {
  const next = new Float32Array([x])
  const bits = new Int32Array(next.buffer)
  if (x === 0 || !Number.isFinite(x)) return
  bits[0] = bits[0]! + 1
  if (!Number.isFinite(next[0]!)) return
  expect(ulpDistance(x, next[0]!)).toBe(1)
})

test('expectClose accepts arrays, nested lists and fixture strings', () => {
  expectClose(array([1, 2]), [1, 2])
  expectClose([Number.NaN, 1], ['NaN', 1])
  expectClose(1 + 1e-9, 1)
  expectClose(Math.fround(1.1), 1.1, { rtol: 1e-6 })
  expectClose(1 + 2 ** -23, 1, { ulp: 1 })
})

test('expectClose fails on a shape, value or NaN mismatch', () => {
  expect(() => expectClose([1, 2], [1, 2, 3])).toThrow()
  expect(() => expectClose([1, 2], [1, 2.1])).toThrow('element 1')
  expect(() => expectClose([Number.NaN], [1])).toThrow()
  expect(() => expectClose([Number.NaN], [Number.NaN], { equalNan: false })).toThrow()
  expect(() => expectClose(1 + 2 ** -22, 1, { ulp: 1 })).toThrow('2 ulp')
  expect(() => expectClose([[1], [2]], [1, 2])).toThrow()
})
