// Broadcasting binary ops. Rules return gradients in the output's broadcast shape; the engine sums them back.
import * as K from '@descent/tensor'
import { apply, defineOp, mulKernel, negKernel, type Operand, zerosLike } from '../graph.js'
import { Tensor } from '../Tensor.js'

export const addOp = defineOp<number>({
  name: 'AddBackward0',
  freshGrads: true,
  forward: ([a, b], alpha) => K.add(a as K.NDArray, alpha === 1 ? b! : K.mul(b as K.NDArray, alpha)),
  backward: (grad, _saved, node) => [
    grad,
    node.next1 === null ? null : node.params === 1 ? grad : grad.mul(node.params),
  ],
})

export const subOp = defineOp<number>({
  name: 'SubBackward0',
  freshGrads: true,
  forward: ([a, b], alpha) => K.sub(a as K.NDArray, alpha === 1 ? b! : K.mul(b as K.NDArray, alpha)),
  backward: (grad, _saved, node) => [
    grad,
    node.next1 === null ? null : node.params === 1 ? negKernel(grad) : grad.mul(-node.params),
  ],
})

// d(ab)/da = b, d(ab)/db = a
export const mulOp = defineOp({
  name: 'MulBackward0',
  freshGrads: true,
  forward: ([a, b]) => K.mul(a as K.NDArray, b!),
  save: [0, 1],
  saveFor: [1, 0],
  // indexing, not destructuring: this rule runs for every mul, and unoptimised code pays the iterator protocol
  backward: (grad, saved, node) => [
    node.next0 !== null ? mulKernel(grad, saved[1]!) : null,
    node.next1 !== null ? mulKernel(grad, saved[0]!) : null,
  ],
})

// PyTorch's div_tensor_other_backward: -grad * ((a / b) / b)
export const divOp = defineOp({
  name: 'DivBackward0',
  freshGrads: true,
  forward: ([a, b]) => K.div(a as K.NDArray, b!),
  save: [0, 1],
  saveFor: [1, -1],
  backward: (grad, [a, b], node) => [
    node.needsInputGrad(0) ? grad.div(b!) : null,
    typeof b === 'number' || !node.needsInputGrad(1) ? null : grad.neg().mul(asTensor(a!, b).div(b).div(b)),
  ],
})

// tensor ** scalar; PyTorch's pow_backward: grad * (p * x^(p-1)), and zeros for p = 0
export const powScalarOp = defineOp<number>({
  name: 'PowBackward0',
  freshGrads: true,
  forward: ([a], p) => (p === 2 ? K.square(a as K.NDArray) : K.pow(a as K.NDArray, p)),
  save: [0],
  backward: (grad, saved, node) => {
    const p = node.params
    const x = saved[0] as Tensor
    if (p === 0) return [zerosLike(grad)]
    return [mulKernel(grad, p === 2 ? mulKernel(x, 2) : x.pow(p - 1).mul(p))]
  },
})

// tensor ** tensor (either may be a scalar); PyTorch's pow_backward_self / pow_backward_exponent
export const powTensorOp = defineOp({
  name: 'PowBackward1',
  forward: ([a, b]) => K.pow(a as K.NDArray, b!),
  save: [0, 1, -1],
  backward: (grad, [a, b, out], node) => {
    const x = a!
    const p = b!
    const result = out as Tensor
    let ga: Tensor | null = null
    let gb: Tensor | null = null
    if (typeof x !== 'number' && node.needsInputGrad(0)) {
      // where(p == 0, 0, grad * p * x^(p-1))
      const d = typeof p === 'number' ? x.pow(p - 1).mul(p) : x.pow(p.sub(1)).mul(p)
      ga = typeof p === 'number' && p === 0 ? zerosLike(grad) : where(eqZero(p), 0, grad.mul(d))
    }
    if (typeof p !== 'number' && node.needsInputGrad(1)) {
      // where(x == 0 and p >= 0, 0, grad * out * log(x)): the limit of x^p log x at 0
      const logx = typeof x === 'number' ? Math.log(x) : x.log()
      const term = result.mul(logx)
      const mask = typeof x === 'number' ? (x === 0 ? p.ge(0) : null) : new Tensor(K.where(x.eq(0).array, p.ge(0).array, K.scalar(0, 'bool')))
      gb = grad.mul(mask === null ? term : where(mask, 0, term))
    }
    return [ga, gb]
  },
})

