// The recorded graph: one Node per differentiable op application, PyTorch's autograd::Node in miniature.
import * as K from '@descent/tensor'
import { type NDArray, RuntimeError } from '@descent/tensor'
import { state } from './mode.js'
import { Tensor } from './Tensor.js'

/** An op input: a Tensor, or a JS number standing for a Python scalar. */
export type Operand = Tensor | number

/**
 * One differentiable op: its forward kernel and its backward rule side by side. Backward rules are written with
 * Tensor methods, so with `createGraph` they are recorded too and higher derivatives come free. Rules return the
 * gradient for each input in the broadcast shape of the output; the engine sums them back to the input's shape.
 */
export interface OpDef<P = undefined> {
  /** PyTorch's name for the backward node, e.g. `MulBackward0`. */
  readonly name: string
  // Method syntax on purpose: bivariant parameters let any OpDef<P> stand where OpDef<unknown> is expected.
  forward(inputs: readonly (NDArray | number)[], params: P): NDArray
  /** What backward reads, in order: input positions, or -1 for the output. Only these are version-checked. */
  readonly save?: readonly number[]
  /**
   * For each saved value, the input whose gradient needs it (-1: always). As in PyTorch, a value only one input's
   * gradient reads is not saved (nor version-checked) when that input does not require grad.
   */
  readonly saveFor?: readonly number[]
  backward(grad: Tensor, saved: readonly Operand[], node: Node<P>): readonly (Tensor | null)[]
  /** True when params hold a tensor PyTorch saves (max(dim)'s indices): backward frees it like saved values. */
  readonly paramsSaved?: boolean
  /** True when the result shares storage with input 0 (views), so it shares its version counter too. */
  readonly view?: boolean
  /**
   * True when backward returns, for each input, either `grad` itself or a tensor it has just made and holds nowhere
   * else: a leaf may then keep that tensor as its `.grad` without copying it, as PyTorch steals a gradient nothing
   * else references.
   */
  readonly freshGrads?: boolean
}

/**
 * Declares a differentiable op, forward and backward in one place; the type makes a missing rule a compile-time error.
 * https://pytorch.org/docs/1.13/notes/extending.html
 * @example
 * const cube = defineOp({ name: 'CubeBackward0', forward: ([a]) => K.pow(a as NDArray, 3), save: [0],
 *   backward: (grad, [a]) => [grad.mul((a as Tensor).square().mul(3))] })
 */
export function defineOp<P = undefined>(def: OpDef<P>): OpDef<P> {
  // Every def gets the same fields in the same order, so apply, record and the engine read them monomorphically.
  return {
    name: def.name,
    forward: def.forward,
    save: def.save,
    saveFor: def.saveFor,
    backward: def.backward,
    paramsSaved: def.paramsSaved,
    view: def.view,
    freshGrads: def.freshGrads,
  }
}

let nextSequenceNr = 0

/**
 * A node of the backward graph (`tensor.gradFn`): PyTorch's name and the edges to the inputs' nodes.
 * https://pytorch.org/docs/1.13/autograd.html#torch.autograd.graph.Node
 * @example
 * x.mul(2).gradFn?.name // 'MulBackward0'
 * x.mul(2).gradFn?.nextFunctions // [[AccumulateGrad, 0], [null, 0]]
 */
export class Node<P = unknown> {
  // Fields are `declare`d and set in the constructor, in one order: no class-field initializer runs first.
  declare readonly name: string
  declare readonly def: OpDef<P> | null
  declare readonly params: P
  /** How many inputs the op took. */
  declare readonly arity: number
  /** The edge to input 0's node (its gradFn, or the AccumulateGrad of a leaf); null where no gradient flows. */
  declare next0: Node | null
  /** The edge to input 1's node, as next0. */
  declare next1: Node | null
  /** Input 0's shape (set when it takes a gradient), so the engine can sum a broadcast gradient back. */
  declare shape0: readonly number[] | null
  /** Input 1's shape, as shape0. */
  declare shape1: readonly number[] | null
  /** Edges and shapes of inputs 2 and up (ops of three inputs or more), else null: most nodes need no lists. */
  declare nextMore: (Node | null)[] | null
  declare shapesMore: (readonly number[] | null)[] | null
  /** Each input's dtype. Never written after record: unary and binary nodes of one dtype share a list (see sharedDtypes). */
  declare readonly inputDtypes: readonly (string | null)[]
  declare saved: Operand[] | null
  declare savedVersions: readonly number[] | null
  declare released: boolean
  /** Creation order; the engine runs nodes from the highest down, a valid topological order. */
  declare readonly sequenceNr: number
  /** The non-leaf tensor whose `.grad` this node fills (`retainGrad`). */
  declare retained: Tensor | null
  /** Engine scratch: the gradient flowing into this node during one backward pass. */
  declare buffer: Tensor | null
  /** Engine scratch: whether the buffer is a tensor the engine made (a sum, a cast), held nowhere else. */
  declare bufferFresh: boolean
  /** Engine scratch: pass id that last visited this node. */
  declare visit: number
  declare needed: boolean

