import { expect, test } from 'vitest'
import { Tensor as AutogradTensor } from '@descent/autograd'
import { Linear } from '@descent/nn'
import { SGD } from '@descent/optim'
import torchDefault, { torch } from './index.js'

test('the namespace is the scoped packages, not copies of them', () => {
  expect(torchDefault).toBe(torch)
  expect(torch.Tensor).toBe(AutogradTensor)
  expect(torch.nn.Linear).toBe(Linear)
  expect(torch.optim.SGD).toBe(SGD)
})

test('functional forms equal the methods', () => {
  const x = torch.tensor([0.5, -1, 2])
  expect(torch.exp(x).tolist()).toEqual(x.exp().tolist())
  expect(torch.sum(x).item()).toBe(x.sum().item())
  expect(torch.matmul(x, x).item()).toBe(x.dot(x).item())
})

test('torch.manualSeed seeds the generator behind nn.Linear, as in PyTorch', () => {
  torch.manualSeed(0)
  const a = new torch.nn.Linear(1, 1)
  torch.manualSeed(0)
  const b = new torch.nn.Linear(1, 1)
  expect(a.weight.tolist()).toEqual(b.weight.tolist())
  // torch 1.13: torch.manual_seed(0); nn.Linear(1, 1).weight == -0.0075, bias == 0.5364 (4 decimals)
  expect(a.weight.item()).toBeCloseTo(-0.0075, 4)
  expect(a.bias!.item()).toBeCloseTo(0.5364, 4)
})

test('the README example learns y = 2x', () => {
  torch.manualSeed(0)
  const X = torch.tensor([[1], [2], [3], [4]])
  const Y = X.mul(2)
  const model = new torch.nn.Linear(1, 1)
  const lossFn = new torch.nn.MSELoss()
  const optimizer = new torch.optim.SGD(model.parameters(), { lr: 0.01 })
  let first = Number.NaN
  let last = Number.NaN
  for (let epoch = 0; epoch < 1000; epoch++) {
    const loss = lossFn.call(model.call(X), Y)
    if (epoch === 0) first = loss.item()
    last = loss.item()
    loss.backward()
    optimizer.step()
    optimizer.zeroGrad()
  }
  expect(last).toBeLessThan(first / 100)
  expect(model.call(torch.tensor([[5]])).item()).toBeCloseTo(10, 0)
})
