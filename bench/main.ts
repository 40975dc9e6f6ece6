/**
 * `npm run bench [-- --quick] [--json] [--out DIR]`: benchmarks that report ratios measured side
 * by side in one run. Sections: the CPU (guest instructions per second, interpreter vs
 * translator, PKRU checks on and off), the JavaScript JIT against node on every sample (with the
 * translator and with the interpreter alone), compile cost against acorn, the W^X policy
 * (pkey vs mprotect with 1-8 executors: setup and per-window costs apart), and the crossover of
 * N permission changes under the cost model. Results go to the terminal (with --json: the report
 * as JSON on stdout, nothing else), DIR/results.json, DIR/REPORT.md and DIR/crossover.svg (DIR
 * defaults to bench/ of the repository); a progress line shows on stderr.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_COSTS } from '../mpk-hw/costs.js';
import { cpuBench, type CpuBenchRow } from './cpu.js';
import { crossoverCurves, type CrossoverCase, type CrossoverCurves } from './crossover.js';
import { crossoverSvg } from './crossover-svg.js';
import { loadSamples, policyWorkload, sampleBench, warmUp, type Progress, type SampleRow } from './jit.js';
import { wxBench, type WxRow } from './wx-costs.js';

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
const f1 = (x: number): string => x.toFixed(1);

/** The repository root: bench/main.ts and dist/bench/main.js both sit two levels below it at most. */
function repoRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  return here.endsWith(join('dist', 'bench')) ? resolve(here, '..', '..') : resolve(here, '..');
}

function progressLine(): Progress & { done(): void } {
  const tty = process.stderr.isTTY === true;
  const started = Date.now();
  const p = ((what: string): void => {
    const line = `bench: ${what} (${((Date.now() - started) / 1000).toFixed(0)} s)`;
    if (tty) process.stderr.write(`\r\x1b[2K${line}`);
    else process.stderr.write(line + '\n');
  }) as Progress & { done(): void };
  p.done = () => { if (tty) process.stderr.write('\r\x1b[2K'); };
  return p;
}

