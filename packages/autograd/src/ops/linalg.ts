// matmul and the products it dispatches to, named as PyTorch 1.13 records them.
import * as K from '@descent/tensor'
import { apply, defineOp } from '../graph.js'
import type { Tensor } from '../Tensor.js'
import { squeeze } from './shape.js'

// d(a·b) = (grad b, grad a)
export const dotOp = defineOp({
  name: 'DotBackward0',
  forward: ([a, b]) => K.dot(a as K.NDArray, b as K.NDArray),
  save: [0, 1],
  saveFor: [1, 0],
  backward: (grad, [a, b], node) => [
    node.needsInputGrad(0) ? grad.mul(b!) : null,
    node.needsInputGrad(1) ? grad.mul(a!) : null,
  ],
})

// mm_mat1_backward = grad bᵀ, mm_mat2_backward = aᵀ grad
export const mmOp = defineOp({
  name: 'MmBackward0',
  forward: ([a, b]) => K.matmul(a as K.NDArray, b as K.NDArray),
  save: [0, 1],
  saveFor: [1, 0],
  backward: (grad, [a, b], node) => [
    node.needsInputGrad(0) ? grad.matmul((b as Tensor).t()) : null,
    node.needsInputGrad(1) ? (a as Tensor).t().matmul(grad) : null,
  ],
})

// input + mat1 mat2: grad for input (the engine sums it back to a broadcast bias), then mm's two rules
export const addmmOp = defineOp({
  name: 'AddmmBackward0',
  forward: ([input, mat1, mat2]) => K.addmm(input as K.NDArray, mat1 as K.NDArray, mat2 as K.NDArray),
  save: [1, 2],
  saveFor: [2, 1],
  backward: (grad, [mat1, mat2], node) => [
    node.needsInputGrad(0) ? grad : null,
    node.needsInputGrad(1) ? grad.matmul((mat2 as Tensor).t()) : null,
    node.needsInputGrad(2) ? (mat1 as Tensor).t().matmul(grad) : null,
  ],
})

// d(Mv) = (grad ⊗ v, Mᵀ grad)
export const mvOp = defineOp({
  name: 'MvBackward0',
  forward: ([a, b]) => K.matmul(a as K.NDArray, b as K.NDArray),
  save: [0, 1],
  saveFor: [1, 0],
  backward: (grad, [m, v], node) => [
    node.needsInputGrad(0) ? grad.unsqueeze(1).mul((v as Tensor).unsqueeze(0)) : null,
    node.needsInputGrad(1) ? (m as Tensor).t().matmul(grad) : null,
  ],
})

// Batched products with broadcast batch dims; the engine sums gradients back over broadcast batches.
export const batchedOp = defineOp({
  name: 'UnsafeViewBackward0',
  forward: ([a, b]) => K.matmul(a as K.NDArray, b as K.NDArray),
  save: [0, 1],
  backward: (grad, [a, b], node) => {
    let x = a as Tensor
    let y = b as Tensor
    let g = grad
    const vecA = x.ndim === 1
    const vecB = y.ndim === 1
    if (vecA) {
      x = x.unsqueeze(0)
      g = g.unsqueeze(-2)
    }
    if (vecB) {
      y = y.unsqueeze(-1)
      g = g.unsqueeze(-1)
    }
    let ga = node.needsInputGrad(0) ? g.matmul(y.transpose(-1, -2)) : null
    let gb = node.needsInputGrad(1) ? x.transpose(-1, -2).matmul(g) : null
    if (vecA && ga !== null) ga = ga.squeeze(-2)
    if (vecB && gb !== null) gb = gb.squeeze(-1)
    return [ga, gb]
  },
})

/**
 * Matrix product with torch.matmul's rules for 1-D, 2-D and batched operands.
 * https://pytorch.org/docs/1.13/generated/torch.matmul.html
 * @example
 * tensor([[1, 2], [3, 4]], { dtype: 'float32' }).matmul(tensor([1, 1], { dtype: 'float32' })) // tensor([3., 7.])
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  const da = a.ndim
  const db = b.ndim
  if (da === 0 || db === 0) {
    throw new K.RuntimeError(`both arguments to matmul need to be at least 1D, but they are ${da}D and ${db}D`)
  }
  if (da === 1 && db === 1) return dot(a, b)
  if (da === 2 && db === 2) return apply(mmOp, [a, b], undefined)
  if (da === 2 && db === 1) return apply(mvOp, [a, b], undefined)
  if (da === 1 && db === 2) return squeeze(apply(mmOp, [a.unsqueeze(0), b], undefined), 0, 'SqueezeBackward3')
  // PyTorch computes 2-D @ batched as a transposed product and copies it contiguous
  return apply(batchedOp, [a, b], undefined, da === 2 ? 'CloneBackward0' : undefined)
}

/**
 * input + mat1 @ mat2 in one kernel, summed as torch's addmm sums it (the bias enters before the first K block),
 * which is what F.linear computes for a 2-D input with a bias.
 * https://pytorch.org/docs/1.13/generated/torch.addmm.html
 * @example
 * addmm(bias, x, weight.t()) // x Wᵀ + b, as torch.nn.functional.linear computes it
 * addmm(zeros([2, 2]), eye(2), eye(2)) // tensor([[1., 0.], [0., 1.]])
 */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor): Tensor {
  return apply(addmmOp, [input, mat1, mat2], undefined)
}

export function dot(a: Tensor, b: Tensor): Tensor {
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new K.RuntimeError(`1D tensors expected, but got ${a.ndim}D and ${b.ndim}D tensors`)
  }
  return apply(dotOp, [a, b], undefined)
}
