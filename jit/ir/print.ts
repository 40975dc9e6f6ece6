/**
 * The IR's text form, stable for golden tests: one instruction per line,
 * `  v3 = binary + v1, v2          ; 4:10` (the comment is the source line:column, 1-based).
 */

import type { AnyInst, Block, ConstValue, IrFunction, IrProgram, VReg } from './ir.js';

/** Column where the `; line:col` comment starts. */
const COMMENT_COLUMN = 40;

/** The listing of a whole program: globals, the script, then each function. */
export function printProgram(p: IrProgram): string {
  const globals = p.globals.map((g, i) => `global ${i} ${g.name} (${g.kind}, ${g.initial})`);
  return [`; ${p.file}`, ...globals, '', printFunction(p.script), ...p.functions.map(printFunction)].join('\n');
}

/** The listing of one function, ending with a blank line. */
export function printFunction(f: IrFunction): string {
  const params = f.slotNames.slice(0, f.params).join(', ');
  const lines = [`function ${f.name}(${params})  slots=${f.slotCount} vregs=${f.vregCount} entry=b${f.entry}`];
  for (const b of f.blocks) lines.push(...printBlock(b, f));
  return lines.join('\n') + '\n';
}

function printBlock(b: Block, f: IrFunction): string[] {
  return [`b${b.id} ${b.name}:${b.handler === undefined ? '' : ` (handler b${b.handler})`}`, ...b.insts.map((i) => {
    const text = `  ${printInst(i, f)}`;
    return `${text.padEnd(COMMENT_COLUMN - 1)} ; ${i.loc.line}:${i.loc.column}`;
  })];
}

/** One instruction without its location; slots are shown with their variable names. */
export function printInst(i: AnyInst, f?: IrFunction): string {
  const slot = (n: number): string => `${n} (${f?.slotNames[n] ?? '?'})`;
  switch (i.op) {
    case 'const': return `${r(i.dst)} = const ${constText(i.value)}`;
    case 'func': return `${r(i.dst)} = func ${i.index} (${i.name})`;
    case 'copy': return `${r(i.dst)} = copy ${r(i.src)}`;
    case 'loadLocal': return `${r(i.dst)} = loadLocal ${slot(i.slot)}`;
    case 'storeLocal': return `storeLocal ${slot(i.slot)}, ${r(i.src)}`;
    case 'checkGlobal': return `checkGlobal ${i.check} ${i.global} (${i.name})`;
    case 'loadGlobal': return `${r(i.dst)} = loadGlobal ${i.global} (${i.name})`;
    case 'storeGlobal': return `storeGlobal ${i.global} (${i.name}), ${r(i.src)}`;
    case 'binary': return `${r(i.dst)} = binary ${i.operator} ${r(i.left)}, ${r(i.right)}`;
    case 'unary': return `${r(i.dst)} = unary ${i.operator} ${r(i.src)}`;
    case 'call': return `${r(i.dst)} = call ${r(i.callee)}(${i.args.map(r).join(', ')})${i.thisArg === null ? '' : `, this ${r(i.thisArg)}`}`;
    case 'newObject': return `${r(i.dst)} = newObject ${r(i.callee)}`;
    case 'constructResult': return `${r(i.dst)} = constructResult ${r(i.result)}, ${r(i.object)}`;
    case 'saveThis': return `saveThis ${slot(i.slot)}`;
    case 'this': return `${r(i.dst)} = this ${slot(i.slot)}`;
    case 'callBuiltin': return `${r(i.dst)} = callBuiltin ${i.builtin}(${i.args.map(r).join(', ')})`;
    case 'array': return `${r(i.dst)} = array [${i.elements.map((e) => (e === null ? 'hole' : r(e))).join(', ')}]`;
    case 'getIndex': return `${r(i.dst)} = getIndex ${r(i.object)}[${r(i.index)}]`;
    case 'setIndex': return `setIndex ${r(i.object)}[${r(i.index)}], ${r(i.src)}`;
    case 'length': return `${r(i.dst)} = length ${r(i.object)}`;
    case 'object': return `${r(i.dst)} = object {${i.names.map((n, k) => `${JSON.stringify(n)}: ${r(i.values[k] as VReg)}`).join(', ')}}`;
    case 'getProp': return `${r(i.dst)} = getProp ${r(i.object)}.${JSON.stringify(i.name)}`;
    case 'setProp': return `setProp ${r(i.object)}.${JSON.stringify(i.name)}, ${r(i.src)}`;
    case 'delete': return `${r(i.dst)} = delete ${r(i.object)}[${r(i.index)}]`;
    case 'closure': return `${r(i.dst)} = closure ${i.index} (${i.name || 'anonymous'})${i.context === null ? '' : `, context ${slot(i.context)}`}`;
    case 'self': return `${r(i.dst)} = self`;
    case 'isArray': return `${r(i.dst)} = isArray ${r(i.src)}`;
    case 'isFunction': return `${r(i.dst)} = isFunction ${r(i.src)}`;
    case 'isObject': return `${r(i.dst)} = isObject ${r(i.src)}`;
    case 'checkMethod': return `checkMethod ${r(i.object)}.${JSON.stringify(i.name)}`;
    case 'callMethod': return `${r(i.dst)} = callMethod ${r(i.object)}.${JSON.stringify(i.name)}(${i.args.map(r).join(', ')})`;
    case 'saveClosure': return `saveClosure ${slot(i.slot)}`;
    case 'newContext': return `newContext ${slot(i.slot)}[${i.holes.map((h) => (h ? 'hole' : 'undefined')).join(', ')}]${i.parent === null ? '' : `, parent ${slot(i.parent)}`}`;
    case 'loadContext': return `${r(i.dst)} = loadContext ${slot(i.slot)}${'^'.repeat(i.hops)}[${i.index}] (${i.name})${i.check ? ' tdz' : ''}`;
    case 'storeContext': return `storeContext ${slot(i.slot)}${'^'.repeat(i.hops)}[${i.index}] (${i.name})${i.check ? ' tdz' : ''}, ${r(i.src)}`;
    case 'br': return `br ${r(i.cond)}, b${i.then}, b${i.else}`;
    case 'jump': return `jump b${i.target}`;
    case 'return': return `return ${r(i.value)}`;
    case 'throw': return `${i.rethrow === true ? 'rethrow' : 'throw'} ${r(i.value)}`;
    case 'catch': return `${r(i.dst)} = catch`;
  }
}

function r(v: VReg): string {
  return `v${v}`;
}

/** A constant as JS source would spell it (`-0`, `"a\n"`, `undefined`). */
function constText(v: ConstValue): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' && Object.is(v, -0)) return '-0';
  return String(v);
}
