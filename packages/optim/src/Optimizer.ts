import { enableGrad } from '@descent/autograd'
import { PyTorchTypeError, ValueError, warn } from '@descent/tensor'
import { cloneArray, writeValues } from './elementwise.js'
import { pyStr } from './pymath.js'
import type {
  OptimizerStateDict,
  ParamGroup,
  ParamGroupInput,
  ParamState,
  ParamTensor,
  Params,
  StateValue,
} from './types.js'

const TYPE_NAMES: Record<string, string> = {
  float32: 'torch.FloatTensor',
  float64: 'torch.DoubleTensor',
  int64: 'torch.LongTensor',
  bool: 'torch.BoolTensor',
}

function isTensor(x: unknown): x is ParamTensor {
  return typeof x === 'object' && x !== null && 'array' in x && typeof (x as ParamTensor).array === 'object'
}

/** Python's type name of a value, for PyTorch's "one of the params is int" messages. */
function typeName(x: unknown): string {
  if (isTensor(x)) return TYPE_NAMES[x.array.dtype] ?? 'torch.Tensor'
  if (x === null || x === undefined) return 'NoneType'
  if (typeof x === 'number') return Number.isInteger(x) ? 'int' : 'float'
  if (typeof x === 'string') return 'str'
  if (typeof x === 'boolean') return 'bool'
  if (Array.isArray(x)) return 'list'
  return 'dict'
}

// Group options are plain values; arrays (betas) are copied so groups and state dicts never alias each other.
function copyOption(v: unknown): unknown {
  return Array.isArray(v) ? [...v] : v
}

function copyState(s: ParamState): ParamState {
  const out: ParamState = {}
  for (const [k, v] of Object.entries(s)) out[k] = typeof v === 'object' && v !== null ? cloneArray(v) : v
  return out
}

/**
 * An optimiser's defaults overridden by the options given, where they are not undefined.
 *
 * @example
 * super(params, withDefaults({ lr: 1e-3, momentum: 0 }, options))
 * // withDefaults({ lr: 1e-3 }, { lr: undefined }).lr === 1e-3
 */
export function withDefaults<O extends object>(defaults: O, options: Partial<O>): O {
  const out = { ...defaults }
  for (const [key, value] of Object.entries(options)) if (value !== undefined) (out as Record<string, unknown>)[key] = value
  return out
}

/**
 * PyTorch's `if not 0.0 <= value: raise ValueError(f"Invalid {what}: {value}")`, which NaN fails too.
 *
 * @example
 * checkNonNegative('learning rate', -1) // throws ValueError('Invalid learning rate: -1')
 */
export function checkNonNegative(what: string, value: number): void {
  if (!(value >= 0)) throw new ValueError(`Invalid ${what}: ${pyStr(value)}`)
}

/**
 * The base class of every optimiser: parameter groups with per-group options, per-parameter state, `zeroGrad`,
 * `step` and a state dict that resumes training exactly. Subclasses validate options and update one group.
 * See https://pytorch.org/docs/1.13/optim.html#torch.optim.Optimizer
 *
 * @example
 * class PlainSGD extends Optimizer<{ lr: number }> { protected updateGroup(group) { ... } }
 * const opt = new PlainSGD([w], { lr: 0.1 })
 */
export abstract class Optimizer<O extends object = Record<string, unknown>> {
  /** The options every group starts from (the constructor's options over the optimiser's defaults). */
  readonly defaults: O
  /** The parameter groups, each with its parameters and its complete set of options. */
  paramGroups: ParamGroup<O>[] = []
  /** Per-parameter state (PyTorch's `optimizer.state`), created lazily by `stateFor`. */
  state = new Map<ParamTensor, ParamState>()
  /** How many times `step()` has run (PyTorch's `optimizer._step_count`); schedulers read it to warn. */
  stepCount = 0

  constructor(params: Params<O>, defaults: O) {
    // Validate first: a bad option must fail before the optimiser stores anything.
    this.checkOptions(defaults)
    this.defaults = defaults
    if (isTensor(params)) {
      throw new PyTorchTypeError(
        `params argument given to the optimizer should be an iterable of Tensors or dicts, but got ${typeName(params)}`,
      )
    }
    const groups = [...(params as Iterable<ParamTensor | ParamGroupInput<O>>)]
    if (groups.length === 0) throw new ValueError('optimizer got an empty parameter list')
    const inputs: ParamGroupInput<O>[] = isTensor(groups[0])
      ? [{ params: groups as ParamTensor[] } as unknown as ParamGroupInput<O>]
      : (groups as ParamGroupInput<O>[])
    for (const group of inputs) this.addParamGroup(group)
  }

