export { load, save, loadSafetensors, saveSafetensors, safetensorsMetadata, UnpicklingError, SafetensorError } from './io/index.js'
export type { StateDictLike, ArrayLike } from './io/index.js'
