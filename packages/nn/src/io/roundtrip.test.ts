import { fc, test } from '@fast-check/vitest'
import { type DType, NDArray } from '@descent/tensor'
import { describe, expect } from 'vitest'
import { nested } from '../../test/helpers.js'
import { loadSafetensors, saveSafetensors } from './safetensors.js'
import { load, save } from './torchSave.js'

// Random arrays of every dtype, some of them transposed or offset views of a larger storage.
const arbArray = fc
  .tuple(
    fc.constantFrom<DType>('float32', 'float64', 'int64', 'bool'),
    fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 3 }),
    fc.boolean(),
    fc.nat(3),
    fc.array(fc.double({ noNaN: false }), { minLength: 40, maxLength: 40 }),
  )
  .map(([dtype, shape, transpose, offset, raw]) => {
    const size = shape.reduce((a, b) => a * b, 1)
    const values = raw.slice(0, size + offset).map((v) =>
      dtype === 'bool' ? (v > 0 ? 1 : 0) : dtype === 'int64' ? Math.trunc(Number.isFinite(v) ? v % 2 ** 53 : 7) + 0 : v,
    )
    const data =
      dtype === 'float32' ? Float32Array.from(values) : dtype === 'bool' ? Uint8Array.from(values) : Float64Array.from(values)
    const a = new NDArray(data, shape, dtype, undefined, offset)
    if (!transpose || shape.length < 2) return a
    const n = shape.length
    const perm = [...shape.slice(0, n - 2), shape[n - 1]!, shape[n - 2]!]
    const strides = [...a.strides.slice(0, n - 2), a.strides[n - 1]!, a.strides[n - 2]!]
    return new NDArray(data, perm, dtype, strides, offset)
  })
const arbStateDict = fc.dictionary(fc.stringMatching(/^[a-z][a-z0-9_.]{0,8}$/), arbArray, { maxKeys: 5 })

describe('round trips', () => {
  test.prop([arbStateDict], { numRuns: 100 })('load(save(sd)) keeps every key, dtype, shape and value', (sd) => {
    const back = load(save(sd))
    expect(Object.keys(back)).toEqual(Object.keys(sd))
    for (const [k, a] of Object.entries(sd)) {
      expect(back[k]!.dtype).toBe(a.dtype)
      expect(back[k]!.shape).toEqual(a.shape)
      expect(nested(back[k]!)).toEqual(nested(a))
    }
  })
  test.prop([arbStateDict], { numRuns: 100 })('loadSafetensors(saveSafetensors(sd)) keeps every key, dtype, shape and value', (sd) => {
    const back = loadSafetensors(saveSafetensors(sd))
    expect(Object.keys(back).sort()).toEqual(Object.keys(sd).sort())
    for (const [k, a] of Object.entries(sd)) {
      expect(back[k]!.dtype).toBe(a.dtype)
      expect(back[k]!.shape).toEqual(a.shape)
      expect(nested(back[k]!)).toEqual(nested(a))
    }
  })
})
