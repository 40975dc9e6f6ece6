/**
 * Just enough ELF64 (little-endian) to read what `as` produced: the .text bytes and the
 * values of its symbols (System V gABI, "Sections" and "Symbol Table").
 */

/** The .text section of an object file and its symbols' offsets into it. */
export interface ObjectText {
  readonly text: Uint8Array;
  /** Symbol name -> offset in .text, for symbols defined in .text. */
  readonly symbols: ReadonlyMap<string, number>;
}

interface Section {
  readonly name: number;
  readonly type: number;
  readonly offset: number;
  readonly size: number;
  readonly link: number;
}

const SHT_SYMTAB = 2;

function cString(buf: Uint8Array, at: number): string {
  let end = at;
  while (buf[end] !== 0 && end < buf.length) end++;
  return Buffer.from(buf.subarray(at, end)).toString('latin1');
}

function sections(view: DataView): Section[] {
  const shoff = Number(view.getBigUint64(0x28, true));
  const shentsize = view.getUint16(0x3a, true);
  const shnum = view.getUint16(0x3c, true);
  return Array.from({ length: shnum }, (_, i) => {
    const at = shoff + i * shentsize;
    return {
      name: view.getUint32(at, true),
      type: view.getUint32(at + 4, true),
      offset: Number(view.getBigUint64(at + 0x18, true)),
      size: Number(view.getBigUint64(at + 0x20, true)),
      link: view.getUint32(at + 0x28, true),
    };
  });
}

/** Reads .text and its symbols from an ELF64 relocatable object. */
export function readObjectText(buf: Uint8Array): ObjectText {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (view.getUint32(0, false) !== 0x7f454c46 || buf[4] !== 2) throw new Error('not an ELF64 file');
  const secs = sections(view);
  const shstr = secs[view.getUint16(0x3e, true)];
  const nameOf = (s: Section): string => cString(buf, (shstr?.offset ?? 0) + s.name);
  const textIndex = secs.findIndex((s) => nameOf(s) === '.text');
  const text = secs[textIndex];
  const symtab = secs.find((s) => s.type === SHT_SYMTAB);
  if (text === undefined || symtab === undefined) throw new Error('no .text or .symtab');
  const strtab = secs[symtab.link];
  const symbols = new Map<string, number>();
  for (let at = symtab.offset; at < symtab.offset + symtab.size; at += 24) {
    if (view.getUint16(at + 6, true) !== textIndex) continue;
    symbols.set(cString(buf, (strtab?.offset ?? 0) + view.getUint32(at, true)), Number(view.getBigUint64(at + 8, true)));
  }
  return { text: buf.slice(text.offset, text.offset + text.size), symbols };
}