  constructor(name: string, def: OpDef<P> | null, params: P, arity: number) {
    this.name = name
    this.def = def
    this.params = params
    this.arity = arity
    this.next0 = null
    this.next1 = null
    this.shape0 = null
    this.shape1 = null
    this.nextMore = arity > 2 ? new Array(arity - 2).fill(null) : null
    this.shapesMore = arity > 2 ? new Array(arity - 2).fill(null) : null
    this.inputDtypes = arity === 2 ? NULL_2 : arity === 1 ? NULL_1 : new Array(arity).fill(null)
    this.saved = null
    this.savedVersions = null
    this.released = false
    this.sequenceNr = nextSequenceNr++
    this.retained = null
    this.buffer = null
    this.bufferFresh = false
    this.visit = 0
    this.needed = false
  }

  /** The edge to input i's node, null where no gradient flows. */
  edge(i: number): Node | null {
    return i === 0 ? this.next0 : i === 1 ? this.next1 : (this.nextMore?.[i - 2] ?? null)
  }

  /** Input i's shape, recorded when it takes a gradient. */
  inputShape(i: number): readonly number[] | null {
    return i === 0 ? this.shape0 : i === 1 ? this.shape1 : (this.shapesMore?.[i - 2] ?? null)
  }

  /** Sets input i's edge and shape. */
  setEdge(i: number, node: Node, shape: readonly number[]): void {
    if (i === 0) {
      this.next0 = node
      this.shape0 = shape
    } else if (i === 1) {
      this.next1 = node
      this.shape1 = shape
    } else {
      this.nextMore![i - 2] = node
      this.shapesMore![i - 2] = shape
    }
  }

  /** The edge to each input's node (a new list): null where no gradient flows. */
  get next(): (Node | null)[] {
    const out = new Array<Node | null>(this.arity)
    for (let i = 0; i < this.arity; i++) out[i] = this.edge(i)
    return out
  }

  /** Each input's shape (a new list), null for inputs that take no gradient. */
  get inputShapes(): (readonly number[] | null)[] {
    const out = new Array<readonly number[] | null>(this.arity)
    for (let i = 0; i < this.arity; i++) out[i] = this.inputShape(i)
    return out
  }

  /** PyTorch's `next_functions`: `[node, outputIndex]` per input, node null where no gradient flows. */
  get nextFunctions(): [Node | null, number][] {
    return this.next.map((n) => [n, 0])
  }

  toString(): string {
    return `<${this.name}>`
  }

  /** Whether input i takes a gradient (PyTorch's `should_compute_output`), so rules skip work nobody reads. */
  needsInputGrad(i: number): boolean {
    return this.edge(i) !== null
  }

  /** Returns the saved values, refusing if they were freed or modified in place since they were saved. */
  unpack(): Operand[] {
    const saved = this.saved
    if (saved === null) {
      if (this.released) throw new RuntimeError(SECOND_BACKWARD)
      return NO_SAVED
    }
    const versions = this.savedVersions!
    for (let i = 0; i < saved.length; i++) {
      const s = saved[i]!
      if (typeof s === 'number') continue
      if (s._version !== versions[i]) {
        // PyTorch names the node a saved output came from, and a saved input's current gradFn
        const fn = this.def!.save![i]! < 0 ? this.name : (s.gradFn?.name ?? null)
        const which = fn === null ? '' : `, which is output 0 of ${fn}`
        throw new RuntimeError(
          'one of the variables needed for gradient computation has been modified by an inplace operation: ' +
            `[${legacyTypeName(s.dtype)} [${s.shape.join(', ')}]]${which}${which === '' ? '' : ','} is at version ${s._version}; ` +
            `expected version ${versions[i]} instead. Hint: enable anomaly detection to find the operation that ` +
            'failed to compute its gradient, with torch.autograd.set_detect_anomaly(True).',
        )
      }
    }
    return saved
  }

