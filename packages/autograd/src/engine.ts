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

/** Seeds the pass: each output's node with its gradient (ones for a one-element output when none is given). */
function seed(outputs: readonly Tensor[], gradOutputs: readonly (Tensor | null)[]): { roots: Node[]; grads: Tensor[] } {
  const roots: Node[] = []
  const grads: Tensor[] = []
  for (let i = 0; i < outputs.length; i++) {
    const out = outputs[i]!
    if (!out._requiresGrad) {
      throw new K.RuntimeError(`element ${i} of tensors does not require grad and does not have a grad_fn`)
    }
    if (out._base !== null) checkFreshView(out)
    let g = gradOutputs[i] ?? null
    if (g === null) {
      if (out.numel() !== 1) throw new K.RuntimeError('grad can be implicitly created only for scalar outputs')
      g = new Tensor(K.onesLike(out.array))
    } else {
      if (!sameShape(g.shape, out.shape)) {
        throw new K.RuntimeError(
          `Mismatch in shape: grad_output[${i}] has a shape of ${sizeText(g.shape)} and output[${i}] has a shape of ${sizeText(out.shape)}.`,
        )
      }
      if (g.dtype !== out.dtype) g = g.to(out.dtype)
    }
    roots.push(out.gradFn ?? out._accumulator())
    grads.push(g)
  }
  return { roots, grads }
}

/** Every node reachable from the roots, in execution order (decreasing sequence number); no recursion. */
function collect(roots: readonly Node[]): Node[] {
  const pass = ++passId
  const nodes: Node[] = []
  // Sinks (AccumulateGrad, all -1) run last in walk order, what a stable sort gives: kept apart, appended at the end.
  let sinks: Node[] | null = null
  const stack: Node[] = []
  for (const r of roots) {
    if (r.visit !== pass) {
      r.visit = pass
      stack.push(r)
    }
  }
  while (stack.length > 0) {
    const n = stack.pop()!
    if (n.sequenceNr < 0) {
      if (sinks === null) sinks = [n]
      else sinks.push(n)
      continue
    }
    nodes.push(n)
    const next = n.next
    for (let i = 0; i < next.length; i++) {
      const m = next[i]
      if (m !== null && m !== undefined && m.visit !== pass) {
        m.visit = pass
        stack.push(m)
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
  if (sinks !== null) for (let i = 0; i < sinks.length; i++) nodes.push(sinks[i]!)
  return nodes
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
  const { roots, grads } = seed(outputs, gradOutputs)
  const nodes = collect(roots)
  const captured: (Tensor | null)[] = captures === null ? NO_CAPTURES : captures.map(() => null)
  if (captures !== null) {
    // A node runs only when some capture lies below it; walk from the inputs' end (increasing sequence number).
    for (const c of captures) c.needed = false
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i]!
      let needed = false
      for (const m of n.next) if (m !== null && m !== undefined && (m.needed || captures.includes(m))) needed = true
      n.needed = needed
    }
  }
  const previousMode = state.gradEnabled
  state.gradEnabled = createGraph
  try {
    for (let i = 0; i < roots.length; i++) accumulateInto(roots[i]!, grads[i]!, false)
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
      const inputGrads = node.def!.backward(g, saved, node)
      const next = node.next
      for (let i = 0; i < next.length; i++) {
        const target = next[i]
        let gi = inputGrads[i]
        if (target === null || target === undefined || gi === null || gi === undefined) continue
        let made = false
        const shape = node.inputShapes[i]!
        if (!sameShape(gi.shape, shape)) {
          gi = sumToShape(gi, shape)
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
    for (const n of nodes) n.buffer = null
  }
  return captured
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
