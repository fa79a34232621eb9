import { type DType, NDArray, allocate, contiguousStrides, shapeSize, toTypedArray } from '@descent/tensor'

/** How a stored element type maps onto descent's dtypes: narrower integers widen to int64, half floats to float32. */
export interface StoredType {
  /** Bytes per element in the file. */
  itemsize: number
  /** The descent dtype it loads as. */
  dtype: DType
  /** Reads element `i` of a little-endian buffer. */
  read: (view: DataView, i: number) => number
}

const f16 = (bits: number): number => {
  const sign = bits & 0x8000 ? -1 : 1
  const exp = (bits >> 10) & 0x1f
  const frac = bits & 0x3ff
  if (exp === 0) return sign * frac * 2 ** -24
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY
  return sign * (1 + frac / 1024) * 2 ** (exp - 15)
}
const bf16Scratch = new DataView(new ArrayBuffer(4))
const bf16 = (bits: number): number => {
  bf16Scratch.setUint32(0, bits << 16)
  return bf16Scratch.getFloat32(0)
}

export const STORED = {
  float32: { itemsize: 4, dtype: 'float32', read: (v, i) => v.getFloat32(i * 4, true) },
  float64: { itemsize: 8, dtype: 'float64', read: (v, i) => v.getFloat64(i * 8, true) },
  // int64 lives in a Float64Array: exact up to 2^53, rounded beyond, as descent's int64 always is.
  int64: { itemsize: 8, dtype: 'int64', read: (v, i) => Number(v.getBigInt64(i * 8, true)) },
  uint64: { itemsize: 8, dtype: 'int64', read: (v, i) => Number(v.getBigUint64(i * 8, true)) },
  bool: { itemsize: 1, dtype: 'bool', read: (v, i) => (v.getUint8(i) ? 1 : 0) },
  int32: { itemsize: 4, dtype: 'int64', read: (v, i) => v.getInt32(i * 4, true) },
  uint32: { itemsize: 4, dtype: 'int64', read: (v, i) => v.getUint32(i * 4, true) },
  int16: { itemsize: 2, dtype: 'int64', read: (v, i) => v.getInt16(i * 2, true) },
  uint16: { itemsize: 2, dtype: 'int64', read: (v, i) => v.getUint16(i * 2, true) },
  int8: { itemsize: 1, dtype: 'int64', read: (v, i) => v.getInt8(i) },
  uint8: { itemsize: 1, dtype: 'int64', read: (v, i) => v.getUint8(i) },
  float16: { itemsize: 2, dtype: 'float32', read: (v, i) => f16(v.getUint16(i * 2, true)) },
  bfloat16: { itemsize: 2, dtype: 'float32', read: (v, i) => bf16(v.getUint16(i * 2, true)) },
} satisfies Record<string, StoredType>

export type StoredName = keyof typeof STORED

// On little-endian hosts (all current JS engines' targets) same-width floats copy as bytes, with no per-element reads.
const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1

/** Decodes `count` little-endian elements of a stored type into fresh storage of the matching descent dtype. */
export function decodeStorage(bytes: Uint8Array, type: StoredName, count: number) {
  const t: StoredType = STORED[type]
  if (count * t.itemsize > bytes.length) throw new RangeError('storage shorter than its element count')
  if (LITTLE_ENDIAN && (type === 'float32' || type === 'float64')) {
    // slice() copies into a fresh, aligned buffer that the typed array then owns.
    const copy = bytes.slice(0, count * t.itemsize).buffer
    return type === 'float32' ? new Float32Array(copy) : new Float64Array(copy)
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const out = allocate(t.dtype, count)
  for (let i = 0; i < count; i++) out[i] = t.read(view, i)
  return out
}

/** The elements of an array view in row-major order, whatever its strides and offset (no copy when contiguous). */
export function contiguousValues(a: NDArray): ArrayLike<number> {
  return a.isContiguous() ? a.data.subarray(a.offset, a.offset + a.size) : toTypedArray(a)
}

/** Encodes an array's elements (row-major) as little-endian bytes of its own dtype. */
export function encodeArray(a: NDArray): Uint8Array {
  const values = contiguousValues(a)
  const n = a.size
  if (LITTLE_ENDIAN && (a.dtype === 'float32' || a.dtype === 'float64')) {
    const typed = values as Float32Array | Float64Array
    return new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength).slice()
  }
  const out = new Uint8Array(n * STORED[a.dtype].itemsize)
  const view = new DataView(out.buffer)
  switch (a.dtype) {
    case 'float32':
      for (let i = 0; i < n; i++) view.setFloat32(i * 4, values[i]!, true)
      break
    case 'float64':
      for (let i = 0; i < n; i++) view.setFloat64(i * 8, values[i]!, true)
      break
    case 'int64':
      for (let i = 0; i < n; i++) view.setBigInt64(i * 8, BigInt(Math.trunc(values[i]!)), true)
      break
    case 'bool':
      for (let i = 0; i < n; i++) out[i] = values[i] ? 1 : 0
      break
  }
  return out
}

/** A contiguous NDArray over freshly decoded storage. */
export function arrayFromBytes(bytes: Uint8Array, type: StoredName, shape: number[]): NDArray {
  const t: StoredType = STORED[type]
  const data = decodeStorage(bytes, type, shapeSize(shape))
  return new NDArray(data, shape, t.dtype, contiguousStrides(shape))
}
