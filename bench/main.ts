/**
 * `npm run bench [-- --quick] [--out DIR]`: benchmarks that report ratios measured side by side
 * in one run. Sections: the CPU (guest instructions per second, PKRU checks on and off), the
 * JavaScript JIT against node on every sample, compile cost against acorn, and the W^X policy
 * (pkey vs mprotect with 1-8 executors). Results go to the terminal, DIR/results.json and
 * DIR/REPORT.md (DIR defaults to bench/ of the repository); a progress line shows on stderr.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_COSTS } from '../mpk-hw/costs.js';
import { cpuBench, type CpuBenchRow } from './cpu.js';
import { loadSamples, policyBench, sampleBench, type PolicyRow, type Progress, type SampleRow } from './jit.js';

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
  readonly policy: readonly PolicyRow[];
}

function render(r: Report, md: boolean): string[] {
  const h = (t: string): string => (md ? `\n## ${t}\n` : `\n${t}`);
  const out: string[] = [md ? `# pkjit benchmark report\n\n${r.date}, node ${r.node}${r.quick ? ', quick run' : ''}. Reproduce: \`npm run bench\`.` : `pkjit bench${r.quick ? ' (quick)' : ''}`];
  out.push(h('CPU: guest instructions per second (best of alternating runs; PKRU checks on vs off)'));
  out.push(...table(['program', 'instructions', 'MIPS on', 'MIPS off', 'check cost'],
    r.cpu.map((c) => [c.name, String(c.instructions), f1(c.mipsOn), f1(c.mipsOff), pct(c.overhead)]), md));
  out.push(h('JavaScript: node vs pkjit run time per sample (pkjit: simulated x86-64 on the host; ratio = pkjit / node)'));
  out.push(...table(['sample', 'node ms', 'pkjit ms', 'ratio', 'guest instr', 'MIPS', 'runtime calls', 'functions'],
    r.samples.map((s) => [s.name, s.nodeMs.toFixed(2), f1(s.pkjitRunMs), `${Math.round(s.ratio)}x`, String(s.instructions), s.mips.toFixed(2),
      String(s.runtimeCalls), String(s.functionsCompiled)]), md));
  out.push(h('Compile cost: pkjit front end + code generation vs acorn parse of the same source'));
  out.push(...table(['sample', 'acorn ms', 'front end ms', 'codegen ms', '(front+codegen)/acorn', 'per function vs acorn'],
    r.samples.map((s) => [s.name, s.acornMs.toFixed(2), s.frontMs.toFixed(2), s.compileMs.toFixed(2), `${f1(s.compileVsAcorn)}x`,
      `${f1(s.perFunctionVsAcorn)}x`]), md));
  out.push(h('W^X policy cost on one workload (32 functions compiled lazily while executors run; modelled cycles)'));
  out.push(...table(['executors', 'policy', 'permission cycles', 'executor stall cycles', 'flips', 'windows', 'wall ms'],
    r.policy.map((p) => [String(p.executors), p.policy, String(p.permissionCycles), String(p.stallCycles), String(p.flips), String(p.windows), f1(p.wallMs)]), md));
  const ratios = [1, 2, 4, 8].map((n) => {
    const k = r.policy.find((p) => p.executors === n && p.policy === 'pkey');
    const m = r.policy.find((p) => p.executors === n && p.policy === 'mprotect');
    return k !== undefined && m !== undefined ? `${n}: mprotect/pkey permission cycles ${f1(m.permissionCycles / Math.max(1, k.permissionCycles))}x, stall ${m.stallCycles} vs ${k.stallCycles}` : '';
  }).filter((x) => x !== '');
  out.push(...(md ? ['', ...ratios.map((x) => `- ${x}`)] : ratios.map((x) => `  ${x}`)));
  out.push(h('Cost model (simulated cycles; see mpk-hw/costs.ts for sources)'));
  out.push(...Object.entries(DEFAULT_COSTS).map(([k, v]) => (md ? `- ${k}: ${v}` : `  ${k.padEnd(22)} ${v}`)));
  return out;
}

function main(): number {
  const { values } = parseArgs({ options: { quick: { type: 'boolean' }, out: { type: 'string' } }, strict: true });
  const quick = values.quick === true;
  const root = repoRoot();
  const outDir = resolve(values.out ?? join(root, 'bench'));
  const progress = progressLine();
  progress('CPU');
  const cpu = cpuBench(quick ? 1 : 5, quick ? 0.1 : 1);
  const samples = sampleBench(loadSamples(join(root, 'samples', 'js')), quick ? 1 : 3, progress);
  const policy = policyBench(progress);
  progress.done();
  const report: Report = { date: new Date().toISOString(), quick, node: process.version, cpu, samples, policy };
  for (const l of render(report, false)) console.log(l);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'results.json'), JSON.stringify(report, null, 2) + '\n');
  writeFileSync(join(outDir, 'REPORT.md'), render(report, true).join('\n') + '\n');
  console.log(`\nwrote ${join(outDir, 'results.json')} and ${join(outDir, 'REPORT.md')}`);
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
