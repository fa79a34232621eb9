import { fc, test } from '@fast-check/vitest'
import { describe, expect } from 'vitest'
import { MT19937 } from './mt19937.js'

describe('MT19937', () => {
  test('seed 5489 gives the reference outputs (C++ std::mt19937: the 10000th is 4123659995)', () => {
    const mt = new MT19937().seed(5489)
    expect(mt.nextUint32()).toBe(3499211612)
    for (let i = 2; i < 10000; i++) mt.nextUint32()
    expect(mt.nextUint32()).toBe(4123659995)
  })

  test('init_by_array([0x123, 0x234, 0x345, 0x456]) gives mt19937ar.out', () => {
    const mt = new MT19937().seedByArray([0x123, 0x234, 0x345, 0x456])
    expect([1, 2, 3, 4, 5].map(() => mt.nextUint32())).toEqual([1067595299, 955945823, 477289528, 4107218783, 4228976476])
  })

  test.prop([fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 1500 })], { numRuns: 30 })(
    'copyFrom continues the same stream',
    (seed, skip) => {
      const a = new MT19937().seed(seed)
      for (let i = 0; i < skip; i++) a.nextUint32()
      const b = new MT19937().copyFrom(a)
      for (let i = 0; i < 700; i++) expect(b.nextUint32()).toBe(a.nextUint32())
    },
  )

  test.prop([fc.integer({ min: 0, max: 2 ** 32 - 1 })], { numRuns: 30 })('outputs are 32-bit unsigned integers', (seed) => {
    const mt = new MT19937().seed(seed)
    for (let i = 0; i < 50; i++) {
      const x = mt.nextUint32()
      expect(Number.isInteger(x) && x >= 0 && x < 2 ** 32).toBe(true)
    }
  })
})
