/** `npm run fuzz` (fuzz/cli.ts): flags, usage errors without stacks, the report and exit codes. */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptySummary } from '../../../fuzz/campaign.js';
import { UsageError, fuzzMain, parseFuzzArgs, summaryLines } from '../../../fuzz/cli.js';

function capture(): { lines: string[]; out: (l: string) => void } {
  const lines: string[] = [];
  return { lines, out: (l) => void lines.push(l) };
}

describe('parseFuzzArgs', () => {
  it('has the documented defaults', () => {
    const a = parseFuzzArgs([]);
    if (a === 'help') throw new Error('unexpected help');
    expect(a).toMatchObject({ count: 10_000, out: 'fuzz-failures', maxSteps: 2_000_000, timeoutMs: 10_000, minimize: false });
    expect(Number.isInteger(a.seed)).toBe(true);
  });

  it('reads every flag', () => {
    expect(parseFuzzArgs(['--count', '5', '--seed=-3', '--out', 'd', '--max-steps', '5000', '--jobs', '3', '--timeout', '500', '--minimize']))
      .toEqual({ count: 5, seed: -3, out: 'd', maxSteps: 5000, jobs: 3, timeoutMs: 500, minimize: true });
    expect(parseFuzzArgs(['--seed', '4294967295'])).toMatchObject({ seed: -1 });
    expect(parseFuzzArgs(['--help'])).toBe('help');
  });

  it.each([
    [['--count', 'ten'], '--count must be an integer >= 1 (got "ten")'],
    [['--count', '0'], '--count must be an integer >= 1 (got "0")'],
    [['--count', '1.5'], '--count must be an integer >= 1 (got "1.5")'],
    [['--seed', '99999999999'], '--seed must fit in 32 bits (got 99999999999)'],
    [['--jobs=-1'], '--jobs must be an integer >= 1 (got "-1")'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['stray'], "Unexpected argument 'stray'"],
    [['--count'], "Option '--count <value>' argument missing"],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseFuzzArgs(argv)).toThrow(UsageError);
    expect(() => parseFuzzArgs(argv)).toThrow(message);
  });
});

describe('fuzzMain', () => {
  it('a bad flag: one line and the usage, exit 2', async () => {
    const io = capture();
    expect(await fuzzMain(['--count', 'x'], io)).toBe(2);
    expect(io.lines).toEqual(['fuzz: --count must be an integer >= 1 (got "x")', expect.stringMatching(/^usage: npm run fuzz/)]);
  });

  it('a small clean campaign: the tally, exit 0, nothing saved', async () => {
    const io = capture();
    const out = join(mkdtempSync(join(tmpdir(), 'pkjit-fuzz-cli-')), 'failures');
    // Seed and count picked to be quick; a mismatch here is a JIT bug like any other.
    const code = await fuzzMain(['--count', '4', '--seed', '11', '--out', out, '--jobs', '2'], io);
    expect(io.lines[0]).toBe('fuzz: seed 11, 4 programs, 1 pkjit thread(s), 1 node process(es) at a time');
    expect(io.lines[1]).toMatch(/^4 programs in [\d.]+ s \([\d.]+ programs\/s\)$/);
    expect(io.lines.join('\n'), io.lines.join('\n')).toMatch(/ {2}mismatches {2}0$/m);
    expect(code).toBe(0);
    expect(existsSync(out)).toBe(false);
  });
});

describe('summaryLines', () => {
  it('shows the counts, the mismatch kinds and the refusals', () => {
    const s = emptySummary();
    Object.assign(s, { programs: 10, same: 4, refused: 1, stopped: 1, budget: 1, machine: 2, limit: 0, mismatches: 3 });
    s.groups.set('stdout differs', { count: 1, example: 'p000003.js', exampleSource: '', documented: false });
    s.groups.set('stopped where node did not throw: unsupported at run time: property "S" of a function', { count: 2, example: 'p000007.js', exampleSource: '', documented: true });
    s.refusedBy.set('unsupported: objects', 1);
    expect(summaryLines(s, 2)).toEqual([
      '10 programs in 2.0 s (5.0 programs/s)',
      '  same        4',
      '  refused     1 (10.0%)',
      '  stopped     1 (node threw too)',
      "  budget      1 (pkjit's step budget)",
      "  machine     2 (pkjit's guest heap or stack full where node ran on: exit 3 as designed)",
      '  node limit  0 (node killed at the time or output limit)',
      '  mismatches  3',
      'mismatches by kind:',
      '      2  stopped where node did not throw: unsupported at run time: property "S" of a function  (e.g. p000007.js) [a stop docs/js-subset.md documents]',
      '      1  stdout differs  (e.g. p000003.js)',
      'most common refusals:',
      '      1  unsupported: objects',
    ]);
  });
});

