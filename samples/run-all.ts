/**
 * `npm run samples`: runs every sample listed in samples/index.ts and prints PASS or FAIL for
 * each.  A sample passes when its main() returns 0 and its output contains every line its
 * `expected.contains` documents.  Exits 0 only when all pass.  `--verbose` also prints each
 * sample's output; a failing sample's output is always printed.
 */
import { SAMPLES, type Sample } from './index.js';

/** The outcome of one sample. */
export interface SampleResult {
  readonly name: string;
  readonly pass: boolean;
  /** Why it failed ('' when it passed). */
  readonly reason: string;
  readonly output: readonly string[];
}

/** Runs one sample, capturing its lines; a thrown error is a failure, not a crash of run-all. */
export function runSample(s: Sample): SampleResult {
  const output: string[] = [];
  let code: number;
  try {
    code = s.main((line) => output.push(...line.split('\n')));
  } catch (e) {
    return { name: s.name, pass: false, reason: `threw ${(e as Error).name}: ${(e as Error).message}`, output };
  }
  const missing = s.expected.contains.filter((want) => !output.some((line) => line.includes(want)));
  const reason = code !== 0 ? `exit code ${code}` : missing.length > 0 ? `output lacks ${missing.map((m) => `'${m}'`).join(', ')}` : '';
  return { name: s.name, pass: reason === '', reason, output };
}

/** Runs `samples` and prints one line each; returns the exit code (0 when all pass). */
export function runAll(samples: readonly Sample[] = SAMPLES, print: (line: string) => void = console.log, verbose = false): number {
  let failed = 0;
  for (const s of samples) {
    const r = runSample(s);
    print(`${r.pass ? 'PASS' : 'FAIL'}  ${s.name}  ${r.pass ? s.expected.description : r.reason}`);
    if (!r.pass) failed++;
    if (!r.pass || verbose) for (const line of r.output) print(`    ${line}`);
  }
  print(`${samples.length - failed} of ${samples.length} samples pass`);
  return failed === 0 ? 0 : 1;
}

if (/[\\/]samples[\\/]run-all\.[jt]s$/.test(process.argv[1] ?? '')) {
  process.exitCode = runAll(SAMPLES, console.log, process.argv.includes('--verbose'));
}
