// The backward pass: PyTorch's engine on one thread. Nodes run in decreasing sequence number, which is the order
// PyTorch's ready queue picks them, so gradients are summed in the same order and match it bit for bit.
import * as K from '@descent/tensor'
import { type AccumulateGrad, addKernel, checkFreshView, type Node } from './graph.js'
import { state } from './mode.js'
import { sameShape, sumToShape } from './ops/shape.js'
import { Tensor, writeInto } from './Tensor.js'

let passId = 0
// backward() captures nothing: one shared, never-written result instead of a fresh array per pass.
const NO_CAPTURES: (Tensor | null)[] = []

function sizeText(shape: readonly number[]): string {
  return `torch.Size([${shape.join(', ')}])`
}

/** The gradient output i starts from: `given` checked against it, or ones for a one-element output. */
function seedGrad(out: Tensor, given: Tensor | null, i: number): Tensor {
  if (!out._requiresGrad) {
    throw new K.RuntimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`)
  }
  if (out._base !== null) checkFreshView(out)
  if (given === null) {
    if (out.array.size !== 1) throw new K.RuntimeError('grad can be implicitly created only for scalar outputs')
    return new Tensor(K.onesLike(out.array))
  }
  if (!sameShape(given.shape, out.shape)) {
    throw new K.RuntimeError(
      `Mismatch in shape: grad_output[${i}] has a shape of ${sizeText(given.shape)} and output[${i}] has a shape of ${sizeText(out.shape)}.`,
    )
  }
  return given.dtype !== out.dtype ? given.to(out.dtype) : given
}

// collect's stack and sink list, reused: collect never runs user code, so no pass can start while another one walks.
// Emptied with pop(), which keeps an array's capacity (setting length = 0 frees it).
const stack: Node[] = []
const sinks: Node[] = []
// The node list of the outermost pass, reused (a backward rule may start a nested pass, which gets its own).
const outerNodes: Node[] = []
let depth = 0

/**
 * Every node reachable from `first` and the `more` roots, in execution order (decreasing sequence number), into
 * `nodes`; no recursion.
 */
function collect(first: Node, more: readonly Node[] | null, nodes: Node[]): void {
  const pass = ++passId
  // Sinks (AccumulateGrad, all -1) run last in walk order, what a stable sort gives: kept apart, appended at the end.
  first.visit = pass
  stack.push(first)
  if (more !== null) {
    for (const r of more) {
      if (r.visit !== pass) {
        r.visit = pass
        stack.push(r)
      }
    }
  }
  while (stack.length > 0) {
    const n = stack.pop()!
    if (n.sequenceNr < 0) {
      sinks.push(n)
      continue
    }
    nodes.push(n)
    const m0 = n.next0
    if (m0 !== null && m0.visit !== pass) {
      m0.visit = pass
      stack.push(m0)
    }
    const m1 = n.next1
    if (m1 !== null && m1.visit !== pass) {
      m1.visit = pass
      stack.push(m1)
    }
    const more = n.nextMore
    if (more !== null) {
      for (let i = 0; i < more.length; i++) {
        const m = more[i]!
        if (m !== null && m.visit !== pass) {
          m.visit = pass
          stack.push(m)
        }
      }
    }
  }
  // Depth-first order from the root is often already sorted (a chain, the notebook's step); sort only if not.
  for (let i = 1; i < nodes.length; i++) {
    if (nodes[i]!.sequenceNr > nodes[i - 1]!.sequenceNr) {
      sortBySequence(nodes)
      break
    }
  }
  for (let i = 0; i < sinks.length; i++) nodes.push(sinks[i]!)
  while (sinks.length > 0) sinks.pop()
}

/**
 * Orders nodes by decreasing sequence number, sinks (AccumulateGrad, all -1) last in walk order: what a stable
 * comparator sort gives. Op nodes have unique numbers, so when they span a dense range (a graph built in one go)
 * one pass over slots replaces the O(n log n) sort.
 */
export function sortBySequence(nodes: Node[]): void {
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (let i = 0; i < nodes.length; i++) {
    const s = nodes[i]!.sequenceNr
    if (s >= 0) {
      if (s < lo) lo = s
      if (s > hi) hi = s
    }
  }
  if (hi < lo || hi - lo >= 4 * nodes.length) {
    nodes.sort((a, b) => b.sequenceNr - a.sequenceNr)
    return
  }
  const slots = new Array<Node | undefined>(hi - lo + 1)
  const sinks: Node[] = []
  for (let i = 0; i < nodes.length; i++) {
    const n = nodes[i]!
    if (n.sequenceNr < 0) sinks.push(n)
    else slots[n.sequenceNr - lo] = n
  }
  let k = 0
  for (let i = slots.length - 1; i >= 0; i--) {
    const n = slots[i]
    if (n !== undefined) nodes[k++] = n
  }
  for (let i = 0; i < sinks.length; i++) nodes[k++] = sinks[i]!
}

/** Adds g to the node's incoming gradient; `fresh` says the engine made g itself, so nothing else holds it. */
function accumulateInto(node: Node, g: Tensor, fresh: boolean): void {
  if (node.buffer === null) {
    node.buffer = g
    node.bufferFresh = fresh
  } else {
    node.buffer = addKernel(node.buffer, g)
    node.bufferFresh = true
  }
}

/**
 * AccumulateGrad: the first gradient is stored as a fresh copy, later ones are added in place (as PyTorch does).
 * A gradient only the engine holds (a sum it made) is stored as is, as PyTorch steals a gradient nothing else uses.
 */
function accumulateLeaf(variable: Tensor, g: Tensor, createGraph: boolean, fresh: boolean): void {
  const old = variable._grad
  if (createGraph) {
    variable._grad = old === null ? g : old.add(g)
  } else if (old === null) {
    const a = g.array
    const owned =
      fresh && a.offset === 0 && a.data.length === a.size && a.isContiguous() && g.gradFn === null && !g._inference
    variable._grad = owned ? g : new Tensor(K.clone(a))
  } else {
    writeInto(old.array, K.add(old.array, g.array))
    old._counter().v++
  }
}

function retain(t: Tensor, g: Tensor, createGraph: boolean): void {
  const copy = createGraph ? g.clone() : new Tensor(K.clone(g.array))
  t._grad = t._grad === null ? copy : t._grad.add(g)
}

/**
 * Runs one backward pass from `outputs`. With `captures`, it returns the gradient arriving at each captured node
 * (autograd.grad) and leaves `.grad` alone, running only the nodes on a path to a capture; otherwise it accumulates
 * into the leaves' `.grad`.
 */
function execute(
  outputs: readonly Tensor[],
  gradOutputs: readonly (Tensor | null)[],
  retainGraph: boolean,
  createGraph: boolean,
  captures: readonly Node[] | null,
): (Tensor | null)[] {
  const roots: Node[] = []
  const grads: Tensor[] = []
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i]!
    grads.push(seedGrad(out, gradOutputs[i] ?? null, i))
    roots.push(out.gradFn ?? out._accumulator())
  }
  const captured: (Tensor | null)[] = captures === null ? NO_CAPTURES : captures.map(() => null)
  if (roots.length === 0) return captured
  const nodes: Node[] = []
  collect(roots[0]!, roots, nodes)
  if (captures !== null) {
    // A node runs only when some capture lies below it; walk from the inputs' end (increasing sequence number).
    for (const c of captures) c.needed = false
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i]!
      let needed = false
      for (let i = 0; i < n.arity; i++) {
        const m = n.edge(i)
        if (m !== null && (m.needed || captures.includes(m))) needed = true
      }
      n.needed = needed
    }
  }
  // two outputs of one node sum their gradients, recorded only with createGraph (as in the pass itself)
  const previousMode = state.gradEnabled
  state.gradEnabled = createGraph
  try {
    for (let i = 0; i < roots.length; i++) accumulateInto(roots[i]!, grads[i]!, false)
  } finally {
    state.gradEnabled = previousMode
  }
  run(nodes, retainGraph, createGraph, captures, captured)
  return captured
}

/**
 * `out.backward(gradient)`: execute for one output, with no lists to build; the outermost pass reuses one node
 * list.
 */
export function backwardOne(out: Tensor, gradient: Tensor | null, retainGraph: boolean, createGraph: boolean): void {
  const g = seedGrad(out, gradient, 0)
  const root = out.gradFn ?? out._accumulator()
  const nodes = depth === 0 ? outerNodes : []
  collect(root, null, nodes)
  // the pass starts with every buffer empty, so this only stores g (no sum to record or not)
  accumulateInto(root, g, false)
  depth++
  try {
    run(nodes, retainGraph, createGraph, null, NO_CAPTURES)
  } finally {
    depth--
    while (nodes.length > 0) nodes.pop()
  }
}

/** Runs the collected nodes in order: each node's rule, then its gradients passed on along the edges. */
function run(
  nodes: readonly Node[],
  retainGraph: boolean,
  createGraph: boolean,
  captures: readonly Node[] | null,
  captured: (Tensor | null)[],
): void {
  const previousMode = state.gradEnabled
  state.gradEnabled = createGraph
  try {
    for (let k = 0; k < nodes.length; k++) {
      const node = nodes[k]!
      const g = node.buffer
      const fresh = node.bufferFresh
      node.buffer = null
      if (g === null) continue
      if (captures !== null) {
        for (let c = 0; c < captures.length; c++) if (captures[c] === node) captured[c] = g
        if (!node.needed) continue
      }
      // Only AccumulateGrad nodes have no op (a field test is cheaper than instanceof on this hot loop).
      if (node.def === null) {
        accumulateLeaf((node as AccumulateGrad).variable, g, createGraph, fresh && captures === null)
        continue
      }
      if (node.retained !== null && captures === null) retain(node.retained, g, createGraph)
      const saved = node.unpack()
      const inputGrads = node.def.backward(g, saved, node)
      const n = node.arity
      const freshGrads = node.def.freshGrads === true && !createGraph
      // the incoming gradient, if only this node's buffer held it: a rule passing it on hands that ownership on
      const owned = freshGrads && fresh && captures === null
      for (let i = 0; i < n; i++) {
        // the fields, not edge(i)/inputShape(i): one function fewer for the optimising compiler on this loop
        const target = i === 0 ? node.next0 : i === 1 ? node.next1 : node.nextMore![i - 2]!
        let gi = inputGrads[i]
        if (target === null || gi === null || gi === undefined) continue
        // a tensor the rule just made, handed to this input only, is the engine's to give away; so is an owned
        // incoming gradient passed on, to the last input taking it only (every other taker reads it before the
        // leaves' AccumulateGrad nodes, which run last, may keep it)
        let made =
          gi === g
            ? owned && lastTaker(node, inputGrads, i, n)
            : freshGrads && (n === 1 || (n === 2 ? inputGrads[1 - i] !== gi : onlyOnce(inputGrads, i, n)))
        const shape = (i === 0 ? node.shape0 : i === 1 ? node.shape1 : node.shapesMore![i - 2])!
        if (!sameShape(gi.shape, shape)) {
          // without createGraph only the kernel runs (as mulKernel), nothing to record
          gi = createGraph ? sumToShape(gi, shape) : new Tensor(K.sumToShape(gi.array, shape))
          made = true
        }
        const dtype = node.inputDtypes[i] as K.DType
        if (gi.dtype !== dtype) {
          gi = gi.to(dtype)
          made = true
        }
        accumulateInto(target, gi, made)
      }
      if (!retainGraph) node.release()
    }
  } finally {
    state.gradEnabled = previousMode
    for (let k = 0; k < nodes.length; k++) nodes[k]!.buffer = null
  }
}

/** Whether no input after i takes inputGrads[i] too (an input with an edge). */
function lastTaker(node: Node, inputGrads: readonly (Tensor | null)[], i: number, n: number): boolean {
  const gi = inputGrads[i]
  for (let j = i + 1; j < n; j++) if (inputGrads[j] === gi && node.edge(j) !== null) return false
  return true
}

/** Whether inputGrads[i] appears nowhere else among the node's n input gradients. */
function onlyOnce(inputGrads: readonly (Tensor | null)[], i: number, n: number): boolean {
  const gi = inputGrads[i]
  for (let j = 0; j < n; j++) if (j !== i && inputGrads[j] === gi) return false
  return true
}

/**
 * Accumulates the gradient of several outputs (each seeded with its gradOutput) into the leaves' `.grad`.
 * https://pytorch.org/docs/1.13/generated/torch.autograd.backward.html
 * @example
 * backward([loss1, loss2], [null, null])
 * w.grad // d(loss1 + loss2)/dw
 */
export function backward(
  outputs: readonly Tensor[],
  gradOutputs: readonly (Tensor | null)[],
  options: { retainGraph?: boolean; createGraph?: boolean } = {},
): void {
  const createGraph = options.createGraph ?? false
  execute(outputs, gradOutputs, options.retainGraph ?? createGraph, createGraph, null)
}

/** Options of `grad`, PyTorch's keyword arguments in camelCase. */
export interface GradOptions {
  gradOutputs?: Tensor | readonly (Tensor | null)[] | null
  retainGraph?: boolean
  createGraph?: boolean
  allowUnused?: boolean
}

/**
 * Computes and returns the gradients of `outputs` with respect to `inputs`, leaving `.grad` untouched.
 * https://pytorch.org/docs/1.13/generated/torch.autograd.grad.html
 * @example
 * const [dx] = grad(x.pow(3).sum(), [x], { createGraph: true })
 * const [d2x] = grad(dx!.sum(), [x]) // 6x
 */
export function grad(
  outputs: Tensor | readonly Tensor[],
  inputs: Tensor | readonly Tensor[],
  options: GradOptions = {},
): (Tensor | null)[] {
  const outs = outputs instanceof Tensor ? [outputs] : outputs
  const ins = inputs instanceof Tensor ? [inputs] : inputs
  const go = options.gradOutputs
  const gradOutputs = go === undefined || go === null ? outs.map(() => null) : go instanceof Tensor ? [go] : go
  if (gradOutputs.length !== outs.length) {
    throw new K.RuntimeError(
      `grad requires one grad_output per output: got ${gradOutputs.length} grad_outputs and ${outs.length} outputs`,
    )
  }
  const captures = ins.map((t) => {
    if (!t._requiresGrad) throw new K.RuntimeError('One of the differentiated Tensors does not require grad')
    return t.gradFn ?? t._accumulator()
  })
  const createGraph = options.createGraph ?? false
  const result = execute(outs, gradOutputs, options.retainGraph ?? createGraph, createGraph, captures)
  if (!(options.allowUnused ?? false) && result.some((g) => g === null)) {
    throw new K.RuntimeError(
      'One of the differentiated Tensors appears to not have been used in the graph. Set allow_unused=True if this is the desired behavior.',
    )
  }
  return result
}
