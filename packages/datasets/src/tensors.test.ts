// Datasets with autograd Tensors: samples, batches and splits keep the Tensor kind and the values.
import { Tensor, fromArray, tensor } from '@descent/autograd'
import { Generator, NDArray } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { DataLoader } from './DataLoader.js'
import { TensorDataset } from './Dataset.js'
import { defaultCollate } from './collate.js'
import { trainTestSplit } from './trainTestSplit.js'

const range = (n: number) => Array.from({ length: n }, (_, i) => i)
const x = fromArray(new NDArray(Float32Array.from(range(12), (i) => i / 4), [6, 2], 'float32'))
const y = fromArray(new NDArray(Float64Array.from(range(6), (i) => 10 * i), [6], 'int64'))
const vals = (t: Tensor) => Array.from(t.array.data.subarray(t.array.offset, t.array.offset + t.array.size))

describe('Tensors in datasets', () => {
  test('TensorDataset rows of Tensors are Tensors with the row values', () => {
    const ds = new TensorDataset(x, y)
    const [xi, yi] = ds.getItem(2)
    expect(xi).toBeInstanceOf(Tensor)
    expect(xi.shape).toEqual([2])
    expect(vals(xi)).toEqual([1, 1.25])
    expect(yi.shape).toEqual([])
    expect(vals(yi)).toEqual([20])
    expect(() => new TensorDataset(x, fromArray(new NDArray(new Float64Array(2), [2], 'float64')))).toThrow(
      'Size mismatch between tensors',
    )
  })

  test('DataLoader over Tensors yields stacked Tensor batches', () => {
    const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 4 })
    const batches = [...loader]
    expect(batches).toHaveLength(2)
    const [xb, yb] = batches[1]!
    expect(xb).toBeInstanceOf(Tensor)
    expect(xb.shape).toEqual([2, 2])
    expect(xb.dtype).toBe('float32')
    expect(vals(xb)).toEqual([2, 2.25, 2.5, 2.75])
    expect(yb.dtype).toBe('int64')
    expect(vals(yb)).toEqual([40, 50])
  })

  test('defaultCollate turns numbers into int64 or float64 Tensors and booleans into bool', () => {
    const ints = defaultCollate([1, 2, 3])
    expect(ints).toBeInstanceOf(Tensor)
    expect(ints.dtype).toBe('int64')
    expect(vals(ints)).toEqual([1, 2, 3])
    const floats = defaultCollate([1, 2.5])
    expect(floats.dtype).toBe('float64')
    const bools = defaultCollate([true, false])
    expect(bools.dtype).toBe('bool')
    expect(vals(bools)).toEqual([1, 0])
  })

  test('a DataLoader over a plain range yields int64 Tensors, like DataLoader(range(n))', () => {
    const g = new Generator().manualSeed(0)
    const batches = [...new DataLoader(range(5), { batchSize: 2, shuffle: true, generator: g })]
    expect(batches.every((b) => b instanceof Tensor && b.dtype === 'int64')).toBe(true)
    expect(batches.flatMap(vals).sort()).toEqual(range(5))
  })

  test('rows of a Tensor that requires grad keep their history', () => {
    const w = tensor([[1, 2], [3, 4]], { requiresGrad: true })
    const [row] = new TensorDataset(w).getItem(1)
    expect(row.gradFn).not.toBeNull()
  })

  test('trainTestSplit of Tensors gives Tensors of the same rows', () => {
    const [xTrain, xTest, yTrain, yTest] = trainTestSplit(x, y, { testSize: 2, shuffle: false })
    expect(xTrain).toBeInstanceOf(Tensor)
    expect(xTrain.shape).toEqual([4, 2])
    expect(vals(xTest)).toEqual([2, 2.25, 2.5, 2.75])
    expect(vals(yTrain)).toEqual([0, 10, 20, 30])
    expect(vals(yTest)).toEqual([40, 50])
  })
})
