/**
 * The comparison rules (fuzz/compare.ts), one row per case: node's outcome, pkjit's outcome,
 * the verdict. Every way pkjit can break the promise must be a mismatch.
 */
import { describe, expect, it } from 'vitest';
import { compare, firstDifference, groupKey, isDocumentedStop, type JitOutcome, type Verdict } from '../../../fuzz/compare.js';
import type { NodeOutcome } from '../../../fuzz/oracle.js';

const F = 'p000001.js';
const b = (s: string): Buffer => Buffer.from(s, 'utf8');
const node = (stdout: string, exitCode: number | null = 0, extra: Partial<NodeOutcome> = {}): NodeOutcome => ({ stdout: b(stdout), exitCode, ...extra });
const jit = (stdout: string, exitCode: number, error?: string): JitOutcome => ({ stdout: b(stdout), exitCode, ...(error === undefined ? {} : { error }) });
const BUDGET = `${F}: stopped after 1000 guest instructions (--max-steps)`;
const WORK_BUDGET = `${F}: stopped after 1000 steps of runtime-call work (--max-steps)`;
const THROW = `${F}: uncaught TypeError: Cannot read properties of undefined (reading '0')`;
const STACK = `${F}: uncaught RangeError: Maximum call stack size exceeded (the guest stack of 1024 KiB is full; node's own limit differs)`;

/** [case, node, pkjit, verdict kind, mismatch category (for mismatches)] */
const ROWS: Array<[string, NodeOutcome, JitOutcome, Verdict['kind'], string?]> = [
  ['identical output', node('1\n2\n'), jit('1\n2\n', 0), 'same'],
  ['empty output both', node(''), jit('', 0), 'same'],
  ['one byte differs', node('1\n2\n'), jit('1\n3\n', 0), 'mismatch', 'stdout differs'],
  ['pkjit prints less', node('1\n2\n'), jit('1\n', 0), 'mismatch', 'stdout differs'],
  ['pkjit prints more', node('1\n'), jit('1\n2\n', 0), 'mismatch', 'stdout differs'],
  ['-0 printed as 0', node('-0\n'), jit('0\n', 0), 'mismatch', 'stdout differs'],
  ['node threw, pkjit finished', node('1\n', 1, { error: 'TypeError: x' }), jit('1\n', 0), 'mismatch', 'node threw, pkjit exited 0'],
  ['refused with FILE:L:C', node('1\n'), jit('', 2, `${F}:3:7: unsupported: objects`), 'refused'],
  ['refused a program node rejects', node('', 1, { error: 'SyntaxError: x' }), jit('', 2, `${F}:1:5: SyntaxError: Unexpected token (1:5)`), 'refused'],
  ['refused without a location', node('1\n'), jit('', 2, 'unsupported: objects'), 'mismatch', 'refusal without FILE:line:col'],
  ['refused under another file name', node('1\n'), jit('', 2, 'other.js:3:7: unsupported: objects'), 'mismatch', 'refusal without FILE:line:col'],
  ['stopped where node threw', node('1\n', 1, { error: 'TypeError: x' }), jit('1\n', 3, THROW), 'stopped'],
  ['stopped earlier than node (stack depth)', node('1\n2\n', 1, { error: 'RangeError: x' }), jit('1\n', 3, `${F}: the guest stopped (stack overflow or fault): x`), 'stopped'],
  ['stopped, node did not throw', node('1\n'), jit('1\n', 3, THROW), 'mismatch', 'stopped where node did not throw'],
  ['stopped with wrong output', node('1\n', 1), jit('2\n', 3, THROW), 'mismatch', 'stdout differs before the stop'],
  ['stopped after printing more than node', node('1\n', 1), jit('1\n2\n', 3, THROW), 'mismatch', 'stdout differs before the stop'],
  ['step budget, node finished', node('1\n2\n'), jit('1\n', 3, BUDGET), 'budget'],
  ['runtime-work budget, node finished', node('1\n2\n'), jit('1\n', 3, WORK_BUDGET), 'budget'],
  ['guest heap full, node finished', node('1\n2\n'), jit('1\n', 3, `${F}: out of guest heap: 24 bytes requested at 0x10, heap ends at 0x20`), 'machine'],
  ['guest stack full, node finished', node('1\n2\n'), jit('1\n', 3, STACK), 'machine'],
  ['guest stack full, node overflowed too', node('1\n2\n', 1, { error: 'RangeError: x' }), jit('1\n', 3, STACK), 'stopped'],
  ['guest heap full with wrong output', node('1\n2\n'), jit('3\n', 3, `${F}: out of guest heap: 24 bytes requested at 0x10, heap ends at 0x20`), 'mismatch', 'stdout differs before the stop'],
  ['a stack message that is not pkjit\'s own', node('1\n'), jit('1\n', 3, `${F}: uncaught RangeError: Maximum call stack size exceeded`), 'mismatch', 'stopped where node did not throw'],
  ['step budget, node threw later', node('1\n2\n', 1), jit('1\n', 3, BUDGET), 'budget'],
  ['step budget with wrong output', node('1\n2\n'), jit('3\n', 3, BUDGET), 'mismatch', 'stdout differs before the stop'],
  ['node timed out, pkjit hit the budget', node('1\n1\n', null, { killed: 'timeout' }), jit('1\n', 3, BUDGET), 'limit'],
  ['node cut at the output cap, pkjit printed it all', node('xx', null, { killed: 'output' }), jit('xxxx\n', 0), 'limit'],
  ['node cut, pkjit finished with less', node('1\n1\n', null, { killed: 'output' }), jit('1\n', 0), 'mismatch', 'stdout differs'],
  ['node cut, pkjit disagrees', node('1\n', null, { killed: 'timeout' }), jit('2\n', 3, THROW), 'mismatch', 'stdout differs before the stop'],
  ['pkjit crashed', node('1\n'), jit('', -1, 'VerifyError: not sealed'), 'mismatch', 'pkjit crashed'],
  ['pkjit crashed where node threw', node('', 1), jit('', -1, 'RangeError: x'), 'mismatch', 'pkjit crashed'],
  ['unknown exit code', node('1\n'), jit('1\n', 4), 'mismatch', 'unknown exit code'],
  ['uncaught where node threw the same', node('1\n', 1, { error: 'TypeError: x' }), jit('1\n', 1, `${F}: uncaught TypeError: x`), 'same'],
  ['uncaught at a throw statement', node('1\n', 1, { error: 'Error: boom' }), jit('1\n', 1, `${F}:3:5: uncaught Error: boom`), 'same'],
  ['uncaught, node did not throw', node('1\n'), jit('1\n', 1, `${F}: uncaught TypeError: x`), 'mismatch', 'stopped where node did not throw'],
  ['uncaught with less output than node', node('1\n2\n', 1, { error: 'TypeError: x' }), jit('1\n', 1, `${F}: uncaught TypeError: x`), 'mismatch', 'stdout differs before the stop'],
  ['uncaught, another error', node('1\n', 1, { error: 'TypeError: x' }), jit('1\n', 1, `${F}: uncaught RangeError: x`), 'mismatch', 'uncaught error differs'],
];

