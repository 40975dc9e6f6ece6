/**
 * Constants shared by the differential generator, harness.c and the simulator run: fixed
 * addresses, RFLAGS status bits and register names.
 */

/** Fixed addresses shared by harness.c and the simulator run. */
export const DATA_ADDR = 0x1000_0000;
export const STACK_ADDR = 0x1010_0000;
export const STACK_SIZE = 0x1_0000;
export const STACK_START = STACK_ADDR + 0x8000;
export const EXIT_SLOT = 0x1020_0000;
export const CODE_ADDR = 0x2000_0000;

/** RFLAGS status bits. */
export const CF = 0x1, PF = 0x4, AF = 0x10, ZF = 0x40, SF = 0x80, OF = 0x800;
export const ALL_FLAGS = CF | PF | AF | ZF | SF | OF;

export const R64 = ['rax', 'rcx', 'rdx', 'rbx', 'rsp', 'rbp', 'rsi', 'rdi', 'r8', 'r9', 'r10', 'r11', 'r12', 'r13', 'r14', 'r15'];
const R32 = ['eax', 'ecx', 'edx', 'ebx', 'esp', 'ebp', 'esi', 'edi', 'r8d', 'r9d', 'r10d', 'r11d', 'r12d', 'r13d', 'r14d', 'r15d'];
const R16 = ['ax', 'cx', 'dx', 'bx', 'sp', 'bp', 'si', 'di', 'r8w', 'r9w', 'r10w', 'r11w', 'r12w', 'r13w', 'r14w', 'r15w'];
const R8 = ['al', 'cl', 'dl', 'bl', 'spl', 'bpl', 'sil', 'dil', 'r8b', 'r9b', 'r10b', 'r11b', 'r12b', 'r13b', 'r14b', 'r15b',
  'ah', 'ch', 'dh', 'bh'];
export const PTR: Record<number, string> = { 1: 'BYTE PTR', 2: 'WORD PTR', 4: 'DWORD PTR', 8: 'QWORD PTR', 16: 'XMMWORD PTR' };

export const reg64 = (r: number): string => R64[r] as string;
export const reg32 = (r: number): string => R32[r] as string;
/** Register name at a size; byte registers 16..19 are AH..BH. */
export function regName(r: number, size: number): string {
  return ((size === 8 ? R64 : size === 4 ? R32 : size === 2 ? R16 : R8)[r]) as string;
}

