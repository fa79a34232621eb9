import { describe, expect, test } from 'vitest'
import { Tensor } from '../Tensor.js'
import { type OpName, rules } from './rules.js'

describe('the rule table', () => {
  test('every differentiable op of the contract has definitions with PyTorch-style node names', () => {
    for (const [op, defs] of Object.entries(rules)) {
      expect(defs.length, op).toBeGreaterThan(0)
      for (const def of defs) expect(def.name, op).toMatch(/^[A-Z][A-Za-z]*(Backward\d*|Backwards|CopySlices)?$/)
    }
  })
  test('each op in the table is a Tensor method (or the free where / in-place-on-view path)', () => {
    const methods = Object.keys(rules).filter((op) => op !== 'where' && op !== 'inplaceOnView') as OpName[]
    for (const op of methods) expect(typeof (Tensor.prototype as unknown as Record<string, unknown>)[op], op).toBe('function')
  })
})
