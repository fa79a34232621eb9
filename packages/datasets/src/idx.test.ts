import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { type IdxDType, readIdx, writeIdx } from './idx.js'

const DTYPES: IdxDType[] = ['uint8', 'int8', 'int16', 'int32', 'float32', 'float64']
const ranges: Record<IdxDType, fc.Arbitrary<number>> = {
  uint8: fc.integer({ min: 0, max: 255 }),
  int8: fc.integer({ min: -128, max: 127 }),
  int16: fc.integer({ min: -32768, max: 32767 }),
  int32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  float32: fc.float({ noNaN: true }),
  float64: fc.double({ noNaN: true }),
}

// An IDX file's content: a dtype, 1 to 4 small dims and matching elements.
const arbIdx = fc
  .record({ dtype: fc.constantFrom(...DTYPES), shape: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 1, maxLength: 4 }) })
  .chain(({ dtype, shape }) => {
    const n = shape.reduce((a, b) => a * b, 1)
    return fc.array(ranges[dtype], { minLength: n, maxLength: n }).map((data) => ({ dtype, shape, data }))
  })

describe('readIdx', () => {
  test('reads MNIST-style headers: magic 0x00000803, big-endian dims, then bytes', () => {
    const bytes = Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0, 3, 1, 2, 3, 4, 5, 255)
    const file = readIdx(bytes)
    expect(file.dtype).toBe('uint8')
    expect(file.shape).toEqual([2, 1, 3])
    expect(Array.from(file.data)).toEqual([1, 2, 3, 4, 5, 255])
  })

  test('reads big-endian int32 and float64 elements', () => {
    const i32 = readIdx(Uint8Array.of(0, 0, 0x0c, 1, 0, 0, 0, 2, 0xff, 0xff, 0xff, 0xfe, 0, 0, 1, 0))
    expect(Array.from(i32.data)).toEqual([-2, 256])
    const f64 = readIdx(Uint8Array.of(0, 0, 0x0e, 1, 0, 0, 0, 1, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0))
    expect(Array.from(f64.data)).toEqual([1.5])
  })

  test('accepts an ArrayBuffer and a Uint8Array view with an offset', () => {
    const bytes = writeIdx({ dtype: 'int16', shape: [3], data: [1, -1, 300] })
    const padded = new Uint8Array(bytes.length + 5)
    padded.set(bytes, 5)
    expect(Array.from(readIdx(padded.subarray(5)).data)).toEqual([1, -1, 300])
    expect(Array.from(readIdx(bytes.slice().buffer).data)).toEqual([1, -1, 300])
  })

  test('names what is wrong with a bad file', () => {
    expect(() => readIdx(Uint8Array.of(0, 0))).toThrow(
      'readIdx: truncated IDX header: got 2 bytes, the magic number needs 4',
    )
    expect(() => readIdx(Uint8Array.of(0, 1, 8, 1, 0, 0, 0, 0))).toThrow(
      'readIdx: bad magic number 0x00010801: an IDX file starts with two zero bytes',
    )
    expect(() => readIdx(Uint8Array.of(0, 0, 0x0a, 1, 0, 0, 0, 0))).toThrow(
      'readIdx: unknown IDX type code 0x0a (expected 0x08 uint8, 0x09 int8, 0x0b int16, 0x0c int32, 0x0d float32 or 0x0e float64)',
    )
    expect(() => readIdx(Uint8Array.of(0, 0, 8, 0))).toThrow(
      'readIdx: the IDX header declares 0 dimensions; an IDX file has at least 1',
    )
    expect(() => readIdx(Uint8Array.of(0, 0, 8, 3, 0, 0, 0, 1))).toThrow(
      'readIdx: truncated IDX header: 3 dimensions need 16 header bytes, got 8',
    )
    expect(() => readIdx(Uint8Array.of(0, 0, 0x0c, 1, 0, 0, 0, 2, 0, 0, 0, 1))).toThrow(
      'readIdx: truncated IDX file: shape [2] of int32 needs 16 bytes (8 header + 8 data), got 12',
    )
    expect(() => readIdx(Uint8Array.of(0, 0, 8, 1, 0, 0, 0, 1, 7, 7))).toThrow(
      'readIdx: IDX file has trailing bytes: shape [1] of uint8 needs 9 bytes (8 header + 1 data), got 10',
    )
    expect(() => readIdx(Uint8Array.of(0x1f, 0x8b, 8, 0))).toThrow(
      'readIdx: this is a gzip file, not an IDX file; decompress it first (zlib.gunzipSync)',
    )
  })

  test('errors are ValueErrors', () => {
    expect(() => readIdx(new Uint8Array(0))).toThrowError(expect.objectContaining({ name: 'ValueError' }))
  })
})

