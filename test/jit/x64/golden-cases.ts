/**
 * The golden table's cases: every encoding row with each operand form (register, extended
 * register, 8-bit REX / high-byte registers, memory, immediates at their limits), the special
 * addressing modes on a few representative rows, NOPs, and label branches at the rel8 limits.
 * Each case builds a small program; the row it records is one instruction of that program.
 */

import {
  Assembler, GPR16, GPR32, GPR64, GPR8, HIGH8, JitError, ROWS, XMM, al, dword, eax, ecx, mem, printInsn, qword,
  r12, r13, r14, r15, r9, rax, rbp, rbx, rcx, rip, rsi, rsp, xmm15,
  type Address, type EmittedInsn, type EncodingRow, type Imm, type Label, type Mem, type MemSize, type Operand, type OperandSpec,
} from '../../../jit/x64/index.js';

/** One case: a builder call and the program that contains it. */
export interface GoldenCase {
  /** The builder call the row records, as a reader would write it. */
  readonly call: string;
  /** Emits the program; returns the index of the recorded instruction (default 0). */
  readonly build: (a: Assembler) => number | void;
  /** The encoding row the call must select (auto-generated cases only). */
  readonly form?: string;
}

/** One golden row: the call, the instruction it produced, and its printed text. */
export interface GoldenRow {
  readonly call: string;
  readonly insn: EmittedInsn;
  readonly hex: string;
  readonly text: string;
}

const hex = (v: number | bigint): string => (v < 0 ? `-0x${(-v).toString(16)}` : `0x${v.toString(16)}`);
const SIZE_NAME: Readonly<Record<number, string>> = { 8: 'byte', 16: 'word', 32: 'dword', 64: 'qword', 128: 'xmmword' };
const CC_API = /^(j|set|cmov)(o|no|b|ae|e|ne|be|a|s|ns|p|np|l|ge|le|g)$/;

function describeAddress(m: Mem): string {
  if (m.mode === 'rip') return m.label ? `rip(L${m.disp === 0 ? '' : `, ${hex(m.disp)}`})` : `rip(${hex(m.disp)})`;
  const f = [
    m.base && `base: ${m.base.name}`, m.index && `index: ${m.index.name}`, m.scale !== 1 && `scale: ${m.scale}`,
    m.disp !== 0 && `disp: ${hex(m.disp)}`, m.dispSize && `dispSize: ${m.dispSize}`,
  ];
  const fields = f.filter((x) => typeof x === 'string');
  return fields.length === 1 && m.base ? m.base.name : `{ ${fields.join(', ')} }`;
}

/** A builder-call operand as TypeScript source. */
export function describeOperand(op: Operand): string {
  if (typeof op === 'bigint') return `${hex(op)}n`;
  if (typeof op === 'number') return hex(op);
  if (op.kind === 'label') return 'L';
  if (op.kind === 'gpr' || op.kind === 'xmm') return op.name;
  if (op.kind === 'target') return hex(op.offset);
  if (op.kind === 'absolute') return `absolute(${hex(op.address)})`;
  return `${op.size === undefined ? 'mem' : SIZE_NAME[op.size]}(${describeAddress(op)})`;
}

/** `api(...ops)` as the named builder method call (setcc('e', al) for sete al). */
export function describeCall(api: string, ops: readonly Operand[]): string {
  const args = ops.map(describeOperand);
  const cc = CC_API.exec(api);
  if (cc) return `${cc[1] === 'j' ? 'jcc' : `${cc[1]}cc`}('${cc[2]}', ${args.join(', ')})`;
  const method = api === 'nop' || api === 'xchg' ? `emit('${api}'${args.length ? ', ' : ''}` : `${api}(`;
  return `${method}${args.join(', ')})`;
}

// ---- operand variants for the auto-generated cases ----

/** Register numbers by operand position: first variant low, second extended (REX.R/X/B). */
const REG_NUMS: readonly (readonly [number, number])[] = [[1, 9], [2, 10], [3, 11]];

