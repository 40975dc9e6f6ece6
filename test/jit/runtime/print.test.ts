import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { format, inspect } from 'node:util';
import { GuestHeap } from '../../../jit/runtime/heap.js';
import { ToHost, fromHost, toHost, type FunctionInfo, type HostValue } from '../../../jit/runtime/host-values.js';
import { formatLog } from '../../../jit/runtime/print.js';
import { boxArray, boxString } from '../../../jit/runtime/values.js';
import { functionBox } from './guest-functions.js';
import { FakeMemory } from './fake-memory.js';

/** A generated value: host data, with functions and holes as markers so each side can build its own. */
type Spec = number | string | boolean | null | undefined | { fn: number } | { hole: true } | Spec[];

/** The guest program's functions: [name, parameters]. */
const FUNCTIONS: ReadonlyArray<readonly [string, string]> = [['f', 'a, b'], ['g', ''], ['fib', 'n']];
const TABLE: FunctionInfo[] = FUNCTIONS.map(([name, params]) => ({
  name, length: params === '' ? 0 : params.split(',').length, source: `function ${name}(${params}) {}`,
}));
/** Sloppy-mode declared functions, as node's console.log sees them (this module is strict). */
const NODE_FUNCTIONS = FUNCTIONS.map(([name, params]) => new Function(`return function ${name}(${params}) {}`)() as HostValue);
const DECLARATIONS = FUNCTIONS.map(([name, params]) => `function ${name}(${params}) {}`).join(' ');

const numberArb = fc.oneof(fc.double(), fc.constantFrom(-0, NaN, 1e21, 1e-7, Infinity, -Infinity, 0.1, 123, -5e-324));
const stringArb = fc.string({ unit: fc.constantFrom('a', 'b', 's', '%', 'd', 'i', 'f', 'j', 'o', 'O', 'c', ' ', '\n', "'", '"', '\\', 'é', '😀', '\u0000'), maxLength: 12 });
const leafArb: fc.Arbitrary<Spec> = fc.oneof(
  numberArb, stringArb, fc.boolean(), fc.constant(null), fc.constant(undefined),
  fc.nat(FUNCTIONS.length - 1).map((fn) => ({ fn })),
);
const { spec: specArb } = fc.letrec<{ spec: Spec; array: Spec[] }>((tie) => ({
  spec: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leafArb, tie('array')),
  array: fc.array(fc.oneof(tie('spec'), fc.constant<Spec>({ hole: true })), { maxLength: 5 }),
}));
const argsArb = fc.array(specArb, { maxLength: 4 });

const isFn = (s: Spec): s is { fn: number } => typeof s === 'object' && s !== null && !Array.isArray(s) && 'fn' in s;

function hostOf(s: Spec): HostValue {
  if (Array.isArray(s)) {
    const out = new Array<HostValue>(s.length);
    s.forEach((e, i) => { if (!(typeof e === 'object' && e !== null && 'hole' in e)) out[i] = hostOf(e); });
    return out;
  }
  if (isFn(s)) return NODE_FUNCTIONS[s.fn];
  return s as HostValue;
}

function guestOf(s: Spec, heap: GuestHeap): bigint {
  if (isFn(s)) return functionBox(heap, s.fn);
  if (!Array.isArray(s)) return fromHost(s as HostValue, heap);
  const a = heap.allocArray(s.length);
  s.forEach((e, i) => { if (!(typeof e === 'object' && e !== null && 'hole' in e)) heap.arraySet(a, i, guestOf(e, heap)); });
  return boxArray(a);
}

/** JavaScript source text that evaluates to the value `s` describes. */
function sourceOf(s: Spec): string {
  if (Array.isArray(s)) {
    const parts = s.map((e) => typeof e === 'object' && e !== null && 'hole' in e ? '' : sourceOf(e));
    const trailingHole = parts.length > 0 && parts[parts.length - 1] === '';
    return `[${parts.join(', ')}${trailingHole ? ',' : ''}]`;
  }
  if (isFn(s)) return (FUNCTIONS[s.fn] as readonly [string, string])[0];
  if (typeof s === 'number') return Object.is(s, -0) ? '-0' : String(s);
  if (typeof s === 'string') return JSON.stringify(s);
  return String(s);
}

