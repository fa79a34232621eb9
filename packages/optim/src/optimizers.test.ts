import { readFileSync } from 'node:fs'
import { NDArray } from '@descent/tensor'
import { describe, expect, test } from 'vitest'
import { classes, param, values } from './testParams.testutil.js'
import type { ParamTensor } from './types.js'

interface Run {
  optimizer: string
  options: Record<string, unknown>
  groups: Array<Record<string, unknown> & { names: string[] }> | null
  dtype: 'float32' | 'float64'
  checkpoints: Record<string, Record<string, number[] | number[][]>>
  state: Record<string, Record<string, number | number[] | number[][] | null>>
}
const fixture = JSON.parse(readFileSync(new URL('../test/fixtures/optim_steps.json', import.meta.url), 'utf8'))
  .cases as {
  steps: number
  shapes: Record<string, number[]>
  init: Record<string, number[] | number[][]>
  grads: Array<Array<number[] | number[][] | null>>
  runs: Run[]
}

const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flat(Number.POSITIVE_INFINITY) : [v]) as number[]

function label(run: Run): string {
  return `${run.optimizer} ${run.dtype} ${JSON.stringify(run.options)}${run.groups ? ` groups ${JSON.stringify(run.groups)}` : ''}`
}

describe('optimisers match torch 1.13 step for step, float32 rounding included (oracle fixture)', () => {
  const names = Object.keys(fixture.shapes)
  test.each(fixture.runs.map((run) => [label(run), run] as const))('%s', (_, run) => {
    const params: Record<string, ParamTensor> = {}
    const make = (values: number[], shape: number[]): ParamTensor =>
      run.dtype === 'float32'
        ? param(values, shape)
        : { array: new NDArray(Float64Array.from(values), shape, 'float64'), grad: null }
    for (const name of names) params[name] = make(flat(fixture.init[name]), fixture.shapes[name]!)
    const Cls = classes[run.optimizer]!
    const input = run.groups
      ? run.groups.map(({ names: ns, ...options }) => ({ params: ns.map((n) => params[n]!), ...options }))
      : Object.values(params)
    const optimizer = new Cls(input as never, run.options as never)
    for (let t = 1; t <= fixture.steps; t++) {
      names.forEach((name, k) => {
        const g = fixture.grads[t - 1]![k]
        const p = params[name]!
        p.grad = g === null || g === undefined ? null : { array: make(flat(g), [...p.array.shape]).array }
      })
      optimizer.step()
      const expected = run.checkpoints[t]
      if (expected) {
        for (const name of names) expect(values(params[name]!), `${name} after step ${t}`).toEqual(flat(expected[name]))
      }
    }
    const state = optimizer.stateDict().state
    for (const [index, entries] of Object.entries(run.state)) {
      for (const [key, value] of Object.entries(entries)) {
        const got = state[Number(index)]![key]
        if (value === null || typeof value === 'number') expect(got, `state ${index}.${key}`).toEqual(value)
        else expect(Array.from((got as { data: Float64Array }).data), `state ${index}.${key}`).toEqual(flat(value))
      }
    }
  })
})
