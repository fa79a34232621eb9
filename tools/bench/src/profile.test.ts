import { expect, test } from 'vitest'
import { byPackage, formatSummary, summarise } from './profile.js'

const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber })

// root -> step (optim) -> readValues (optim); root -> backward (autograd) -> backward (recursion)
const profile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', ''), children: [2, 4] },
    { id: 2, callFrame: frame('step', 'file:///work/main/packages/optim/src/SGD.ts', 9), children: [3] },
    { id: 3, callFrame: frame('readValues', 'file:///work/main/packages/optim/src/elementwise.ts', 4) },
    { id: 4, callFrame: frame('backward', 'file:///work/main/packages/autograd/src/graph.ts', 1), children: [5] },
    { id: 5, callFrame: frame('backward', 'file:///work/main/packages/autograd/src/graph.ts', 1) },
  ],
  samples: [2, 3, 3, 5, 4],
  timeDeltas: [1000, 2000, 3000, 4000, 5000],
}

test('self and total time are attributed per function, recursion counted once', () => {
  const { functions, totalMs } = summarise(profile)
  expect(totalMs).toBe(15)
  const get = (prefix: string) => functions.find((f) => f.name.startsWith(prefix))!
  expect(get('readValues')).toEqual({ name: 'readValues packages/optim/src/elementwise.ts:5', self: 5, total: 5 })
  expect(get('step')).toMatchObject({ self: 1, total: 6 })
  expect(get('backward')).toMatchObject({ self: 9, total: 9 })
  expect(get('(root)')).toMatchObject({ self: 0, total: 15 })
  expect(functions[0].name.startsWith('backward')).toBe(true)
})

test('the summary lists percentages of the sampled time', () => {
  const text = formatSummary(summarise(profile), 2)
  expect(text.split('\n').slice(0, 10)).toEqual([
    '15 ms sampled',
    '',
    'self time by package:',
    ' 60.0%       9 ms  packages/autograd',
    ' 40.0%       6 ms  packages/optim',
    '  0.0%       0 ms  (other: node, startup)',
    '',
    'self time:',
    ' 60.0%       9 ms  backward packages/autograd/src/graph.ts:2',
    ' 33.3%       5 ms  readValues packages/optim/src/elementwise.ts:5',
  ])
})

test('self time adds up per package', () => {
  const { functions } = summarise(profile)
  expect(byPackage(functions)).toEqual([
    ['packages/autograd', 9],
    ['packages/optim', 6],
    ['(other: node, startup)', 0],
  ])
})
