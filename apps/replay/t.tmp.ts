import { PARTS } from './src/parts/index.js'
for (const p of PARTS) {
  const t0 = performance.now()
  try {
    const r = p.run({})
    console.log('==', p.id, (performance.now() - t0).toFixed(0), 'ms\n' + r.notes.join('\n'), '\n' + r.lines.slice(0, 3).join('\n'), '\n...', r.lines.slice(-2).join('\n'))
  } catch (e) { console.log('!!', p.id, (e as Error).stack?.split('\n').slice(0, 5).join('\n')) }
}
