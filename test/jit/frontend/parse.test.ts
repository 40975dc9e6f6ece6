/**
 * parseProgram: acorn's options (latest syntax, sloppy script, locations) and its errors as
 * located JsSyntaxErrors, in the table style of acorn's own tests.
 */

import { describe, expect, it } from 'vitest';
import { JitError, JsSyntaxError, UnsupportedError } from '../../../jit/errors.js';
import { parseProgram, unsupportedAt } from '../../../jit/frontend/parse.js';

/** [source, the exact message]. */
const SYNTAX_ERRORS: readonly (readonly [string, string])[] = [
  ['let x = ;', 'f.js:1:9: SyntaxError: Unexpected token'],
  ['var a = 1;\nvar b = @;', "f.js:2:9: SyntaxError: Unexpected character '@'"],
  ['function f( {', 'f.js:1:14: SyntaxError: Unexpected token'],
  ['return 1;', "f.js:1:1: SyntaxError: 'return' outside of function"],
  ['let a = 1;\nlet a = 2;', "f.js:2:5: SyntaxError: Identifier 'a' has already been declared"],
  ['const c;', 'f.js:1:8: SyntaxError: Unexpected token'],
  ['break;', 'f.js:1:1: SyntaxError: Unsyntactic break'],
  ['while (1) { continue nope; }', 'f.js:1:13: SyntaxError: Unsyntactic continue'],
  ['var s = "abc', 'f.js:1:9: SyntaxError: Unterminated string constant'],
  ['x = -2 ** 2;', 'f.js:1:8: SyntaxError: Unexpected token'],
  ['a ?? b || c;', 'f.js:1:8: SyntaxError: Logical expressions and coalesce expressions cannot be mixed. Wrap either by parentheses'],
  ['import x from "y";', "f.js:1:1: SyntaxError: 'import' and 'export' may appear only with 'sourceType: module'"],
  ['\tvar x = 08.5e;', 'f.js:1:10: SyntaxError: Invalid number'],
  ['var x = 1;\n\n  }', "f.js:3:3: SyntaxError: Unexpected token"],
];

describe('parseProgram', () => {
  it.each(SYNTAX_ERRORS)('%j', (source, message) => {
    let error: unknown;
    try {
      parseProgram(source, 'f.js');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JsSyntaxError);
    expect((error as JsSyntaxError).message).toBe(message);
  });

  it('carries the location and acorn\'s reason as data', () => {
    let error: unknown;
    try {
      parseProgram('var ok = 1;\n  var = 2;', 'dir/prog.js');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(JitError);
    const s = error as JsSyntaxError;
    expect([s.code, s.file, s.line, s.column, s.reason]).toEqual(['SYNTAX', 'dir/prog.js', 2, 7, 'Unexpected token']);
    expect(s.fields).toEqual({ file: 'dir/prog.js', line: 2, column: 7, reason: 'Unexpected token' });
  });

  it('parses a sloppy script with locations', () => {
    const p = parseProgram('x = 010;\nwith (a) {}\nvar let_ = 1;', 'f.js');
    expect(p.sourceType).toBe('script');
    expect(p.body.map((s) => s.type)).toEqual(['ExpressionStatement', 'WithStatement', 'VariableDeclaration']);
    expect(p.body[1]?.loc?.start).toEqual({ line: 2, column: 0 });
  });
});

describe('UnsupportedError', () => {
  it('formats FILE:line:col: unsupported: what with 1-based columns', () => {
    const p = parseProgram('var a = 1;\n  a = {};', 'f.js');
    const stmt = p.body[1];
    if (stmt?.type !== 'ExpressionStatement') throw new Error('unexpected parse');
    const e = unsupportedAt('f.js', stmt.expression, 'objects');
    expect(e).toBeInstanceOf(UnsupportedError);
    expect(e.message).toBe('f.js:2:3: unsupported: objects');
    expect([e.code, e.file, e.line, e.column, e.what]).toEqual(['UNSUPPORTED', 'f.js', 2, 3, 'objects']);
    expect(e.fields).toEqual({ file: 'f.js', line: 2, column: 3, what: 'objects' });
  });
});