/** A markdown or terminal table. */
function table(head: readonly string[], rows: readonly (readonly string[])[], md: boolean): string[] {
  if (md) return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (r: readonly string[]): string => r.map((c, i) => (i === 0 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join('  ');
  return [fmt(head), ...rows.map(fmt)];
}

interface Report {
  readonly date: string;
  readonly quick: boolean;
  readonly node: string;
  readonly cpu: readonly CpuBenchRow[];
  readonly samples: readonly SampleRow[];
  readonly wx: readonly WxRow[];
  /** The crossover under the default cost model: one page with no other CPU (drawn), and with 7 other CPUs. */
  readonly crossover: ReadonlyArray<CrossoverCase & CrossoverCurves>;
}

/** The cases of the crossover section; the first is the one drawn. */
const CROSSOVER_CASES: readonly CrossoverCase[] = [{ pages: 1, remoteCpus: 0 }, { pages: 1, remoteCpus: 7 }];
const N_SHOWN = [1, 2, 3, 4, 8, 16, 32, 64];
const int = (x: number): string => Math.round(x).toLocaleString('en-US');

function renderWx(wx: readonly WxRow[], md: boolean, h: (t: string) => string): string[] {
  const out = [h('W^X policy on one workload (32 functions compiled lazily while executors run; modelled cycles): setup and per window apart')];
  out.push(...table(['executors', 'policy', 'windows', 'setup cycles', 'setup shootdowns', 'cycles / window', 'shootdowns / window',
    'stall / window', 'total permission cycles'],
  wx.map((w) => [String(w.executors), w.policy, String(w.windows), int(w.setupCycles), String(w.setupShootdowns), int(w.cyclesPerWindow),
    w.shootdownsPerWindow.toFixed(2), int(w.stallPerWindow), int(w.permissionCycles)]), md));
  const lines = [...new Set(wx.map((w) => w.executors))].map((n) => {
    const k = wx.find((w) => w.executors === n && w.policy === 'pkey');
    const m = wx.find((w) => w.executors === n && w.policy === 'mprotect');
    if (k === undefined || m === undefined) return '';
    return `${n}: per window mprotect/pkey ${int(m.cyclesPerWindow / Math.max(1, k.cyclesPerWindow))}x (${int(m.cyclesPerWindow)} vs ${int(k.cyclesPerWindow)} cycles), ` +
      `plus ${int(m.stallPerWindow)} stall cycles vs 0; setup ${int(m.setupCycles)} vs ${int(k.setupCycles)}`;
  }).filter((x) => x !== '');
  out.push(...(md ? ['', ...lines.map((x) => `- ${x}`)] : lines.map((x) => `  ${x}`)));
  out.push(h('W^X setup alone: the engine\'s order (tag a heap, spawn its executor) vs tagging every heap and the SDK\'s region before the first spawn'));
  out.push(...table(['executors', 'policy', 'engine order cycles', 'shootdowns', 'tag first cycles', 'shootdowns', 'saved'],
    wx.map((w) => [String(w.executors), w.policy, int(w.setup.engine.cycles), String(w.setup.engine.tlbShootdowns), int(w.setup.tagFirst.cycles),
      String(w.setup.tagFirst.tlbShootdowns), pct(1 - w.setup.tagFirst.cycles / Math.max(1, w.setup.engine.cycles))]), md));
  return out;
}

function renderCrossover(cs: Report['crossover'], md: boolean, h: (t: string) => string): string[] {
  const out = [h('Crossover: total modelled cycles of N permission changes of one page (mpk-hw/costs.ts; exact)')];
  for (const [i, c] of cs.entries()) {
    out.push(md ? `${i > 0 ? '\n' : ''}${c.remoteCpus} other CPU${c.remoteCpus === 1 ? '' : 's'} with the mm loaded; WRPKRU wins from N = ${c.crossover ?? 'never'}:\n`
      : `  ${c.remoteCpus} other CPUs; crossover N = ${c.crossover ?? 'never'}`);
    out.push(...table(['N', 'mprotect', 'pkey_mprotect', 'pkey_alloc + pkey_mprotect + N WRPKRU'],
      N_SHOWN.filter((n) => n <= c.mprotect.length).map((n) => [String(n), int(c.mprotect[n - 1] ?? 0), int(c.pkeyMprotect[n - 1] ?? 0),
        int(c.wrpkru[n - 1] ?? 0)]), md));
  }
  if (md) out.push('', '![N permission changes: mprotect, pkey_mprotect, WRPKRU](crossover.svg)');
  return out;
}

function render(r: Report, md: boolean): string[] {
  const h = (t: string): string => (md ? `\n## ${t}\n` : `\n${t}`);
  const out: string[] = [md ? `# pkjit benchmark report\n\n${r.date}, node ${r.node}${r.quick ? ', quick run' : ''}. Reproduce: \`npm run bench\` (\`npm run -s bench -- --json\` for the report as JSON on stdout); the crossover plot is crossover.svg, next to this file.` : `pkjit bench${r.quick ? ' (quick)' : ''}`];
  out.push(h('CPU: guest instructions per second, interpreter vs translator (best of alternating runs)'));
  out.push(...table(['program', 'instructions (CPUs)', 'scheduler agrees', 'interpreter MIPS', 'translator MIPS', 'speedup',
    'sliced: interpreter', 'translator', 'speedup', 'PKRU check cost'],
  r.cpu.map((c) => [c.name, String(c.instructions), c.schedulerInstructions === c.instructions ? 'yes' : `no: ${c.schedulerInstructions}`,
    f1(c.mipsInterpreter), f1(c.mipsTranslator), `${f1(c.mipsTranslator / c.mipsInterpreter)}x`,
    f1(c.mipsInterpreterSliced), f1(c.mipsTranslatorSliced), `${f1(c.mipsTranslatorSliced / c.mipsInterpreterSliced)}x`, pct(c.checkCost)]), md));
  const note = 'One slice of up to 1M instructions, and "sliced": the JS engine\'s scheduling, random slices of 1-200 instructions. ' +
    'PKRU check cost: translator MIPS with CR4.PKE checks off over on, minus 1.';
  out.push(md ? `\n${note}` : `  ${note}`);
  out.push(h('JavaScript: node vs pkjit run time per sample (compiling excluded; ratio = pkjit / node), translator vs interpreter'));
  out.push(...table(['sample', 'node ms', 'pkjit ms', 'ratio', 'interpreter ms', 'ratio', 'translator speedup', 'translated',
    'guest instr', 'MIPS', 'interp MIPS', 'runtime calls', 'functions'],
  r.samples.map((s) => [s.name, s.nodeMs.toFixed(2), f1(s.pkjitRunMs), `${Math.round(s.ratio)}x`, f1(s.interpreterRunMs),
    `${Math.round(s.interpreterRatio)}x`, `${f1(s.translatorSpeedup)}x`, pct(s.translatedShare), String(s.instructions), s.mips.toFixed(2),
    s.interpreterMips.toFixed(2), String(s.runtimeCalls), String(s.functionsCompiled)]), md));
  const med = (xs: number[]): number => { const a = [...xs].sort((x, y) => x - y); const m = a.length >> 1; return a.length % 2 === 1 ? a[m] ?? 0 : ((a[m - 1] ?? 0) + (a[m] ?? 0)) / 2; };
  const medians = `Medians: pkjit/node ${Math.round(med(r.samples.map((s) => s.ratio)))}x with the translator, ` +
    `${Math.round(med(r.samples.map((s) => s.interpreterRatio)))}x with the interpreter; translator speedup ${f1(med(r.samples.map((s) => s.translatorSpeedup)))}x.`;
  out.push(md ? `\n${medians}` : `  ${medians}`);
  out.push(h('Compile cost: pkjit front end + code generation vs acorn parse of the same source'));
  out.push(...table(['sample', 'acorn ms', 'front end ms', 'codegen ms', '(front+codegen)/acorn', 'per function vs acorn'],
    r.samples.map((s) => [s.name, s.acornMs.toFixed(2), s.frontMs.toFixed(2), s.compileMs.toFixed(2), `${f1(s.compileVsAcorn)}x`,
      `${f1(s.perFunctionVsAcorn)}x`]), md));
  out.push(...renderWx(r.wx, md, h));
  out.push(...renderCrossover(r.crossover, md, h));
  out.push(h('Cost model (simulated cycles; see mpk-hw/costs.ts for sources)'));
  out.push(...Object.entries(DEFAULT_COSTS).map(([k, v]) => (md ? `- ${k}: ${v}` : `  ${k.padEnd(22)} ${v}`)));
  return out;
}

function main(): number {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, json: { type: 'boolean' }, out: { type: 'string' } }, strict: true });
  const quick = values.quick === true;
  const root = repoRoot();
  const outDir = resolve(values.out ?? join(root, 'bench'));
  const progress = progressLine();
  progress('CPU');
  const cpu = cpuBench(quick ? 1 : 5, quick ? 0.1 : 1);
  const all = loadSamples(join(root, 'samples', 'js'));
  warmUp(all, progress);
  const samples = sampleBench(all, quick ? 1 : 3, progress);
  const wx = wxBench(policyWorkload(), [1, 2, 4, 8], progress);
  progress.done();
  const crossover = CROSSOVER_CASES.map((c) => ({ ...c, ...crossoverCurves(DEFAULT_COSTS, c) }));
  const report: Report = { date: new Date().toISOString(), quick, node: process.version, cpu, samples, wx, crossover };
  const json = JSON.stringify(report, null, 2) + '\n';
  if (values.json === true) process.stdout.write(json);
  else for (const l of render(report, false)) console.log(l);
  mkdirSync(outDir, { recursive: true });
  const [drawn] = crossover;
  if (drawn !== undefined) writeFileSync(join(outDir, 'crossover.svg'), crossoverSvg(drawn, drawn));
  writeFileSync(join(outDir, 'results.json'), json);
  writeFileSync(join(outDir, 'REPORT.md'), render(report, true).join('\n') + '\n');
  const wrote = `wrote ${['results.json', 'REPORT.md', 'crossover.svg'].map((f) => join(outDir, f)).join(', ')}`;
  if (values.json === true) process.stderr.write(wrote + '\n');
  else console.log(`\n${wrote}`);
  return 0;
}

try {
  process.exitCode = main();
} catch (e) {
  const parseError = e instanceof Error && 'code' in e && String(e.code).startsWith('ERR_PARSE_ARGS');
  process.stderr.write(`\nbench: ${e instanceof Error ? e.message : String(e)}\n`);
  if (!parseError && e instanceof Error && e.stack !== undefined) process.stderr.write(e.stack + '\n');
  process.exitCode = parseError ? 2 : 1;
}
