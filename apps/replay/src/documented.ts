/**
 * The logs the notebooks printed, copied verbatim from ../shared/seeds/ (file and line numbers beside each), and the
 * parsers that turn them into numbers. `documented.test.ts` checks each text still occurs in its seed file.
 * The 003 logs are cut off mid-line where the notebook export ends; the parsers keep only complete lines.
 */

/** 003_66c1704aae6028bc.txt lines 108-117: PART 1, NumPy by hand. */
export const PART1_LOG = `Epoch 1/10: w = 1.200, loss = 30.00000000
Epoch 2/10: w = 1.680, loss = 4.79999924
Epoch 3/10: w = 1.872, loss = 0.76800019
Epoch 4/10: w = 1.949, loss = 0.12288000
Epoch 5/10: w = 1.980, loss = 0.01966083
Epoch 6/10: w = 1.992, loss = 0.00314570
Epoch 7/10: w = 1.997, loss = 0.00050332
Epoch 8/10: w = 1.999, loss = 0.00008053
Epoch 9/10: w = 1.999, loss = 0.00001288
Epoch 10/10: w = 2.000, loss = 0.00000206`

/** 003_66c1704aae6028bc.txt lines 176-199: PART 2, autograd with a manual update (epoch 24 is cut off). */
export const PART2_LOG = `Epoch 1/30: w = 0.300, loss = 30.00000000
Epoch 2/30: w = 0.555, loss = 21.67499924
Epoch 3/30: w = 0.772, loss = 15.66018772
Epoch 4/30: w = 0.956, loss = 11.31448650
Epoch 5/30: w = 1.113, loss = 8.17471695
Epoch 6/30: w = 1.246, loss = 5.90623236
Epoch 7/30: w = 1.359, loss = 4.26725292
Epoch 8/30: w = 1.455, loss = 3.08308983
Epoch 9/30: w = 1.537, loss = 2.22753215
Epoch 10/30: w = 1.606, loss = 1.60939169
Epoch 11/30: w = 1.665, loss = 1.16278565
Epoch 12/30: w = 1.716, loss = 0.84011245
Epoch 13/30: w = 1.758, loss = 0.60698116
Epoch 14/30: w = 1.794, loss = 0.43854395
Epoch 15/30: w = 1.825, loss = 0.31684780
Epoch 16/30: w = 1.851, loss = 0.22892261
Epoch 17/30: w = 1.874, loss = 0.16539653
Epoch 18/30: w = 1.893, loss = 0.11949898
Epoch 19/30: w = 1.909, loss = 0.08633806
Epoch 20/30: w = 1.922, loss = 0.06237914
Epoch 21/30: w = 1.934, loss = 0.04506890
Epoch 22/30: w = 1.944, loss = 0.03256231
Epoch 23/30: w = 1.952, loss = 0.02352631
Epoch 24/30: w = 1.960, loss = 0.016997`

/** 003_66c1704aae6028bc.txt lines 257-280: PART 3, MSELoss and SGD, prints PART 2's log again. */
export const PART3_LOG = PART2_LOG

/** 003_66c1704aae6028bc.txt lines 336-357: PART 4, nn.Linear(1, 1) from unseeded random weights (epoch 22 is cut off). */
export const PART4_LOG = `Epoch 1/30: w = -0.130, b = 0.45 loss = 42.3191
Epoch 2/30: w = 0.167, b = 0.55 loss = 29.4204
Epoch 3/30: w = 0.414, b = 0.63 loss = 20.4699
Epoch 4/30: w = 0.621, b = 0.70 loss = 14.2591
Epoch 5/30: w = 0.793, b = 0.75 loss = 9.9491
Epoch 6/30: w = 0.936, b = 0.80 loss = 6.9582
Epoch 7/30: w = 1.056, b = 0.83 loss = 4.8826
Epoch 8/30: w = 1.156, b = 0.86 loss = 3.4420
Epoch 9/30: w = 1.239, b = 0.89 loss = 2.4421
Epoch 10/30: w = 1.309, b = 0.91 loss = 1.7480
Epoch 11/30: w = 1.367, b = 0.93 loss = 1.2660
Epoch 12/30: w = 1.416, b = 0.94 loss = 0.9313
Epoch 13/30: w = 1.456, b = 0.95 loss = 0.6987
Epoch 14/30: w = 1.490, b = 0.96 loss = 0.5370
Epoch 15/30: w = 1.519, b = 0.96 loss = 0.4245
Epoch 16/30: w = 1.543, b = 0.97 loss = 0.3461
Epoch 17/30: w = 1.563, b = 0.97 loss = 0.2914
Epoch 18/30: w = 1.580, b = 0.98 loss = 0.2531
Epoch 19/30: w = 1.594, b = 0.98 loss = 0.2263
Epoch 20/30: w = 1.606, b = 0.98 loss = 0.2074
Epoch 21/30: w = 1.616, b = 0.98 loss = 0.1939
Epoch 22/30: w = `

