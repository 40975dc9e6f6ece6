// Loops: for, while, do-while, labelled break/continue, switch inside loops.

// A multiplication table, one row per line.
for (let i = 1; i <= 6; i++) {
  let row = '';
  for (let j = 1; j <= 6; j++) {
    const p = i * j;
    row += (p < 10 ? '  ' : ' ') + p;
  }
  console.log(row);
}

// Triangle and square numbers with while and do-while.
let n = 0;
let tri = 0;
const triangles = [];
while (tri < 100) {
  n++;
  tri += n;
  triangles.push(tri);
}
console.log('triangles:', triangles);
let k = 1;
const squares = [];
do {
  squares.push(k * k);
  k++;
} while (k * k <= 150);
console.log('squares:', squares);

// Labelled loops: the first pair (a, b) with a * b === 42 and a < b, skipping odd a.
let found = 'none';
outer: for (let a = 1; a < 50; a++) {
  if (a % 2 === 1) continue outer;
  for (let b = a + 1; b < 50; b++) {
    if (a * b > 42) continue outer;
    if (a * b === 42) {
      found = a + ' x ' + b;
      break outer;
    }
  }
}
console.log('found:', found);

// Pythagorean triples with c <= 30.
let triples = 0;
for (let c = 1; c <= 30; c++) {
  for (let b = 1; b < c; b++) {
    for (let a = 1; a <= b; a++) {
      if (a * a + b * b === c * c) {
        triples++;
        console.log('triple', a, b, c);
      }
    }
  }
}
console.log('triples:', triples);

// A switch in a loop, with fall-through and a default in the middle.
let words = '';
for (let i = 0; i < 7; i++) {
  switch (i % 4) {
    case 0:
      words += 'zero ';
      break;
    default:
      words += 'other ';
    case 1:
      words += 'one ';
      break;
    case 2:
      words += 'two ';
  }
}
console.log(words);

// Comma operator and empty loop parts.
let x = 0;
let y = 10;
for (; x < y; x += 2, y--);
console.log('x =', x, 'y =', y);
var count = 0;
for (;;) {
  if (++count >= 5) break;
}
console.log('count =', count);
