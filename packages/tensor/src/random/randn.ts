import { NDArray, allocate, shapeSize } from '../NDArray.js'
import { RuntimeError } from '../errors.js'
import { checkShape, TORCH_TYPE_NAME } from './fillOrder.js'
import { defaultGenerator } from './Generator.js'
import { fillNormal } from './normalInto.js'
import type { RandomOptions } from './rand.js'

/**
 * Standard normal draws, as `torch.randn`, with PyTorch 1.13's CPU algorithm (see `normalInto`).
 *
 * https://pytorch.org/docs/1.13/generated/torch.randn.html
 * @example
 * manualSeed(0)
 * randn([3]) // tensor([ 1.5410, -0.2934, -2.1788])
 */
export function randn(shape: number | readonly number[], options: RandomOptions = {}): NDArray {
  const dims = checkShape(shape)
  const dtype = options.dtype ?? 'float32'
  if (dtype !== 'float32' && dtype !== 'float64') {
    throw new RuntimeError(`"normal_kernel_cpu" not implemented for '${TORCH_TYPE_NAME[dtype]}'`)
  }
  const out = new NDArray(allocate(dtype, shapeSize(dims)), dims, dtype)
  fillNormal(out, 0, 1, options.generator ?? defaultGenerator)
  return out
}
