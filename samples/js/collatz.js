// Collatz sequences: the path of 27, and the longest chain for starts below 2000 (with a
// memo array of chain lengths).

function next(n) {
  return n % 2 === 0 ? n / 2 : 3 * n + 1;
}

// The full path of 27, ten numbers a line.
let n = 27;
let line = [];
let steps = 0;
let peak = n;
while (n !== 1) {
  line.push(n);
  if (line.length === 10) {
    console.log(line);
    line = [];
  }
  n = next(n);
  steps++;
  if (n > peak) peak = n;
}
line.push(1);
console.log(line);
console.log('27 reaches 1 in', steps, 'steps, peak', peak);

// Chain lengths with a memo for values below the limit.
const LIMIT = 2000;
const memo = new Array(LIMIT);
memo[1] = 0;
function chain(start) {
  let x = start;
  let len = 0;
  while (x >= LIMIT || memo[x] === undefined) {
    x = next(x);
    len++;
  }
  len += memo[x];
  if (start < LIMIT) memo[start] = len;
  return len;
}

let best = 1;
let bestLen = 0;
const histogram = [0, 0, 0, 0, 0, 0, 0, 0];
for (let s = 1; s < LIMIT; s++) {
  const len = chain(s);
  if (len > bestLen) {
    bestLen = len;
    best = s;
    console.log('new record:', s, 'takes', len, 'steps');
  }
  histogram[Math.min(7, Math.floor(len / 25))]++;
}
console.log('longest below', LIMIT + ':', best, 'with', bestLen, 'steps');
console.log('steps per band of 25:', histogram);
