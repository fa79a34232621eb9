// The README's examples, run as written.
import { expect, test } from 'vitest'
import { manualSeed } from '@descent/tensor'
import { grad, gradcheck, gradgradcheck, noGrad, randn, tensor } from '../src/index.js'

test('the training step example', () => {
  const X = tensor([1, 2, 3, 4], { dtype: 'float32' })
  const Y = tensor([2, 4, 6, 8], { dtype: 'float32' })
  const w = tensor(0, { dtype: 'float32', requiresGrad: true })
  const first: string[] = []
  for (let epoch = 0; epoch < 20; epoch++) {
    const loss = Y.sub(w.mul(X)).pow(2).mean()
    if (epoch === 0) first.push(String(loss))
    loss.backward()
    noGrad(() => w.sub_(w.grad!.mul(0.01)))
    w.grad!.zero_()
  }
  expect(first).toEqual(['tensor(30., grad_fn=<MeanBackward0>)'])
  expect(String(w)).toBe('tensor(1.9225, requires_grad=True)')
})

test('the higher-derivative example', () => {
  const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true })
  const [dx] = grad(x.pow(3).sum(), [x], { createGraph: true })
  const [d2x] = grad(dx!.sum(), [x])
  expect(String(d2x)).toBe('tensor([ 6., 12.], dtype=torch.float64)')
})

test('the gradcheck example', () => {
  manualSeed(0)
  const x = randn([3], { dtype: 'float64', requiresGrad: true })
  expect(gradcheck((t) => t.tanh(), [x])).toBe(true)
  expect(gradgradcheck((t) => t.tanh(), [x])).toBe(true)
})
