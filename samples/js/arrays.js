// Arrays: literals, holes, push/pop, growing by index, nested arrays, and how node prints them.

const a = [1, 2, 3];
console.log(a, a.length);
console.log('push returns', a.push(4, 5), a);
console.log('pop returns', a.pop(), a.pop(), a);
const empty = [];
console.log('pop of empty:', empty.pop(), empty, empty.length);

const holes = [1, , 3, , , 6];
console.log(holes, holes.length, holes[1], holes[4] === undefined);
const sparse = [];
sparse[3] = 'x';
console.log(sparse, sparse.length);
sparse[7] = 'y';
console.log(sparse);
console.log('new Array:', new Array(3), Array(0), new Array(2).length);

// A 2-d grid, printed whole and row by row.
const grid = [];
for (let r = 0; r < 3; r++) {
  const row = [];
  for (let c = 0; c < 4; c++) row.push(r * 4 + c);
  grid.push(row);
}
console.log(grid);
grid[1][2] = 'mid';
for (let r = 0; r < grid.length; r++) console.log('row', r, grid[r]);
console.log('deep:', [1, [2, [3, [4, [5]]]]], [[[]]], [[1, 2], [], [[3]]]);

// Mixed values in one array.
function f(x) { return x; }
console.log([1.5, -0, NaN, 'str', true, null, undefined, f, [f]]);
console.log(['quote\'s', 'new\nline', 'tab\t', '']);

// Long arrays print 100 items then "more items"; long number arrays wrap lines.
const big = [];
for (let i = 0; i < 120; i++) big.push(i * i);
console.log(big);
const words = [];
for (let i = 0; i < 30; i++) words.push('w' + i);
console.log(words);

// Stack and queue-like use.
const stack = [];
for (let i = 0; i < 5; i++) stack.push(i * 10);
let popped = '';
while (stack.length > 0) popped += stack.pop() + ' ';
console.log('popped:', popped, stack);

// Sum, reverse and rotate by hand.
const nums = [5, 3, 8, 1, 9, 2];
let sum = 0;
for (let i = 0; i < nums.length; i++) sum += nums[i];
const rev = [];
for (let i = nums.length - 1; i >= 0; i--) rev.push(nums[i]);
const rot = new Array(nums.length);
for (let i = 0; i < nums.length; i++) rot[(i + 2) % nums.length] = nums[i];
console.log('sum', sum, 'reversed', rev, 'rotated', rot);

// Out-of-range and odd indices read as undefined; arrays as strings.
console.log(nums[-1], nums[100], nums[1.5], nums['2'], 'x' + [1, [2, 3]], [] + [], [null, undefined] + '');
console.log('equality:', nums === nums, [1] == 1, [1, 2] == '1,2', [] == 0, [0] == false);
