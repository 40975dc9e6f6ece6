/** Small programs whose IR listings are golden files in __snapshots__/NAME.ir. */
export const GOLDEN_PROGRAMS: readonly (readonly [name: string, source: string])[] = [
  ['fib', `function fib(n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}
console.log(fib(10));
`],
  ['loops', `var found = -1;
outer: for (let i = 0; i < 10; i++) {
  if (i % 2 === 0) continue;
  let j = 0;
  inner: while (true) {
    j++;
    if (j > i) continue outer;
    if (i * j === 15) { found = i; break outer; }
    if (j === 3) break inner;
  }
}
do { found--; } while (found > 0);
print(found);
`],
  ['switch', `function name(n) {
  var s = "";
  switch (n) {
    case 0: s += "zero";
    case 1: s += "small"; break;
    default: s = "other";
    case 5: { let t = "five"; s += t; }
  }
  return s;
}
console.log(name(0), name(5), name(9));
`],
  ['logical', `function pick(a, b) {
  return (a && b) || (a ?? "none");
}
var x = null;
x ??= 3;
x ||= 4;
x &&= x > 2 ? "big" : "small";
console.log(pick(0, 1), pick(null, 2), typeof x, void 0, (1, 2));
`],
  ['array-compound', `var a = [1, , 3];
var i = 0;
a[i] += 10;
a[i + 1] = a[2]++;
--a[0];
a[i] **= 2;
a.push(Math.max(a[0], Math.PI), a.length);
var b = new Array(3);
console.log(a.pop(), a, b, Array(2).length, "abc"[1]);
`],
  ['globals', `function bump() {
  counter = counter + 1;
  total += limit;
  seen = counter;
  return counter;
}
function peek() { return seen; }
function reset() { limit = 0; }
counter = 0;
var total = 0;
bump();
let limit = 5;
bump();
reset();
console.log(counter, total, limit, peek());
`],
  ['exceptions', `function check(x) {
  if (x > 2) throw new RangeError("big " + x);
  return x;
}
function total(xs) {
  var sum = 0;
  for (var i = 0; i < xs.length; i++) {
    try {
      if (xs[i] === 0) continue;
      sum += check(xs[i]);
    } catch (e) {
      if (e instanceof RangeError) sum -= 100; else throw e;
    } finally {
      sum += 1000;
    }
  }
  return sum;
}
console.log(total([1, 0, 5, 2]));
try { null.x; } catch (e) { console.log(e.message); }
`],
  ['prototypes', `function P(x) { this.x = x; }
P.prototype.get = function () { return this.x; };
var p = new P(3);
console.log(p.get(), p instanceof P, p);
`],
];
