// One place where datasets meets both array kinds: NDArrays (no gradients) and autograd Tensors (which wrap one).
import { fromArray, Tensor } from '@descent/autograd'
import type { NDArray } from '@descent/tensor'
import { row, rowCount as ndRowCount, stack, takeRows } from './rows.js'

/** An array with rows: an NDArray or an autograd Tensor. */
export type Rowed = NDArray | Tensor

export const isTensor = (x: unknown): x is Tensor => x instanceof Tensor

/** The size of dim 0. */
export function rowCount(t: Rowed): number {
  return ndRowCount(isTensor(t) ? t.array : t)
}

/** Row `i`: a view for NDArrays; for Tensors `select(0, i)` when it needs history (as `t[i]` in PyTorch), else a view. */
export function rowOf<T extends Rowed>(t: T, i: number): T {
  if (isTensor(t)) {
    const view = row(t.array, i)
    // Only a tensor that requires grad needs the select node; a plain view skips the op machinery per sample.
    return (t.requiresGrad ? t.select(0, i < 0 ? i + t.shape[0]! : i) : fromArray(view)) as T
  }
  return row(t as NDArray, i) as T
}

/** `torch.stack` of samples: an NDArray from NDArrays, a Tensor (without history, as collation makes) from Tensors. */
export function stackRowed(items: readonly Rowed[]): Rowed {
  if (items.some(isTensor)) return fromArray(stack(items.map((t) => (isTensor(t) ? t.array : t))))
  return stack(items as readonly NDArray[])
}

/** Rows `indices` as a fresh array of the same kind, like `a[indices]`. */
export function takeRowsOf<T extends Rowed>(t: T, indices: readonly number[]): T {
  if (isTensor(t)) return fromArray(takeRows(t.array, indices)) as T
  return takeRows(t as NDArray, indices) as T
}
