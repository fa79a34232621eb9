// Speed of the data path (run with `npx vitest bench --run` from packages/datasets); never part of the unit tests.
import { fromArray } from '@descent/autograd'
import { Generator, NDArray } from '@descent/tensor'
import { bench, describe } from 'vitest'
import { DataLoader, TensorDataset, readIdx, trainTestSplit, writeIdx } from '../src/index.js'

const n = 60000
const x = new NDArray(new Float32Array(n * 784).map((_, i) => (i % 255) / 255), [n, 784], 'float32')
const y = new NDArray(Float64Array.from({ length: n }, (_, i) => i % 10), [n], 'int64')
const idxBytes = writeIdx({ dtype: 'uint8', shape: [n, 28, 28], data: new Uint8Array(n * 784) })

describe('an MNIST-sized epoch (60000 x 784 float32, batch 64, shuffled)', () => {
  const generator = new Generator().manualSeed(0)
  bench('DataLoader over NDArrays', () => {
    for (const _ of new DataLoader(new TensorDataset(x, y), { batchSize: 64, shuffle: true, generator })) {
    }
  }, { iterations: 3 })
  bench('DataLoader over Tensors', () => {
    const ds = new TensorDataset(fromArray(x), fromArray(y))
    for (const _ of new DataLoader(ds, { batchSize: 64, shuffle: true, generator })) {
    }
  }, { iterations: 3 })
})

describe('loading and splitting', () => {
  bench('readIdx of a 60000 x 28 x 28 uint8 file', () => {
    readIdx(idxBytes)
  }, { iterations: 5 })
  bench('trainTestSplit of 60000 x 784 float32 + labels', () => {
    trainTestSplit(x, y, { testSize: 0.2, randomState: 0 })
  }, { iterations: 3 })
})
