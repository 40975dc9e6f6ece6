/** Test helper: a program's stdout under node (`node -e`: a sloppy-mode script, as pkjit runs it) and under pkjit. */
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
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

/** One test per program: pkjit exits 0 and prints exactly what node prints. */
export function itPrintsLikeNode(runs: Readonly<Record<string, string>>): void {
  for (const [name, source] of Object.entries(runs)) {
    it(name, () => {
      const want = nodeStdout(source);
      const got = pkjitRun(source);
      expect(got.error).toBeUndefined();
      expect(got.exitCode).toBe(0);
      expect(got.stdout).toBe(want);
    });
  }
}
