// Tensor creation: @descent/tensor's constructors plus PyTorch's `requires_grad` keyword.
import * as K from '@descent/tensor'
import { isFloating, Tensor } from './Tensor.js'

/** Options shared by the creation functions. */
export interface CreateOptions {
  dtype?: K.DType
  requiresGrad?: boolean
}

/** Options of the random creation functions. */
export interface RandomOptions extends CreateOptions {
  generator?: K.Generator
}

type Shape = number | readonly number[]

function dims(shape: Shape): number[] {
  return typeof shape === 'number' ? [shape] : [...shape]
}

function leaf(array: K.NDArray, requiresGrad: boolean | undefined): Tensor {
  const t = new Tensor(array)
  if (requiresGrad === true) {
    if (!isFloating(array.dtype)) {
      throw new K.RuntimeError('Only Tensors of floating point and complex dtype can require gradients')
    }
    t._requiresGrad = true
    // made now, so the ops that record an edge to this leaf only ever read it (see requiresGrad_)
    t._accumulator()
  }
  return t
}

function dtypeOption(options: CreateOptions): { dtype?: K.DType } {
  return options.dtype === undefined ? {} : { dtype: options.dtype }
}

/**
 * Makes a leaf tensor from nested arrays, numbers, booleans or typed arrays, like `torch.tensor`.
 * https://pytorch.org/docs/1.13/generated/torch.tensor.html
 * @example
 * const X = tensor([1, 2, 3, 4], { dtype: 'float32' })
 * const w = tensor(0, { dtype: 'float32', requiresGrad: true })
 */
export function tensor(data: unknown, options: CreateOptions = {}): Tensor {
  return leaf(K.array(data as Parameters<typeof K.array>[0], dtypeOption(options)), options.requiresGrad)
}

/**
 * Wraps an NDArray (sharing its storage) as a leaf tensor.
 * https://pytorch.org/docs/1.13/generated/torch.from_numpy.html
 * @example
 * const t = fromArray(K.zeros([2]))
 */
export function fromArray(array: K.NDArray, options: { requiresGrad?: boolean } = {}): Tensor {
  return leaf(array, options.requiresGrad)
}

/**
 * A tensor of zeros, like `torch.zeros`.
 * https://pytorch.org/docs/1.13/generated/torch.zeros.html
 * @example
 * zeros([2, 3], { requiresGrad: true })
 */
export function zeros(shape: Shape, options: CreateOptions = {}): Tensor {
  return leaf(K.zeros(dims(shape), dtypeOption(options)), options.requiresGrad)
}

/**
 * A tensor of ones, like `torch.ones`.
 * https://pytorch.org/docs/1.13/generated/torch.ones.html
 * @example
 * ones(3) // tensor([1., 1., 1.])
 */
export function ones(shape: Shape, options: CreateOptions = {}): Tensor {
  return leaf(K.ones(dims(shape), dtypeOption(options)), options.requiresGrad)
}

/**
 * A tensor filled with `value`, like `torch.full`.
 * https://pytorch.org/docs/1.13/generated/torch.full.html
 * @example
 * full([2], 7) // tensor([7., 7.])
 */
export function full(shape: Shape, value: number | boolean, options: CreateOptions = {}): Tensor {
  return leaf(K.full(dims(shape), value as number, dtypeOption(options)), options.requiresGrad)
}

/**
 * An uninitialized tensor (zeros here), like `torch.empty`.
 * https://pytorch.org/docs/1.13/generated/torch.empty.html
 * @example
 * empty([2, 2])
 */
export function empty(shape: Shape, options: CreateOptions = {}): Tensor {
  return leaf(K.empty(dims(shape), dtypeOption(options)), options.requiresGrad)
}

/**
 * Zeros with the shape (and by default dtype) of `a`, like `torch.zeros_like`.
 * https://pytorch.org/docs/1.13/generated/torch.zeros_like.html
 * @example
 * zerosLike(w)
 */
export function zerosLike(a: Tensor, options: CreateOptions = {}): Tensor {
  return leaf(K.zerosLike(a.array, dtypeOption(options)), options.requiresGrad)
}

/**
 * Ones with the shape (and by default dtype) of `a`, like `torch.ones_like`.
 * https://pytorch.org/docs/1.13/generated/torch.ones_like.html
 * @example
 * onesLike(w)
 */