  /**
   * Throws PyTorch's ValueError for an invalid option (`Invalid learning rate: -1`); runs on the defaults and on
   * every group before it is stored. Subclasses override it.
   */
  protected checkOptions(_options: O): void {}

  /** Updates the parameters of one group from their gradients; `step()` calls it for every group. */
  protected abstract updateGroup(group: ParamGroup<O>): void

  /**
   * Adds a parameter group, its missing options taken from the defaults.
   * See https://pytorch.org/docs/1.13/generated/torch.optim.Optimizer.add_param_group.html
   *
   * @example
   * optimizer.addParamGroup({ params: [head.weight], lr: 0.01 })
   * optimizer.paramGroups.length // 2
   */
  addParamGroup(paramGroup: ParamGroupInput<O>): void {
    if (typeof paramGroup !== 'object' || paramGroup === null || isTensor(paramGroup) || !('params' in paramGroup)) {
      throw new PyTorchTypeError('param group must be a dict')
    }
    const raw = paramGroup.params
    if (raw instanceof Set) {
      throw new PyTorchTypeError(
        'optimizer parameters need to be organized in ordered collections, but the ordering of tensors in sets will change between runs. Please use a list instead.',
      )
    }
    const params: ParamTensor[] = isTensor(raw) ? [raw] : [...(raw as Iterable<ParamTensor>)]
    for (const p of params) {
      if (!isTensor(p)) {
        throw new PyTorchTypeError(`optimizer can only optimize Tensors, but one of the params is ${typeName(p)}`)
      }
      if (p.isLeaf === false && !p.retainsGrad) throw new ValueError("can't optimize a non-leaf Tensor")
    }
    const group = {} as Record<string, unknown>
    for (const [key, value] of Object.entries(this.defaults)) group[key] = copyOption(value)
    for (const [key, value] of Object.entries(paramGroup)) {
      // an option given as undefined keeps its default, as if it were left out
      if (key !== 'params' && value !== undefined) group[key] = copyOption(value)
    }
    this.checkOptions(group as O)
    if (new Set(params).size !== params.length) {
      warn(
        'optimizer contains a parameter group with duplicate parameters; in future, this will cause an error; see github.com/pytorch/pytorch/issues/40967 for more information',
      )
    }
    for (const other of this.paramGroups) {
      if (other.params.some((p) => params.includes(p))) {
        throw new ValueError('some parameters appear in more than one parameter group')
      }
    }
    group.params = params
    this.paramGroups.push(group as ParamGroup<O>)
  }

  /**
   * PyTorch's `repr` of an optimiser: each group's options, sorted by name (camelCase names, Python values).
   *
   * @example
   * String(new SGD([w], { lr: 0.1 }))
   * // 'SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1\n ...)'
   */
  toString(): string {
    let out = `${this.constructor.name} (`
    this.paramGroups.forEach((group, i) => {
      out += `\nParameter Group ${i}\n`
      for (const key of Object.keys(group).sort()) {
        if (key !== 'params') out += `    ${key}: ${pyRepr((group as Record<string, unknown>)[key])}\n`
      }
    })
    return `${out})`
  }

  /** The state of one parameter, created empty on first use (PyTorch's `defaultdict(dict)`). */
  protected stateFor(p: ParamTensor): ParamState {
    let s = this.state.get(p)
    if (s === undefined) {
      s = {}
      this.state.set(p, s)
    }
    return s
  }