/** 002_8a4e4e911e5110df.txt lines 459-468: the ten losses printed by `apply_step` (indentation removed). */
export const SPEED_LOG = `358.8021240234375
298.157470703125
286.67987060546875
284.50604248046875
284.09283447265625
284.0128173828125
283.9958190917969
283.9906921386719
283.9879150390625
283.98553466796875`

/** 002_8a4e4e911e5110df.txt lines 335, 354, 366 and 402: the cell outputs around the first step on the speed data. */
export const SPEED_OUTPUTS = {
  /** line 335: `loss = mse(preds, speed); loss` with the initial random params */
  loss0: 'tensor(679.2726, grad_fn=<MeanBackward0>)',
  /** line 354: `params.grad` after `loss.backward()` */
  grad0: 'tensor([-6668.8774,  -434.5187,   -42.9623])',
  /** line 366: `params`, the initial random draw of `torch.randn(3)` */
  params0: 'tensor([ 0.0121, -0.6397,  0.6416], requires_grad=True)',
  /** line 402: the loss after one step with lr 1e-5 */
  loss1: 'tensor(358.8021, grad_fn=<MeanBackward0>)',
} as const

/** The printed digits of one logged number: its value and the size of one unit in its last digit. */
export interface Printed {
  value: number
  unit: number
}

function printed(text: string): Printed {
  const dot = text.indexOf('.')
  return { value: Number(text), unit: dot < 0 ? 1 : Number(`1e-${text.length - dot - 1}`) }
}

/** One complete line of a 003 log: `Epoch 3/10: w = 1.872, loss = 0.76800019` or PART 4's `..., b = 0.63 loss = 20.4699`. */
export interface DocumentedEpoch {
  epoch: number
  w: Printed
  b?: Printed
  loss: Printed
}

const EPOCH_LINE = /^Epoch (\d+)\/(\d+): w = (-?\d+\.\d+), (?:b = (-?\d+\.\d+) )?loss = (-?\d+\.\d+)$/

/**
 * Parses a 003 log into its complete epochs; a line the export cut off (`Epoch 24/30: w = 1.960, loss = 0.016997`)
 * is recognised by having fewer loss decimals than the lines before it and is dropped.
 * @example
 * parseEpochLog(PART1_LOG)[1] // { epoch: 2, w: { value: 1.68, unit: 0.001 }, loss: { value: 4.79999924, unit: 1e-8 } }
 */
export function parseEpochLog(text: string): DocumentedEpoch[] {
  const out: DocumentedEpoch[] = []
  for (const line of text.split('\n')) {
    const m = EPOCH_LINE.exec(line.trim())
    if (!m) continue
    const entry: DocumentedEpoch = { epoch: Number(m[1]), w: printed(m[3]), loss: printed(m[5]) }
    if (m[4] !== undefined) entry.b = printed(m[4])
    if (out.length > 0 && entry.loss.unit > out[0].loss.unit) continue
    out.push(entry)
  }
  return out
}

/** Parses the speed log: one full-precision float32 loss (Python's repr of `loss.item()`) per line. */
export function parseLossLog(text: string): number[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .map(Number)
}

/** Parses the numbers out of a tensor's printed form, `tensor([ 0.0121, -0.6397], requires_grad=True)`. */
export function parseTensorText(text: string): Printed[] {
  const inner = text.slice(text.indexOf('(') + 1).split(/,\s*[a-z_]+=/)[0]
  return [...inner.matchAll(/-?\d+\.\d*/g)].map((m) => printed(m[0]))
}
