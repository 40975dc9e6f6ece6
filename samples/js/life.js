// Conway's Game of Life on a 12 x 12 torus: a glider and a blinker, printed every other
// generation, with the population count.

const SIZE = 12;

function emptyGrid() {
  const g = [];
  for (let r = 0; r < SIZE; r++) {
    const row = new Array(SIZE);
    for (let c = 0; c < SIZE; c++) row[c] = 0;
    g.push(row);
  }
  return g;
}

function neighbours(g, r, c) {
  let n = 0;
  for (let dr = -1; dr <= 1; dr++) {
    for (let dc = -1; dc <= 1; dc++) {
      if (dr === 0 && dc === 0) continue;
      n += g[(r + dr + SIZE) % SIZE][(c + dc + SIZE) % SIZE];
    }
  }
  return n;
}

function step(g) {
  const next = emptyGrid();
  for (let r = 0; r < SIZE; r++) {
    for (let c = 0; c < SIZE; c++) {
      const n = neighbours(g, r, c);
      next[r][c] = n === 3 || (n === 2 && g[r][c] === 1) ? 1 : 0;
    }
  }
  return next;
}

function show(g, gen) {
  let population = 0;
  for (let r = 0; r < SIZE; r++) {
    let line = '';
    for (let c = 0; c < SIZE; c++) {
      line += g[r][c] ? '#' : '.';
      population += g[r][c];
    }
    console.log(line);
  }
  console.log('generation', gen, 'population', population);
}

let grid = emptyGrid();
// A glider in the top-left corner.
grid[0][1] = 1;
grid[1][2] = 1;
grid[2][0] = 1;
grid[2][1] = 1;
grid[2][2] = 1;
// A blinker on the right.
grid[6][8] = 1;
grid[6][9] = 1;
grid[6][10] = 1;

for (let gen = 0; gen <= 6; gen++) {
  if (gen % 2 === 0) show(grid, gen);
  grid = step(grid);
}
