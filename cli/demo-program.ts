/** The JavaScript program `pkjit demo` (npm start) compiles and runs: embedded, so the demo needs no files. */
export const DEMO_FILE = 'demo.js';

export const DEMO_PROGRAM = `// Primes below 60 (a sieve), Fibonacci numbers (recursion), and a little of everything else.
function sieve(n) {
  const composite = new Array(n + 1);
  const primes = [];
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    primes.push(i);
    for (let j = i * i; j <= n; j += i) composite[j] = true;
  }
  return primes;
}
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }
function never() { return 'this function is never called, so it is never compiled'; }
let fibs = [];
for (let i = 0; i <= 15; i++) fibs.push(fib(i));
console.log('primes:', sieve(60));
console.log('fib:', fibs.length, fibs[15], fibs[15] / fibs[14]);
console.log(0.1 + 0.2, -0, 2 ** 53 + 1, 1e21, (-7) % 3, ~~-2.5, -1 >>> 28, typeof fib, 'ab' < 'b');
`;
