import type { NDArray } from '../NDArray.js'
import { RuntimeError } from '../errors.js'
import { sameShape, shapeString } from '../shape.js'
import { reshape } from '../views.js'
import { sum } from './reduce.js'

/**
 * Sums a broadcast result back to the shape of one of its inputs: over the leading dims broadcasting added and
 * the dims where the input had size 1. The one place autograd undoes broadcasting.
 * @see https://pytorch.org/docs/1.13/generated/torch.Tensor.sum_to_size.html
 * @example
 * sumToShape(ones([2, 3]), [3])    // tensor([2., 2., 2.])
 * sumToShape(ones([2, 3]), [2, 1]) // tensor([[3.], [3.]])
 */
export function sumToShape(a: NDArray, shape: readonly number[]): NDArray {
  if (sameShape(a.shape, shape)) return a
  // Down to 0-d (a scalar's gradient): one full reduction, the same sum the keepdim route computes, without the reshape.
  if (shape.length === 0) return sum(a)
  const lead = a.shape.length - shape.length
  const dims: number[] = []
  let ok = lead >= 0
  for (let i = 0; i < a.shape.length && ok; i++) {
    if (i < lead) dims.push(i)
    else {
      const s = shape[i - lead]!
      if (s === 1 && a.shape[i] !== 1) dims.push(i)
      else if (s !== a.shape[i]) ok = false
    }
  }
  if (!ok) throw new RuntimeError(`size {${shapeString(shape)}} is not expandable to size {${shapeString(a.shape)}}.`)
  return reshape(dims.length === 0 ? a : sum(a, dims, true), shape)
}
