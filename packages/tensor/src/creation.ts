import { NDArray, allocate, contiguousStrides, shapeSize } from './NDArray.js'
import type { DType } from './NDArray.js'
import { backend } from './backend/index.js'
import { fma32, fma64 } from './backend/fma.js'
import { PyTorchTypeError, RuntimeError, ValueError } from './errors.js'
import { checkShape } from './shape.js'

/** Nested arrays of numbers or booleans, as `torch.tensor` accepts (a bare number or boolean is 0-d). */
export type NestedArray = number | boolean | readonly NestedArray[]
export type ArrayLike = NestedArray | Float32Array | Float64Array | Int32Array | Int16Array | Int8Array | Uint8Array | Uint16Array | Uint32Array

export interface DTypeOptions {
  dtype?: DType
}

function typedArrayDType(data: ArrayLike): DType | undefined {
  if (data instanceof Float32Array) return 'float32'
  if (data instanceof Float64Array) return 'float64'
  if (ArrayBuffer.isView(data)) return 'int64'
  return undefined
}

/**
 * Builds an array from nested arrays, numbers, booleans or a typed array, like `torch.tensor(data)`. JS numbers
 * give float32 unless `dtype` says otherwise (JS cannot tell `1` from `1.0`); booleans give bool; Float64Array
 * gives float64 and integer typed arrays int64.
 * @see https://pytorch.org/docs/1.13/generated/torch.tensor.html
 * @example
 * array([[1, 2], [3, 4]])              // tensor([[1., 2.], [3., 4.]])
 * array([1, 2], { dtype: 'int64' })    // tensor([1, 2])
 */
export function array(data: ArrayLike, options: DTypeOptions = {}): NDArray {
  const typed = typedArrayDType(data)
  if (typed !== undefined) {
    const src = data as Exclude<ArrayLike, NestedArray>
    const dtype = options.dtype ?? typed
    const out = allocate(dtype, src.length)
    for (let i = 0; i < src.length; i++) out[i] = convert(src[i]!, dtype)
    return new NDArray(out, [src.length], dtype)
  }
  const shape: number[] = []
  let probe: NestedArray = data as NestedArray
  while (Array.isArray(probe)) {
    shape.push(probe.length)
    if (probe.length === 0) break
    probe = probe[0]!
  }
  let sawBool = false
  let sawNumber = false
  const flat: (number | boolean)[] = []
  const visit = (x: NestedArray, dim: number) => {
    if (dim === shape.length) {
      if (typeof x === 'boolean') sawBool = true
      else if (typeof x === 'number') sawNumber = true
      else if (Array.isArray(x)) throw new ValueError(`expected sequence of length ${shape[dim - 1]} at dim ${dim - 1} (got ${(x as unknown[]).length})`)
      else throw new PyTorchTypeError(`Could not infer dtype of ${typeof x}`)
      flat.push(x)
      return
    }
    if (!Array.isArray(x)) throw new PyTorchTypeError(`not a sequence`)
    if (x.length !== shape[dim]) throw new ValueError(`expected sequence of length ${shape[dim]} at dim ${dim} (got ${x.length})`)
    for (const y of x) visit(y, dim + 1)
  }
  visit(data as NestedArray, 0)
  const dtype = options.dtype ?? (sawBool && !sawNumber ? 'bool' : 'float32')
  const out = allocate(dtype, flat.length)
  for (let i = 0; i < flat.length; i++) out[i] = convert(Number(flat[i]!), dtype)
  return new NDArray(out, shape, dtype)
}

// Python-to-dtype conversion of one value: int64 truncates, bool tests for nonzero.
function convert(v: number, dtype: DType): number {
  if (dtype === 'int64') return Math.trunc(v) + 0
  if (dtype === 'bool') return v !== 0 ? 1 : 0
  return v
}

/**
 * A 0-d array holding one value (float32 for numbers, bool for booleans unless `dtype` is given).
 * @see https://pytorch.org/docs/1.13/generated/torch.tensor.html
 * @example
 * scalar(9)              // tensor(9.)
 * scalar(2, 'int64')     // tensor(2)
 */
export function scalar(value: number | boolean, dtype?: DType): NDArray {
  const d = dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32')
  const out = allocate(d, 1)
  out[0] = convert(Number(value), d)
  return new NDArray(out, [], d)
}

/**
 * An array of zeros.
 * @see https://pytorch.org/docs/1.13/generated/torch.zeros.html
 * @example
 * zeros([2, 3])                    // float32, shape [2, 3]
 * zeros([3], { dtype: 'int64' })   // tensor([0, 0, 0])
 */
export function zeros(shape: readonly number[], options: DTypeOptions = {}): NDArray {
  checkShape(shape)
  const dtype = options.dtype ?? 'float32'
  return new NDArray(allocate(dtype, shapeSize(shape)), shape.slice(), dtype)
}

