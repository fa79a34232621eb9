import { IndexError } from '@descent/tensor'
import { Module } from './Module.js'

/**
 * Chains modules: each one's output is the next one's input. Children are named '0', '1', ... as in PyTorch.
 * @see https://pytorch.org/docs/1.13/generated/torch.nn.Sequential.html
 * @example
 * const model = new Sequential(new Linear(2, 8), new ReLU(), new Linear(8, 1))
 * model.call(x) // same as model.at(2).call(model.at(1).call(model.at(0).call(x)))
 * new Sequential({ hidden: new Linear(2, 8), act: new ReLU() }) // named children, like an OrderedDict
 */
export class Sequential extends Module {
  constructor(...modules: Module[] | [Record<string, Module>]) {
    super()
    const first = modules[0]
    // Sequential(OrderedDict([...])) names its children; a plain object plays the OrderedDict.
    if (modules.length === 1 && first !== undefined && !(first instanceof Module)) {
      for (const [name, m] of Object.entries(first)) this.addModule(name, m)
    } else {
      for (const [i, m] of (modules as Module[]).entries()) this.addModule(String(i), m)
    }
  }

  /** The number of modules. */
  get length(): number {
    return this.children().length
  }

  /** The module at `index` (negative counts from the end). */
  at(index: number): Module {
    const children = this.namedChildren()
    const n = children.length
    if (index < -n || index >= n) throw new IndexError(`index ${index} is out of range`)
    return children[index < 0 ? index + n : index]![1]
  }

  /** Adds a module at the end. */
  append(module: Module): this {
    this.addModule(String(this.namedChildren().length), module)
    return this
  }

  // biome-ignore lint/suspicious/noExplicitAny: a Sequential passes along whatever its modules return
  forward(input: any): any {
    let x = input
    // Every slot runs, even when one module fills two of them (children() would list it once).
    for (const [, m] of this.ownFields(Module)) x = m.call(x)
    return x
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]()
  }
}
