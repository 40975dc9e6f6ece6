/**
 * The assembler against things no one here wrote (issue 3, section 3):
 *   1. golden.json: every encoding form as [builder call, hex, objdump text, form]; the
 *      assembler must reproduce it exactly. Runs everywhere.
 *   2. GNU binutils, when objdump and as are on PATH: objdump decodes every golden row to our
 *      printer's text, and as turns objdump's text back into our bytes (one objdump run and
 *      one as run for the whole table).
 *   3. A seeded random program of a few thousand instructions, same two checks.
 * Regenerate golden.json after an intended change: npx vitest run test/jit/x64 -u
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { ROWS } from '../../../jit/x64/index.js';
import { binutilsMissing, crossCheck, makeBatch, type CrossCheck } from './binutils.js';
import { formatGolden, goldenRows, type GoldenRow } from './golden-cases.js';
import { randomProgram } from './random-program.js';

const missing = binutilsMissing();
const rows: GoldenRow[] = goldenRows();
const SEED = 0x6b6a6974; // "pkjit"
const RANDOM_COUNT = 4000;

describe('x64 golden table', () => {
  it('reproduces the committed golden.json', async () => {
    if (missing !== undefined) console.warn(`binutils cross-check skipped (${missing}); checking against the committed golden table only`);
    await expect(formatGolden(rows)).toMatchFileSnapshot('./golden.json');
  });

  it('covers every encoding form of the table', () => {
    const covered = new Set(rows.map((r) => r.insn.row.id));
    expect(ROWS.filter((r) => !covered.has(r.id)).map((r) => r.id)).toEqual([]);
  });
});

describe.skipIf(missing !== undefined)(`x64 golden table vs GNU binutils${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let result: CrossCheck;
  beforeAll(() => {
    result = crossCheck(makeBatch(rows.map((r) => r.insn)));
  });
  it('objdump decodes every row to our printer text', () => {
    expect(result.objdump).toEqual([]);
  });
  it('as assembles objdump text back to our bytes', () => {
    expect(result.gas).toEqual([]);
  });
});

describe.skipIf(missing !== undefined)(`x64 seeded random round trip vs GNU binutils${missing ? ` (skipped: ${missing})` : ''}`, () => {
  let result: CrossCheck;
  beforeAll(() => {
    const program = randomProgram(SEED, RANDOM_COUNT);
    expect(program.instructions.length).toBe(RANDOM_COUNT);
    result = crossCheck(makeBatch(program.instructions));
  });
  it(`objdump decodes ${RANDOM_COUNT} random instructions to our printer text`, () => {
    expect(result.objdump).toEqual([]);
  });
  it('as assembles objdump text back to our bytes', () => {
    expect(result.gas).toEqual([]);
  });
});
