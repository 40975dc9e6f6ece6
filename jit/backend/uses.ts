/**
 * Vreg use counts of a function, for fusing a comparison with the `br` that is its only use
 * (the comparison's boxed answer is then never stored).
 */
import type { AnyInst, IrFunction, VReg } from '../ir/ir.js';

/** The vregs `i` reads, in operand order (a vreg read twice is listed twice). */
export function operandsOf(i: AnyInst): readonly VReg[] {
  switch (i.op) {
    case 'const': case 'func': case 'loadLocal': case 'checkGlobal': case 'loadGlobal': case 'jump':
      return [];
    case 'copy': case 'storeLocal': case 'storeGlobal': case 'unary':
      return [i.src];
    case 'binary': return [i.left, i.right];
    case 'call': return [i.callee, ...i.args];
    case 'callBuiltin': return i.args;
    case 'array': return i.elements.filter((e): e is VReg => e !== null);
    case 'getIndex': return [i.object, i.index];
    case 'setIndex': return [i.object, i.index, i.src];
    case 'length': return [i.object];
    case 'br': return [i.cond];
    case 'return': return [i.value];
  }
}

/** How many times each vreg is read in `f` (index: the vreg number). */
export function useCounts(f: IrFunction): Uint32Array {
  const counts = new Uint32Array(f.vregCount);
  for (const b of f.blocks) {
    for (const i of b.insts) for (const v of operandsOf(i)) counts[v] = (counts[v] ?? 0) + 1;
  }
  return counts;
}
