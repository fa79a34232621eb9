// Dtype conversion and the value-replacing ops that in-place copy_/fill_/zero_ record.
import * as K from '@descent/tensor'
import { apply, defineOp, zerosLike } from '../graph.js'
import type { Tensor } from '../Tensor.js'

export const toCopyOp = defineOp<K.DType>({
  name: 'ToCopyBackward0',
  forward: ([a], dtype) => K.cast(a as K.NDArray, dtype),
  backward: (grad, _s, node) => [grad.to(node.inputDtypes[0] as K.DType)],
})

/** Casts to `dtype`; returns `a` itself when it already has it, as PyTorch does. */
export function to(a: Tensor, dtype: K.DType): Tensor {
  if (a.dtype === dtype) return a
  return apply(toCopyOp, [a], dtype)
}

// copy_: the old values get no gradient; the source gets the gradient summed to its shape and cast to its dtype.
export const copyOp = defineOp({
  name: 'CopyBackwards',
  forward: ([dst, src]) => {
    const d = dst as K.NDArray
    const out = K.empty(d.shape as number[], { dtype: d.dtype })
    K.copyInto(out, src!)
    return out
  },
  backward: (grad) => [zerosLike(grad), grad],
})

/** The out-of-place value of `dst.copy_(src)`: src broadcast to dst's shape in dst's dtype. */
export function copyValue(dst: Tensor, src: Tensor | number): Tensor {
  return apply(copyOp, [dst, src], undefined)
}

export const fillOp = defineOp<number>({
  name: 'FillBackward0',
  forward: ([a], value) => K.fullLike(a as K.NDArray, value),
  backward: (grad) => [zerosLike(grad)],
})

export const zeroOp = defineOp({
  name: 'ZeroBackward0',
  forward: ([a]) => K.zerosLike(a as K.NDArray),
  backward: (grad) => [zerosLike(grad)],
})

/** The out-of-place value of `a.fill_(value)` (or `a.zero_()` for value 0 with `zero` set). */
export function fillValue(a: Tensor, value: number, zero = false): Tensor {
  return zero ? apply(zeroOp, [a], undefined) : apply(fillOp, [a], value)
}
