import { describe, expect, test } from 'vitest'
import {
  enableGrad,
  inferenceMode,
  isGradEnabled,
  isInferenceModeEnabled,
  noGrad,
  setGradEnabled,
  tensor,
} from './index.js'

const w = () => tensor(2, { dtype: 'float32', requiresGrad: true })

describe('grad mode', () => {
  test('noGrad records nothing and restores the mode, even after a throw', () => {
    const y = noGrad(() => w().mul(3))
    expect([y.requiresGrad, y.gradFn]).toEqual([false, null])
    expect(isGradEnabled()).toBe(true)
    expect(() =>
      noGrad(() => {
        throw new Error('boom')
      }),
    ).toThrow('boom')
    expect(isGradEnabled()).toBe(true)
  })
  test('enableGrad records inside noGrad', () => {
    const y = noGrad(() => enableGrad(() => w().mul(3)))
    expect(y.gradFn?.name).toBe('MulBackward0')
  })
  test('setGradEnabled switches recording until switched back', () => {
    setGradEnabled(false)
    try {
      expect(isGradEnabled()).toBe(false)
      expect(w().mul(2).requiresGrad).toBe(false)
    } finally {
      setGradEnabled(true)
    }
    expect(w().mul(2).requiresGrad).toBe(true)
  })
  test('inferenceMode records nothing and marks its tensors', () => {
    const x = w()
    const y = inferenceMode(() => {
      expect(isInferenceModeEnabled()).toBe(true)
      expect(isGradEnabled()).toBe(false)
      return x.mul(2)
    })
    expect([y.requiresGrad, y.isInference(), x.isInference()]).toEqual([false, true, false])
    expect(isInferenceModeEnabled()).toBe(false)
    expect(y.sum().item()).toBe(4)
  })
  test('in-place updates of inference tensors are allowed inside inference mode', () => {
    const t = inferenceMode(() => tensor([1, 2], { dtype: 'float32' }).add_(1))
    expect(t.tolist()).toEqual([2, 3])
  })
})
