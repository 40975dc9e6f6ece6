/**
 * The comparison rules: the project's promise (docs/js-subset.md, "The rule: never a wrong
 * answer") as a pure function of node's and pkjit's outcomes.
 *
 * | pkjit | acceptable when | verdict |
 * |---|---|---|
 * | exit 0 | node exited 0 with byte-identical stdout | same |
 * | exit 2 | the message is `FILE:line:col: ...` | refused |
 * | exit 3, step budget | pkjit's stdout is a prefix of node's | budget |
 * | exit 3, guest heap or stack full | pkjit's stdout is a prefix of node's | machine limit |
 * | exit 3, anything else | node threw, and pkjit's stdout is a prefix of node's | stopped |
 * | exit 1, an uncaught exception | node exited 1 with byte-identical stdout and the same error line | same |
 * | exit 0 or 3 | node was killed (time or output limit) and pkjit agrees with what node printed | limit |
 *
 * Everything else is a mismatch, with a category (for grouping) and the detail.
 */
import type { NodeOutcome } from './oracle.js';

/** What pkjit did with one program. */
export interface JitOutcome {
  /** 0, 2 or 3 from runProgram; -1 when runProgram itself threw or hung (a pkjit bug). */
  readonly exitCode: number;
  /** The printed lines, each with its newline, as UTF-8 bytes (what `pkjit run` writes). */
  readonly stdout: Buffer;
  /** runProgram's error (exit 2 and 3), or the host exception (exit -1). */
  readonly error?: string;
}

/** The kinds of mismatch. */
export type MismatchCategory =
  | 'pkjit crashed'
  | 'refusal without FILE:line:col'
  | 'stdout differs'
  | 'node threw, pkjit exited 0'
  | 'stopped where node did not throw'
  | 'stdout differs before the stop'
  | 'uncaught error differs'
  | 'unknown exit code';

/** The verdict on one program. */
export type Verdict =
  | { readonly kind: 'same' }
  | { readonly kind: 'refused'; readonly message: string }
  | { readonly kind: 'stopped' }
  | { readonly kind: 'budget' }
  /** pkjit's guest heap or guest stack was full: an exit-3 stop the project allows (issue 5, docs/js-subset.md). */
  | { readonly kind: 'machine' }
  | { readonly kind: 'limit' }
  | { readonly kind: 'mismatch'; readonly category: MismatchCategory; readonly detail: string };

/**
 * The stops of pkjit's own machine limits, which the project allows with exit 3 even where
 * node runs on (docs/js-subset.md "Stopping at run time"): the guest heap (16 MiB, dense
 * arrays, no GC) and the guest stack (its guard page; node's depth limit differs).
 */
