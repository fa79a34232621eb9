import { expect, test } from 'vitest'
import { NDArray, contiguousStrides } from './NDArray.js'

test('contiguous strides are row-major', () => {
  expect(contiguousStrides([2, 3, 4])).toEqual([12, 4, 1])
  expect(contiguousStrides([])).toEqual([])
})

test('a transposed view is not contiguous', () => {
  const a = new NDArray(new Float32Array(6), [3, 2], 'float32', [1, 3])
  expect(a.isContiguous()).toBe(false)
  expect(new NDArray(new Float32Array(6), [2, 3], 'float32').isContiguous()).toBe(true)
})
