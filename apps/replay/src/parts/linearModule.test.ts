import { describe, expect, test } from 'vitest'
import { cases } from '../fixtures.js'
import { linearModulePart, runLinearModule } from './linearModule.js'

describe('linear-module (000/001 Example 3)', () => {
  test.each([0, 1, 42])('--seed %i: PyTorch 1.13 numbers at every epoch (oracle)', (seed) => {
    const o = cases['linear-module'][String(seed)]
    const r = runLinearModule(seed, 50, 1e-3)
    const f32 = (xs: number[]) => xs.map(Math.fround)
    // sklearn's split with random_state=42, then astype(float32)
    expect(r.XTrain).toEqual(f32(o.X_train))
    expect(r.XTest).toEqual(f32(o.X_test))
    expect(r.yTest).toEqual(f32(o.y_test))
    expect(r.state0).toEqual({ weight: o.state0.weight[0], bias: o.state0.bias[0] })
    expect(r.predictionsNoGrad).toEqual(o.predictions_no_grad)
    expect(r.epochs).toEqual(o.records)
    expect(r.predictionsTrained).toEqual(o.predictions_trained)
    expect(r.freshState).toEqual({ weight: o.state_loaded_fresh.weight[0], bias: o.state_loaded_fresh.bias[0] })
    expect(r.predictionsLoaded).toEqual(o.predictions_loaded)
    expect(r.warnings).toEqual(o.warnings)
  })

  test('no_grad and inference_mode agree; save -> load (safetensors) predicts the same', () => {
    const r = runLinearModule(3, 5, 1e-3)
    expect(r.predictionsInference).toEqual(r.predictionsNoGrad)
    expect(r.predictionsLoaded).toEqual(r.predictionsTrained)
    // the fresh model drew other weights, so the load really replaced them
    expect(r.freshState).not.toEqual({ weight: r.epochs[4].weight, bias: r.epochs[4].bias })
  })

  test('prints the notebook lines and JSON records with its keys', () => {
    const result = linearModulePart.run({ seed: 0 })
    expect(result.lines).toEqual(cases['linear-module']['0'].lines)
    expect(Object.keys(result.records[0])).toEqual(['epoch', 'train_loss', 'test_loss', 'weight', 'bias'])
    expect(result.summary.no_grad_equals_inference_mode).toBe(true)
    expect(result.summary.loaded_equals_trained).toBe(true)
  })
})
