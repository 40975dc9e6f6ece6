/**
 * A mismatch saved for a human: `DIR/NAME.js` is the program exactly as both ran it (so
 * `node DIR/NAME.js` and `pkjit run DIR/NAME.js` reproduce it), and `DIR/NAME.txt` holds the
 * verdict, the seed and generator, and both outputs.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JitOutcome, Verdict } from './compare.js';
import type { FuzzProgram } from './generate.js';
import type { NodeOutcome } from './oracle.js';

/** Everything known about one program's run. */
export interface ProgramResult {
  /** Position in the campaign, 0-based. */
  readonly index: number;
  readonly program: FuzzProgram;
  /** The file name both ran it under (`p000042.js`). */
  readonly file: string;
  readonly node: NodeOutcome;
  readonly jit: JitOutcome;
  readonly verdict: Verdict;
}

/** The report text for a result. */
export function failureReport(r: ProgramResult): string {
  const v = r.verdict;
  const node = r.node.killed !== undefined ? `killed (${r.node.killed} limit)` : `exit ${r.node.exitCode}${r.node.error === undefined ? '' : ` (${r.node.error})`}`;
  return [
    `verdict: ${v.kind === 'mismatch' ? `MISMATCH: ${v.category}: ${v.detail}` : v.kind}`,
    `program: ${r.file} (index ${r.index}, seed ${r.program.seed}, generator ${r.program.generator})`,
    `node:  ${node}`,
    `pkjit: exit ${r.jit.exitCode}${r.jit.error === undefined ? '' : ` (${r.jit.error})`}`,
    '',
    '--- node stdout ---',
    r.node.stdout.toString('utf8'),
    '--- pkjit stdout ---',
    r.jit.stdout.toString('utf8'),
  ].join('\n');
}

/** Saves `r` into `dir` (created if needed); returns the program's path. */
export function saveFailure(dir: string, r: ProgramResult): string {
  mkdirSync(dir, { recursive: true });
  const base = join(dir, r.file.replace(/\.js$/, ''));
  writeFileSync(`${base}.js`, r.program.source);
  writeFileSync(`${base}.txt`, failureReport(r));
  return `${base}.js`;
}
