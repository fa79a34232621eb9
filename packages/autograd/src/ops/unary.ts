// Elementwise unary ops, each with PyTorch's derivative formula (tools/autograd/derivatives.yaml in 1.13).
import * as K from '@descent/tensor'
import { apply, defineOp, mulKernel, type OpDef, zerosLike } from '../graph.js'
import { state } from '../mode.js'
import { Tensor } from '../Tensor.js'
import { where } from './arithmetic.js'

/**
 * A unary op inside a backward rule: with grad mode off only its kernel `fn` (the one `def.forward` calls) runs
 * (see mulKernel), same bits.
 */
function kernel(def: OpDef<undefined>, fn: (a: K.NDArray) => K.NDArray, a: Tensor): Tensor {
  return state.gradEnabled ? apply(def, [a], undefined) : new Tensor(fn(a.array))
}

export const negOp = defineOp({
  name: 'NegBackward0',
  freshGrads: true,
  forward: ([a]) => K.neg(a as K.NDArray),
  backward: (grad) => [grad.neg()],
})

// d|x| = sgn(x); zero at 0 like PyTorch
export const absOp = defineOp({
  name: 'AbsBackward0',
  freshGrads: true,
  forward: ([a]) => K.abs(a as K.NDArray),
  save: [0],
  // without createGraph one kernel makes grad · sign(x) (K.mulSign: the bits of K.mul(grad, K.sign(x)))
  backward: (grad, saved) => [
    state.gradEnabled ? grad.mul(apply(signOp, [saved[0]!], undefined)) : new Tensor(K.mulSign(grad.array, (saved[0] as Tensor).array)),
  ],
})

// d e^x = e^x: reuse the output
export const expOp = defineOp({
  name: 'ExpBackward0',
  freshGrads: true,
  forward: ([a]) => K.exp(a as K.NDArray),
  save: [-1],
  backward: (grad, saved) => [mulKernel(grad, saved[0]!)],
})

export const logOp = defineOp({
  name: 'LogBackward0',
  freshGrads: true,
  forward: ([a]) => K.log(a as K.NDArray),
  save: [0],
  backward: (grad, [a]) => [grad.div(a!)],
})

// d sqrt(x) = 1 / (2 sqrt(x))
export const sqrtOp = defineOp({
  name: 'SqrtBackward0',
  freshGrads: true,
  forward: ([a]) => K.sqrt(a as K.NDArray),
  save: [-1],
  backward: (grad, [out]) => [grad.div((out as Tensor).mul(2))],
})

export const sinOp = defineOp({
  name: 'SinBackward0',
  freshGrads: true,
  forward: ([a]) => K.sin(a as K.NDArray),
  save: [0],
  backward: (grad, saved) => [mulKernel(grad, kernel(cosOp, K.cos, saved[0] as Tensor))],
})

export const cosOp = defineOp({
  name: 'CosBackward0',
  freshGrads: true,
  forward: ([a]) => K.cos(a as K.NDArray),
  save: [0],
  backward: (grad, [a]) => [grad.mul((a as Tensor).sin().neg())],
})

// tanh_backward: grad * (1 - y²)
export const tanhOp = defineOp({
  name: 'TanhBackward0',
  freshGrads: true,
  forward: ([a]) => K.tanh(a as K.NDArray),
  save: [-1],
  backward: (grad, [out]) => {
    const y = out as Tensor
    return [grad.mul(y.mul(y).neg().add(1))]
  },
})

// sigmoid_backward: grad * (1 - y) * y
export const sigmoidOp = defineOp({
  name: 'SigmoidBackward0',
  freshGrads: true,
  forward: ([a]) => K.sigmoid(a as K.NDArray),
  save: [-1],
  backward: (grad, [out]) => {
    const y = out as Tensor
    return [grad.mul(y.neg().add(1)).mul(y)]
  },
})

// threshold_backward(grad, result, 0): no gradient where the output is <= 0, so none at exactly 0
export const reluOp = defineOp({
  name: 'ReluBackward0',
  forward: ([a]) => K.relu(a as K.NDArray),
  save: [-1],
  backward: (grad, [out]) => [where((out as Tensor).le(0), 0, grad)],
})

export const signOp = defineOp({
  name: 'SignBackward0',
  freshGrads: true,
  forward: ([a]) => K.sign(a as K.NDArray),
  backward: (grad) => [zerosLike(grad)],
})

// d(1/x) = -1/x² = -y²
export const reciprocalOp = defineOp({
  name: 'ReciprocalBackward0',
  freshGrads: true,
  forward: ([a]) => K.reciprocal(a as K.NDArray),
  save: [-1],
  backward: (grad, [out]) => {
    const y = out as Tensor
    return [grad.neg().mul(y.mul(y))]
  },
})

// clamp_backward: the gradient passes where min <= x <= max (bounds included, as in PyTorch)
export const clampOp = defineOp<readonly [number | undefined, number | undefined]>({
  name: 'ClampBackward1',
  forward: ([a], [lo, hi]) => K.clamp(a as K.NDArray, lo, hi),
  save: [0],
  backward: (grad, [a], node) => {
    const x = a as Tensor
    const [lo, hi] = node.params
    let inside: Tensor | null = null
    if (lo !== undefined) inside = x.ge(lo)
    if (hi !== undefined) {
      const below = x.le(hi)
      inside = inside === null ? below : new Tensor(K.where(inside.array, below.array, K.scalar(false, 'bool')))
    }
    return [inside === null ? grad : where(inside, grad, 0)]
  },
})

/** Clamps into [min, max]; either bound may be omitted (PyTorch needs at least one). */
export function clamp(a: Tensor, min?: number, max?: number): Tensor {
  if (min === undefined && max === undefined) {
    throw new K.RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
  }
  return apply(clampOp, [a], [min, max] as const)
}
