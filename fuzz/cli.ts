/**
 * `npm run fuzz [-- --count N --seed S --out DIR --max-steps N --jobs N]`: a campaign
 * (campaign.ts) with a progress line, then the tally, the mismatch groups and the most common
 * refusals. Exit code 0 with no mismatch, 1 with any, 2 for bad usage (one line, no stack).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runCampaign, type Summary } from './campaign.js';
import { minimizeMismatch, type MinimizeEnv } from './minimize.js';
import { NodeOracle } from './oracle.js';
import { InProcessRunner, WorkerRunner, type JitRunner } from './pkjit.js';

/** Where the CLI writes (injected by tests). */
export interface FuzzIo {
  out(line: string): void;
  /** Rewrites the progress line in place (a TTY), or undefined to print it every 500 programs. */
  readonly progress?: (line: string) => void;
}

/** The parsed command line. */
export interface FuzzArgs {
  readonly count: number;
  readonly seed: number;
  readonly out: string;
  /** Guest instruction budget per program. */
  readonly maxSteps: number;
  /** Threads and processes to use. */
  readonly jobs: number;
  /** node's wall-clock limit per program, in milliseconds. */
  readonly timeoutMs: number;
  /** Shrink one program of each mismatch kind to `DIR/NAME.min.js`. */
  readonly minimize: boolean;
}

/** A usage error: printed as one line, exit code 2. */
export class UsageError extends Error {}

const USAGE = 'usage: npm run fuzz [-- --count N (10000) --seed S (random) --out DIR (fuzz-failures) --max-steps N (2000000) --jobs N (CPUs) --timeout MS (10000) --minimize]';

function integer(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  if (!/^-?\d+$/.test(text) || Number(text) < min || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(`--${name} must be an integer >= ${min} (got ${JSON.stringify(text)})`);
  }
  return Number(text);
}

/** Parses argv (without `node main.js`); throws UsageError. Returns 'help' for --help. */
export function parseFuzzArgs(argv: readonly string[]): FuzzArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv], strict: true, allowPositionals: false,
      options: {
        count: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, 'max-steps': { type: 'string' },
        jobs: { type: 'string' }, timeout: { type: 'string' }, minimize: { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0] ?? String(e) : String(e));
  }
  if (values.help === true) return 'help';
  const seed = integer('seed', values.seed, Math.floor(Math.random() * 2 ** 31), -(2 ** 31));
  if (seed >= 2 ** 32) throw new UsageError(`--seed must fit in 32 bits (got ${seed})`);
  return {
    count: integer('count', values.count, 10_000, 1),
    seed: seed | 0,
    out: values.out ?? 'fuzz-failures',
    maxSteps: integer('max-steps', values['max-steps'], 2_000_000, 1000),
    jobs: integer('jobs', values.jobs, availableParallelism(), 1),
    timeoutMs: integer('timeout', values.timeout, 10_000, 100),
    minimize: values.minimize === true,
  };
}

/** The tally as lines (the end of a run). */
export function summaryLines(s: Summary, seconds: number): string[] {
  const pct = (n: number): string => `${((100 * n) / Math.max(1, s.programs)).toFixed(1)}%`;
  const lines = [
    `${s.programs} programs in ${seconds.toFixed(1)} s (${(s.programs / Math.max(seconds, 1e-9)).toFixed(1)} programs/s)`,
    `  same        ${s.same}`,
    `  refused     ${s.refused} (${pct(s.refused)})`,
    `  stopped     ${s.stopped} (node threw too)`,
    `  budget      ${s.budget} (pkjit's step budget)`,
    `  machine     ${s.machine} (pkjit's guest heap or stack full where node ran on: exit 3 as designed)`,
    `  node limit  ${s.limit} (node killed at the time or output limit)`,
    `  mismatches  ${s.mismatches}`,
  ];
  const groups = [...s.groups].sort((a, b) => b[1].count - a[1].count);
  const documented = (d: boolean): string => (d ? ' [a stop docs/js-subset.md documents]' : '');
  if (groups.length > 0) lines.push('mismatches by kind:', ...groups.map(([k, g]) => `  ${String(g.count).padStart(5)}  ${k}  (e.g. ${g.example})${documented(g.documented)}`));
  const refusals = [...s.refusedBy].sort((a, b) => b[1] - a[1]).slice(0, 5);
  if (refusals.length > 0) lines.push('most common refusals:', ...refusals.map(([m, n]) => `  ${String(n).padStart(5)}  ${m}`));
  return lines;
}

