import { Adagrad } from '../Adagrad.js'
import { Adam } from '../Adam.js'
import { AdamW } from '../AdamW.js'
import { RMSprop } from '../RMSprop.js'
import { SGD } from '../SGD.js'
import { optimizerConformance } from './conformance.js'

// Every built-in optimiser, in its main variants, passes the kit it exports.
optimizerConformance('SGD', (params, { lr }) => new SGD(params, { lr }))
optimizerConformance('SGD with momentum and weight decay', (params, { lr }) =>
  new SGD(params, { lr, momentum: 0.9, dampening: 0.1, weightDecay: 1e-3 }),
)
optimizerConformance('SGD with Nesterov momentum', (params, { lr }) => new SGD(params, { lr, momentum: 0.9, nesterov: true }))
optimizerConformance('Adam', (params, { lr }) => new Adam(params, { lr }))
optimizerConformance('Adam with AMSGrad and weight decay', (params, { lr }) =>
  new Adam(params, { lr, amsgrad: true, weightDecay: 1e-3 }),
)
optimizerConformance('AdamW', (params, { lr }) => new AdamW(params, { lr }))
optimizerConformance('RMSprop', (params, { lr }) => new RMSprop(params, { lr }))
optimizerConformance('RMSprop centered with momentum', (params, { lr }) =>
  new RMSprop(params, { lr, centered: true, momentum: 0.5 }),
)
optimizerConformance('Adagrad', (params, { lr }) => new Adagrad(params, { lr, lrDecay: 0.01 }))
optimizerConformance('SGD maximizing', (params, { lr }) => new SGD(params, { lr, maximize: true }), { descends: false })
