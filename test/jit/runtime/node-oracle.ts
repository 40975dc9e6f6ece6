/** Test helper: a program's stdout under node (`node -e`: a sloppy-mode script, as pkjit runs it) and under pkjit. */
import { execFileSync } from 'node:child_process';
import { runProgram } from '../../../jit/engine/engine.js';

/** What `node -e source` prints (it must exit 0). */
export function nodeStdout(source: string): string {
  return execFileSync(process.execPath, ['-e', source], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
}

/** What pkjit prints for `source`, with its exit code and error. */
export function pkjitRun(source: string): { stdout: string; exitCode: number; error: string | undefined } {
  const r = runProgram(source, 'case.js');
  return { stdout: r.output.map((l) => `${l}\n`).join(''), exitCode: r.exitCode, error: r.error };
}
