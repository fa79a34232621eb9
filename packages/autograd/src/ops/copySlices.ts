// In-place ops on views while recording: PyTorch's CopySlices. The base takes a node that routes the gradient of
// the written region to the new values and the rest to the old base; the view is re-derived from the base.
import * as K from '@descent/tensor'
import { type OpDef, apply, checkFreshView, defineOp, record } from '../graph.js'
import { Tensor } from '../Tensor.js'

/** Where a view sits in its base's storage (the base being a whole contiguous storage of `baseShape`). */
interface Region {
  readonly shape: readonly number[]
  readonly strides: readonly number[]
  readonly offset: number
  readonly baseShape: readonly number[]
}

function ownsStorage(a: K.NDArray): boolean {
  return a.offset === 0 && a.data.length === a.size && a.isContiguous()
}

/** The region's view into a base-shaped array (copied to a whole contiguous storage first when it is not one). */
function regionOf(a: K.NDArray, r: Region): K.NDArray {
  const c = ownsStorage(a) ? a : K.clone(a)
  return new K.NDArray(c.data, r.shape, c.dtype, r.strides, c.offset + r.offset)
}

// Reads the region out of a base-shaped gradient; its adjoint scatters back into zeros.
export const asStridedOp: OpDef<Region> = defineOp<Region>({
  name: 'AsStridedBackward0',
  forward: ([a], r) => K.clone(regionOf(a as K.NDArray, r)),
  backward: (grad, _s, node) => [apply(asStridedScatterOp, [grad], node.params)],
})

export const asStridedScatterOp: OpDef<Region> = defineOp<Region>({
  name: 'AsStridedScatterBackward0',
  forward: ([g], r) => {
    const out = K.zeros(r.baseShape as number[], { dtype: (g as K.NDArray).dtype })
    K.copyInto(regionOf(out, r), g as K.NDArray)
    return out
  },
  backward: (grad, _s, node) => [apply(asStridedOp, [grad], node.params)],
})

// Zeroes the region of a base-shaped gradient: linear and its own adjoint.
export const maskRegionOp: OpDef<Region> = defineOp<Region>({
  name: 'MaskRegionBackward0',
  forward: ([g], r) => {
    const out = K.clone(g as K.NDArray)
    K.fillInto(regionOf(out, r), 0)
    return out
  },
  backward: (grad, _s, node) => [apply(maskRegionOp, [grad], node.params)],
})

// The base after the write: old base outside the region, new values inside.
export const copySlicesOp = defineOp<Region>({
  name: 'CopySlices',
  forward: ([base, values], r) => {
    const out = K.clone(base as K.NDArray)
    K.copyInto(regionOf(out, r), values as K.NDArray)
    return out
  },
  backward: (grad, _s, node) => [
    node.needsInputGrad(0) ? apply(maskRegionOp, [grad], node.params) : null,
    node.needsInputGrad(1) ? apply(asStridedOp, [grad], node.params) : null,
  ],
})

/**
 * Runs a recorded in-place op on a view: `tracked` computes the new values from the old ones (recorded), they are
 * written into the base's storage, the base's gradFn becomes CopySlices and the view's AsStridedBackward0.
 */
export function inplaceOnView(view: Tensor, tracked: (old: Tensor) => Tensor, write: (values: K.NDArray) => void): void {
  checkFreshView(view)
  const base = view._base!
  if (!ownsStorage(base.array)) {
    throw new K.RuntimeError(
      'descent records in-place operations on views only when the base tensor is one whole contiguous storage',
    )
  }
  const v = view.array
  const region: Region = { shape: v.shape, strides: v.strides, offset: v.offset, baseShape: base.array.shape }
  const old = new Tensor(K.clone(v))
  old.gradFn = view.gradFn
  old._requiresGrad = view._requiresGrad
  const values = tracked(old)
  const oldBase = new Tensor(base.array)
  oldBase.gradFn = base.gradFn
  oldBase._requiresGrad = base._requiresGrad
  oldBase._acc = base._acc
  write(values.array)
  record(copySlicesOp, [oldBase, values], region, base)
  if (base._retainsGrad && base.gradFn !== null) base.gradFn.retained = base
  const fresh = apply(asStridedOp, [base], region)
  view.gradFn = fresh.gradFn
  view._requiresGrad = fresh._requiresGrad
  view._viewFn = base.gradFn
}