describe('compare', () => {
  it.each(ROWS)('%s', (_name, n, j, kind, category) => {
    const v = compare(F, n, j);
    expect(v.kind).toBe(kind);
    if (v.kind === 'mismatch') expect(v.category).toBe(category);
  });

  it('a refusal keeps its message without the location', () => {
    expect(compare(F, node(''), jit('', 2, `${F}:3:7: unsupported: objects`))).toEqual({ kind: 'refused', message: 'unsupported: objects' });
  });

  it('compares bytes: a lone surrogate is U+FFFD on both sides', () => {
    expect(compare(F, node('\ufffd\n'), { exitCode: 0, stdout: Buffer.from('\ud800\n', 'utf8') }).kind).toBe('same');
  });

  it('names the first differing line', () => {
    expect(firstDifference(b('a\nb\nc\n'), b('a\nB\nc\n'))).toBe('line 2: node "b" / pkjit "B"');
    expect(firstDifference(b('a\n'), b('a\nb\n'))).toBe('line 2: node "" / pkjit "b"');
  });

  it('groups mismatches without their numbers, addresses and quoted strings', () => {
    const v = compare(F, node('1\n'), jit('', 3, `${F}: unsupported at run time: assignment to property "-1" of an array`));
    const w = compare(F, node('1\n'), jit('', 3, `${F}: unsupported at run time: assignment to property "a,b" of an array`));
    if (v.kind !== 'mismatch' || w.kind !== 'mismatch') throw new Error('expected mismatches');
    expect(groupKey(v)).toBe('stopped where node did not throw: unsupported at run time: assignment to property "S" of an array');
    expect(groupKey(w)).toBe(groupKey(v));
    const c = compare(F, node(''), jit('', -1, "VerifyError: SYSCALL at offset 6479 (0x7effffe9294f) in 'jmp 0x7effffe92e62'"));
    if (c.kind !== 'mismatch') throw new Error('expected a mismatch');
    expect(groupKey(c)).toBe("pkjit crashed: VerifyError: SYSCALL at offset N (0xN) in 'jmp 0xN'");
  });

  it.each([
    ["unsupported at run time: '+' on a function's source text", true],
    ['unsupported at run time: assignment to property "-1" of an array', true],
    ['a message of no documented stop', false],
    ["uncaught TypeError: Cannot read properties of undefined (reading '0')", false],
  ])('a stop where node runs on: %s is documented: %s', (message, documented) => {
    const v = compare(F, node('1\n'), jit('1\n', 3, `${F}: ${message}`));
    if (v.kind !== 'mismatch') throw new Error('expected a mismatch');
    expect(isDocumentedStop(v)).toBe(documented);
  });
});
