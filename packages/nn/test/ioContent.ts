// The state dict descent writes for tools/oracle/nn_io.py to read back with PyTorch and NumPy.
import { NDArray } from '@descent/tensor'

export function descentStateDict(): Record<string, NDArray> {
  const weight = new NDArray(Float32Array.from([0.5, -1.25, 3, 1e-3, -0, 1e-45]), [2, 3], 'float32')
  return {
    'linear.weight': weight,
    'linear.bias': new NDArray(Float32Array.from([Number.POSITIVE_INFINITY, Number.NaN]), [2], 'float32'),
    // A transposed view of the weight: torch.save keeps one storage for both.
    'linear.weightT': new NDArray(weight.data, [3, 2], 'float32', [1, 3]),
    counts: new NDArray(Float64Array.from([0, -1, 2 ** 40, 2 ** 53 - 1]), [4], 'int64'),
    mask: new NDArray(Uint8Array.from([1, 0, 0, 1]), [2, 2], 'bool'),
    scalar: new NDArray(Float64Array.from([Math.PI]), [], 'float64'),
    empty: new NDArray(new Float32Array(0), [0, 3], 'float32'),
  }
}

export const descentMetadata = { format: 'pt', writer: 'descent' }
