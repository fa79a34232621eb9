import { NDArray } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { fixture, fixtureBytes, nested } from '../../test/helpers.js'
import { descentMetadata, descentStateDict } from '../../test/ioContent.js'
import { SafetensorError } from './errors.js'
import { loadSafetensors, safetensorsMetadata, saveSafetensors } from './safetensors.js'

const oracle = fixture('nn_io')

/** A safetensors buffer with a hand-written header, for the validation tests. */
function file(header: unknown, dataBytes = 0, raw?: string): Uint8Array {
  const json = new TextEncoder().encode(raw ?? JSON.stringify(header))
  const out = new Uint8Array(8 + json.length + dataBytes)
  new DataView(out.buffer).setUint32(0, json.length, true)
  out.set(json, 8)
  return out
}

describe('descent reads what a NumPy writer made from the spec', () => {
  const sd = loadSafetensors(fixtureBytes('numpy_state.safetensors'))
  test.each(Object.keys(oracle.numpySafetensors))('%s', (key) => {
    const want = oracle.numpySafetensors[key]
    const dtype = { float32: 'float32', float64: 'float64', int64: 'int64', bool: 'bool', int32: 'int64', uint8: 'int64', float16: 'float32' }[want.dtype as string]
    expect(sd[key]!.dtype).toBe(dtype)
    expect(sd[key]!.shape).toEqual(want.shape)
    expect(nested(sd[key]!)).toEqual(want.values)
  })
  test('metadata', () => {
    expect(safetensorsMetadata(fixtureBytes('numpy_state.safetensors'))).toEqual({ format: 'np' })
  })
})

describe('the NumPy reader reads what descent wrote', () => {
  test('the committed file is exactly what saveSafetensors writes today', () => {
    expect(saveSafetensors(descentStateDict(), descentMetadata)).toEqual(fixtureBytes('descent_state.safetensors'))
  })
  test('same dtypes, shapes, values and metadata; tensors ordered by alignment then name', () => {
    const seen = oracle.descentSafetensors
    expect(seen.metadata).toEqual(descentMetadata)
    expect(seen.order).toEqual(['counts', 'scalar', 'empty', 'linear.bias', 'linear.weight', 'linear.weightT', 'mask'])
    for (const [key, a] of Object.entries(descentStateDict())) {
      expect(seen.tensors[key].shape).toEqual(a.shape)
      expect(seen.tensors[key].values).toEqual(nested(a))
    }
  })
  test('the header is padded with spaces to a multiple of 8', () => {
    const bytes = saveSafetensors({ a: new NDArray(Float32Array.from([1]), [1], 'float32') })
    const n = new DataView(bytes.buffer).getUint32(0, true)
    expect(n % 8).toBe(0)
    expect(bytes[8 + n - 1]).toBe(0x20)
  })
})

describe('validation', () => {
  const f32 = (shape: number[], offsets: [number, number]) => ({ dtype: 'F32', shape, data_offsets: offsets })
  const cases: [string, Uint8Array, string][] = [
    ['too small', new Uint8Array(4), 'HeaderTooSmall'],
    ['header length past the end', file({}, 0).subarray(0, 9), 'InvalidHeaderLength'],
    ['header too large', Uint8Array.from([0, 0, 0, 0, 1, 0, 0, 0]), 'HeaderTooLarge'],
    ['not JSON', file(null, 0, '{"a":'), 'InvalidHeaderDeserialization'],
    ['not an object', file(null, 0, '[1]'), 'InvalidHeaderStart'],
    ['unknown dtype', file({ a: { dtype: 'C64', shape: [1], data_offsets: [0, 8] } }, 8), 'unsupported dtype C64'],
    ['negative dim', file({ a: f32([-1], [0, 4]) }, 4), 'shape must be a list of non-negative integers'],
    ['fractional dim', file({ a: f32([1.5], [0, 4]) }, 4), 'shape must be a list of non-negative integers'],
    ['shape does not match bytes', file({ a: f32([2], [0, 4]) }, 4), 'does not fill 4 bytes'],
    ['offset past the buffer', file({ a: f32([2], [0, 8]) }, 4), 'InvalidOffset("a")'],
    ['end before begin', file({ a: f32([0], [4, 0]) }, 4), 'InvalidOffset("a")'],
    ['overlap', file({ a: f32([1], [0, 4]), b: f32([1], [0, 4]) }, 4), 'InvalidOffset'],
    ['gap', file({ a: f32([1], [4, 8]) }, 8), 'InvalidOffset("a")'],
    ['trailing bytes', file({ a: f32([1], [0, 4]) }, 8), 'MetadataIncompleteBuffer'],
    ['metadata not strings', file({ __metadata__: { a: 1 } }), '__metadata__ must map strings to strings'],
    ['unknown field', file({ a: { ...f32([1], [0, 4]), extra: 1 } }, 4), 'unknown field extra'],
  ]
  test.each(cases)('%s', (_, bytes, message) => {
    expect(() => loadSafetensors(bytes)).toThrow(SafetensorError)
    expect(() => loadSafetensors(bytes)).toThrow(message)
  })
  test('a huge shape whose product overflows is refused, not allocated', () => {
    const bytes = file({ a: f32([2 ** 26, 2 ** 26, 2 ** 26, 0.5 * 2 ** 2], [0, 4]) }, 4)
    expect(() => loadSafetensors(bytes)).toThrow(SafetensorError)
    expect(() => loadSafetensors(file({ a: f32([2 ** 31, 2 ** 31, 0], [0, 0]) }))).not.toThrow()
  })
  test('__metadata__ cannot name a tensor', () => {
    expect(() => saveSafetensors({ __metadata__: new NDArray(new Float32Array(1), [1], 'float32') })).toThrow(
      '__metadata__ is reserved',
    )
  })
  test('an empty state dict round-trips', () => {
    expect(loadSafetensors(saveSafetensors({}))).toEqual({})
  })
})

describe('adversarial headers', () => {
  test('a name given twice (JSON keeps the last) leaves a hole the tiling check finds', () => {
    const raw = '{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}'
    expect(() => loadSafetensors(file(null, 8, raw))).toThrow('InvalidOffset("a")')
  })
  test('a tensor named __proto__ is an ordinary key', () => {
    const raw = '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}'
    const sd = loadSafetensors(file(null, 4, raw))
    expect(Object.keys(sd)).toEqual(['__proto__'])
    expect(Object.getPrototypeOf(sd)).toBe(Object.prototype)
  })
})
