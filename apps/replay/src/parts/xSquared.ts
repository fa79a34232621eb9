import * as Plot from '@observablehq/plot'
import { type Tensor, linspace, tensor } from '@descent/autograd'
import { TAB10, figure } from '../plot/figure.js'
import type { Part, PartResult } from '../part.js'
import { num } from './values.js'

/**
 * 002's "Calculating Gradients": x² at 3 is 9 and its gradient is 6, with PyTorch's printed forms.
 * See https://pytorch.org/docs/1.13/generated/torch.Tensor.backward.html
 * @example
 * xSquared().yText // 'tensor(9., grad_fn=<PowBackward0>)'
 */
export function xSquared() {
  const f = (x: Tensor) => x.pow(2)
  // tensor(3.) is a Python float: float32
  const xt = tensor(3, { dtype: 'float32' }).requiresGrad_()
  const yt = f(xt)
  const yText = yt.toString()
  yt.backward()
  const grad = xt.grad as Tensor
  return { x: num(xt), y: num(yt), grad: num(grad), yText, gradText: grad.toString() }
}

/** 002's `plot_function(f, 'x', 'x**2')` over fastbook's default [-2, 2], with the red point at -1.5. */
function xSquaredFigure() {
  const xs = linspace(-2, 2, 101)
  const ys = xs.pow(2).tolist() as number[]
  const curve = (xs.tolist() as number[]).map((x, i) => [x, ys[i]])
  const p = tensor(-1.5).pow(2).item() as number
  return figure('x-squared', 'f(x) = x**2', {
    width: 420,
    height: 300,
    grid: true,
    x: { label: 'x' },
    y: { label: 'x**2' },
    marks: [
      Plot.line(curve, { x: '0', y: '1', stroke: TAB10[0] }),
      Plot.dot([[-1.5, p]], { x: '0', y: '1', fill: TAB10[3], r: 5 }),
    ],
  })
}

/** `replay x-squared`: 002's gradient of x² at 3. */
export const xSquaredPart: Part = {
  id: 'x-squared',
  source: '002',
  title: 'the gradient of x² at 3',
  defaults: {},
  run(): PartResult {
    const r = xSquared()
    return {
      id: 'x-squared',
      mode: 'deterministic',
      seed: null,
      notes: ['xt = tensor(3.).requires_grad_(); yt = xt**2; yt.backward(); xt.grad'],
      lines: [r.yText, r.gradText],
      records: [{ x: r.x, y: r.y, grad: r.grad }],
      summary: { x: r.x, y: r.y, grad: r.grad, y_text: r.yText, grad_text: r.gradText },
      lossCurve: [],
      figures: [xSquaredFigure()],
    }
  },
}
