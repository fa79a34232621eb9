import type { JsonValue, Part, PartResult } from './part.js'
import type { Figure } from './plot/figure.js'

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

const show = (v: JsonValue): string => (typeof v === 'string' ? v : JSON.stringify(v))

/** The printed log of a part: its notes, then each notebook line with its annotation beside it. */
export function partLog(result: PartResult): string[] {
  return [
    ...result.notes.map((n) => `# ${n}`),
    ...result.lines.map((l, i) => (result.annotations?.[i] ? `${l}    ${result.annotations[i]}` : l)),
  ]
}

/**
 * Builds the `all --out DIR` report: for every part its log, final parameters, loss curve and figures, the images
 * linked from each part's folder.
 * @example
 * writeFileSync('out/all/index.html', reportHtml(parts))
 */
export function reportHtml(entries: { part: Part; result: PartResult; figures: Figure[] }[]): string {
  const toc = entries.map(({ part }) => `<li><a href="#${part.id}">${esc(part.id)}</a>: ${esc(part.title)}</li>`)
  const sections = entries.map(({ part, result, figures }) => {
    const rows = Object.entries(result.summary)
      .map(([k, v]) => `<tr><th>${esc(k)}</th><td><code>${esc(show(v))}</code></td></tr>`)
      .join('')
    const img = (f: Figure) =>
      `<figure><a href="${part.id}/${f.name}.svg"><img src="${part.id}/${f.name}.png" width="${f.width}" ` +
      `height="${f.height}" alt="${esc(f.title)}"></a><figcaption>${esc(f.title)}</figcaption></figure>`
    const curve = figures.find((f) => f.name === 'loss')
    const imgs = figures
      .filter((f) => f !== curve)
      .map(img)
      .join('\n')
    const how = result.mode === 'seeded' ? `seed ${result.seed}` : result.mode
    return `<section id="${part.id}">
<h2>${esc(part.id)} <small>${esc(part.source)}: ${esc(part.title)} (${esc(how)})</small></h2>
<h3>Log</h3>
<pre>${esc(partLog(result).join('\n'))}</pre>
<h3>Final parameters</h3>
<table>${rows}</table>
<h3>Loss curve</h3>
${curve ? img(curve) : '<p>no training loop</p>'}
<h3>Figures</h3>
${imgs || '<p>none in the notebook</p>'}
</section>`
  })
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>descent replay</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; }
pre { background: #f6f6f6; padding: 0.8em; overflow-x: auto; font-size: 12px; }
table { border-collapse: collapse; font-size: 13px; }
th, td { text-align: left; padding: 2px 10px; border-bottom: 1px solid #ddd; vertical-align: top; }
td code { word-break: break-all; }
figure { display: inline-block; margin: 0.5em; }
img { max-width: 100%; height: auto; border: 1px solid #eee; }
small { color: #666; font-weight: normal; }
</style>
</head>
<body>
<h1>descent replay</h1>
<p>Every part of the gradient-descent notebooks, replayed with descent's own packages.</p>
<ul>
${toc.join('\n')}
</ul>
${sections.join('\n')}
</body>
</html>
`
}
