import { type Tensor, fromArray } from '@descent/autograd'
import { NDArray } from '@descent/tensor'

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
 * torch 1.13's float32 arange on an AVX2 CPU, bit for bit. Its kernel works in blocks of 16 (two 8-lane vectors):
 * each vector starts at base = float32(start + step * i) and lane k holds float32(base + k * step) in double, so
 * values differ from float32(start + i * step) by an ulp here and there; the tail past the last block is scalar.
 */
function torchArangeFloat32(start: number, step: number, n: number): Float32Array {
  const f = Math.fround
  const out = new Float32Array(n)
  const lanes = 8
  let i = 0
  for (; i + 2 * lanes <= n; i += 2 * lanes) {
    for (const v of [i, i + lanes]) {
      const base = f(start + step * v)
      for (let k = 0; k < lanes; k++) out[v + k] = base + k * step
    }
  }
  for (; i < n; i++) out[i] = start + step * i
  return out
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
  const X = torchArangeFloat32(start, step, n)
  const y = new Float32Array(n)
  // The Python scalars round to float32, and each op rounds its float32 result.
  for (let i = 0; i < n; i++) y[i] = f(f(X[i]! * f(weight)) + f(bias))
  return {
    X: fromArray(new NDArray(X, [n, 1], 'float32')),
    y: fromArray(new NDArray(y, [n, 1], 'float32')),
  }
}
