// Functions as values: passed as arguments, stored in arrays, returned from calls, compared,
// printed; missing and extra arguments; hoisting; globals shared between functions.

function square(x) { return x * x; }
function cube(x) { return x * x * x; }
function negate(x) { return -x; }
function twice(f, x) { return f(f(x)); }
function compose3(f, g, h, x) { return h(g(f(x))); }
function pick(name) {
  switch (name) {
    case 'square': return square;
    case 'cube': return cube;
    default: return negate;
  }
}

console.log(twice(square, 3), twice(cube, 2), twice(negate, 5), compose3(square, negate, cube, 2));
const table = [square, cube, negate];
for (let i = 0; i < table.length; i++) {
  const f = table[i];
  console.log(i, f, typeof f, f(4), f.length);
}
console.log(table, pick('cube') === cube, pick('x') === negate, pick('square') === cube);
const chosen = pick('square');
console.log(chosen(12));

// Missing arguments are undefined, extra ones ignored.
function describe(a, b, c) {
  return 'a=' + a + ' b=' + b + ' c=' + c;
}
console.log(describe(1), describe(1, 2, 3, 4), describe.length);

// Calls before the declaration (hoisting) and var hoisting.
console.log(hoisted(3), early);
function hoisted(n) { return n + 1; }
var early = 'set later';
console.log(early);

// Globals shared between functions; an implicit global created by a call.
var calls = 0;
let log = [];
function record(what) {
  calls++;
  log.push(what);
  lastRecorded = what;
}
record('first');
record('second');
console.log(calls, log, lastRecorded);

// A higher-order loop: fold an array with any two-argument function.
function fold(a, f, start) {
  let acc = start;
  for (let i = 0; i < a.length; i++) acc = f(acc, a[i]);
  return acc;
}
function add(x, y) { return x + y; }
function max(x, y) { return x > y ? x : y; }
function join(x, y) { return x === '' ? '' + y : x + '-' + y; }
const data = [4, 8, 15, 16, 23, 42];
console.log(fold(data, add, 0), fold(data, max, -Infinity), fold(data, join, ''));

// Functions with no return give undefined; return without a value too.
function nothing() {}
function early2(x) { if (x) return; return 'reached'; }
console.log(nothing(), early2(true), early2(false), typeof nothing());
