/**
 * The back end's fast paths (jit/backend/fast-*.ts) never change an answer: every operator
 * with a fast path, on every pair of edge values (node-reference.ts), prints what node prints.
 * The values come out of an array at run time, so each operation meets them in vregs, as the
 * fast paths do; pairs that are not doubles, booleans or arrays exercise the fall-back to the
 * runtime call right behind each check.
 */
import { describe, it } from 'vitest';
import { expectSameAsNode, expectSameStop, valuesArray } from './node-reference.js';

/** A program printing `exprs` (in terms of a and b) for every pair of edge values. */
function pairs(exprs: readonly string[]): string {
  return `${valuesArray()}
for (let i = 0; i < V.length; i++) {
  for (let j = 0; j < V.length; j++) {
    const a = V[i];
    const b = V[j];
    console.log(i, j, ${exprs.join(', ')});
  }
}`;
}

/** A program printing `exprs` (in terms of a) for every edge value. */
function singles(exprs: readonly string[], extra: readonly string[] = []): string {
  return `${valuesArray(extra)}
for (let i = 0; i < V.length; i++) {
  const a = V[i];
  console.log(i, ${exprs.join(', ')});
}`;
}

describe('fast paths agree with node on edge values', () => {
  it('+ - * / % ** on every pair', () => {
    expectSameAsNode(pairs(['a + b', 'a - b', 'a * b', 'a / b', 'a % b', 'a ** b']));
  });

  it('& | ^ << >> >>> on every pair', () => {
    expectSameAsNode(pairs(['a & b', 'a | b', 'a ^ b', 'a << b', 'a >> b', 'a >>> b']));
  });

  it('comparisons as values on every pair', () => {
    expectSameAsNode(pairs(['a < b', 'a <= b', 'a > b', 'a >= b', 'a == b', 'a != b', 'a === b', 'a !== b']));
  });

  it('comparisons fused with their branch on every pair', () => {
    const branches = ['<', '<=', '>', '>=', '==', '!=', '===', '!=='].map((op, k) => `(a ${op} b ? ${k} : -${k})`);
    expectSameAsNode(pairs(branches));
  });

  it('the same value against itself (equal bits), and one array against another', () => {
    expectSameAsNode(singles(['a === a', 'a !== a', 'a == a', 'a != a', 'a < a', 'a >= a',
      '[a] === [a]', 'a === V[i]', "a === 'a' + ''"]));
  });

  it('unary - + ~ ! and truthiness', () => {
    expectSameAsNode(singles(['-a', '+a', '~a', '!a', '!!a', 'a ? 1 : 0', 'typeof a', '-(-a)']));
  });

  it('Math functions with a fast path', () => {
    expectSameAsNode(singles(['Math.floor(a)', 'Math.ceil(a)', 'Math.trunc(a)', 'Math.sqrt(a)', 'Math.abs(a)',
      'Math.floor(a, 1)', 'Math.min(a)', 'Math.max()'], ['-0.5', '0.5', '-2.5', '1e300', '-4']));
    expectSameAsNode(pairs(['Math.min(a, b)', 'Math.max(a, b)', 'Math.min(a, b, 0)']));
  });

  it('ToInt32 at the borders (the CVTTSD2SI indefinite is also -2^31 itself)', () => {
    expectSameAsNode(singles(['a | 0', 'a >>> 0', 'a << 0', '~~a', 'a % 1', '-a % 3', 'a % -3', 'a % 2.5'],
      ['-2147483648.5', '-2147483649', '2147483647.9', '4294967296.5', '-4294967297', '-5', '-6', '2 ** 33 + 3']));
  });

  it('functions compare by identity inline, and calls find their target', () => {
    expectSameAsNode(`function f(x) { return x + 1; }
function g(x) { return x - 1; }
const fs = [f, g, f];
for (let i = 0; i < 3; i++) {
  const h = fs[i];
  console.log(h === f, h !== g, h == fs[0], h === 'f', h(i));
}`);
  });
});

describe('fast paths of arrays and strings agree with node', () => {
  const INDICES = "[-0, 0, 1, 2, 3, 4, 1.5, -1, NaN, Infinity, 2 ** 32, 2 ** 31, '0', '1', '01', true, null, undefined]";

  it('reads: in bounds, holes, out of bounds, non-integral and non-number indices', () => {
    expectSameAsNode(`const I = ${INDICES};
const arr = [10, , 30, 'x'];
const s = 'abc';
for (let k = 0; k < I.length; k++) console.log(k, arr[I[k]], s[I[k]], [][I[k]], arr.length, s.length, ''.length);`);
  });

  it('writes: in bounds, appends, gaps, and property-like indices', () => {
    expectSameAsNode(`const I = [-0, 0, 1, 2, 3, 4, 6, '1', 1.0, '2'];
for (let k = 0; k < I.length; k++) {
  const b = [1, , 3];
  b[I[k]] = 9;
  console.log(k, b.length, b[0], b[1], b[2], b[3], b[4]);
}
const c = [];
for (let i = 0; i < 10; i++) c[i] = i * i;
c[12] = 'gap';
console.log(c, c.length);
const d = Array(5);
d[2] = 'two';
console.log(d, d[1], d[2], d.length);
const g = [1, 2, 3, 4, 5];
g.pop(); g.pop(); g.pop();
g[4] = 'past the end, within capacity';
console.log(g, g[2], g[3], g.length);
const h = [1, 2, 3, 4];
h.pop(); h.pop();
h[2] = 'at the end, within capacity';
console.log(h, h[3], h.length);`);
  });

  it('push while there is room, after a pop, and when the array must grow; pop of holes and of []', () => {
    expectSameAsNode(`const d = [];
for (let i = 0; i < 20; i++) console.log(d.push(i * 0.5), d.length);
console.log(d.pop(), d.pop(), d.push('x'), d.push(), d.push(1, 2), d);
const e = Array(3);
console.log(e.push(undefined), e, e.length);
const f = [1, , 3, , ];
console.log(f.pop(), f.pop(), f.pop(), f, f.pop(), f.pop(), f.pop(), f, f.length, [].pop());`);
  });

  it('.length of other values goes to the runtime (functions, strings)', () => {
    expectSameAsNode(`function f(a, b) { return a; }
const xs = [f, 'hello', [1, 2, 3], '', 5];
for (let i = 0; i < xs.length; i++) console.log(xs[i].length);`);
  });
});

describe('the slow paths still stop where node throws', () => {
  it('indexing null, .length of undefined, calling a number', () => {
    expectSameStop("let o = null; console.log('before'); console.log(o[0]);",
      "t.js: uncaught TypeError: Cannot read properties of null (reading '0')");
    expectSameStop("let o; console.log('before'); console.log(o.length);",
      "t.js: uncaught TypeError: Cannot read properties of undefined (reading 'length')");
    expectSameStop("let o = 3; console.log('before'); o();", 't.js: uncaught TypeError: o is not a function');
  });
});
