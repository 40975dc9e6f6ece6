import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../cli/main.js';
import type { Io } from '../../../cli/io.js';

function capture(): Io & { outs: string[]; errs: string[] } {
  const outs: string[] = [];
  const errs: string[] = [];
  return { outs, errs, out: (l) => outs.push(l), err: (l) => errs.push(l), color: false };
}

describe('pkjit run', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pkjit-cli-'));
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('prints the program output and exits 0; --stats goes to stderr', () => {
    const io = capture();
    expect(main(['run', file('ok.js', "console.log('hi', 1 + 1);"), '--stats'], io)).toBe(0);
    expect(io.outs).toEqual(['hi 2']);
    expect(io.errs.join('\n')).toMatch(/guest instructions/);
    for (const what of [/simulated cycles/, /functions compiled/, /write windows/, /permission flips/, /faults/, /parse .* ms, compile .* ms, run .* ms/]) {
      expect(io.errs.join('\n')).toMatch(what);
    }
  });

  // (Not under PKJIT_TRANSLATE=0, which turns the default off.)
  it.skipIf(process.env['PKJIT_TRANSLATE'] === '0')('--interpret gives the same output with no translated code; the default translates a hot loop (--stats says how much)', () => {
    const src = file('hot.js', 'let s = 0;\nfor (let i = 0; i < 20000; i++) s += i % 7;\nconsole.log(s);');
    const translated = /translator: (\d+) blocks, (\d+) of (\d+) instructions retired in translated code/;
    const runs = [[], ['--interpret']].map((extra) => {
      const io = capture();
      expect(main(['run', src, '--stats', ...extra], io)).toBe(0);
      const m = translated.exec(io.errs.join('\n'));
      expect(m).not.toBeNull();
      return { outs: io.outs, blocks: Number(m?.[1]), retired: Number(m?.[2]), total: Number(m?.[3]) };
    });
    const [on, off] = runs as [typeof runs[0], typeof runs[0]];
    expect(on.outs).toEqual(['59997']);
    expect(off.outs).toEqual(on.outs);
    expect(off.total).toBe(on.total);
    expect([off.blocks, off.retired]).toEqual([0, 0]);
    expect(on.retired).toBeGreaterThan(on.total / 2);
  });

  it('--executors N prints each executor\'s output in order; --audit writes a log pkjit audit verify accepts', () => {
    const log = join(dir, 'run.jsonl');
    const src = file('two.js', 'function sq(x) { return x * x; }\nconsole.log(sq(3));\nconsole.log(sq(4));');
    for (const policy of ['pkey', 'mprotect']) {
      const io = capture();
      expect(main(['run', src, '--executors', '2', '--seed', '5', '--policy', policy, '--audit', log], io)).toBe(0);
      expect(io.outs).toEqual(['9', '16', '9', '16']);
      const v = capture();
      expect(main(['audit', 'verify', log], v)).toBe(0);
      expect(v.outs.join('\n')).toMatch(/intact/);
    }
  });

  it('a missing file, a missing argument and a bad --max-steps: one line, exit 2', () => {
    for (const argv of [['run', join(dir, 'nope.js')], ['run'], ['run', 'x.js', '--max-steps', 'ten'], ['run', 'x.js', '--executors', '0'],
      ['run', 'x.js', '--executors', '65'], ['run', 'x.js', '--policy', 'rwx'], ['run', 'x.js', '--seed', '-1'], ['run', 'x.js', '--bogus'],
      ['run', file('a.js', ''), '--audit', join(dir, 'no', 'such', 'dir', 'log')]]) {
      const io = capture();
      expect(main(argv, io)).toBe(2);
      expect(io.errs).toHaveLength(1);
      expect(io.errs[0]).toMatch(/^pkjit: /);
    }
  });

  it('an unsupported program: exit 2 with FILE:L:C; an endless loop: exit 3', () => {
    const io = capture();
    const p = file('obj.js', 'const o = { get x() {} };');
    expect(main(['run', p], io)).toBe(2);
    expect(io.errs).toEqual([expect.stringMatching(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:13: unsupported: `))]);
    const io2 = capture();
    expect(main(['run', file('loop.js', 'while (true) {}'), '--max-steps', '5000'], io2)).toBe(3);
    expect(io2.errs[0]).toMatch(/max-steps/);
  });

  it('--help', () => {
    const io = capture();
    expect(main(['run', '--help'], io)).toBe(0);
    expect(io.outs[0]).toMatch(/^usage: pkjit run/);
  });
});
