import { readFileSync } from 'node:fs'
import { type Tensor, fromArray, tensor } from '@descent/autograd'
import { pyFixed } from '@descent/tensor'
import { expect, test } from 'vitest'
import { Adam } from './Adam.js'
import { SGD } from './SGD.js'
import { optimizerConformance } from './testing/conformance.js'

// The documented log of PART 3 of /work/shared/seeds/003_66c1704aae6028bc.txt (total_epochs = 30, stopped when the
// loss fell below 0.001; the notebook's output is cut off during epoch 24, so the last line is a prefix).
function documentedLog(): string[] {
  const text = readFileSync('/work/shared/seeds/003_66c1704aae6028bc.txt', 'utf8')
  const part = text.slice(text.indexOf('\n## PART 3\n'), text.indexOf('\n## PART 4\n'))
  return part.split('\n').filter((line) => line.startsWith('Epoch '))
}

test('the notebook PART 3 loop (SGD([w], { lr: 0.01 }), MSE, autograd) reproduces the documented log', () => {
  const X = tensor([1, 2, 3, 4], { dtype: 'float32' })
  const y = tensor([2, 4, 6, 8], { dtype: 'float32' })
  const w = tensor(0.0, { dtype: 'float32', requiresGrad: true })
  const forward = (x: Tensor) => w.mul(x)
  // nn.MSELoss()(y, y_pred): the mean of squared differences
  const mseLoss = (input: Tensor, target: Tensor) => input.sub(target).pow(2).mean()
  const optimizer = new SGD([w], { lr: 0.01 })
  const totalEpochs = 30
  const log: string[] = []
  for (let epoch = 0; epoch < totalEpochs; epoch++) {
    const yPred = forward(X)
    const l = mseLoss(y, yPred)
    l.backward()
    optimizer.step()
    optimizer.zeroGrad()
    log.push(
      `Epoch ${epoch + 1}/${totalEpochs}: w = ${pyFixed(w.item() as number, 3)}, loss = ${pyFixed(l.item() as number, 8)}`,
    )
    if ((l.item() as number) < 0.001) break
  }
  const documented = documentedLog()
  expect(documented.length).toBe(24)
  expect(log.slice(0, 23)).toEqual(documented.slice(0, 23))
  expect(log[23]!.startsWith(documented[23]!)).toBe(true)
  expect(w.grad).toBeNull()
})

test('optimisers drive autograd tensors: grads from backward, zeroGrad to null, in-place zeroing kept', () => {
  const w = tensor([1, -2], { requiresGrad: true })
  const opt = new Adam([w], { lr: 0.1 })
  w.mul(w).sum().backward()
  opt.step()
  // torch 1.13: Adam([w], lr=0.1) after (w * w).sum().backward() from [1, -2]
  expect(w.tolist()).toEqual([0.9000000357627869, -1.899999976158142])
  const grad = w.grad
  opt.zeroGrad({ setToNone: false })
  expect(w.grad).toBe(grad)
  expect(grad!.tolist()).toEqual([0, 0])
  opt.zeroGrad()
  expect(w.grad).toBeNull()
})

// The kit on real autograd tensors, not just plain { array, grad } objects.
optimizerConformance('SGD with momentum on autograd tensors', (params, { lr }) => new SGD(params, { lr, momentum: 0.9 }), {
  tensor: (a) => fromArray(a),
  numRuns: 10,
})
optimizerConformance('Adam on autograd tensors', (params, { lr }) => new Adam(params, { lr }), {
  tensor: (a) => fromArray(a),
  numRuns: 10,
})

test('step(closure) re-evaluates the loss with gradients on, even under noGrad', async () => {
  const { noGrad } = await import('@descent/autograd')
  const w = tensor([3], { requiresGrad: true })
  const opt = new SGD([w], { lr: 0.25 })
  const closure = () => {
    opt.zeroGrad()
    const loss = w.mul(w).sum()
    loss.backward()
    return loss
  }
  const loss = noGrad(() => opt.step(closure))
  expect(loss!.item()).toBe(9)
  // grad 2w = 6, so w = 3 - 0.25 * 6
  expect(w.tolist()).toEqual([1.5])
})

test('a step changes the parameters in place: a graph saved before it refuses to backpropagate, as in PyTorch', () => {
  const w = tensor([1, 2], { requiresGrad: true })
  const opt = new SGD([w], { lr: 0.1 })
  w.sum().backward()
  const before = w._version
  const y = w.mul(w).sum()
  opt.step()
  expect(w._version).toBe(before + 1)
  expect(() => y.backward()).toThrow(/modified by an inplace operation/)
})

test('zeroGrad({ setToNone: false }) zeroes the gradient in place and counts it, as grad.zero_() does', () => {
  const w = tensor([1, 2], { requiresGrad: true })
  const opt = new SGD([w], { lr: 0.1 })
  w.sum().backward()
  const grad = w.grad!
  const before = grad._version
  opt.zeroGrad({ setToNone: false })
  expect(w.grad).toBe(grad)
  expect(grad.tolist()).toEqual([0, 0])
  expect(grad._version).toBe(before + 1)
})

test('incrementVersion is what a step records: one bump per updated parameter, none without a gradient', () => {
  const w = tensor([1], { requiresGrad: true })
  const unused = tensor([1], { requiresGrad: true })
  const opt = new SGD([w, unused], { lr: 0.1 })
  w.incrementVersion()
  expect(w._version).toBe(1)
  w.sum().backward()
  opt.step()
  expect([w._version, unused._version]).toEqual([2, 0])
})