function formatGuest(args: readonly Spec[]): string {
  const mem = new FakeMemory(0x100000, 1 << 20);
  const heap = new GuestHeap(mem, mem.base, mem.base + (1 << 20));
  return formatLog(args.map((a) => guestOf(a, heap)), new ToHost(mem, TABLE));
}

describe('formatLog', () => {
  it.each<[string, Spec[], string]>([
    ['-0 and NaN', [-0, NaN, [-0]], '-0 NaN [ -0 ]'],
    ['1e21 and 1e-7', [1e21, 1e-7], '1e+21 1e-7'],
    ['holes', [[1, { hole: true }, { hole: true }, 3, { hole: true }]], '[ 1, <2 empty items>, 3, <1 empty item> ]'],
    ['nested strings quote, top-level ones do not', ['a', ['a']], "a [ 'a' ]"],
    ['functions', [{ fn: 0 }, [{ fn: 2 }]], '[Function: f] [ [Function: fib] ]'],
    ['format directives', ['%d|%i|%j|%o', 4.5, 4.5, [1], [2]], '4.5|4|[1]|[ 2, [length]: 1 ]'],
    ['%o of a function shows its length', ['%o', { fn: 0 }], format('%o', NODE_FUNCTIONS[0])],
    ['null, undefined, booleans', [null, undefined, true, false], 'null undefined true false'],
    ['no arguments', [], ''],
  ])('%s', (_name, args, expected) => {
    expect(formatGuest(args)).toBe(expected);
    expect(format(...args.map(hostOf))).toBe(expected);
  });

  it('prints a cyclic array as node does', () => {
    const mem = new FakeMemory(0x1000, 4096);
    const heap = new GuestHeap(mem, 0x1000, 0x2000);
    const a = heap.allocArray(0);
    heap.arrayPush(a, boxArray(a));
    heap.arrayPush(a, boxString(heap.allocString('x')));
    const host: HostValue[] = [];
    host.push(host, 'x');
    expect(formatLog([boxArray(a)], new ToHost(mem, TABLE))).toBe(format(host));
    expect(formatLog([boxArray(a)], new ToHost(mem, TABLE))).toBe("<ref *1> [ [Circular *1], 'x' ]");
  });

  it('toHost and fromHost round-trip values, holes included (fast-check)', () => {
    // Functions are compared by what inspect shows (name, length), not by identity.
    const show = (x: HostValue): string => inspect(x, { showHidden: true, depth: null });
    fc.assert(fc.property(specArb, (s) => {
      const mem = new FakeMemory(0x100000, 1 << 20);
      const heap = new GuestHeap(mem, mem.base, mem.base + (1 << 20));
      const back = toHost(guestOf(s, heap), mem, TABLE);
      expect(show(back)).toBe(show(hostOf(s)));
      expect(show(toHost(fromHost(back, heap), mem, TABLE))).toBe(show(back));
    }), { numRuns: 300 });
  });

  it('equals util.format of the host values (fast-check)', () => {
    fc.assert(fc.property(argsArb, (args) => {
      expect(formatGuest(args)).toBe(format(...args.map(hostOf)));
    }), { numRuns: 1000 });
  });

  it("equals the stdout of node's own console.log (50 cases, one child process)", () => {
    const cases = fc.sample(argsArb, { numRuns: 50, seed: 20240611 });
    const SEP = '@@pkjit-sep-7f3a@@';
    const script = `${DECLARATIONS}\n${cases.map((c) => `console.log(${c.map(sourceOf).join(', ')}); console.log(${JSON.stringify(SEP)});`).join('\n')}`;
    expect(script).toMatch(/\[,|, ,/); // the sample has holes,
    expect(script).toMatch(/\b(f|g|fib)\b[,)\]]/); // functions as values,
    expect(script).toMatch(/\[\[|\[[^\]]*\[/); // and nested arrays
    const stdout = execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
    const lines = stdout.split(`${SEP}\n`);
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(50);
    cases.forEach((c, i) => expect(`${formatGuest(c)}\n`).toBe(lines[i]));
  });
});
