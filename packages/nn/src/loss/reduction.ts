import type { Tensor } from '@descent/autograd'
import { ValueError, warn } from '@descent/tensor'
import { formatSize } from '../module/format.js'

/** How a loss reduces its elementwise values: their mean, their sum, or not at all. */
export type Reduction = 'mean' | 'sum' | 'none'

/** PyTorch's check of the `reduction` argument. */
export function checkReduction(reduction: string): asserts reduction is Reduction {
  if (reduction !== 'mean' && reduction !== 'sum' && reduction !== 'none') {
    throw new ValueError(`${reduction} is not a valid value for reduction`)
  }
}

/** Applies a checked reduction. */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  return reduction === 'mean' ? loss.mean() : reduction === 'sum' ? loss.sum() : loss
}

export const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((d, i) => d === b[i])

/** The UserWarning PyTorch's regression losses give when target and input differ in shape but broadcast. */
export function warnIfBroadcasting(input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    warn(
      `Using a target size (${formatSize(target.shape)}) that is different to the input size (${formatSize(input.shape)}). ` +
        'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.',
    )
  }
}