describe('writeIdx', () => {
  test('rejects data that does not fill the shape, and shapes IDX cannot hold', () => {
    expect(() => writeIdx({ dtype: 'uint8', shape: [2, 2], data: [1, 2, 3] })).toThrow(
      'writeIdx: shape [2, 2] holds 4 elements, got 3',
    )
    expect(() => writeIdx({ dtype: 'uint8', shape: [], data: [1] })).toThrow(
      'writeIdx: an IDX file has 1 to 255 dimensions, got 0',
    )
    expect(() => writeIdx({ dtype: 'uint8', shape: [1.5], data: [1] })).toThrow(
      'writeIdx: dimension sizes must be integers in [0, 2^32), got [1.5]',
    )
  })

  test.prop([arbIdx], { numRuns: 200 })('round trip: readIdx(writeIdx(x)) gives x back', ({ dtype, shape, data }) => {
    const file = readIdx(writeIdx({ dtype, shape, data }))
    expect(file.dtype).toBe(dtype)
    expect(file.shape).toEqual(shape)
    // float32 goes through Math.fround on the way in; Object.is keeps -0 apart from 0.
    const expected = dtype === 'float32' ? data.map(Math.fround) : data
    expect(Array.from(file.data).every((v, i) => Object.is(v, expected[i]))).toBe(true)
  })

  test.prop([arbIdx, fc.nat()], { numRuns: 200 })('any truncation is an error, never a short read', (idx, cut) => {
    const bytes = writeIdx(idx)
    const end = cut % bytes.length
    expect(() => readIdx(bytes.subarray(0, end))).toThrow(/readIdx: truncated/)
  })

  test.prop([arbIdx, fc.integer({ min: 1, max: 16 })], { numRuns: 100 })(
    'extra bytes at the end are an error',
    (idx, extra) => {
      const bytes = writeIdx(idx)
      const longer = new Uint8Array(bytes.length + extra)
      longer.set(bytes)
      expect(() => readIdx(longer)).toThrow(/readIdx: IDX file has trailing bytes/)
    },
  )

  test.prop([arbIdx, fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 255 })], { numRuns: 200 })(
    'a corrupted magic number is an error or a different, consistent reading',
    (idx, at, xor) => {
      const bytes = writeIdx(idx)
      bytes[at] ^= xor
      // Bytes 0-1 must be zero and byte 2 a known code: a flip there either fails or names another valid dtype,
      // in which case the size check must still hold (the file can only parse if its length fits exactly).
      let parsed: ReturnType<typeof readIdx> | undefined
      try {
        parsed = readIdx(bytes)
      } catch (e) {
        expect((e as Error).name).toBe('ValueError')
        expect((e as Error).message).toMatch(/^readIdx: /)
        return
      }
      expect(at).toBe(2)
      expect(parsed.dtype).not.toBe(idx.dtype)
      expect(parsed.shape).toEqual(idx.shape)
    },
  )

  test.prop([arbIdx, fc.nat(), fc.integer({ min: 1, max: 255 })], { numRuns: 200 })(
    'a corrupted dimension is caught by the exact size check',
    (idx, which, xor) => {
      const bytes = writeIdx(idx)
      const dim = which % idx.shape.length
      // Flip the low byte of one dimension: the element count changes unless another dim is 0.
      bytes[4 + 4 * dim + 3] ^= xor
      const others = idx.shape.filter((_, i) => i !== dim).reduce((a, b) => a * b, 1)
      if (others === 0) expect(readIdx(bytes).shape[dim]).toBe(idx.shape[dim]! ^ xor)
      else expect(() => readIdx(bytes)).toThrow(/readIdx: (truncated IDX file|IDX file has trailing bytes)/)
    },
  )
})