  /** Frees what backward saved; a later backward through this node fails like PyTorch's. */
  release(): void {
    if (this.saved !== null || this.def?.paramsSaved === true) {
      this.saved = null
      this.savedVersions = null
      this.released = true
    }
  }
}

/**
 * The sink of a leaf that requires grad: gradients arriving here accumulate into `variable.grad`.
 * https://pytorch.org/docs/1.13/autograd.html#torch.autograd.graph.Node
 * @example
 * const [[acc]] = w.mul(2).gradFn!.nextFunctions
 * acc?.name // 'AccumulateGrad'
 */
export class AccumulateGrad extends Node<undefined> {
  declare readonly variable: Tensor
  constructor(variable: Tensor) {
    super('AccumulateGrad', null, undefined, 0)
    this.variable = variable
    // Sinks run after every op node: a leaf's accumulator may be created after a node that feeds it.
    ;(this as { sequenceNr: number }).sequenceNr = -1
  }
}

const NO_SAVED: Operand[] = []

// Shared inputDtypes lists (never written): a unary or binary node whose grad-taking inputs share one float dtype
// points at one of these, one allocation fewer per node. Entries of inputs that take no gradient are never read.
const NULL_1: readonly (string | null)[] = [null]
const NULL_2: readonly (string | null)[] = [null, null]
const F32_1: readonly (string | null)[] = ['float32']
const F32_2: readonly (string | null)[] = ['float32', 'float32']
const F64_1: readonly (string | null)[] = ['float64']
const F64_2: readonly (string | null)[] = ['float64', 'float64']

/** The shared list for arity n (1 or 2) and dtype d, or null when there is none. */
function sharedDtypes(n: number, d: string): readonly (string | null)[] | null {
  if (d === 'float32') return n === 1 ? F32_1 : F32_2
  if (d === 'float64') return n === 1 ? F64_1 : F64_2
  return null
}

export const SECOND_BACKWARD =
  'Trying to backward through the graph a second time (or directly access saved tensors after they have already ' +
  'been freed). Saved intermediate values of the graph are freed when you call .backward() or autograd.grad(). ' +
  'Specify retain_graph=True if you need to backward through the graph a second time or if you need to access ' +
  'saved tensors after calling backward.'

const INFERENCE_SAVE =
  'Inference tensors cannot be saved for backward. To work around you can make a clone to get a normal tensor and ' +
  'use it in autograd.'

/** PyTorch's legacy type names, used in its in-place error message. */
export function legacyTypeName(dtype: string): string {
  switch (dtype) {
    case 'float32':
      return 'torch.FloatTensor'
    case 'float64':
      return 'torch.DoubleTensor'
    case 'int64':
      return 'torch.LongTensor'
    default:
      return 'torch.BoolTensor'
  }
}

/**
 * A view whose base was changed by a recorded in-place op no longer matches its graph; PyTorch rebuilds the view's
 * history (CopySlices), descent refuses rather than return a wrong gradient.
 */
export function checkFreshView(x: Tensor): void {
  if (x._base!.gradFn !== x._viewFn) {
    throw new RuntimeError(
      'descent does not support using a view of a tensor after an in-place operation on that tensor was recorded ' +
        'by autograd; take the view again after the in-place operation.',
    )
  }
}

function arrayOf(x: Operand): NDArray | number {
  return typeof x === 'number' ? x : x.array
}

/**
 * Runs an op forward and, when grad mode is on and an input requires grad, records its node (`Function.apply`);
 * `name` overrides the def's node name for ops that PyTorch names by how they were called.
 * https://pytorch.org/docs/1.13/generated/torch.autograd.Function.apply.html
 * @example
 * const y = apply(cube, [x], undefined)
 * y.gradFn?.name // 'CubeBackward0'
 */
export function apply<P>(def: OpDef<P>, inputs: readonly Operand[], params: P, name?: string): Tensor {
  const n = inputs.length
  const x0 = inputs[0]!
  if (n === 1) return applyTo(def, x0 as Tensor, undefined, params, def.forward([arrayOf(x0)], params), name)
  const out = n === 2 ? def.forward([arrayOf(x0), arrayOf(inputs[1]!)], params) : def.forward(inputs.map(arrayOf), params)
  if (n === 2 && typeof x0 !== 'number') return applyTo(def, x0, inputs[1]!, params, out, name)
  // more inputs, or a number first (where's `a`): the general path over the list
  const result = new Tensor(out)
  if (def.view === true) viewOf(result, x0 as Tensor)
  if (state.inference) {
    result._inference = true
    return result
  }
  if (state.gradEnabled) record(def, inputs, params, result, name)
  return result
}

