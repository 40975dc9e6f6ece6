/**
 * A bug in pkjit (a JitError INVARIANT escaping runProgram, or the compile of `disasm`) reaches
 * the user as one line on stderr and exit 3, never a host stack trace; other errors are not
 * reworded. The engine and the listing are replaced by stubs that throw, since no known program
 * makes pkjit fail an invariant any more.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main.js';
import type { Io } from '../../cli/io.js';
import { JitError } from '../../jit/errors.js';

/** What the stubs throw next. */
const failure: { error: unknown } = { error: null };

vi.mock('../../jit/engine/engine.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../jit/engine/engine.js')>()),
  runProgram: () => { throw failure.error; },
}));
vi.mock('../../jit/engine/listing.js', async (importOriginal) => ({
  ...(await importOriginal<typeof import('../../jit/engine/listing.js')>()),
  listProgram: () => { throw failure.error; },
}));

function capture(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (l) => outs.push(l), err: (l) => errs.push(l), color: false };
}

describe('an internal error of pkjit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pkjit-internal-'));
  const program = join(dir, 'p.js');
  writeFileSync(program, 'console.log(1);');
  beforeEach(() => {
    failure.error = new JitError('INVARIANT', 'no layout of <script> is free of forbidden byte sequences', { name: '<script>' });
  });

  it.each([['run'], ['disasm']])('pkjit %s: one line on stderr, nothing on stdout, exit 3', (cmd) => {
    const io = capture();
    expect(main([cmd, program], io)).toBe(3);
    expect(io.outs).toEqual([]);
    expect(io.errs).toEqual(['pkjit: internal error (INVARIANT): no layout of <script> is free of forbidden byte sequences'
      + ' (a bug in pkjit; please report it with the program)']);
  });

  it('another JitError (not an invariant) and a host error are thrown on, not reworded', () => {
    for (const e of [new JitError('OUT_OF_HEAP', 'heap full', {}), new TypeError('x is undefined')]) {
      failure.error = e;
      expect(() => main(['run', program], capture())).toThrow(e);
    }
  });

  it('a usage error is still exit 2', () => {
    const io = capture();
    expect(main(['disasm', join(dir, 'missing.js')], io)).toBe(2);
    expect(io.errs).toHaveLength(1);
    expect(io.errs[0]).toMatch(/^pkjit: disasm: cannot read /);
  });
});