export function onesLike(a: Tensor, options: CreateOptions = {}): Tensor {
  return leaf(K.onesLike(a.array, dtypeOption(options)), options.requiresGrad)
}

/**
 * `value` with the shape and dtype of `a`, like `torch.full_like`.
 * https://pytorch.org/docs/1.13/generated/torch.full_like.html
 * @example
 * fullLike(w, 0.5)
 */
export function fullLike(a: Tensor, value: number, options: CreateOptions = {}): Tensor {
  const t = K.fullLike(a.array, value)
  return leaf(options.dtype === undefined ? t : K.cast(t, options.dtype), options.requiresGrad)
}

/**
 * Evenly spaced values in [start, end), like `torch.arange` (int64 when every argument is an integer).
 * https://pytorch.org/docs/1.13/generated/torch.arange.html
 * @example
 * arange(4) // tensor([0, 1, 2, 3])
 * arange(0, 1, 0.25) // tensor([0.0000, 0.2500, 0.5000, 0.7500])
 */
export function arange(end: number, options?: CreateOptions): Tensor
export function arange(start: number, end: number, step?: number, options?: CreateOptions): Tensor
export function arange(
  a: number,
  b?: number | CreateOptions,
  c?: number | CreateOptions,
  d?: CreateOptions,
): Tensor {
  if (typeof b !== 'number') {
    const options = b ?? {}
    return leaf(K.arange(0, a, 1, dtypeOption(options)), options.requiresGrad)
  }
  const step = typeof c === 'number' ? c : 1
  const options = (typeof c === 'number' ? d : c) ?? {}
  return leaf(K.arange(a, b, step, dtypeOption(options)), options.requiresGrad)
}

/**
 * `steps` evenly spaced values from start to end inclusive, like `torch.linspace`.
 * https://pytorch.org/docs/1.13/generated/torch.linspace.html
 * @example
 * linspace(0, 1, 5) // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
 */
export function linspace(start: number, end: number, steps: number, options: CreateOptions = {}): Tensor {
  return leaf(K.linspace(start, end, steps, dtypeOption(options)), options.requiresGrad)
}

/**
 * The identity matrix (n × m), like `torch.eye`.
 * https://pytorch.org/docs/1.13/generated/torch.eye.html
 * @example
 * eye(2) // tensor([[1., 0.], [0., 1.]])
 */
export function eye(n: number, m?: number | CreateOptions, options: CreateOptions = {}): Tensor {
  const opts = typeof m === 'number' ? options : (m ?? options)
  return leaf(K.eye(n, typeof m === 'number' ? m : n, dtypeOption(opts)), opts.requiresGrad)
}

function randomOptions(options: RandomOptions): { dtype?: K.DType; generator?: K.Generator } {
  const out: { dtype?: K.DType; generator?: K.Generator } = dtypeOption(options)
  if (options.generator !== undefined) out.generator = options.generator
  return out
}

/**
 * Uniform draws from [0, 1) with torch's generator stream, like `torch.rand`.
 * https://pytorch.org/docs/1.13/generated/torch.rand.html
 * @example
 * manualSeed(42); rand([2]) // tensor([0.8823, 0.9150])
 */
export function rand(shape: Shape, options: RandomOptions = {}): Tensor {
  return leaf(K.rand(dims(shape), randomOptions(options)), options.requiresGrad)
}

/**
 * Standard normal draws with torch's generator stream, like `torch.randn`.
 * https://pytorch.org/docs/1.13/generated/torch.randn.html
 * @example
 * manualSeed(42); randn([2]) // tensor([0.3367, 0.1288])
 */
export function randn(shape: Shape, options: RandomOptions = {}): Tensor {
  return leaf(K.randn(dims(shape), randomOptions(options)), options.requiresGrad)
}

/**
 * Random integers in [low, high), like `torch.randint`.
 * https://pytorch.org/docs/1.13/generated/torch.randint.html
 * @example
 * randint(0, 10, [3])
 */
export function randint(low: number, high: number, shape: Shape, options: { generator?: K.Generator } = {}): Tensor {
  return new Tensor(K.randint(low, high, dims(shape), options))
}

/**
 * A random permutation of 0..n-1, like `torch.randperm`.
 * https://pytorch.org/docs/1.13/generated/torch.randperm.html
 * @example
 * randperm(4)
 */
export function randperm(n: number, options: { generator?: K.Generator } = {}): Tensor {
  return new Tensor(K.randperm(n, options))
}
