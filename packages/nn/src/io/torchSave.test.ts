import { NDArray } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { descentStateDict } from '../../test/ioContent.js'
import { fixture, fixtureBytes, nested } from '../../test/helpers.js'
import { UnpicklingError } from './errors.js'
import { load, save } from './torchSave.js'
import { readZip } from './zip.js'

const oracle = fixture('nn_io')

describe('descent reads what torch.save wrote', () => {
  const sd = load(fixtureBytes('torch_state.pth'))
  test('same keys in the same order', () => {
    expect(Object.keys(sd)).toEqual(Object.keys(oracle.torchSaved))
  })
  test.each(Object.keys(oracle.torchSaved))('%s has torch\'s dtype, shape, strides and values', (key) => {
    const want = oracle.torchSaved[key]
    const a = sd[key]!
    const dtype = { float16: 'float32', bfloat16: 'float32', int32: 'int64', int16: 'int64', int8: 'int64', uint8: 'int64' }[want.dtype as string] ?? want.dtype
    expect(a.dtype).toBe(dtype)
    expect(a.shape).toEqual(want.shape)
    expect(a.strides).toEqual(want.stride)
    expect(a.offset).toBe(want.offset)
    expect(nested(a)).toEqual(want.values)
  })
  test('views of one storage share one array', () => {
    for (const [a, b] of oracle.torchSavedShared) expect(sd[a]!.data).toBe(sd[b]!.data)
    expect(sd['0.weight']!.data).not.toBe(sd['0.bias']!.data)
  })
  test('a dict of Parameters loads through _rebuild_parameter', () => {
    const params = load(fixtureBytes('torch_parameters.pth'))
    for (const [key, want] of Object.entries<{ values: unknown }>(oracle.torchParameters)) {
      expect(nested(params[key]!)).toEqual(want.values)
    }
  })
})

describe('torch.load(weights_only=True) reads what descent wrote', () => {
  test('the committed file is exactly what save writes today', () => {
    expect(save(descentStateDict())).toEqual(fixtureBytes('descent_state.pth'))
  })
  test('PyTorch saw the same keys, dtypes, shapes, strides and values', () => {
    const seen = oracle.descentPth
    const sd = descentStateDict()
    expect(seen.type).toBe('OrderedDict')
    expect(seen.keys).toEqual(Object.keys(sd))
    for (const [key, a] of Object.entries(sd)) {
      const t = seen.tensors[key]
      expect(t.dtype).toBe(a.dtype)
      expect(t.shape).toEqual(a.shape)
      expect(t.stride).toEqual(a.strides)
      expect(nested(a)).toEqual(t.values)
    }
    expect(seen.sharesStorage).toBe(true)
    expect(seen.zipNames).toEqual(readZip(save(sd)).map((e) => e.name))
  })
})

describe('round trips', () => {
  test('load(save(sd)) keeps keys, dtypes, shapes and values', () => {
    const sd = descentStateDict()
    const back = load(save(sd))
    expect(Object.keys(back)).toEqual(Object.keys(sd))
    for (const [key, a] of Object.entries(sd)) {
      expect(back[key]!.dtype).toBe(a.dtype)
      expect(back[key]!.shape).toEqual(a.shape)
      expect(nested(back[key]!)).toEqual(nested(a))
    }
    expect(back['linear.weightT']!.data).toBe(back['linear.weight']!.data)
  })
  test('accepts anything holding an NDArray in `array` (a Tensor, a Parameter)', () => {
    const a = new NDArray(Float32Array.from([1, 2]), [2], 'float32')
    expect(nested(load(save({ w: { array: a } })).w!)).toEqual([1, 2])
  })
  test('a negative-stride view is written as a contiguous copy', () => {
    const data = Float32Array.from([1, 2, 3])
    const reversed = new NDArray(data, [3], 'float32', [-1], 2)
    expect(nested(load(save({ r: reversed })).r!)).toEqual([3, 2, 1])
  })
  test('a key named __proto__ stays an ordinary key', () => {
    const a = new NDArray(Float32Array.from([1]), [1], 'float32')
    const sd = Object.defineProperty({}, '__proto__', { value: a, enumerable: true })
    const back = load(save(sd))
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype)
    expect(Object.keys(back)).toEqual(['__proto__'])
  })
})

describe('hostile files', () => {
  test.each(Object.keys(oracle.hostile))('%s is refused with torch\'s words', (label) => {
    const want = oracle.hostile[label]
    let error: unknown
    try {
      load(fixtureBytes(`hostile_${label}.pth`))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(UnpicklingError)
    expect((error as Error).name).toBe(want.type)
    expect((error as Error).message).toBe(want.message)
  })
  test('the legacy (pre-1.6) format is refused with advice', () => {
    expect(() => load(Uint8Array.from([0x80, 0x02, 0x8a, 0x0a]))).toThrow(/legacy format/)
  })
})
