// Recursion: Fibonacci, factorial, Ackermann, Towers of Hanoi and the number of moves it takes.

function fib(n) {
  if (n < 2) return n;
  return fib(n - 1) + fib(n - 2);
}

function fact(n) {
  return n <= 1 ? 1 : n * fact(n - 1);
}

function ackermann(m, n) {
  if (m === 0) return n + 1;
  if (n === 0) return ackermann(m - 1, 1);
  return ackermann(m - 1, ackermann(m, n - 1));
}

var moves = 0;
function hanoi(n, from, to, via, show) {
  if (n === 0) return;
  hanoi(n - 1, from, via, to, show);
  moves++;
  if (show) console.log('move disk ' + n + ' from ' + from + ' to ' + to);
  hanoi(n - 1, via, to, from, show);
}

function power(base, exp) {
  if (exp === 0) return 1;
  const half = power(base, exp >> 1);
  return exp % 2 === 0 ? half * half : half * half * base;
}

for (let i = 0; i <= 16; i += 4) console.log('fib(' + i + ') =', fib(i));
console.log('fact:', fact(5), fact(12), fact(18), fact(21), fact(170), fact(171));
for (let m = 0; m <= 2; m++) {
  const row = [];
  for (let n = 0; n <= 3; n++) row.push(ackermann(m, n));
  console.log('ackermann(' + m + ', 0..3):', row);
}
console.log('ackermann(3, 2) =', ackermann(3, 2));
hanoi(3, 'A', 'C', 'B', true);
console.log('hanoi(3):', moves, 'moves');
for (let n = 4; n <= 8; n += 2) {
  moves = 0;
  hanoi(n, 'A', 'C', 'B', false);
  console.log('hanoi(' + n + '):', moves, 'moves, 2**n - 1 =', 2 ** n - 1);
}
console.log('power:', power(2, 10), power(3, 13), power(1.5, 7), power(-2, 31), power(10, 22));
