// The notebooks' autograd step (tools/oracle/autograd_notebook.py), held to PyTorch's float32 numbers bit for bit.
import { readFileSync } from 'node:fs'
import { expect, test } from 'vitest'
import { noGrad, tensor } from '../src/index.js'

interface Step {
  loss: number
  grad: number
  w: number
  lossRepr: string
  wRepr: string
}
const steps: Step[] = JSON.parse(readFileSync(new URL('./fixtures/autograd_notebook.json', import.meta.url), 'utf8')).cases

test('100 epochs of loss = mean((Y - wX)²), backward, w.sub_(lr * grad) under noGrad, grad.zero_()', () => {
  const X = tensor([1, 2, 3, 4], { dtype: 'float32' })
  const Y = tensor([2, 4, 6, 8], { dtype: 'float32' })
  const w = tensor(0, { dtype: 'float32', requiresGrad: true })
  steps.forEach((expected, epoch) => {
    const loss = Y.sub(w.mul(X)).pow(2).mean()
    loss.backward()
    const grad = w.grad!.item()
    noGrad(() => w.sub_(w.grad!.mul(0.01)))
    w.grad!.zero_()
    expect({ loss: loss.item(), grad, w: w.item(), lossRepr: String(loss), wRepr: String(w) }, `epoch ${epoch + 1}`).toEqual(
      expected,
    )
  })
})
