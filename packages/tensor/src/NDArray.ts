/** The element types descent stores. int64 lives in a Float64Array (exact up to 2^53); bool in a Uint8Array. */
export type DType = 'float32' | 'float64' | 'int64' | 'bool'

export type TypedArray = Float32Array | Float64Array | Uint8Array

export type StorageFor<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'bool'
    ? Uint8Array
    : Float64Array

/** Allocates zeroed storage of `size` elements for a dtype. */
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size)
    case 'float64':
    case 'int64':
      return new Float64Array(size)
    case 'bool':
      return new Uint8Array(size)
  }
}

/** Row-major (C-order) strides for a shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length)
  let s = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s
    s *= shape[i]!
  }
  return strides
}

export function shapeSize(shape: readonly number[]): number {
  let n = 1
  for (let i = 0; i < shape.length; i++) n *= shape[i]!
  return n
}

// Shared strides of fresh 0-d and 1-d arrays, never written. Not frozen: a frozen array has a map of its own, and
// the kernels' shape and stride reads would see one more kind of array than they handle inline.
const NO_DIMS: readonly number[] = []
const UNIT_STRIDE: readonly number[] = [1]

/**
 * A strided view over one typed-array storage: the non-differentiable n-d array that every other package builds on.
 * Views (reshape, transpose, expand, select, ...) share `data` and differ in shape, strides and offset.
 */
export class NDArray {
  // Fields are `declare`d and set in the constructor, in one order: no class-field initializer runs first (it would
  // be one more function for the optimising compiler on every array made).
  declare readonly dtype: DType
  declare readonly shape: readonly number[]
  declare readonly strides: readonly number[]
  declare readonly offset: number
  /** The storage, shared by every view of it. */
  declare readonly data: TypedArray
  /** Number of elements of this view (not of the storage). */
  declare readonly size: number
  // Shape and strides never change, so contiguity is computed once (-1: not yet known).
  declare private contiguous: number

  constructor(
    data: TypedArray,
    shape: readonly number[],
    dtype: DType,
    strides?: readonly number[],
    offset = 0,
  ) {
    this.dtype = dtype
    this.shape = shape
    const nd = shape.length
    // A fresh row-major layout is contiguous by construction; 0-d and 1-d arrays share strides lists.
    this.strides = strides !== undefined ? strides : nd === 0 ? NO_DIMS : nd === 1 ? UNIT_STRIDE : contiguousStrides(shape)
    this.offset = offset
    this.data = data
    this.size = nd === 0 ? 1 : nd === 1 ? shape[0]! : shapeSize(shape)
    this.contiguous = strides === undefined ? 1 : -1
  }

  get ndim(): number {
    return this.shape.length
  }

  /** True when the view walks its storage in row-major order from `offset` with no gaps. */
  isContiguous(): boolean {
    if (this.contiguous >= 0) return this.contiguous === 1
    this.contiguous = this.computeContiguous() ? 1 : 0
    return this.contiguous === 1
  }

  private computeContiguous(): boolean {
    let expected = 1
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i]!
      if (d !== 1 && this.strides[i] !== expected) return false
      expected *= d
    }
    return true
  }
}
