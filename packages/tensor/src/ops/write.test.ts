import { expect, test } from 'vitest'
import { array, zeros } from '../creation.js'
import { select, t } from '../views.js'
import { item, tolist, toTypedArray } from './read.js'
import { copyInto, fillInto } from './write.js'

test('copyInto writes through a view, broadcasting and converting', () => {
  const m = zeros([2, 3])
  copyInto(select(m, 0, 1), array([7, 8, 9]))
  expect(tolist(m)).toEqual([
    [0, 0, 0],
    [7, 8, 9],
  ])
  copyInto(m, array([1.7]))
  expect(tolist(m)).toEqual([
    [1.7, 1.7, 1.7].map(Math.fround),
    [1.7, 1.7, 1.7].map(Math.fround),
  ])
  const i = zeros([2], { dtype: 'int64' })
  copyInto(i, array([1.9, -1.9]))
  expect(tolist(i)).toEqual([1, -1])
})

test('copyInto handles overlapping views of one storage', () => {
  const m = array([
    [1, 2],
    [3, 4],
  ])
  copyInto(m, t(m))
  expect(tolist(m)).toEqual([
    [1, 3],
    [2, 4],
  ])
})

test('copyInto rejects a source that does not broadcast to the destination', () => {
  expect(() => copyInto(zeros([3]), zeros([4]))).toThrow(
    'The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 0',
  )
  expect(() => copyInto(zeros([3]), zeros([2, 3]))).toThrow("output with shape [3] doesn't match the broadcast shape [2, 3]")
})

test('fillInto sets a strided view', () => {
  const m = zeros([2, 2])
  fillInto(select(m, 1, 0), 5)
  expect(tolist(m)).toEqual([
    [5, 0],
    [5, 0],
  ])
  expect(tolist(fillInto(zeros([2], { dtype: 'bool' }), 3))).toEqual([true, true])
})

test('item, tolist, toTypedArray', () => {
  expect(item(array([[7]]))).toBe(7)
  expect(() => item(zeros([2]))).toThrow('only one element tensors can be converted to Python scalars')
  expect(tolist(array(3))).toBe(3)
  expect(toTypedArray(t(array([[1, 2], [3, 4]])))).toEqual(new Float32Array([1, 3, 2, 4]))
  expect(toTypedArray(zeros([0]))).toEqual(new Float32Array(0))
})