function eqZero(p: Operand): Tensor | boolean {
  return typeof p === 'number' ? p === 0 : p.eq(0)
}

// PyTorch splits ties evenly: where(a == b, grad / 2, grad) masked to the winning side
export const maximumOp = defineOp({
  name: 'MaximumBackward0',
  forward: ([a, b]) => K.maximum(a as K.NDArray, b as K.NDArray),
  save: [0, 1],
  backward: (grad, [a, b]) => tieSplit(grad, a as Tensor, b as Tensor, true),
})

export const minimumOp = defineOp({
  name: 'MinimumBackward0',
  forward: ([a, b]) => K.minimum(a as K.NDArray, b as K.NDArray),
  save: [0, 1],
  backward: (grad, [a, b]) => tieSplit(grad, a as Tensor, b as Tensor, false),
})

function tieSplit(grad: Tensor, a: Tensor, b: Tensor, isMax: boolean): Tensor[] {
  const shared = where(a.eq(b), grad.div(2), grad)
  const aLoses = isMax ? a.lt(b) : a.gt(b)
  const bLoses = isMax ? a.gt(b) : a.lt(b)
  return [where(aLoses, 0, shared), where(bLoses, 0, shared)]
}

// The condition is not differentiable; each side gets the gradient where it was chosen.
export const whereOp = defineOp<K.NDArray>({
  name: 'WhereBackward0',
  forward: ([a, b], cond) => K.where(cond, a!, b!),
  backward: (grad, _saved, node) => {
    const cond = new Tensor(node.params)
    return [where(cond, grad, 0), where(cond, 0, grad)]
  },
})

// The Tensor methods run the common forms' kernels themselves and record through applyTo (the hot path); these
// take the rest: alpha != 1, tensor exponents, and the in-place ops' recording.

/** a + alpha * b, broadcasting; PyTorch's add. */
export function add(a: Tensor, b: Operand, alpha = 1): Tensor {
  return apply(addOp, [a, b], alpha)
}

/** a - alpha * b, broadcasting; PyTorch's sub. */
export function sub(a: Tensor, b: Operand, alpha = 1): Tensor {
  return apply(subOp, [a, b], alpha)
}

export function mul(a: Tensor, b: Operand): Tensor {
  return apply(mulOp, [a, b], undefined)
}

export function div(a: Tensor, b: Operand): Tensor {
  return apply(divOp, [a, b], undefined)
}

export function pow(a: Operand, b: Operand): Tensor {
  if (typeof b === 'number' && typeof a !== 'number') return apply(powScalarOp, [a], b)
  return apply(powTensorOp, [a, b], undefined)
}

export function maximum(a: Tensor, b: Tensor): Tensor {
  return apply(maximumOp, [a, b], undefined)
}

export function minimum(a: Tensor, b: Tensor): Tensor {
  return apply(minimumOp, [a, b], undefined)
}

/**
 * Picks `a` where `cond` is true and `b` elsewhere, broadcasting all three; differentiable in `a` and `b`.
 * https://pytorch.org/docs/1.13/generated/torch.where.html
 * @example
 * where(x.gt(0), x, 0) // relu
 */
export function where(cond: Tensor | boolean, a: Operand, b: Operand): Tensor {
  const c = typeof cond === 'boolean' ? K.scalar(cond ? 1 : 0, 'bool') : cond.array
  return apply(whereOp, [asOperand(a, b), b], c)
}

// K.where needs at least one array operand to fix the result's dtype and shape.
function asOperand(a: Operand, b: Operand): Operand {
  if (typeof a === 'number' && typeof b === 'number') return new Tensor(K.scalar(a))
  return a
}

function asTensor(a: Operand, like: Tensor): Tensor {
  return typeof a === 'number' ? new Tensor(K.scalar(a, like.dtype)) : a
}
