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

const NO_DIMS: readonly number[] = Object.freeze([])
const UNIT_STRIDE: readonly number[] = Object.freeze([1])

/**
 * A strided view over one typed-array storage: the non-differentiable n-d array that every other package builds on.
 * Views (reshape, transpose, expand, select, ...) share `data` and differ in shape, strides and offset.
 */
export class NDArray {
  readonly dtype: DType
  readonly shape: readonly number[]
  readonly strides: readonly number[]
  readonly offset: number
  /** The storage, shared by every view of it. */
  readonly data: TypedArray
  /** Number of elements of this view (not of the storage). */
  readonly size: number
  // Shape and strides never change, so contiguity is computed once (-1: not yet known).
  private contiguous = -1

  constructor(
    data: TypedArray,
    shape: readonly number[],
    dtype: DType,
    strides?: readonly number[],
    offset = 0,
  ) {
    this.data = data
    this.shape = shape
    this.dtype = dtype
    this.offset = offset
    if (strides === undefined) {
      // A fresh row-major layout is contiguous by construction; 0-d and 1-d arrays share frozen strides lists.
      const nd = shape.length
      this.strides = nd === 0 ? NO_DIMS : nd === 1 ? UNIT_STRIDE : contiguousStrides(shape)
      this.contiguous = 1
    } else this.strides = strides
    const nd = shape.length
    this.size = nd === 0 ? 1 : nd === 1 ? shape[0]! : shapeSize(shape)
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
