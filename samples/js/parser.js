// An arithmetic expression parser and evaluator that reports errors with exceptions: its own
// error objects, SyntaxError and RangeError, node's own TypeError caught from the runtime,
// finally blocks that count what ran, and errors rethrown through several frames.

function Token(kind, text, pos) {
  this.kind = kind;
  this.text = text;
  this.pos = pos;
}

function isDigit(c) { return c >= '0' && c <= '9'; }
function isSpace(c) { return c === ' ' || c === '\t'; }

function tokenize(src) {
  var out = [];
  var i = 0;
  while (i < src.length) {
    var c = src[i];
    if (isSpace(c)) { i++; continue; }
    if (isDigit(c)) {
      var start = i;
      while (i < src.length && isDigit(src[i])) i++;
      out.push(new Token('num', 0, start));
      var n = 0;
      for (var j = start; j < i; j++) n = n * 10 + (+src[j]);
      out[out.length - 1].text = n;
      continue;
    }
    if (c === '+' || c === '-' || c === '*' || c === '/' || c === '(' || c === ')' || c === '%') {
      out.push(new Token('op', c, i));
      i++;
      continue;
    }
    throw new SyntaxError('unexpected character ' + c + ' at ' + i);
  }
  out.push(new Token('end', '', src.length));
  return out;
}

function Parser(tokens) {
  this.tokens = tokens;
  this.at = 0;
}
Parser.prototype.peek = function () { return this.tokens[this.at]; };
Parser.prototype.next = function () { return this.tokens[this.at++]; };
Parser.prototype.expect = function (text) {
  var t = this.next();
  if (t.text !== text) throw new SyntaxError('expected ' + text + ' at ' + t.pos);
  return t;
};
Parser.prototype.expr = function () {
  var left = this.term();
  while (this.peek().text === '+' || this.peek().text === '-') {
    var op = this.next().text;
    left = { op: op, left: left, right: this.term() };
  }
  return left;
};
Parser.prototype.term = function () {
  var left = this.factor();
  while (this.peek().text === '*' || this.peek().text === '/' || this.peek().text === '%') {
    var op = this.next().text;
    left = { op: op, left: left, right: this.factor() };
  }
  return left;
};
Parser.prototype.factor = function () {
  var t = this.next();
  if (t.kind === 'num') return { num: t.text };
  if (t.text === '-') return { op: 'neg', arg: this.factor() };
  if (t.text === '(') {
    var e = this.expr();
    this.expect(')');
    return e;
  }
  throw new SyntaxError('unexpected ' + (t.kind === 'end' ? 'end of input' : t.text) + ' at ' + t.pos);
};

function evaluate(node) {
  if ('num' in node) return node.num;
  if (node.op === 'neg') return -evaluate(node.arg);
  var a = evaluate(node.left), b = evaluate(node.right);
  switch (node.op) {
    case '+': return a + b;
    case '-': return a - b;
    case '*': return a * b;
    case '/':
      if (b === 0) throw new RangeError('division by zero');
      return a / b;
    case '%': return a % b;
  }
  throw new Error('unknown operator ' + node.op);
}

var finallies = 0;
function run(src) {
  try {
    var p = new Parser(tokenize(src));
    var tree = p.expr();
    if (p.peek().kind !== 'end') throw new SyntaxError('trailing input at ' + p.peek().pos);
    return src + ' = ' + evaluate(tree);
  } catch (e) {
    if (e instanceof SyntaxError) return src + ' -> syntax error: ' + e.message;
    if (e instanceof RangeError) return src + ' -> ' + e.name + ': ' + e.message;
    throw e;
  } finally {
    finallies++;
  }
}

var inputs = ['1 + 2 * 3', '(1 + 2) * 3', '2 * (3 + 4) - -5', '10 / 4', '7 % 3 + 8 / 0', '1 +', '(2 * 3', '4 $ 4',
  '((((((1))))))', '1 2', '100 - 99 - 1', '-(-(-3))'];
for (var i = 0; i < inputs.length; i++) console.log(run(inputs[i]));
console.log('finally blocks run:', finallies);

// node's own errors, caught: the runtime raises them, the program sees node's messages.
var probes = [
  function () { var t = null; return t.kind; },
  function () { var f = 3; return f(); },
  function () { return new Array(-2); },
  function () { return tokenize('ok')[5].pos; },
];
for (var k = 0; k < probes.length; k++) {
  try { console.log(probes[k]()); } catch (e) { console.log(e.name + ': ' + e.message, e instanceof TypeError, e instanceof Error); }
}

// Errors thrown through several frames and rethrown with context.
function level(n) {
  if (n === 0) throw { code: 'DEEP', depth: 0 };
  try {
    return level(n - 1);
  } catch (e) {
    e.depth++;
    throw e;
  }
}
try { level(25); } catch (e) { console.log(e); }
