import { Tensor, fromArray, noGrad } from '@descent/autograd'
import { type DType, NDArray, PyTorchTypeError, RuntimeError, ValueError, sameShape } from '@descent/tensor'
import { KeyError } from '../io/errors.js'
import { defineEntry } from '../io/tensorLike.js'
import { formatSize } from './format.js'
import { Parameter } from './Parameter.js'

/** What `loadStateDict` accepts: tensors or NDArrays by name (what `stateDict()`, `load` and `loadSafetensors` give). */
export type StateDictInput = Record<string, Tensor | NDArray>

/** `loadStateDict`'s result, PyTorch's `_IncompatibleKeys`, printed as PyTorch prints it. */
export class IncompatibleKeys {
  constructor(
    readonly missingKeys: string[],
    readonly unexpectedKeys: string[],
  ) {}

  toString(): string {
    if (this.missingKeys.length === 0 && this.unexpectedKeys.length === 0) return '<All keys matched successfully>'
    const list = (keys: string[]) => `[${keys.map(pyRepr).join(', ')}]`
    return `_IncompatibleKeys(missing_keys=${list(this.missingKeys)}, unexpected_keys=${list(this.unexpectedKeys)})`
  }
}

/** Python's repr of a str: single quotes unless the text holds one and no double quote. */
export function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'"
  const body = s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r')
  return quote + (quote === "'" ? body.replace(/'/g, "\\'") : body) + quote
}

/**
 * A state dict as Python prints one: `OrderedDict([('weight', tensor([[0.7645]])), ('bias', tensor([0.8300]))])`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.state_dict
 * @example
 * console.log(formatStateDict(model.stateDict()))
 */
export function formatStateDict(stateDict: Record<string, Tensor>): string {
  const entries = Object.entries(stateDict)
  if (entries.length === 0) return 'OrderedDict()'
  return `OrderedDict([${entries.map(([k, t]) => `(${pyRepr(k)}, ${t.toString()})`).join(', ')}])`
}

// Bookkeeping lives under symbols so that field discovery (which reads string keys) never sees it.
const BUFFERS = Symbol('buffers')

/**
 * Base class for all neural network modules. Parameters and sub-modules assigned as fields register themselves:
 * `parameters()`, `children()` and `stateDict()` discover them in the order the fields were assigned, which is
 * PyTorch's order. Buffers are registered with `registerBuffer`. Subclasses implement `forward`; call a module
 * with `call(...)`.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html
 * @example
 * class Net extends Module { lin = new Linear(2, 1); forward(x: Tensor) { return this.lin.call(x).relu() } }
 * new Net().namedParameters().map(([name]) => name) // ['lin.weight', 'lin.bias']
 */
export abstract class Module {
  /** Whether the module is in training mode (`train()`) or evaluation mode (`eval()`). */
  training = true
  // name -> persistent (buffers are Tensor fields that registerBuffer named).
  private readonly [BUFFERS] = new Map<string, boolean>()

  // biome-ignore lint/suspicious/noExplicitAny: each module declares its own forward signature
  abstract forward(...args: any[]): any

  /** Runs `forward`: the uniform way to call any module, as `module(x)` is in PyTorch. */
  call(...args: Parameters<this['forward']>): ReturnType<this['forward']> {
    return this.forward(...args)
  }

  /** The fields of this module (not its descendants) that hold a value of the given class, in assignment order. */
  protected ownFields<T>(cls: abstract new (...args: never[]) => T): [string, T][] {
    const out: [string, T][] = []
    for (const key of Object.keys(this)) {
      const value = (this as Record<string, unknown>)[key]
      if (value instanceof cls) out.push([key, value as T])
    }
    return out
  }

  private checkName(kind: 'parameter' | 'buffer' | 'module', name: string, allowed: (v: unknown) => boolean): void {
    if (typeof name !== 'string') throw new PyTorchTypeError(`${kind} name should be a string. Got ${typeof name}`)
    if (kind === 'module') {
      if (name.includes('.')) throw new KeyError(`module name can't contain ".", got: ${name}`)
    } else if (name.includes('.')) throw new KeyError(`${kind} name can't contain "."`)
    if (name === '') throw new KeyError(`${kind} name can't be empty string ""`)
    const current = (this as Record<string, unknown>)[name]
    if (name in this && current !== undefined && current !== null && !allowed(current)) {
      throw new KeyError(`attribute '${name}' already exists`)
    }
  }

  /**
   * Adds a parameter under `name` (the same as assigning it to the field `name`).
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.register_parameter
   * @example
   * module.registerParameter('scale', new Parameter(ones([1])))
   */
  registerParameter(name: string, param: Parameter | null): void {
    this.checkName('parameter', name, (v) => v instanceof Parameter)
    if (param !== null && !(param instanceof Parameter)) {
      throw new PyTorchTypeError(
        `cannot assign '${typeName(param)}' object to parameter '${name}' (torch.nn.Parameter or None required)`,
      )
    }
    if (param !== null && param.gradFn !== null) {
      throw new ValueError(
        `Cannot assign non-leaf Tensor to parameter '${name}'. Model parameters must be created explicitly. To express '${name}' as a function of another Tensor, compute the value in the forward() method.`,
      )
    }
    ;(this as Record<string, unknown>)[name] = param
  }

  /**
   * Adds a buffer: a tensor that is part of the module's state (saved in `stateDict()` when `persistent`) but is
   * not a parameter.
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.register_buffer
   * @example
   * module.registerBuffer('runningMean', zeros([3]))
   */
  registerBuffer(name: string, tensor: Tensor | null, persistent = true): void {
    this.checkName('buffer', name, (v) => this[BUFFERS].has(name) && v instanceof Tensor)
    if (tensor !== null && !(tensor instanceof Tensor)) {
      throw new PyTorchTypeError(`cannot assign '${typeName(tensor)}' object to buffer '${name}' (torch Tensor or None required)`)
    }
    this[BUFFERS].set(name, persistent)
    ;(this as Record<string, unknown>)[name] = tensor
  }

  /**
   * Adds a child module under `name` (the same as assigning it to the field `name`).
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.add_module
   * @example
   * seq.addModule('head', new Linear(4, 1))
   */
  addModule(name: string, module: Module | null): void {
    if (module !== null && !(module instanceof Module)) throw new PyTorchTypeError(`${typeName(module)} is not a Module subclass`)
    this.checkName('module', name, (v) => v instanceof Module)
    ;(this as Record<string, unknown>)[name] = module
  }

  /** Alias of `addModule`, as in PyTorch. */
  registerModule(name: string, module: Module | null): void {
    this.addModule(name, module)
  }

  private ownBuffers(persistentOnly: boolean): [string, Tensor][] {
    const out: [string, Tensor][] = []
    for (const [name, persistent] of this[BUFFERS]) {
      const value = (this as Record<string, unknown>)[name]
      if (value instanceof Tensor && !(value instanceof Parameter) && (persistent || !persistentOnly)) out.push([name, value])
    }
    return out
  }

  /**
   * This module and all its descendants with their dotted names, each module once, parents before children.
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.named_modules
   * @example
   * new Sequential(new Linear(1, 2), new ReLU()).namedModules().map(([n]) => n) // ['', '0', '1']
   */
  namedModules(prefix = '', memo: Set<Module> = new Set()): [string, Module][] {
    if (memo.has(this)) return []
    memo.add(this)
    const out: [string, Module][] = [[prefix, this]]
    for (const [name, child] of this.ownFields(Module)) {
      out.push(...child.namedModules(prefix === '' ? name : `${prefix}.${name}`, memo))
    }
    return out
  }

  /** This module and all its descendants, each once. */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m)
  }

  /** The direct children with their field names, each module once. */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>()
    const out: [string, Module][] = []
    for (const [name, m] of this.ownFields(Module)) {
      if (seen.has(m)) continue
      seen.add(m)
      out.push([name, m])
    }
    return out
  }

  /** The direct children, each once. */
  children(): Module[] {
    // train()/eval() walk this every epoch: one list, no pairs, no Set (a module has few children)
    const out: Module[] = []
    const keys = Object.keys(this)
    for (let i = 0; i < keys.length; i++) {
      const value = (this as Record<string, unknown>)[keys[i]!]
      if (value instanceof Module && !out.includes(value)) out.push(value)
    }
    return out
  }

  private namedMembers<T>(get: (m: Module) => [string, T][], prefix: string, recurse: boolean): [string, T][] {
    const seen = new Set<T>()
    const out: [string, T][] = []
    const modules: [string, Module][] = recurse ? this.namedModules(prefix) : [[prefix, this]]
    for (const [modulePrefix, module] of modules) {
      for (const [name, value] of get(module)) {
        if (seen.has(value)) continue
        seen.add(value)
        out.push([modulePrefix === '' ? name : `${modulePrefix}.${name}`, value])
      }
    }
    return out
  }

  /**
   * Every parameter with its dotted name (`lin.weight`), in PyTorch's order; a shared parameter appears once.
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.named_parameters
   * @example
   * new Linear(2, 1).namedParameters().map(([n]) => n) // ['weight', 'bias']
   */
  namedParameters(prefix = '', recurse = true): [string, Parameter][] {
    return this.namedMembers((m) => m.ownFields(Parameter), prefix, recurse)
  }

  /**
   * Every parameter, in PyTorch's order (what an optimizer takes).
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.parameters
   * @example
   * const opt = new SGD(model.parameters(), { lr: 0.1 })
   */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters('', recurse).map(([, p]) => p)
  }

  /** Every buffer with its dotted name. */
  namedBuffers(prefix = '', recurse = true): [string, Tensor][] {
    return this.namedMembers((m) => m.ownBuffers(false), prefix, recurse)
  }

  /** Every buffer. */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers('', recurse).map(([, b]) => b)
  }

  /**
   * Sets training mode on this module and its descendants.
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.train
   * @example
   * model.train() // model.training === true
   */
  train(mode = true): this {
    if (typeof mode !== 'boolean') throw new ValueError('training mode is expected to be boolean')
    this.training = mode
    for (const child of this.children()) child.train(mode)
    return this
  }

  /**
   * Sets evaluation mode: `train(false)`.
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.eval
   * @example
   * model.eval() // model.training === false
   */
  eval(): this {
    return this.train(false)
  }

  /**
   * Casts every floating-point parameter, gradient and buffer to `dtype` in place (the Parameter objects stay).
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.to
   * @example
   * model.to('float64').parameters()[0].dtype // 'float64'
   */
  to(dtype: DType): this {
    if (dtype !== 'float32' && dtype !== 'float64') {
      throw new PyTorchTypeError(`nn.Module.to only accepts floating point or complex dtypes, but got desired dtype=torch.${dtype}`)
    }
    const floating = (t: Tensor) => t.dtype === 'float32' || t.dtype === 'float64'
    noGrad(() => {
      for (const module of this.modules()) {
        for (const [, p] of module.ownFields(Parameter)) {
          if (!floating(p)) continue
          const grad = p.grad
          p.data = p.data.to(dtype)
          if (grad !== null) p.grad = grad.to(dtype)
        }
        for (const [name, b] of module.ownBuffers(false)) {
          if (floating(b)) (module as unknown as Record<string, unknown>)[name] = b.to(dtype)
        }
      }
    })
    return this
  }

  /** Casts floating-point parameters and buffers to float64. */
  double(): this {
    return this.to('float64')
  }

  /** Casts floating-point parameters and buffers to float32. */
  float(): this {
    return this.to('float32')
  }

  /** Sets `requiresGrad` on every parameter. */
  requiresGrad_(requiresGrad = true): this {
    for (const p of this.parameters()) p.requiresGrad_(requiresGrad)
    return this
  }

  /**
   * Resets the gradients of all parameters: zeroes them in place (PyTorch 1.13's default) or, with
   * `setToNone`, drops them.
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.zero_grad
   * @example
   * model.zeroGrad()
   */
  zeroGrad({ setToNone = false }: { setToNone?: boolean } = {}): void {
    for (const p of this.parameters()) {
      const grad = p.grad
      if (grad === null) continue
      if (setToNone) {
        p.grad = null
        continue
      }
      // A grad with history is cut from it first, as PyTorch's detach_() does.
      if (grad.gradFn !== null) p.grad = grad.detach()
      else grad.requiresGrad_(false)
      p.grad!.zero_()
    }
  }

  /**
   * Calls `fn` on every descendant (children first) and then on this module; returns this module.
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.apply
   * @example
   * model.apply((m) => { if (m instanceof Linear) init.zeros_(m.weight) })
   */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn)
    fn(this)
    return this
  }

  /**
   * The module's state: every parameter and persistent buffer by dotted name, detached from the graph (sharing
   * storage) unless `keepVars`. Shared tensors appear under each of their names, as in PyTorch.
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.state_dict
   * @example
   * Object.keys(new Sequential(new Linear(1, 1)).stateDict()) // ['0.weight', '0.bias']
   */
  stateDict({ prefix = '', keepVars = false }: { prefix?: string; keepVars?: boolean } = {}): Record<string, Tensor> {
    const out: Record<string, Tensor> = {}
    const visit = (module: Module, p: string) => {
      for (const [name, t] of [...module.ownFields(Parameter), ...module.ownBuffers(true)]) {
        defineEntry(out, p + name, keepVars ? t : t.detach())
      }
      for (const [name, child] of module.ownFields(Module)) visit(child, `${p}${name}.`)
    }
    visit(this, prefix)
    return out
  }

  /**
   * Copies parameters and buffers from a state dict into this module and its descendants. With `strict` (the
   * default) the keys must match `stateDict()`'s exactly. Everything is checked before anything is copied, and
   * the errors read like PyTorch's `Error(s) in loading state_dict for Linear: ...`.
   * @see https://pytorch.org/docs/1.13/generated/torch.nn.Module.html#torch.nn.Module.load_state_dict
   * @example
   * model.loadStateDict(load(readFileSync('model.pth')))
   */
  loadStateDict(stateDict: StateDictInput, { strict = true }: { strict?: boolean } = {}): IncompatibleKeys {
    if (stateDict === null || typeof stateDict !== 'object') {
      throw new PyTorchTypeError(`Expected state_dict to be dict-like, got ${typeof stateDict}.`)
    }
    const missingKeys: string[] = []
    const unexpectedKeys: string[] = []
    const errors: string[] = []
    const copies: [Tensor, NDArray][] = []
    const keys = Object.keys(stateDict)
    const visit = (module: Module, prefix: string) => {
      const local = new Map<string, Tensor>([...module.ownFields(Parameter), ...module.ownBuffers(true)])
      for (const [name, param] of local) {
        const key = prefix + name
        if (!Object.hasOwn(stateDict, key)) {
          missingKeys.push(key)
          continue
        }
        const value = stateDict[key]
        let input: NDArray
        if (value instanceof Tensor) input = value.array
        else if (value instanceof NDArray) input = value
        else {
          errors.push(
            `While copying the parameter named "${key}", expected torch.Tensor or Tensor-like object from checkpoint but received ${typeName(value)}`,
          )
          continue
        }
        // PyTorch lets a one-element 1-d checkpoint entry fill a 0-d parameter.
        if (param.ndim === 0 && input.ndim === 1 && input.shape[0] === 1) input = new NDArray(input.data, [], input.dtype, [], input.offset)
        if (!sameShape(input.shape, param.shape)) {
          errors.push(
            `size mismatch for ${key}: copying a param with shape ${formatSize(input.shape)} from checkpoint, the shape in current model is ${formatSize(param.shape)}.`,
          )
          continue
        }
        copies.push([param, input])
      }
      const children = module.ownFields(Module)
      const childNames = new Set(children.map(([n]) => n))
      for (const key of keys) {
        if (!key.startsWith(prefix)) continue
        const head = key.slice(prefix.length).split('.', 1)[0]!
        if (!childNames.has(head) && !local.has(head)) unexpectedKeys.push(key)
      }
      for (const [name, child] of children) visit(child, `${prefix}${name}.`)
    }
    visit(this, '')
    if (strict) {
      if (unexpectedKeys.length > 0) errors.unshift(`Unexpected key(s) in state_dict: ${unexpectedKeys.map((k) => `"${k}"`).join(', ')}. `)
      if (missingKeys.length > 0) errors.unshift(`Missing key(s) in state_dict: ${missingKeys.map((k) => `"${k}"`).join(', ')}. `)
    }
    if (errors.length > 0) {
      throw new RuntimeError(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${errors.join('\n\t')}`)
    }
    noGrad(() => {
      for (const [param, input] of copies) param.copy_(fromArray(input))
    })
    return new IncompatibleKeys(missingKeys, unexpectedKeys)
  }

  /** The text inside this module's parentheses in its repr (`in_features=2, out_features=1, bias=True`). */
  extraRepr(): string {
    return ''
  }

  /** PyTorch's repr: the class name, `extraRepr()`, and each child indented under `(name): `. */
  toString(): string {
    const extra = this.extraRepr()
    const extraLines = extra === '' ? [] : extra.split('\n')
    const childLines = this.ownFields(Module).map(([name, m]) => `(${name}): ${m.toString().split('\n').join('\n  ')}`)
    const lines = [...extraLines, ...childLines]
    let s = `${this.constructor.name}(`
    if (lines.length > 0) {
      if (extraLines.length === 1 && childLines.length === 0) s += extraLines[0]
      else s += `\n  ${lines.join('\n  ')}\n`
    }
    return `${s})`
  }
}

function typeName(v: unknown): string {
  if (v === null) return 'NoneType'
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object'
  return typeof v
}
