/**
 * Structural checks of the IR, cheap and certain: every block is non-empty and ends in its
 * only terminator, block ids match positions, branch targets exist, every vreg is below
 * vregCount and every used vreg is written by some instruction of its function, slots are in
 * the frame, globals and functions indexes are in their tables. Throws INVARIANT JitError:
 * a failure is a pkjit bug, never the user's program.
 */

import { JitError } from '../errors.js';
import { targets } from './function-builder.js';
import { isTerminator, operandsOf, type AnyInst, type IrFunction, type IrProgram, type VReg } from './ir.js';
import { printInst } from './print.js';

/** Throws JitError('INVARIANT') at the first structural error of `p`. */
export function verifyProgram(p: IrProgram): void {
  for (const f of [p.script, ...p.functions]) verifyFunction(f, p);
}

/** Checks one function of `p`. */
export function verifyFunction(f: IrFunction, p: IrProgram): void {
  const fail = (what: string, i?: AnyInst): never => {
    const at = i ? ` at ${printInst(i, f)} ; ${i.loc.line}:${i.loc.column}` : '';
    throw new JitError('INVARIANT', `${p.file}: IR of ${f.name}: ${what}${at}`, { fn: f.name, what });
  };
  if (f.blocks[f.entry] === undefined) fail(`entry b${f.entry} does not exist`);
  if (f.slotNames.length !== f.slotCount || f.params > f.slotCount) fail('slot names, params and slotCount disagree');
  const defined = new Set<VReg>();
  const used: [VReg, AnyInst][] = [];
  f.blocks.forEach((b, index) => {
    if (b.id !== index) fail(`block at position ${index} has id b${b.id}`);
    const last = b.insts.at(-1);
    if (last === undefined || !isTerminator(last)) fail(`block b${b.id} does not end in a terminator`);
    if (b.handler !== undefined && f.blocks[b.handler]?.insts[0]?.op !== 'catch') fail(`handler b${b.handler} of b${b.id} does not start with catch`);
    b.insts.forEach((i, k) => { if (i.op === 'catch' && k !== 0) fail(`catch in the middle of b${b.id}`, i); });
    for (const [k, i] of b.insts.entries()) {
      if (isTerminator(i) && k !== b.insts.length - 1) fail(`terminator in the middle of b${b.id}`, i);
      if (isTerminator(i)) for (const t of targets(i)) if (f.blocks[t] === undefined) fail(`target b${t} does not exist`, i);
      const dst = written(i);
      if (dst !== undefined) defined.add(dst);
      for (const v of [...(dst === undefined ? [] : [dst]), ...operandsOf(i)]) {
        if (!Number.isInteger(v) || v < 0 || v >= f.vregCount) fail(`v${v} outside 0..${f.vregCount - 1}`, i);
      }
      for (const v of operandsOf(i)) used.push([v, i]);
      checkOperands(i, f, p, fail);
    }
  });
  for (const [v, i] of used) if (!defined.has(v)) fail(`v${v} is used but never written`, i);
}

function checkOperands(i: AnyInst, f: IrFunction, p: IrProgram, fail: (what: string, i: AnyInst) => never): void {
  switch (i.op) {
    case 'loadLocal': case 'storeLocal':
      if (!Number.isInteger(i.slot) || i.slot < 0 || i.slot >= f.slotCount) fail(`slot ${i.slot} outside the frame of ${f.slotCount}`, i);
      return;
    case 'loadGlobal': case 'storeGlobal': case 'checkGlobal':
      if (p.globals[i.global]?.name !== i.name) fail(`global ${i.global} is not ${i.name}`, i);
      return;
    case 'func':
      if (p.functions[i.index]?.name !== i.name) fail(`function ${i.index} is not ${i.name}`, i);
      return;
    case 'object':
      if (i.names.length !== i.values.length) fail(`${i.names.length} names for ${i.values.length} values`, i);
      return;
    default: return;
  }
}

/** The vreg an instruction writes, if any. */
function written(i: AnyInst): VReg | undefined {
  return 'dst' in i ? i.dst : undefined;
}

