import { type Tensor, fromArray } from '@descent/autograd'
import { NDArray, arange, toTypedArray } from '@descent/tensor'

export interface LineOptions {
  start?: number
  end?: number
  step?: number
  weight?: number
  bias?: number
}

// torch.arange and np.arange both take ceil((end - start) / step) points, computed in double.
const count = (start: number, end: number, step: number) => Math.max(0, Math.ceil((end - start) / step))

/**
 * Example 3's line as the notebook builds it with NumPy: X = np.arange(0, 1, 0.02), y = 0.7·X + 0.3, both float64
 * of shape [50] (the notebook casts to float32 after `train_test_split`).
 * See https://numpy.org/doc/1.24/reference/generated/numpy.arange.html
 *
 * ```ts
 * const { X, y } = lineData()
 * const [xTrain, xTest, yTrain, yTest] = trainTestSplit(X, y, { testSize: 0.3, randomState: 42 })
 * ```
 */
export function lineData(options: LineOptions = {}): { X: NDArray; y: NDArray } {
  const { start = 0, end = 1, step = 0.02, weight = 0.7, bias = 0.3 } = options
  const n = count(start, end, step)
  const X = new Float64Array(n)
  const y = new Float64Array(n)
  // NumPy's arange fills start + i * delta with delta = (start + step) - start, not step itself.
  const delta = start + step - start
  for (let i = 0; i < n; i++) {
    X[i] = i === 0 ? start : start + i * delta
    y[i] = weight * X[i]! + bias
  }
  return { X: new NDArray(X, [n], 'float64'), y: new NDArray(y, [n], 'float64') }
}

/**
 * The same line built the PyTorch way: X = torch.arange(0, 1, 0.02).unsqueeze(1) (float32, shape [50, 1]) and
 * y = 0.7·X + 0.3 in float32 arithmetic.
 * See https://pytorch.org/docs/1.13/generated/torch.arange.html
 *
 * ```ts
 * const { X, y } = lineDataTorch() // X.shape [50, 1], float32
 * ```
 */
export function lineDataTorch(options: LineOptions = {}): { X: Tensor; y: Tensor } {
  const { start = 0, end = 1, step = 0.02, weight = 0.7, bias = 0.3 } = options
  const n = count(start, end, step)
  const f = Math.fround
  // tensor's arange is torch's float32 arange bit for bit (its AVX2 blocks included)
  const X = toTypedArray(arange(start, end, step, { dtype: 'float32' })) as Float32Array
  const y = new Float32Array(n)
  // The Python scalars round to float32, and each op rounds its float32 result.
  for (let i = 0; i < n; i++) y[i] = f(f(X[i]! * f(weight)) + f(bias))
  return {
    X: fromArray(new NDArray(X, [n, 1], 'float32')),
    y: fromArray(new NDArray(y, [n, 1], 'float32')),
  }
}