function progressLine(s: Summary, total: number, seconds: number): string {
  return `fuzz: ${s.programs}/${total}, ${s.refused} refused, ${s.stopped} stopped, ${s.budget} budget, ${s.mismatches} mismatches, ${(s.programs / Math.max(seconds, 1e-9)).toFixed(1)}/s`;
}

/** Shrinks one program of each mismatch group into `out/NAME.min.js`. */
async function minimizeGroups(s: Summary, out: string, env: MinimizeEnv, io: FuzzIo): Promise<void> {
  for (const [key, g] of s.groups) {
    const small = await minimizeMismatch(g.exampleSource, key, env);
    const path = join(out, g.example.replace(/\.js$/, '.min.js'));
    writeFileSync(path, small);
    io.out(`minimized ${g.example} to ${small.split('\n').length} lines: ${path}`);
  }
}

/** The pkjit runner and the node oracle for `args`, sharing `jobs` between them. */
function startRunners(args: FuzzArgs, workerScript: URL | undefined): { runner: JitRunner; oracle: NodeOracle; banner: string } {
  const jitThreads = workerScript === undefined ? 1 : Math.max(1, Math.floor(args.jobs / 2));
  const nodes = Math.max(1, args.jobs - jitThreads);
  const runner: JitRunner = workerScript === undefined
    ? new InProcessRunner(args.maxSteps)
    : new WorkerRunner(workerScript, jitThreads, { role: 'pkjit-worker', maxSteps: args.maxSteps }, 120_000);
  const oracle = new NodeOracle({ parallel: nodes, timeoutMs: args.timeoutMs });
  const banner = `fuzz: seed ${args.seed}, ${args.count} programs, ${jitThreads} pkjit thread(s), ${nodes} node process(es) at a time`;
  return { runner, oracle, banner };
}

/** Runs the fuzzer; `workerScript` runs pkjit in worker threads (in this thread when absent). */
export async function fuzzMain(argv: readonly string[], io: FuzzIo, workerScript?: URL): Promise<number> {
  let args: FuzzArgs | 'help';
  try {
    args = parseFuzzArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.out(`fuzz: ${e.message}`);
    io.out(USAGE);
    return 2;
  }
  if (args === 'help') {
    io.out(USAGE);
    return 0;
  }
  const { runner, oracle, banner } = startRunners(args, workerScript);
  const workDir = mkdtempSync(join(tmpdir(), 'pkjit-fuzz-'));
  // One directory per seed, so the failures of two runs never overwrite each other.
  const outDir = join(args.out, `seed-${args.seed}`);
  io.out(banner);
  const start = performance.now();
  const seconds = (): number => (performance.now() - start) / 1000;
  const total = args.count;
  try {
    const summary = await runCampaign({
      count: total, seed: args.seed, workDir, outDir, runner, oracle, inFlight: args.jobs + 1,
      onResult: (_r, s) => {
        if (io.progress !== undefined) io.progress(progressLine(s, total, seconds()));
        else if (s.programs % 500 === 0) io.out(progressLine(s, total, seconds()));
      },
    });
    for (const line of summaryLines(summary, seconds())) io.out(line);
    if (summary.mismatches > 0) io.out(`mismatching programs and both outputs saved in ${outDir}/`);
    if (args.minimize) await minimizeGroups(summary, outDir, { workDir, oracle, runner }, io);
    return summary.mismatches > 0 ? 1 : 0;
  } finally {
    await runner.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}
