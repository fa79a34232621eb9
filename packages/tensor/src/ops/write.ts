import type { NDArray } from '../NDArray.js'
import { backend } from '../backend/index.js'
import { RuntimeError } from '../errors.js'
import { broadcastShapes, sameShape, shapeString } from '../shape.js'
import { broadcastTo, scalarIn } from './util.js'
import { clone } from '../views.js'

/**
 * Writes `src` (broadcast to `dst`'s shape and converted to its dtype) into the view `dst`, like `Tensor.copy_`.
 * @see https://pytorch.org/docs/1.13/generated/torch.Tensor.copy_.html
 * @example
 * copyInto(select(m, 0, 0), array([1, 2, 3])) // writes m's first row
 * copyInto(a, scalar(0))                      // zeroes a
 */
export function copyInto(dst: NDArray, src: NDArray | number): NDArray {
  if (typeof src === 'number') return fillInto(dst, src)
  if (!sameShape(dst.shape, src.shape)) {
    const shape = broadcastShapes(dst.shape, src.shape)
    if (!sameShape(shape, dst.shape)) {
      throw new RuntimeError(
        `output with shape ${shapeString(dst.shape)} doesn't match the broadcast shape ${shapeString(shape)}`,
      )
    }
  }
  // Copying between overlapping views of one storage must read everything before writing anything.
  const from = src.data === dst.data ? clone(src) : src
  backend.copy(broadcastTo(from, dst.shape), dst)
  return dst
}

/**
 * Sets every element of the view `dst` to `value` (converted to its dtype), like `Tensor.fill_`.
 * @see https://pytorch.org/docs/1.13/generated/torch.Tensor.fill_.html
 * @example
 * fillInto(zeros([2]), 7)             // tensor([7., 7.])
 * fillInto(narrow(a, 0, 0, 1), 0)     // zeroes a's first row
 */
export function fillInto(dst: NDArray, value: number | boolean): NDArray {
  backend.fill(dst, scalarIn(Number(value), dst.dtype))
  return dst
}