/**
 * An array of ones.
 * @see https://pytorch.org/docs/1.13/generated/torch.ones.html
 * @example
 * ones([2])                        // tensor([1., 1.])
 * ones([2], { dtype: 'bool' })     // tensor([True, True])
 */
export function ones(shape: readonly number[], options: DTypeOptions = {}): NDArray {
  return full(shape, 1, options)
}

/**
 * An array filled with `value` (float32 for numbers, bool for booleans unless `dtype` is given).
 * @see https://pytorch.org/docs/1.13/generated/torch.full.html
 * @example
 * full([2, 2], 7)                  // tensor([[7., 7.], [7., 7.]])
 * full([1], 3, { dtype: 'int64' }) // tensor([3])
 */
export function full(shape: readonly number[], value: number | boolean, options: DTypeOptions = {}): NDArray {
  checkShape(shape)
  const dtype = options.dtype ?? (typeof value === 'boolean' ? 'bool' : 'float32')
  const data = allocate(dtype, shapeSize(shape))
  const v = convert(Number(value), dtype)
  if (v !== 0) data.fill(v)
  return new NDArray(data, shape.slice(), dtype)
}

/**
 * An uninitialized array; descent's storage is always zeroed, so this equals `zeros`.
 * @see https://pytorch.org/docs/1.13/generated/torch.empty.html
 * @example
 * empty([2, 3])                    // shape [2, 3]
 * empty([0])                       // tensor([])
 */
export function empty(shape: readonly number[], options: DTypeOptions = {}): NDArray {
  return zeros(shape, options)
}

/**
 * Zeros with `a`'s shape (and dtype unless given).
 * @see https://pytorch.org/docs/1.13/generated/torch.zeros_like.html
 * @example
 * zerosLike(ones([2]))             // tensor([0., 0.])
 * zerosLike(a, { dtype: 'int64' })
 */
export function zerosLike(a: NDArray, options: DTypeOptions = {}): NDArray {
  return filledLike(a, 0, options.dtype ?? a.dtype)
}

/**
 * Ones with `a`'s shape (and dtype unless given).
 * @see https://pytorch.org/docs/1.13/generated/torch.ones_like.html
 * @example
 * onesLike(zeros([2]))             // tensor([1., 1.])
 * onesLike(a, { dtype: 'bool' })
 */
export function onesLike(a: NDArray, options: DTypeOptions = {}): NDArray {
  return filledLike(a, 1, options.dtype ?? a.dtype)
}

/**
 * `value` in `a`'s shape (and dtype unless given).
 * @see https://pytorch.org/docs/1.13/generated/torch.full_like.html
 * @example
 * fullLike(zeros([2]), 5)          // tensor([5., 5.])
 * fullLike(a, 1, { dtype: 'int64' })
 */
export function fullLike(a: NDArray, value: number | boolean, options: DTypeOptions = {}): NDArray {
  return filledLike(a, Number(value), options.dtype ?? a.dtype)
}

// a's shape is already valid and never changes, so the result shares it instead of checking and copying it.
function filledLike(a: NDArray, value: number, dtype: DType): NDArray {
  const data = allocate(dtype, a.size)
  const v = convert(value, dtype)
  if (v !== 0) {
    // a loop for the few elements of a seed gradient: fill() is a builtin call that costs more than it saves there
    if (data.length <= 16) for (let i = 0; i < data.length; i++) data[i] = v
    else data.fill(v)
  }
  return new NDArray(data, a.shape, dtype)
}

/**
 * An (always zeroed) array with `a`'s shape and dtype.
 * @see https://pytorch.org/docs/1.13/generated/torch.empty_like.html
 * @example
 * emptyLike(ones([2, 2])).shape    // [2, 2]
 * emptyLike(a, { dtype: 'float64' })
 */
export function emptyLike(a: NDArray, options: DTypeOptions = {}): NDArray {
  return zerosLike(a, options)
}

/**
 * `arange(end)` or `arange(start, end, step)`: int64 when every argument is an integer, else float32, with
 * torch's length rule `ceil((end - start) / step)` and the rounding of its vectorized kernel.
 * @see https://pytorch.org/docs/1.13/generated/torch.arange.html
 * @example
 * arange(4)              // tensor([0, 1, 2, 3])
 * arange(0, 1, 0.25)     // tensor([0.0000, 0.2500, 0.5000, 0.7500])
 */