/**
 * apply for an op of one input (`b` undefined) or two whose forward the caller has run (`out`): the ops' own
 * functions compute their kernel directly and record through here, with no input lists to build.
 */
export function applyTo<P>(def: OpDef<P>, a: Tensor, b: Operand | undefined, params: P, out: NDArray, name?: string): Tensor {
  const result = new Tensor(out)
  if (def.view === true) viewOf(result, a)
  if (state.inference) {
    result._inference = true
    return result
  }
  if (!state.gradEnabled) return result
  const bt = b === undefined || typeof b === 'number' ? null : b
  if (!a._requiresGrad && (bt === null || !bt._requiresGrad)) return result
  // record's body for one or two inputs, without an input list. Written here, not in a helper: V8 compiled such a
  // helper once on its own and again inlined here, on the warm-up's critical path.
  const dtype = result.array.dtype
  // integer and bool results never require grad in PyTorch (x.to('int64'), x.argmax(), ...)
  if (dtype !== 'float32' && dtype !== 'float64') return result
  if (a._base !== null) checkFreshView(a)
  if (bt !== null && bt._base !== null) checkFreshView(bt)
  const n = b === undefined ? 1 : 2
  const node = new Node<P>(name ?? def.name, def, params, n)
  // one dtype shared by every grad-taking input ('' before the first, null once two differ)
  let common: string | null = ''
  if (a._requiresGrad) {
    node.next0 = a.gradFn ?? a._accumulator()
    node.shape0 = a.array.shape
    common = a.array.dtype
  }
  if (bt?._requiresGrad) {
    node.next1 = bt.gradFn ?? bt._accumulator()
    node.shape1 = bt.array.shape
    const d = bt.array.dtype
    common = common === '' || common === d ? d : null
  }
  const shared = common !== null && common !== '' ? sharedDtypes(n, common) : null
  if (shared !== null) (node as { inputDtypes: readonly (string | null)[] }).inputDtypes = shared
  else if (common !== '') {
    const dtypes: (string | null)[] = n === 1 ? [null] : [null, null]
    if (a._requiresGrad) dtypes[0] = a.array.dtype
    if (bt?._requiresGrad) dtypes[1] = bt.array.dtype
    ;(node as { inputDtypes: readonly (string | null)[] }).inputDtypes = dtypes
  }
  if (def.save !== undefined) saveValues(node, def, a, b, null, result)
  result.gradFn = node
  result._requiresGrad = true
  return result
}

/** Makes `result` a view of `input`: it shares the base's storage and (through `_base`) its version counter. */
export function viewOf(result: Tensor, input: Tensor): void {
  const base = input._base ?? input
  result._base = base
  result._viewFn = base.gradFn
}

/**
 * Records `result` as the output of `def` applied to `inputs` when an input requires grad: its node, edges and
 * saved values. Used by apply, and by in-place ops whose result is an existing tensor.
 */
export function record<P>(def: OpDef<P>, inputs: readonly Operand[], params: P, result: Tensor, name?: string): void {
  const n = inputs.length
  let requires = false
  let views = false
  for (let i = 0; i < n; i++) {
    const x = inputs[i]!
    if (typeof x !== 'number') {
      if (x._requiresGrad) requires = true
      if (x._base !== null) views = true
    }
  }
  // integer and bool results never require grad in PyTorch (x.to('int64'), x.argmax(), ...)
  if (!requires || (result.array.dtype !== 'float32' && result.array.dtype !== 'float64')) return
  if (views) {
    for (let i = 0; i < n; i++) {
      const x = inputs[i]!
      if (typeof x !== 'number' && x._base !== null) checkFreshView(x)
    }
  }
  const node = new Node<P>(name ?? def.name, def, params, n)
  // one dtype shared by every grad-taking input ('' before the first, null once two differ)
  let common: string | null = ''
  for (let i = 0; i < n; i++) {
    const x = inputs[i]!
    // edges start out null: only inputs that take a gradient get one
    if (typeof x !== 'number' && x._requiresGrad) {
      node.setEdge(i, x.gradFn ?? x._accumulator(), x.array.shape)
      const d = x.array.dtype
      if (common !== d) common = common === '' ? d : null
    }
  }
  const shared = n <= 2 && common !== null && common !== '' ? sharedDtypes(n, common) : null
  if (shared !== null) (node as { inputDtypes: readonly (string | null)[] }).inputDtypes = shared
  else {
    const dtypes = new Array<string | null>(n).fill(null)
    for (let i = 0; i < n; i++) {
      const x = inputs[i]!
      if (typeof x !== 'number' && x._requiresGrad) dtypes[i] = x.array.dtype
    }
    ;(node as { inputDtypes: readonly (string | null)[] }).inputDtypes = dtypes
  }
  saveValues(node, def, inputs[0]!, inputs[1], inputs, result)
  result.gradFn = node
  result._requiresGrad = true
}

