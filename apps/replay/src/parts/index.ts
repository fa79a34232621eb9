import type { Part } from '../part.js'

/** Every replayable part, in the order `all` runs them. */
export const PARTS: Part[] = []