export function arange(end: number, options?: DTypeOptions): NDArray
export function arange(start: number, end: number, step?: number, options?: DTypeOptions): NDArray
export function arange(
  a: number,
  b?: number | DTypeOptions,
  c?: number,
  d?: DTypeOptions,
): NDArray {
  let start = 0
  let end = a
  let step = 1
  let options: DTypeOptions = {}
  if (typeof b === 'number') {
    start = a
    end = b
    step = c ?? 1
    options = d ?? {}
  } else options = b ?? {}
  const allInt = Number.isInteger(start) && Number.isInteger(end) && Number.isInteger(step)
  const dtype = options.dtype ?? (allInt ? 'int64' : 'float32')
  if (step === 0) throw new RuntimeError('step must be nonzero')
  if (!Number.isFinite(start) || !Number.isFinite(end)) {
    throw new RuntimeError(`unsupported range: ${start} -> ${end}`)
  }
  if ((step > 0 && start > end) || (step < 0 && start < end)) {
    throw new RuntimeError('upper bound and larger bound inconsistent with step sign')
  }
  const n =
    dtype === 'int64'
      ? Math.ceil((Math.trunc(end) - Math.trunc(start)) / Math.trunc(step))
      : Math.ceil((end - start) / step)
  const data = allocate(dtype, n)
  if (dtype === 'float32' || dtype === 'float64') {
    // PyTorch's vectorized loop fills two vectors (16 floats / 8 doubles) per step: a base start + step * idx, then
    // lanes base + k * step, each a fused multiply-add in double; the tail is start + step * i, also fused.
    const lanes = dtype === 'float32' ? 8 : 4
    const vectorEnd = Math.floor(n / (2 * lanes)) * 2 * lanes
    const round = dtype === 'float32' ? Math.fround : (x: number) => x
    for (let i = 0; i < vectorEnd; i += lanes) {
      const base = round(fma64(step, i, start))
      for (let k = 0; k < lanes; k++) data[i + k] = fma64(k, step, base)
    }
    for (let i = vectorEnd; i < n; i++) data[i] = fma64(step, i, start)
  } else {
    for (let i = 0; i < n; i++) data[i] = convert(start + step * i, dtype)
  }
  return new NDArray(data, [n], dtype)
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive, float32 unless `dtype` is given, computed from both
 * ends like PyTorch's kernel.
 * @see https://pytorch.org/docs/1.13/generated/torch.linspace.html
 * @example
 * linspace(0, 1, 5)      // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
 * linspace(-1, 1, 3)     // tensor([-1.,  0.,  1.])
 */
export function linspace(start: number, end: number, steps: number, options: DTypeOptions = {}): NDArray {
  if (!Number.isInteger(steps) || steps < 0) throw new RuntimeError('number of steps must be non-negative')
  const dtype = options.dtype ?? 'float32'
  const data = allocate(dtype, steps)
  if (steps === 1) data[0] = convert(start, dtype)
  else if (steps > 1) {
    const isInt = dtype === 'int64' || dtype === 'bool'
    const f32 = dtype === 'float32'
    const r = f32 ? Math.fround : (x: number) => x
    const s = isInt ? Math.trunc(start) : r(start)
    const e = isInt ? Math.trunc(end) : r(end)
    // step is computed in the dtype (double for integer dtypes).
    const step = r(r(e - s) / r(steps - 1))
    const halfway = Math.floor(steps / 2)
    // Each half is computed from its own end with a fused multiply-add; vector lanes step from a vector's base
    // with a rounded k * step and a plain add.
    const fma = f32 ? fma32 : fma64
    const value = (i: number) => (i < halfway ? fma(step, i, s) : fma(-step, steps - i - 1, e))
    if (isInt) {
      for (let i = 0; i < steps; i++) data[i] = convert(i < halfway ? s + step * i : e - step * (steps - i - 1), dtype)
    } else {
      const lanes = f32 ? 8 : 4
      const vectorEnd = Math.floor(steps / (2 * lanes)) * 2 * lanes
      for (let i = 0; i < vectorEnd; i += lanes) {
        const base = value(i)
        for (let k = 0; k < lanes; k++) data[i + k] = r(base + r(k * step))
      }
      for (let i = vectorEnd; i < steps; i++) data[i] = value(i)
    }
  }
  return new NDArray(data, [steps], dtype)
}

/**
 * An `n x m` identity matrix.
 * @see https://pytorch.org/docs/1.13/generated/torch.eye.html
 * @example
 * eye(2)                 // tensor([[1., 0.], [0., 1.]])
 * eye(2, 3, { dtype: 'int64' })
 */
export function eye(n: number, m?: number | DTypeOptions, options: DTypeOptions = {}): NDArray {
  if (typeof m === 'object') {
    options = m
    m = undefined
  }
  const cols = m ?? n
  if (n < 0) throw new RuntimeError(`n must be greater or equal to 0, got ${n}`)
  if (cols < 0) throw new RuntimeError(`m must be greater or equal to 0, got ${cols}`)
  const dtype = options.dtype ?? 'float32'
  const data = allocate(dtype, n * cols)
  for (let i = 0; i < Math.min(n, cols); i++) data[i * cols + i] = 1
  return new NDArray(data, [n, cols], dtype, contiguousStrides([n, cols]))
}

/** Writes `value` (converted to the dtype) into every element of a fresh array of `shape`; used by ops. */
export function filled(shape: readonly number[], dtype: DType, value: number): NDArray {
  const out = new NDArray(allocate(dtype, shapeSize(shape)), shape, dtype)
  if (value !== 0) backend.fill(out, convert(value, dtype))
  return out
}
