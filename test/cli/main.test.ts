import { execFileSync } from 'node:child_process';
import { DEMO_PROGRAM } from '../../cli/demo-program.js';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import type { Io } from '../../cli/io.js';

function capture(argv: string[]): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (l) => out.push(l), err: (l) => err.push(l), color: false };
  return { code: main(argv, io), out, err };
}

describe('pkjit CLI', () => {
  it('selftest prints one PASS line per case and a summary, exit 0', () => {
    const r = capture(['selftest']);
    expect(r.code).toBe(0);
    const lines = r.out.filter((l) => /^(PASS|FAIL) /.test(l));
    expect(lines.length).toBeGreaterThanOrEqual(26);
    expect(lines.every((l) => l.startsWith('PASS test_'))).toBe(true);
    expect(r.out.at(-1)).toBe(`${lines.length} passed, 0 failed, ${lines.length} cases`);
  });

  it('selftest exits 1 and names the failing cases under pre-6.12 signal delivery', () => {
    const r = capture(['selftest', '--pre-6.12', '--filter', 'sigsegv_handler_with_pkey0']);
    expect(r.code).toBe(1);
    expect(r.out[0]).toMatch(/^FAIL test_sigsegv_handler_with_pkey0_disabled: .*SIGSEGV/);
  });

  it('selftest --json reports counts', () => {
    const r = capture(['selftest', '--json', '--filter', 'test_pkey_syscalls_bad_args']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out.join('\n'))).toMatchObject({ passed: 1, failed: 0 });
  });

  it.each([
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['selftest', '--bogus'], /Unknown option '--bogus'/],
    [['selftest', '--init-pkru', 'zz'], /--init-pkru: 'zz' is not a 32-bit hex value/],
    [['selftest', '--filter', 'no-such-case'], /matches no case/],
    [['demo', 'extra'], /demo takes no arguments/],
  ])('usage error %j exits 2 with a one-line message', (argv, msg) => {
    const r = capture(argv);
    expect(r.code).toBe(2);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(msg);
  });

  it('demo shows the execute-only key in smaps and a SEGV_PKUERR fault', () => {
    const r = capture(['demo']);
    expect(r.code).toBe(0);
    const text = r.out.join('\n');
    expect(text).toMatch(/--xp 00000000 00:00 0\n\s+ProtectionKey:\s+1/);
    expect(text).toContain('SIGSEGV SEGV_PKUERR');
    expect(text).toContain('The read now returns 0x90');
    // The JavaScript JIT: node's output for the embedded program (node is the oracle), lazily compiled.
    const node = execFileSync(process.execPath, ['-e', DEMO_PROGRAM], { encoding: 'utf8' });
    expect(text).toContain(node.trimEnd());
    expect(text).toMatch(/3 of 4 functions compiled \(never\(\) was not called\).*executors agree: yes/);
    expect(text).toMatch(/Audit log: \d+ records, intact, the five invariants hold/);
    expect(text).toMatch(/\n(\d+) passed, 0 failed, \1 cases$/);
  });
});
