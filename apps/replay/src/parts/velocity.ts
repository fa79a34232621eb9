import { type Tensor, noGrad, randn } from '@descent/autograd'
import { timeVelocity } from '@descent/datasets'
import { manualSeed } from '@descent/tensor'
import { type Part, type PartResult, type RunOptions, seedNote } from '../part.js'
import type { Figure } from '../plot/figure.js'
import { pyRepr } from '../pyFormat.js'
import { quadratic, scatterData, showPreds } from './quadratic.js'
import { num } from './values.js'

/** Everything Example 2 computes after `torch.manual_seed(seed)`, in the notebook's order of random draws. */
export interface VelocityRun {
  time: number[]
  velocity: number[]
  params0: number[]
  params0Text: string
  preds0: number[]
  loss0: number
  loss0Text: string
  grad0: number[]
  grad0Text: string
  params1: number[]
  preds1: number[]
  trainParams0: number[]
  epochs: { epoch: number; loss: number; a: number; b: number; c: number; preds: number[]; line: string }[]
}

const lossFunction = (predicted: Tensor, real: Tensor) => real.sub(predicted).square().mean()

/**
 * 000/001 Example 2: noisy velocity data, one manual step on random parameters, then `num_epochs` steps of
 * `apply_step_training` on fresh random parameters. See https://pytorch.org/docs/1.13/generated/torch.randn.html
 * @example
 * runVelocity(0, 20, 1e-5).epochs[0].line // 'Epoch 1, loss: 53565.48046875'
 */
export function runVelocity(
  seed: number,
  numEpochs: number,
  lr: number,
  onProgress?: (done: number, total: number) => void,
): VelocityRun {
  manualSeed(seed)
  // tiempo = torch.arange(0, 20).float(); velocidad = torch.randn(20) * 3 + 0.75 * (tiempo - 9.5) ** 2 + 1
  const { time: tiempo, velocity: velocidad } = timeVelocity()

  const parametros = randn([3], { requiresGrad: true })
  const params0 = parametros.tolist() as number[]
  const params0Text = parametros.toString()
  let predicciones = quadratic(tiempo, parametros)
  const preds0 = predicciones.tolist() as number[]
  const perdida = lossFunction(predicciones, velocidad)
  perdida.backward()
  const grad = parametros.grad as Tensor
  const grad0 = grad.tolist() as number[]
  // parametros.data = parametros.data - lr * parametros.grad.data; parametros.grad = None
  parametros.data = parametros.data.sub(grad.data.mul(lr))
  parametros.grad = null
  predicciones = quadratic(tiempo, parametros)
  const params1 = parametros.tolist() as number[]
  const preds1 = predicciones.tolist() as number[]

  const aprendibles = randn([3], { requiresGrad: true })
  const trainParams0 = aprendibles.tolist() as number[]
  const epochs: VelocityRun['epochs'] = []
  for (let epoch = 0; epoch < numEpochs; epoch++) {
    const preds = quadratic(tiempo, aprendibles)
    const loss = lossFunction(preds, velocidad)
    loss.backward()
    noGrad(() => aprendibles.sub_((aprendibles.grad as Tensor).mul(lr)))
    ;(aprendibles.grad as Tensor).zero_()
    const [a, b, c] = aprendibles.tolist() as number[]
    // f"{perdida}" formats the 0-d tensor through float(): Python's repr of the float32 value
    epochs.push({ epoch: epoch + 1, loss: num(loss), a, b, c, preds: preds.tolist() as number[], line: `Epoch ${epoch + 1}, loss: ${pyRepr(num(loss))}` })
    onProgress?.(epoch + 1, numEpochs)
  }
  return {
    time: tiempo.tolist() as number[],
    velocity: velocidad.tolist() as number[],
    params0,
    params0Text,
    preds0,
    loss0: num(perdida),
    loss0Text: perdida.toString(),
    grad0,
    grad0Text: grad.toString(),
    params1,
    preds1,
    trainParams0,
    epochs,
  }
}

const velocityAxis = { yLabel: 'velocity' }

/** `replay velocity`: Example 2's quadratic fit, one manual step then twenty epochs. */
export const velocityPart: Part = {
  id: 'velocity',
  source: '000/001 Example 2',
  title: 'a quadratic fitted to noisy time/velocity data with autograd and a manual update',
  defaults: { epochs: 20, lr: 1e-5 },
  run(options: RunOptions): PartResult {
    const seed = options.seed ?? 0
    const numEpochs = options.epochs ?? 20
    const lr = options.lr ?? 1e-5
    const r = runVelocity(seed, numEpochs, lr, options.onProgress)
    const figures: Figure[] = [
      scatterData('data', 'Synthetic data (time vs. velocity)', r.time, r.velocity, ['Time', 'Velocity']),
      showPreds('preds-initial', 'Initial predictions', r.time, r.velocity, r.preds0, velocityAxis),
      showPreds('preds-after-step', 'Predictions after one manual step', r.time, r.velocity, r.preds1, velocityAxis),
      ...r.epochs.map((e) =>
        showPreds(`preds-epoch-${String(e.epoch).padStart(2, '0')}`, `Epoch ${e.epoch}`, r.time, r.velocity, e.preds, velocityAxis),
      ),
    ]
    const last = r.epochs[r.epochs.length - 1]
    return {
      id: 'velocity',
      mode: 'seeded',
      seed,
      notes: [
        seedNote(`torch.manual_seed(${seed})`, options),
        `parametros = ${r.params0Text}`,
        `perdida = ${r.loss0Text}`,
        `parametros.grad = ${r.grad0Text}`,
      ],
      lines: r.epochs.map((e) => e.line),
      records: r.epochs.map((e) => ({ epoch: e.epoch, loss: e.loss, a: e.a, b: e.b, c: e.c })),
      summary: {
        params0: r.params0,
        loss0: r.loss0,
        params_after_manual_step: r.params1,
        train_params0: r.trainParams0,
        a: last?.a ?? r.trainParams0[0],
        b: last?.b ?? r.trainParams0[1],
        c: last?.c ?? r.trainParams0[2],
        loss: last?.loss ?? null,
      },
      lossCurve: r.epochs.map((e) => [e.epoch, e.loss]),
      figures,
    }
  },
}
