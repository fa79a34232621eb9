import { ValueError } from '@descent/tensor'

/** The element types an IDX file can declare, named after the IDX spec's C types. */
export type IdxDType = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64'

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array

/** One parsed IDX file: the declared element type, its dimensions and the elements in row-major order. */
export interface IdxFile {
  dtype: IdxDType
  shape: number[]
  data: IdxData
}

// Per element type: the code in the magic number's third byte (LeCun's MNIST page, "THE IDX FILE FORMAT"), the
// typed array that holds it, and how one element is read and written (IDX stores multi-byte elements big-endian).
interface IdxType {
  code: number
  array: { new (n: number): IdxData; readonly BYTES_PER_ELEMENT: number }
  get(view: DataView, p: number): number
  set(view: DataView, p: number, x: number): void
}
const TYPES: Record<IdxDType, IdxType> = {
  uint8: { code: 0x08, array: Uint8Array, get: (v, p) => v.getUint8(p), set: (v, p, x) => v.setUint8(p, x) },
  int8: { code: 0x09, array: Int8Array, get: (v, p) => v.getInt8(p), set: (v, p, x) => v.setInt8(p, x) },
  int16: {
    code: 0x0b,
    array: Int16Array,
    get: (v, p) => v.getInt16(p, false),
    set: (v, p, x) => v.setInt16(p, x, false),
  },
  int32: {
    code: 0x0c,
    array: Int32Array,
    get: (v, p) => v.getInt32(p, false),
    set: (v, p, x) => v.setInt32(p, x, false),
  },
  float32: {
    code: 0x0d,
    array: Float32Array,
    get: (v, p) => v.getFloat32(p, false),
    set: (v, p, x) => v.setFloat32(p, x, false),
  },
  float64: {
    code: 0x0e,
    array: Float64Array,
    get: (v, p) => v.getFloat64(p, false),
    set: (v, p, x) => v.setFloat64(p, x, false),
  },
}
const DTYPE_OF_CODE = new Map(Object.entries(TYPES).map(([dtype, t]) => [t.code, dtype as IdxDType]))

const hex = (b: number) => `0x${b.toString(16).padStart(2, '0')}`

/**
 * Parses an IDX file (the format MNIST ships in), checking the magic number, the type code, the dimensions and
 * that the data is exactly as long as the dimensions say.
 * See http://yann.lecun.com/exdb/mnist/ ("THE IDX FILE FORMAT") and torchvision's `read_sn3_pascalvincent_tensor`.
 *
 * ```ts
 * const { shape, data } = readIdx(readFileSync('train-images-idx3-ubyte')) // shape [60000, 28, 28], Uint8Array
 * ```
 */
export function readIdx(buffer: Uint8Array | ArrayBuffer): IdxFile {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer)
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new ValueError('readIdx: this is a gzip file, not an IDX file; decompress it first (zlib.gunzipSync)')
  }
  if (bytes.length < 4) {
    throw new ValueError(`readIdx: truncated IDX header: got ${bytes.length} bytes, the magic number needs 4`)
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new ValueError(
      `readIdx: bad magic number ${hex(bytes[0]!)}${hex(bytes[1]!).slice(2)}${hex(bytes[2]!).slice(2)}${hex(bytes[3]!).slice(2)}: an IDX file starts with two zero bytes`,
    )
  }
  const dtype = DTYPE_OF_CODE.get(bytes[2]!)
  if (dtype === undefined) {
    throw new ValueError(
      `readIdx: unknown IDX type code ${hex(bytes[2]!)} (expected 0x08 uint8, 0x09 int8, 0x0b int16, 0x0c int32, 0x0d float32 or 0x0e float64)`,
    )
  }
  const ndim = bytes[3]!
  if (ndim === 0) throw new ValueError('readIdx: the IDX header declares 0 dimensions; an IDX file has at least 1')
  const headerSize = 4 + 4 * ndim
  if (bytes.length < headerSize) {
    throw new ValueError(
      `readIdx: truncated IDX header: ${ndim} dimensions need ${headerSize} header bytes, got ${bytes.length}`,
    )
  }
  const shape: number[] = []
  let n = 1
  for (let d = 0; d < ndim; d++) {
    const size = view.getUint32(4 + 4 * d, false)
    shape.push(size)
    n *= size
  }
  const { array, get } = TYPES[dtype]
  const itemSize = array.BYTES_PER_ELEMENT
  const expected = headerSize + n * itemSize
  if (bytes.length !== expected) {
    const what = bytes.length < expected ? 'truncated IDX file' : 'IDX file has trailing bytes'
    throw new ValueError(
      `readIdx: ${what}: shape [${shape.join(', ')}] of ${dtype} needs ${expected} bytes (${headerSize} header + ${n * itemSize} data), got ${bytes.length}`,
    )
  }
  // Single bytes need no byte-order work: copy them out in one go.
  if (dtype === 'uint8') return { dtype, shape, data: bytes.slice(headerSize) }
  if (dtype === 'int8') return { dtype, shape, data: new Int8Array(bytes.slice(headerSize).buffer) }
  const data = new array(n)
  for (let i = 0, p = headerSize; i < n; i++, p += itemSize) data[i] = get(view, p)
  return { dtype, shape, data }
}

/**
 * Encodes elements as an IDX file, big-endian, the inverse of `readIdx`.
 * See http://yann.lecun.com/exdb/mnist/ ("THE IDX FILE FORMAT").
 *
 * ```ts
 * const bytes = writeIdx({ dtype: 'uint8', shape: [2], data: new Uint8Array([3, 7]) })
 * readIdx(bytes).data // Uint8Array [3, 7]
 * ```
 */
export function writeIdx(file: { dtype: IdxDType; shape: readonly number[]; data: ArrayLike<number> }): Uint8Array {
  const { dtype, shape, data } = file
  const type = TYPES[dtype]
  if (type === undefined) throw new ValueError(`writeIdx: unknown IDX dtype ${String(dtype)}`)
  if (shape.length < 1 || shape.length > 255) {
    throw new ValueError(`writeIdx: an IDX file has 1 to 255 dimensions, got ${shape.length}`)
  }
  let n = 1
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) {
      throw new ValueError(`writeIdx: dimension sizes must be integers in [0, 2^32), got [${shape.join(', ')}]`)
    }
    n *= d
  }
  if (data.length !== n) {
    throw new ValueError(`writeIdx: shape [${shape.join(', ')}] holds ${n} elements, got ${data.length}`)
  }
  const itemSize = type.array.BYTES_PER_ELEMENT
  const headerSize = 4 + 4 * shape.length
  const bytes = new Uint8Array(headerSize + n * itemSize)
  const view = new DataView(bytes.buffer)
  bytes[2] = type.code
  bytes[3] = shape.length
  shape.forEach((d, i) => {
    view.setUint32(4 + 4 * i, d, false)
  })
  const { set } = type
  for (let i = 0, p = headerSize; i < n; i++, p += itemSize) set(view, p, data[i]!)
  return bytes
}
