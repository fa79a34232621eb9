import { expect, test } from 'vitest'
import { cases } from '../fixtures.js'
import { xSquared, xSquaredPart } from './xSquared.js'

test('x² at 3: y = 9, grad = 6, printed as PyTorch prints them (oracle)', () => {
  const r = xSquared()
  expect(r.y).toBe(9)
  expect(r.grad).toBe(6)
  expect(r.yText).toBe('tensor(9., grad_fn=<PowBackward0>)')
  expect(r.yText).toBe(cases['x-squared'].y_repr)
  expect(r.gradText).toBe(cases['x-squared'].grad_repr)
})

test('the part prints both outputs and one JSON record with x, y, grad', () => {
  const result = xSquaredPart.run({})
  expect(result.lines).toEqual(['tensor(9., grad_fn=<PowBackward0>)', 'tensor(6.)'])
  expect(result.records).toEqual([{ x: 3, y: 9, grad: 6 }])
})