/** Input i of a recorded op: from the full list `rest` when there is one, else x0 or x1 (applyTo's one or two). */
function inputAt(i: number, x0: Operand, x1: Operand | undefined, rest: readonly Operand[] | null): Operand {
  return rest !== null ? rest[i]! : i === 0 ? x0 : x1!
}

/** Stores what the node's rule reads (def.save) and the version each had, for unpack's in-place check. */
function saveValues<P>(
  node: Node<P>,
  def: OpDef<P>,
  x0: Operand,
  x1: Operand | undefined,
  rest: readonly Operand[] | null,
  result: Tensor,
): void {
  const save = def.save
  if (save === undefined || save.length === 0) return
  const k = save.length
  const saveFor = def.saveFor
  // Made with object slots (null) from the start, every one written below: a list that first held numbers would
  // change its elements kind (a copy) when a tensor is stored into it.
  const saved = (k === 1 ? [null] : k === 2 ? [null, null] : new Array(k).fill(null)) as unknown as Operand[]
  // Versions are all 0 in the common case: then the node shares one list instead of making its own.
  let zeros = k < ZERO_VERSIONS.length
  for (let j = 0; j < k; j++) {
    const s = save[j]!
    const owner = saveFor === undefined ? -1 : saveFor[j]!
    // not needed: a placeholder the rule never reads, since it computes no gradient for that input
    const v = owner >= 0 && node.edge(owner) === null ? 0 : s < 0 ? result : inputAt(s, x0, x1, rest)
    if (typeof v !== 'number') {
      if (v._inference) throw new RuntimeError(INFERENCE_SAVE)
      if (v._version !== 0) zeros = false
    }
    saved[j] = v
  }
  let versions: readonly number[]
  if (zeros) versions = ZERO_VERSIONS[k]!
  else {
    const list = new Array<number>(k)
    for (let j = 0; j < k; j++) {
      const v = saved[j]!
      list[j] = typeof v === 'number' ? 0 : v._version
    }
    versions = list
  }
  node.saved = saved
  node.savedVersions = versions
}

// Shared all-zero savedVersions lists (never written) for nodes that save up to 4 values, none modified yet.
const ZERO_VERSIONS: readonly number[][] = [[], [0], [0, 0], [0, 0, 0], [0, 0, 0, 0]]

/**
 * a·b for a backward rule: with grad mode off (no createGraph) only the kernel runs, with no node and no input
 * lists to build; the same kernel Tensor.mul runs, so the values are the same bits.
 */
export function mulKernel(a: Tensor, b: Operand): Tensor {
  if (state.gradEnabled) return a.mul(b)
  return new Tensor(K.mul(a.array, typeof b === 'number' ? b : b.array))
}

/** a + b for a backward rule or the engine's gradient sums, as mulKernel: only Tensor.add's kernel when grad mode is off. */
export function addKernel(a: Tensor, b: Tensor): Tensor {
  if (state.gradEnabled) return a.add(b)
  return new Tensor(K.add(a.array, b.array))
}

/** a / b for a backward rule, as mulKernel: only the kernel Tensor.div runs when grad mode is off. */
export function divKernel(a: Tensor, b: Operand): Tensor {
  if (state.gradEnabled) return a.div(b)
  return new Tensor(K.div(a.array, typeof b === 'number' ? b : b.array))
}

/** a expanded to `shape` for a backward rule, as mulKernel: only the view is made when grad mode is off. */
export function expandKernel(a: Tensor, shape: readonly number[]): Tensor {
  if (state.gradEnabled) return a.expand(shape)
  const result = new Tensor(K.expand(a.array, shape as number[]))
  viewOf(result, a)
  return result
}

/** -a for a backward rule, as mulKernel: only the kernel Tensor.neg runs when grad mode is off. */
export function negKernel(a: Tensor): Tensor {
  if (state.gradEnabled) return a.neg()
  return new Tensor(K.neg(a.array))
}

/** A constant zero gradient shaped like `t` (PyTorch's zeros_like): never NaN, unlike `t * 0` for infinite t. */
export function zerosLike(t: Tensor): Tensor {
  return new Tensor(K.zerosLike(t.array))
}
