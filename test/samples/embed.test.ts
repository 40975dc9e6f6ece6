import { describe, expect, it } from 'vitest';
import * as brainfuck from '../../samples/embed/brainfuck.js';
import * as rpn from '../../samples/embed/rpn.js';
import { SAMPLES, type Sample } from '../../samples/index.js';
import { runAll, runSample } from '../../samples/run-all.js';

/** Runs a sample's main with a collecting print; returns its exit code and lines. */
function capture(main: (print: (line: string) => void) => number): { code: number; lines: string[] } {
  const lines: string[] = [];
  const code = main((line) => lines.push(line));
  return { code, lines };
}

/**
 * Splits the output at the blank line before the audit summary.  The sample's own lines are
 * checked exactly; the summary's numbers (records, cycles) belong to the SDK's audit layer and
 * are checked by shape, so an SDK change that adds a record does not break these tests.
 */
function split(lines: readonly string[]): { own: string[]; audit: string[] } {
  const blank = lines.indexOf('');
  return { own: lines.slice(0, blank), audit: lines.slice(blank + 1) };
}

function expectAuditSummary(audit: readonly string[], region: string, threads: number): void {
  expect(audit[0]).toMatch(new RegExp(`^\\d+ records, 1 region, ${threads} threads$`));
  expect(audit).toContain('regions');
  expect(audit.some((l) => l.startsWith(`${region} `))).toBe(true);
  expect(audit.at(-1)).toMatch(/^audit: intact, \d+ records, invariants hold$/);
}

describe('samples/embed/brainfuck', () => {
  it('runs Hello World!, the digit loop and the reversed input, then verifies the audit log', () => {
    const { code, lines } = capture(brainfuck.main);
    expect(code).toBe(0);
    const { own, audit } = split(lines);
    expect(own).toEqual([
      'Hello World!',
      'hello: 13 output bytes, 991 instructions retired, 656 code bytes, 1 window, seal sha256 b6b623c1b5bb',
      '0123456789',
      'digits: 11 output bytes, 212 instructions retired, 165 code bytes, 1 window, seal sha256 f865bf69f1c6',
      'desserts',
      'reverse: 8 output bytes, 168 instructions retired, 140 code bytes, 1 window, seal sha256 6b036b25b67f',
      "brainfuck: unmatched ']' at offset 2",
      "brainfuck: unmatched '[' at offset 0",
    ]);
    expectAuditSummary(audit, 'brainfuck', 3);
  });

  it.each([
    ['+]', "brainfuck: unmatched ']' at offset 1"],
    ['[]]', "brainfuck: unmatched ']' at offset 2"],
    ['+[', "brainfuck: unmatched '[' at offset 1"],
    ['[[]', "brainfuck: unmatched '[' at offset 0"],
  ])('parse(%j) throws %s', (src, message) => {
    expect(() => brainfuck.parse(src)).toThrow(message);
  });

  it('folds runs and turns [-] into clear', () => {
    expect(brainfuck.parse('+++-->><[-]x.,')).toEqual([
      { kind: 'add', n: 1 }, { kind: 'move', n: 1 }, { kind: 'clear' }, { kind: 'out' }, { kind: 'in' },
    ]);
  });
});

describe('samples/embed/rpn', () => {
  it('compiles five functions into one region, calls them, and survives divide errors', () => {
    const { code, lines } = capture(rpn.main);
    expect(code).toBe(0);
    const { own, audit } = split(lines);
    expect(own).toEqual([
      'f0 = 3 4 + 2 *  (39 code bytes)',
      '  f(0, 0) = 14',
      'f1 = x y + x y - *  (25 code bytes)',
      '  f(7, 3) = 40',
      '  f(-2, 5) = -21',
      'f2 = x x * y y * +  (26 code bytes)',
      '  f(3, 4) = 25',
      '  f(3037000499, 1) = 9223372030926249002',
      'f3 = x y /  (12 code bytes)',
      '  f(84, 2) = 42',
      '  f(-7, 2) = -3',
      '  f(1, 0) = divide error (#DE, SIGFPE) at +0x6; executor replaced',
      '  f(-9223372036854775808, -1) = divide error (#DE, SIGFPE) at +0x6; executor replaced',
      'f4 = x 1000000000000 * 7 -  (35 code bytes)',
      '  f(5, 0) = 4999999999993',
      'region rpn: 5 functions, 1 key miss, 9 key hits (one key, reused by every window and every seal\'s copy)',
      "'x 0 /': rpn: division by literal zero at offset 4",
      "'x +': rpn: '+' needs two operands at offset 2",
      "'x y': rpn: the expression leaves 2 values (one expected) at offset 3",
      "'2 ^ 3': rpn: unknown token '^' at offset 2",
      "'99999999999999999999 x +': rpn: literal 99999999999999999999 does not fit 64 bits at offset 0",
    ]);
    expectAuditSummary(audit, 'rpn', 5);
  });

  it.each([
    ['', 'rpn: the expression leaves 0 values (one expected) at offset 0'],
    ['1 2 3 + 0 /', 'rpn: division by literal zero at offset 10'],
    ['x z +', "rpn: unknown token 'z' at offset 2"],
    ['-', "rpn: '-' needs two operands at offset 0"],
  ])('compile(%j) throws %s', (src, message) => {
    expect(() => rpn.compile(src)).toThrow(rpn.RpnError);
    expect(() => rpn.compile(src)).toThrow(message);
  });
});

describe('samples/run-all', () => {
  const quiet = (): void => undefined;

  it('lists every embed sample and passes them all', () => {
    expect(SAMPLES.map((s) => s.name)).toEqual(expect.arrayContaining(['embed/brainfuck', 'embed/rpn']));
    const lines: string[] = [];
    expect(runAll(SAMPLES.filter((s) => s.name.startsWith('embed/')), (l) => lines.push(l))).toBe(0);
    expect(lines.filter((l) => l.startsWith('PASS'))).toHaveLength(2);
  });

  it('fails a sample that exits non-zero, lacks a documented line, or throws', () => {
    const fake = (main: Sample['main']): Sample => ({ name: 'fake', expected: { description: 'd', contains: ['ok'] }, main });
    expect(runSample(fake((p) => { p('ok'); return 0; }))).toMatchObject({ pass: true, reason: '' });
    expect(runSample(fake((p) => { p('ok'); return 3; }))).toMatchObject({ pass: false, reason: 'exit code 3' });
    expect(runSample(fake(() => 0))).toMatchObject({ pass: false, reason: "output lacks 'ok'" });
    expect(runSample(fake(() => { throw new RangeError('boom'); }))).toMatchObject({ pass: false, reason: 'threw RangeError: boom' });
    expect(runAll([fake(() => 1)], quiet)).toBe(1);
  });
});
