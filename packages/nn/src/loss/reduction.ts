import type { Tensor } from '@descent/autograd'
import { ValueError, sameShape, warn } from '@descent/tensor'
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

// A per-sample loop warns on every step with the same two shapes: the text is built once per pair of shapes.
let lastInput: readonly number[] = []
let lastTarget: readonly number[] = []
let lastMessage = ''

/** The UserWarning PyTorch's regression losses give when target and input differ in shape but broadcast. */
export function warnIfBroadcasting(input: Tensor, target: Tensor): void {
  const a = input.shape
  const b = target.shape
  if (sameShape(a, b)) return
  if (lastMessage === '' || !sameShape(a, lastInput) || !sameShape(b, lastTarget)) {
    lastInput = a.slice()
    lastTarget = b.slice()
    lastMessage =
      `Using a target size (${formatSize(b)}) that is different to the input size (${formatSize(a)}). ` +
      'This will likely lead to incorrect results due to broadcasting. Please ensure they have the same size.'
  }
  warn(lastMessage)
}