const MEM_ADDRESSES: readonly (Address | 'rip')[] = [
  { base: rbx, index: rsi, scale: 4, disp: 0x10 }, // SIB + disp8
  { base: r9, index: r14, scale: 8, disp: -0x1234 }, // REX.X + REX.B + disp32
  'rip', // [rip+0x100]
];

function memVariants(size: MemSize | undefined): Operand[] {
  return MEM_ADDRESSES.map((a) => (a === 'rip' ? mem(rip(0x100), size) : mem(a, size)));
}

function gprVariants(size: number, pos: number): Operand[] {
  const table = { 8: GPR8, 16: GPR16, 32: GPR32, 64: GPR64 }[size] ?? GPR64;
  const [lo, ext] = REG_NUMS[pos] ?? [1, 9];
  const regs: Operand[] = [table[lo], table[ext]].filter((r) => r !== undefined);
  // 8-bit: sil/dil need a REX prefix; ah/bh forbid one.
  if (size === 8) regs.push(...[pos === 0 ? GPR8[6] : GPR8[7], pos === 0 ? HIGH8[0] : HIGH8[3]].filter((r) => r !== undefined));
  return regs;
}

const IMM_VALUES: Readonly<Record<string, readonly Imm[]>> = {
  'u8': [5, 0xff],
  '8/8': [0x12, 0xff, -0x80], '16/16': [0x1234, 0xffff, -0x8000], '32/32': [0x12345678, 0xffffffff, -0x80000000],
  '64/64': [0x123456789abcdef0n, 0xffffffffffffffffn, 5],
  '8/16': [0x12, -1, 0x7f, -0x80], '8/32': [0x12, -1, 0x7f, -0x80], '8/64': [0x12, -1, 0x7f, -0x80],
  '16/64': [0x1234], '32/64': [0x12345678, -0x80000000, 0x7fffffff, -0x81],
};

function variants(spec: OperandSpec, pos: number): Operand[] {
  switch (spec.k) {
    case 'gpr': return gprVariants(spec.size, pos);
    case 'rm': return [...gprVariants(spec.size, pos), ...memVariants(spec.size)];
    case 'xmm': return [XMM[(REG_NUMS[pos] ?? [1, 9])[0]], XMM[(REG_NUMS[pos] ?? [1, 9])[1]]].filter((x) => x !== undefined);
    case 'xmmrm': return [...variants({ k: 'xmm', text: 'xmm' }, pos), ...memVariants(spec.size)];
    case 'm': return memVariants(undefined);
    case 'imm': return [...(IMM_VALUES[spec.unsigned ? 'u8' : `${spec.size}/${spec.ext}`] ?? [])];
    case 'fixed': return [spec.reg];
    case 'one': return [1];
    case 'rel': return [];
  }
}

/** The default tuple (first variant of each operand), then each other variant one position at a time. */
function tuples(row: EncodingRow): Operand[][] {
  const vs = row.specs.map((s, i) => variants(s, i));
  const base = vs.map((v) => v[0]);
  if (base.some((b) => b === undefined)) return [];
  const out: Operand[][] = [base as Operand[]];
  vs.forEach((v, i) => v.slice(1).forEach((alt) => out.push(base.map((b, j) => (j === i ? alt : b)) as Operand[])));
  return out;
}

function rowCases(row: EncodingRow): GoldenCase[] {
  const api = row.api[0] ?? row.mnem;
  return tuples(row).map((ops) => ({ call: describeCall(api, ops), build: (a) => void a.emit(api, ...ops), form: row.id }));
}

// ---- addressing modes on representative rows ----

