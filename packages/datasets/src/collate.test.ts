import { NDArray } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { defaultCollate } from './collate.js'

const nd = (values: number[], shape: number[], dtype: 'float32' | 'float64' | 'int64' = 'float32') =>
  new NDArray(dtype === 'float32' ? Float32Array.from(values) : Float64Array.from(values), shape, dtype)

describe('defaultCollate', () => {
  test('stacks NDArrays along a new first dim', () => {
    const out = defaultCollate([nd([1, 2], [2]), nd([3, 4], [2]), nd([5, 6], [2])])
    expect(out.shape).toEqual([3, 2])
    expect(Array.from(out.data)).toEqual([1, 2, 3, 4, 5, 6])
  })

  test('stacks strided views by their elements', () => {
    const base = nd([0, 1, 2, 3, 4, 5], [2, 3])
    // The columns of base, as views with stride 3.
    const cols = [0, 1, 2].map((j) => new NDArray(base.data, [2], 'float32', [3], j))
    expect(Array.from(defaultCollate(cols).data)).toEqual([0, 3, 1, 4, 2, 5])
  })

  test('collates tuples and objects field by field; strings stay lists', () => {
    const out = defaultCollate([
      { x: nd([1], [1]), name: 'a' },
      { x: nd([2], [1]), name: 'b' },
    ])
    expect(out.x.shape).toEqual([2, 1])
    expect(out.name).toEqual(['a', 'b'])
    const [a, b] = defaultCollate<[NDArray, string]>([
      [nd([1], [1]), 'p'],
      [nd([2], [1]), 'q'],
    ])
    expect(Array.from(a.data)).toEqual([1, 2])
    expect(b).toEqual(['p', 'q'])
  })

  test("torch's errors", () => {
    expect(() => defaultCollate([nd([1, 2], [2]), nd([1], [1])])).toThrow(
      'stack expects each tensor to be equal size, but got [2] at entry 0 and [1] at entry 1',
    )
    expect(() => defaultCollate([[1, 2], [3]])).toThrow('each element in list of batch should be of equal size')
    expect(() => defaultCollate([new Map()])).toThrow(
      'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found Map',
    )
    expect(() => defaultCollate([null])).toThrow(
      'default_collate: batch must contain tensors, numpy arrays, numbers, dicts or lists; found null',
    )
  })
})
