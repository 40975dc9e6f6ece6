/**
 * The crossover plot as a standalone SVG (no script, no external resource): total modelled
 * cycles against the number of permission changes, one line per mechanism, and a marker at
 * the crossover. Axes: x = changes (1..N), y = cycles from 0, ticks at 1-2-5 steps.
 */
import type { CrossoverCase, CrossoverCurves } from './crossover.js';

const W = 640;
const H = 400;
const M = { left: 78, right: 20, top: 36, bottom: 48 };

/** A 1-2-5 step giving at most `count` ticks up to `max`. */
export function tickStep(max: number, count = 6): number {
  const raw = max / count;
  const p = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((k) => k * p).find((s) => s >= raw) ?? 10 * p;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The SVG text of `curves` (case `c`, cost-model cycles). */
export function crossoverSvg(curves: CrossoverCurves, c: CrossoverCase): string {
  const n = curves.mprotect.length;
  const yMax = Math.max(...curves.mprotect, ...curves.pkeyMprotect, ...curves.wrpkru);
  const step = tickStep(yMax);
  const top = Math.ceil(yMax / step) * step;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const x = (i: number): number => M.left + ((i - 1) / Math.max(1, n - 1)) * pw;
  const y = (v: number): number => M.top + ph - (v / top) * ph;
  const line = (vs: readonly number[], colour: string, dash = ''): string =>
    `<polyline fill="none" stroke="${colour}" stroke-width="2"${dash !== '' ? ` stroke-dasharray="${dash}"` : ''} points="${vs.map((v, i) => `${x(i + 1).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="white"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(`N permission changes of ${c.pages} page${c.pages === 1 ? '' : 's'}, ${c.remoteCpus} remote CPU${c.remoteCpus === 1 ? '' : 's'}: total modelled cycles`)}</text>`,
  ];
  for (let v = 0; v <= top; v += step) {
    out.push(`<line x1="${M.left}" x2="${W - M.right}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" stroke="#ddd"/>`,
      `<text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v.toLocaleString('en-US')}</text>`);
  }
  for (const i of [1, ...Array.from({ length: Math.floor(n / 8) }, (_, k) => (k + 1) * 8)]) {
    out.push(`<text x="${x(i).toFixed(1)}" y="${H - M.bottom + 16}" text-anchor="middle">${i}</text>`);
  }
  out.push(`<text x="${M.left + pw / 2}" y="${H - 10}" text-anchor="middle">permission changes (N)</text>`,
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + ph}" stroke="black"/>`,
    `<line x1="${M.left}" x2="${W - M.right}" y1="${M.top + ph}" y2="${M.top + ph}" stroke="black"/>`,
    line(curves.mprotect, '#c0392b'), line(curves.pkeyMprotect, '#e67e22', '6 4'), line(curves.wrpkru, '#2471a3'));
  if (curves.crossover !== null) {
    const cx = x(curves.crossover).toFixed(1);
    out.push(`<line x1="${cx}" x2="${cx}" y1="${M.top}" y2="${M.top + ph}" stroke="#555" stroke-dasharray="2 3"/>`,
      `<text x="${(x(curves.crossover) + 6).toFixed(1)}" y="${M.top + 14}">${esc(`crossover: N = ${curves.crossover}`)}</text>`);
  }
  const legend: Array<[string, string, string]> = [['#c0392b', '', 'mprotect'], ['#e67e22', '6 4', 'pkey_mprotect'],
    ['#2471a3', '', 'WRPKRU after pkey_alloc + pkey_mprotect']];
  legend.forEach(([colour, dash, label], i) => {
    const ly = M.top + 34 + 18 * i;
    out.push(`<line x1="${M.left + 16}" x2="${M.left + 44}" y1="${ly}" y2="${ly}" stroke="${colour}" stroke-width="2"${dash !== '' ? ` stroke-dasharray="${dash}"` : ''}/>`,
      `<text x="${M.left + 50}" y="${ly + 4}">${esc(label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