function addresses(): (Address | Mem)[] {
  const out: (Address | Mem)[] = GPR64.map((base) => ({ base }));
  for (const base of [rax, rsp, rbp, r12, r13]) for (const disp of [-0x81, -0x80, 0x7f, 0x80, 0x7fffffff, -0x80000000]) out.push({ base, disp });
  for (const index of GPR64) if (index !== rsp) out.push({ base: rbx, index });
  for (const scale of [2, 4, 8] as const) out.push({ base: rbx, index: rcx, scale });
  out.push({ base: rbp, index: r12 }, { base: rbp, index: r12, scale: 8 }, { base: r13, index: r13 }, { base: rsp, index: rbp }, { base: r12, index: r12, scale: 2 });
  for (const scale of [1, 2, 4, 8] as const) out.push({ index: rcx, scale });
  out.push({ index: r12, scale: 8, disp: 0x10 }, { index: rbp, scale: 2, disp: -0x10 });
  out.push({ disp: 0x1234 }, { disp: -0x10 }, { disp: 0x7fffffff });
  for (const disp of [0, 0x7f, -1, 0x7fffffff, -0x80000000]) out.push(rip(disp));
  out.push({ base: rax, dispSize: 8 }, { base: rax, disp: 0x10, dispSize: 32 }, { base: r12, dispSize: 32 }, { base: rbx, index: rcx, dispSize: 8 });
  return out;
}

function addressingCases(): GoldenCase[] {
  const forms: ((m: Address | Mem) => [string, Operand[]])[] = [
    (m) => ['mov', [rax, qword(m)]],
    (m) => ['mov', [qword(m), r15]],
    (m) => ['movsd', [xmm15, qword(m)]],
    (m) => ['add', [dword(m), 0x7f]],
    (m) => ['lea', [rcx, mem(m)]],
  ];
  return addresses().flatMap((m) => forms.map((f) => {
    const [api, ops] = f(m);
    return { call: describeCall(api, ops), build: (a: Assembler) => void a.emit(api, ...ops) };
  }));
}

// ---- hand-written cases: NOPs, label branches, [rip+label] ----

function branchCases(): GoldenCase[] {
  const cases: GoldenCase[] = [];
  const fwd = (call: string, emit: (a: Assembler, l: Label) => void, pad: number): GoldenCase =>
    ({ call, build: (a) => { const l = a.newLabel(); emit(a, l); a.nops(pad); a.bind(l); } });
  const back = (call: string, emit: (a: Assembler, l: Label) => void, pad: number): GoldenCase =>
    ({ call, build: (a) => { const l = a.newLabel(); a.bind(l); a.nops(pad); const i = a.count; emit(a, l); return i; } });
  const jmp = (a: Assembler, l: Label): void => void a.jmp(l);
  // rel8 reaches -128..+127 from the end of the 2-byte branch.
  cases.push(fwd('jmp(L)', jmp, 0), fwd('jmp(L)', jmp, 0x7f), fwd('jmp(L)', jmp, 0x80), back('jmp(L)', jmp, 0x7e), back('jmp(L)', jmp, 0x7f), back('jmp(L)', jmp, 0));
  for (const cc of ['o', 'no', 'b', 'ae', 'e', 'ne', 'be', 'a', 's', 'ns', 'p', 'np', 'l', 'ge', 'le', 'g'] as const) {
    const jcc = (a: Assembler, l: Label): void => void a.jcc(cc, l);
    cases.push(fwd(`jcc('${cc}', L)`, jcc, 0x10), fwd(`jcc('${cc}', L)`, jcc, 0x100));
  }
  const je = (a: Assembler, l: Label): void => void a.jcc('e', l);
  cases.push(fwd(`jcc('e', L)`, je, 0x7f), fwd(`jcc('e', L)`, je, 0x80), back(`jcc('e', L)`, je, 0x7e), back(`jcc('e', L)`, je, 0x7f));
  const call = (a: Assembler, l: Label): void => void a.call(l);
  cases.push(fwd('call(L)', call, 0), fwd('call(L)', call, 0x10), back('call(L)', call, 0x10), fwd('call(L)', call, 0x12345));
  return cases;
}

