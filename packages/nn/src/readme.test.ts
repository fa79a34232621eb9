// The README's example, run as written.
import { type Tensor, randn } from '@descent/autograd'
import { manualSeed } from '@descent/tensor'
import { expect, test } from 'vitest'
import { F, Linear, MSELoss, Module, Parameter, ReLU, Sequential, load, save } from './index.js'

test('README example', () => {
  manualSeed(42)
  class Net extends Module {
    body = new Sequential(new Linear(3, 8), new ReLU(), new Linear(8, 1))
    scale = new Parameter(randn([1]))
    forward(x: Tensor): Tensor {
      return this.body.call(x).mul(this.scale)
    }
  }
  const model = new Net()
  const x = randn([16, 3])
  const y = randn([16, 1])
  const loss = new MSELoss().call(model.call(x), y)
  expect(loss.item()).toBe(F.mseLoss(model.call(x), y).item())
  loss.backward()
  expect(model.namedParameters().map(([name]) => name)).toEqual(['scale', 'body.0.weight', 'body.0.bias', 'body.2.weight', 'body.2.bias'])
  expect(model.parameters().every((p) => p.grad !== null)).toBe(true)
  const before = model.call(x).tolist()
  const bytes = save(model.stateDict())
  const fresh = new Net()
  fresh.loadStateDict(load(bytes))
  expect(fresh.call(x).tolist()).toEqual(before)
})
