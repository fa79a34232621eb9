import { NDArray } from '@descent/tensor'
import { optimizerConformance } from '@descent/optim/testing'
import { expect, test } from 'vitest'
import { Lion } from './Lion.js'

optimizerConformance('Lion (examples/)', (params, { lr }) => new Lion(params, { lr }))
optimizerConformance('Lion with weight decay (examples/)', (params, { lr }) => new Lion(params, { lr, weightDecay: 0.1 }))

test('Lion moves every coordinate by lr in the direction against the gradient', () => {
  const w = { array: new NDArray(Float32Array.from([1, -2, 0.5]), [3], 'float32'), grad: null as null | { array: NDArray } }
  w.grad = { array: new NDArray(Float32Array.from([0.3, -4, 0]), [3], 'float32') }
  new Lion([w], { lr: 0.25 }).step()
  expect(Array.from(w.array.data)).toEqual([0.75, -1.75, 0.5])
})

test('Lion validates its options in PyTorch words', () => {
  const w = { array: new NDArray(new Float32Array(1), [1], 'float32'), grad: null }
  expect(() => new Lion([w], { lr: -1 })).toThrowErrorMatchingInlineSnapshot(`[ValueError: Invalid learning rate: -1]`)
})