function ripLabelCases(): GoldenCase[] {
  const after = (call: string, emit: (a: Assembler, l: Label) => void): GoldenCase =>
    ({ call, build: (a) => { const l = a.newLabel(); emit(a, l); a.ret(); a.bind(l); } });
  const before = (call: string, emit: (a: Assembler, l: Label) => void): GoldenCase =>
    ({ call, build: (a) => { const l = a.newLabel(); a.bind(l); a.nops(0x20); const i = a.count; emit(a, l); return i; } });
  return [
    after('mov(rax, qword(rip(L)))', (a, l) => void a.mov(rax, qword(rip(l)))),
    after('lea(rcx, mem(rip(L, 0x8)))', (a, l) => void a.lea(rcx, rip(l, 8))),
    after('add(dword(rip(L)), 0x7f)', (a, l) => void a.add(dword(rip(l)), 0x7f)),
    before('movsd(xmm15, qword(rip(L)))', (a, l) => void a.movsd(xmm15, qword(rip(l)))),
    before('mov(qword(rip(L, -0x8)), 0x12345678)', (a, l) => void a.mov(qword(rip(l, -8)), 0x12345678)),
  ];
}

function miscCases(): GoldenCase[] {
  const one = (call: string, f: (a: Assembler) => void): GoldenCase => ({ call, build: f });
  return [
    ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => one(`nop(${n})`, (a) => void a.nop(n))),
    one('mov(rax, 0x123456789n)', (a) => void a.mov(rax, 0x123456789n)),
    one('mov(rax, 0xffffffff)', (a) => void a.mov(rax, 0xffffffff)),
    one('mov(eax, -1)', (a) => void a.mov(eax, -1)),
    one('add(eax, 0xffffffff)', (a) => void a.add(eax, 0xffffffff)),
    one('shl(ecx, 1)', (a) => void a.shl(ecx, 1)),
    one('test(al, 0x80)', (a) => void a.test(al, 0x80)),
  ];
}

/** Every golden case, in table order then the special ones. */
export function goldenCases(): GoldenCase[] {
  return [...ROWS.flatMap(rowCases), ...addressingCases(), ...branchCases(), ...ripLabelCases(), ...miscCases()];
}

function suffix(insn: EmittedInsn): string {
  const target = insn.operands.find((op) => typeof op === 'object' && op.kind === 'target');
  const where = insn.offset === 0 ? [] : [`at ${hex(insn.offset)}`];
  if (target !== undefined && typeof target === 'object' && target.kind === 'target') where.push(`L = ${hex(target.offset)}`);
  return where.length === 0 ? '' : ` [${where.join(', ')}]`;
}

/** Runs one case; undefined when it throws a JitError or does not select its `form`. */
export function runCase(c: GoldenCase): GoldenRow | undefined {
  const a = new Assembler();
  let index: number | void;
  try {
    index = c.build(a);
    a.finish();
  } catch (e) {
    if (e instanceof JitError && c.form !== undefined) return undefined;
    throw e;
  }
  const insn = a.instructions[index ?? 0];
  if (insn === undefined || (c.form !== undefined && insn.row.id !== c.form)) return undefined;
  return { call: c.call + suffix(insn), insn, hex: Buffer.from(insn.bytes).toString('hex'), text: printInsn(insn) };
}

/** The golden rows: every case that produced its instruction, deduplicated by call. */
export function goldenRows(): GoldenRow[] {
  const seen = new Set<string>();
  const rows: GoldenRow[] = [];
  for (const c of goldenCases()) {
    const row = runCase(c);
    if (row === undefined || seen.has(row.call)) continue;
    seen.add(row.call);
    rows.push(row);
  }
  return rows;
}

/** The committed golden.json text: one [call, hex, text, form] array per line. */
export function formatGolden(rows: readonly GoldenRow[]): string {
  const lines = rows.map((r) => '  ' + JSON.stringify([r.call, r.hex, r.text, r.insn.row.id]));
  return `[\n${lines.join(',\n')}\n]\n`;
}
