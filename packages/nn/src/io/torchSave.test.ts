import { NDArray } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { descentStateDict } from '../../test/ioContent.js'
import { fixture, fixtureBytes, nested } from '../../test/helpers.js'
import { UnpicklingError } from './errors.js'
import { load, save } from './torchSave.js'
import { Pickler } from './pickle.js'
import { readZip, writeZip } from './zip.js'

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

describe('hostile files that use only allowed globals', () => {
  const enc = new TextEncoder()
  /** An archive holding one tensor rebuilt from a storage of `numel` float32s with the given geometry. */
  function archive({ numel = 2, record = 8, offset = 0, size = [2], stride = [1], key = '0', storage = 'FloatStorage' } = {}) {
    const p = new Pickler()
    p.global('collections', 'OrderedDict').tuple(0).reduce().mark()
    p.string('w').global('torch._utils', '_rebuild_tensor_v2').mark()
    p.mark().string('storage').global('torch', storage).string(key).string('cpu').int(numel).tuple('mark')
    p.persistentId().int(offset).ints(size).ints(stride).bool(false)
    p.global('collections', 'OrderedDict').tuple(0).reduce().tuple('mark').reduce().setItems()
    return writeZip([
      { name: 'archive/data.pkl', data: p.finish() },
      { name: 'archive/data/0', data: new Uint8Array(record) },
      { name: 'archive/version', data: enc.encode('3\n') },
    ])
  }
  test('the helper builds a valid archive', () => {
    expect(nested(load(archive()).w!)).toEqual([0, 0])
  })
  test.each([
    ['a shape reaching past the storage', { size: [1000000] }, 'reaches past its storage of 2 elements'],
    ['strides reaching past the storage', { size: [2, 2], stride: [2, 1] }, 'reaches past its storage'],
    ['an offset past the storage', { offset: 2, size: [1] }, 'reaches past its storage'],
    ['a storage larger than its record', { numel: 1000 }, 'holds 8 bytes but 1000 elements of FloatStorage need 4000'],
    ['a record larger than its storage', { record: 12 }, 'holds 12 bytes but 2 elements'],
    ['a storage key outside data/', { key: '../../etc/passwd' }, 'failed locating file data/../../etc/passwd'],
    ['a complex storage', { storage: 'ComplexFloatStorage' }, 'descent cannot load storages of type torch.ComplexFloatStorage'],
    ['size and stride of different lengths', { size: [2], stride: [1, 1] }, 'size 1-d and stride 2-d differ'],
  ])('%s is refused', (_, geometry, message) => {
    expect(() => load(archive(geometry))).toThrow(message)
  })
  test('non-tensor values are refused: load reads state dicts', () => {
    const p = new Pickler()
    p.emptyDict().string('epoch').int(3).setItem()
    const bytes = writeZip([{ name: 'archive/data.pkl', data: p.finish() }])
    expect(() => load(bytes)).toThrow('state dict entry epoch is not a tensor')
  })
  test('an archive without data.pkl, or spread over two directories, is refused', () => {
    expect(() => load(writeZip([{ name: 'archive/version', data: enc.encode('3\n') }]))).toThrow('failed locating file data.pkl')
    expect(() =>
      load(writeZip([{ name: 'a/data.pkl', data: new Uint8Array(1) }, { name: 'b/data/0', data: new Uint8Array(1) }])),
    ).toThrow('file not found under a/')
  })
})