const MACHINE_LIMITS: readonly RegExp[] = [
  /^out of guest heap: /,
  /^uncaught RangeError: Maximum call stack size exceeded \(the guest stack of \d+ KiB is full; node's own limit differs\)$/,
];

/**
 * True for runProgram's step-budget messages: guest instructions (jit/engine/engine.ts) or the
 * work of runtime calls (jit/runtime/work-meter.ts).
 */
export function isBudgetStop(error: string | undefined): boolean {
  return error !== undefined && /stopped after \d+ (guest instructions|steps of runtime-call work) \(--max-steps\)/.test(error);
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const mismatch = (category: MismatchCategory, detail: string): Verdict => ({ kind: 'mismatch', category, detail });

/** The verdict for the program named `file` (the name pkjit was given). */
export function compare(file: string, node: NodeOutcome, jit: JitOutcome): Verdict {
  const jitError = (jit.error ?? '').replace(new RegExp(`^${escapeRegExp(file)}: `), '');
  if (jit.exitCode === -1) return mismatch('pkjit crashed', jitError);
  if (jit.exitCode === 2) {
    return new RegExp(`^${escapeRegExp(file)}:\\d+:\\d+: `).test(jit.error ?? '')
      ? { kind: 'refused', message: (jit.error ?? '').replace(/^.*?:\d+:\d+: /, '') }
      : mismatch('refusal without FILE:line:col', jitError);
  }
  if (jit.exitCode === 1) return uncaught((jit.error ?? '').replace(new RegExp(`^${escapeRegExp(file)}(:\\d+:\\d+)?: `), ''), node, jit);
  if (jit.exitCode !== 0 && jit.exitCode !== 3) return mismatch('unknown exit code', `pkjit exit ${jit.exitCode}`);
  const differs = (): Verdict => mismatch(jit.exitCode === 0 ? 'stdout differs' : 'stdout differs before the stop', firstDifference(node.stdout, jit.stdout));
  if (node.killed !== undefined) {
    // node was cut short: pkjit must agree with what node printed so far (and, finishing,
    // print at least that much).
    const agree = isPrefix(node.stdout, jit.stdout) || (jit.exitCode === 3 && isPrefix(jit.stdout, node.stdout));
    return agree ? { kind: 'limit' } : differs();
  }
  if (jit.exitCode === 0) {
    if (node.exitCode !== 0) return mismatch('node threw, pkjit exited 0', node.error ?? `node exit ${node.exitCode}`);
    return jit.stdout.equals(node.stdout) ? { kind: 'same' } : differs();
  }
  const machine = MACHINE_LIMITS.some((re) => re.test(jitError));
  if (!isBudgetStop(jit.error) && !machine && node.exitCode === 0) return mismatch('stopped where node did not throw', jitError);
  if (!isPrefix(jit.stdout, node.stdout)) return differs();
  if (isBudgetStop(jit.error)) return { kind: 'budget' };
  return machine && node.exitCode === 0 ? { kind: 'machine' } : { kind: 'stopped' };
}

/**
 * pkjit's exit 1: an exception nothing caught (`uncaught TypeError: m`, after `FILE:line:col: `
 * for a throw statement). node must have thrown too, after the same output, with the same error line.
 */
function uncaught(jitError: string, node: NodeOutcome, jit: JitOutcome): Verdict {
  if (node.killed !== undefined) return isPrefix(node.stdout, jit.stdout) ? { kind: 'limit' } : mismatch('stdout differs before the stop', firstDifference(node.stdout, jit.stdout));
  if (node.exitCode !== 1) return mismatch('stopped where node did not throw', jitError);
  if (!jit.stdout.equals(node.stdout)) return mismatch('stdout differs before the stop', firstDifference(node.stdout, jit.stdout));
  // node.error is the first line of node's (a message may span lines, JSON's circular-structure one does).
  const line = jitError.replace(/^uncaught /, '').split('\n')[0];
  return node.error === undefined || node.error === line ? { kind: 'same' } : mismatch('uncaught error differs', `node threw ${node.error} / pkjit ${line}`);
}

function isPrefix(short: Buffer, long: Buffer): boolean {
  return short.length <= long.length && short.equals(long.subarray(0, short.length));
}

/** `line N: node "..." / pkjit "..."` for the first line where the outputs differ (1-based). */
export function firstDifference(node: Buffer, jit: Buffer): string {
  const a = node.toString('utf8').split('\n');
  const b = jit.toString('utf8').split('\n');
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) return `line ${i + 1}: node ${show(a[i])} / pkjit ${show(b[i])}`;
  }
  return 'the outputs differ in bytes only (encoding)';
}

function show(line: string | undefined): string {
  if (line === undefined) return '(nothing)';
  return JSON.stringify(line.length > 120 ? `${line.slice(0, 120)}...` : line);
}

/**
 * The stops docs/js-subset.md ("Stopping at run time") lists as designed where node runs on,
 * other than the machine limits: still mismatches under the rule above, but reports say which
 * ones the docs own up to.
 */
const DOCUMENTED_STOPS: readonly RegExp[] = [
  /^unsupported at run time: /,
];

/** True for a mismatch that is one of the stops docs/js-subset.md documents. */
export function isDocumentedStop(v: Extract<Verdict, { kind: 'mismatch' }>): boolean {
  return v.category === 'stopped where node did not throw' && DOCUMENTED_STOPS.some((re) => re.test(v.detail));
}

/** The key mismatches are grouped by in reports: the category and the detail without numbers, addresses and quoted strings. */
export function groupKey(v: Extract<Verdict, { kind: 'mismatch' }>): string {
  const detail = v.category === 'stdout differs' || v.category === 'stdout differs before the stop' ? '' : `: ${v.detail}`;
  const general = detail
    .replace(/"[^"]*"/g, '"S"')
    .replace(/0x[0-9a-f]+|-?\d+(\.\d+)?(e[+-]?\d+)?/gi, (m) => (m.startsWith('0x') ? '0xN' : 'N'));
  return `${v.category}${general.slice(0, 160)}`;
}