  /**
   * Resets the gradients: to null by default (`setToNone`, as in PyTorch 2), or to zeros in place.
   * See https://pytorch.org/docs/1.13/generated/torch.optim.Optimizer.zero_grad.html
   *
   * @example
   * optimizer.zeroGrad()
   * w.grad // null
   */
  zeroGrad(options?: { setToNone?: boolean }): void {
    const setToNone = options?.setToNone ?? true
    const groups = this.paramGroups
    for (let g = 0; g < groups.length; g++) {
      const params = groups[g]!.params
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!
        const grad = p.grad
        if (grad === null || grad === undefined) continue
        if (setToNone) p.grad = null
        else {
          zeroFill(grad.array)
          // grad.zero_() in PyTorch: an in-place change, counted like one
          grad.incrementVersion?.()
        }
      }
    }
  }

  /**
   * Performs one optimisation step; a closure re-evaluates the model and its value is returned.
   * See https://pytorch.org/docs/1.13/generated/torch.optim.Optimizer.step.html
   *
   * @example
   * loss.backward()
   * optimizer.step()
   */
  step<T>(closure?: () => T): T | undefined {
    this.stepCount++
    // As in PyTorch, the closure records a graph even when step() is called under noGrad.
    const loss = closure === undefined ? undefined : enableGrad(closure)
    const groups = this.paramGroups
    for (let g = 0; g < groups.length; g++) {
      const group = groups[g]!
      this.updateGroup(group)
      // PyTorch updates these parameters in place, which bumps their version counters: a graph that saved them
      // before the step then refuses to backpropagate.
      const params = group.params
      for (let i = 0; i < params.length; i++) {
        const p = params[i]!
        if (p.grad !== null && p.grad !== undefined) p.incrementVersion?.()
      }
    }
    return loss
  }

  /**
   * A snapshot of the optimiser: state keyed by parameter index and groups whose `params` are indices. Buffers are
   * copied, so later steps do not change a dict already taken.
   * See https://pytorch.org/docs/1.13/generated/torch.optim.Optimizer.state_dict.html
   *
   * @example
   * const saved = optimizer.stateDict()
   * other.loadStateDict(saved) // resumes exactly where optimizer is
   */
  stateDict(): OptimizerStateDict<O> {
    const index = new Map<ParamTensor, number>()
    let start = 0
    const paramGroups = this.paramGroups.map((group) => {
      const packed = {} as Record<string, unknown>
      for (const [key, value] of Object.entries(group)) if (key !== 'params') packed[key] = copyOption(value)
      group.params.forEach((p, i) => {
        if (!index.has(p)) index.set(p, start + i)
      })
      packed.params = group.params.map((p) => index.get(p)!)
      start += group.params.length
      return packed as O & { params: number[] }
    })
    const state: Record<number, ParamState> = {}
    for (const [p, s] of this.state) {
      const i = index.get(p)
      if (i !== undefined) state[i] = copyState(s)
    }
    return { state, paramGroups }
  }

  /**
   * Loads a state dict taken from an optimiser with groups of the same sizes: options and state replace this
   * optimiser's, buffers cast to each parameter's dtype.
   * See https://pytorch.org/docs/1.13/generated/torch.optim.Optimizer.load_state_dict.html
   *
   * @example
   * const resumed = new Adam(model.parameters())
   * resumed.loadStateDict(saved)
   */
  loadStateDict(stateDict: OptimizerStateDict<O>): void {
    const groups = this.paramGroups
    const saved = stateDict.paramGroups
    if (groups.length !== saved.length) {
      throw new ValueError('loaded state dict has a different number of parameter groups')
    }
    if (groups.some((g, i) => g.params.length !== saved[i]!.params.length)) {
      throw new ValueError("loaded state dict contains a parameter group that doesn't match the size of optimizer's group")
    }
    const byIndex = new Map<number, ParamTensor>()
    saved.forEach((g, i) => {
      g.params.forEach((id, j) => {
        byIndex.set(Number(id), groups[i]!.params[j]!)
      })
    })
    const state = new Map<ParamTensor, ParamState>()
    for (const [key, value] of Object.entries(stateDict.state)) {
      const p = byIndex.get(Number(key))
      if (p === undefined) continue
      const s: ParamState = {}
      for (const [name, v] of Object.entries(value as ParamState)) s[name] = castState(p, name, v)
      state.set(p, s)
    }
    this.paramGroups = saved.map((g, i) => {
      const group = {} as Record<string, unknown>
      for (const [key, value] of Object.entries(g)) if (key !== 'params') group[key] = copyOption(value)
      group.params = groups[i]!.params
      return group as ParamGroup<O>
    })
    this.state = state
  }
}

function pyRepr(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  if (typeof v === 'number') return pyStr(v)
  if (v === null || v === undefined) return 'None'
  if (Array.isArray(v)) return `(${v.map(pyRepr).join(', ')}${v.length === 1 ? ',' : ''})`
  return String(v)
}

// PyTorch casts floating state to the parameter's dtype, except `step`.
function castState(p: ParamTensor, name: string, v: StateValue): StateValue {
  if (typeof v !== 'object' || v === null) return v
  const floating = p.array.dtype === 'float32' || p.array.dtype === 'float64'
  return cloneArray(v, name !== 'step' && floating ? p.array.dtype : v.dtype)
}

function zeroFill(a: ParamTensor['array']): void {
  if (a.isContiguous()) a.data.fill(0, a.offset, a.offset + a.size)
  else writeValues(a, new Float64Array(a.size))
}
