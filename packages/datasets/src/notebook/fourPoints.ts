import { type Tensor, fromArray } from '@descent/autograd'
import { NDArray } from '@descent/tensor'

/**
 * The four points of f(x) = 2x that the "Gradient descent" notebook trains on: X = [1, 2, 3, 4], y = [2, 4, 6, 8]
 * in float32; `column: true` gives PART 4's [4, 1] shape for nn.Linear.
 * See https://pytorch.org/docs/1.13/generated/torch.tensor.html
 *
 * ```ts
 * const { X, y } = fourPoints({ column: true }) // X.shape [4, 1]
 * ```
 */
export function fourPoints(options: { column?: boolean } = {}): { X: Tensor; y: Tensor } {
  const shape = options.column ? [4, 1] : [4]
  return {
    X: fromArray(new NDArray(Float32Array.of(1, 2, 3, 4), shape, 'float32')),
    y: fromArray(new NDArray(Float32Array.of(2, 4, 6, 8), shape, 'float32')),
  }
}
