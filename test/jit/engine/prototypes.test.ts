/**
 * `this`, `new`, prototypes and `instanceof` against node: constructor functions and methods on
 * their prototypes, prototype chains made by `F.prototype = new G()`, replaced prototypes,
 * constructors that return objects, receivers of `o.m()`, `o[k]()` and `a[i]()`, functions with
 * own properties, for-in and `in` over inherited properties, how util.inspect names instances;
 * node's TypeErrors for `new` of a non-constructor and bad `instanceof` operands; the sloppy
 * global `this` refused when a call reaches it; and the same on 4 executors under both
 * policies and without the translator.
 */
import { describe, expect, it } from 'vitest';
import { runProgram } from '../../../jit/engine/engine.js';
import { describeAgainstNode, describeOnExecutors, type ThrowTable } from './node-oracle.js';

const RUNS: Readonly<Record<string, string>> = {
  points: `
    function Point(x, y) { this.x = x; this.y = y; }
    Point.prototype.norm2 = function () { return this.x * this.x + this.y * this.y; };
    Point.prototype.add = function (o) { return new Point(this.x + o.x, this.y + o.y); };
    var p = new Point(3, 4), q = p.add(new Point(1, -1));
    console.log(p, q, p.norm2(), q.norm2(), p instanceof Point, {} instanceof Point, [] instanceof Point, 5 instanceof Point);
    console.log(Point.prototype, Point.prototype.constructor === Point, p.constructor === Point, Object.keys(p));`,
  inheritance: `
    function Animal(name) { this.name = name; }
    Animal.prototype.speak = function () { return this.name + ' makes a sound'; };
    Animal.prototype.kind = 'animal';
    function Dog(name) { this.name = name; this.tricks = []; }
    Dog.prototype = new Animal('proto');
    Dog.prototype.speak = function () { return this.name + ' barks'; };
    Dog.prototype.learn = function (t) { this.tricks.push(t); return this; };
    var d = new Dog('Rex'), a = new Animal('Cat');
    d.learn('sit').learn('roll');
    console.log(d.speak(), a.speak(), d.kind, d instanceof Dog, d instanceof Animal, a instanceof Dog);
    console.log(d, a, d.tricks.length);
    var keys = []; for (var k in d) keys.push(k); console.log(keys);
    console.log('speak' in d, 'learn' in a, 'kind' in d, 'nope' in d);`,
  replacedPrototype: `
    function Stack() { this.items = []; }
    Stack.prototype = {
      push: function (x) { this.items.push(x); return this; },
      pop: function () { return this.items.pop(); },
      size: function () { return this.items.length; },
    };
    var s = new Stack().push(1).push(2).push(3);
    console.log(s.pop(), s.size(), s, s instanceof Stack);
    Stack.prototype.constructor = Stack;
    console.log(new Stack(), Object.keys(Stack.prototype));`,
  constructorResults: `
    function R() { this.lost = 1; return { kept: 2 }; }
    function P() { this.a = 1; return 5; }
    function A() { return [1, 2]; }
    function Q() { this.z = 0; return null; }
    console.log(new R(), new P(), new A(), new Q(), new R() instanceof R, new P() instanceof P);
    var Made = function () { this.v = 'expr'; };
    var M2 = Made;
    console.log(new Made(), new M2().v, new Made instanceof M2);`,
  receivers: `
    var counter = { n: 0, inc: function () { this.n++; return this; }, get: function () { return this.n; } };
    counter.inc().inc()['inc']();
    var table = [function () { return this.length; }, function () { return this[0] === table[0]; }];
    var name = 'get';
    console.log(counter.get(), counter[name](), table[0](), table[1](), counter);
    function who() { return this.id; }
    var x = { id: 'x', who: who }, y = { id: 'y', who: who };
    console.log(x.who(), y.who(), x.who === y.who);`,
  functionProperties: `
    function F() {}
    F.count = 0;
    F.make = function () { F.count++; return new F(); };
    F.make(); F.make();
    console.log(F, F.count, F.prototype, new F(), typeof F.prototype, (() => 1).prototype);
    var g = function () {};
    g.prototype.tag = 'g';
    console.log(new g().tag, g.prototype);`,
  binaryTrees: `
    function TreeNode(left, right) { this.left = left; this.right = right; }
    TreeNode.prototype.check = function () {
      return this.left === null ? 1 : 1 + this.left.check() + this.right.check();
    };
    function bottomUp(depth) {
      return depth > 0 ? new TreeNode(bottomUp(depth - 1), bottomUp(depth - 1)) : new TreeNode(null, null);
    }
    for (var d = 4; d <= 8; d += 2) console.log('depth', d, 'check', bottomUp(d).check());`,
  functionCall: `
    function Animal(name) { this.name = name; this.legs = 4; }
    Animal.prototype.describe = function () { return this.name + ' has ' + this.legs + ' legs'; };
    function Bird(name) { Animal.call(this, name); this.legs = 2; }
    Bird.prototype = new Animal('proto');
    var b = new Bird('tweety');
    console.log(b.describe(), b, b instanceof Animal);
    function sum(a, b) { return this.base + a + b; }
    console.log(sum.call({ base: 10 }, 1, 2), sum.call({ base: 'x' }, 'y'), Animal.prototype.describe.call({ name: 'n', legs: 0 }));
    var o = { call: function (x) { return 'own call ' + x; } };
    console.log(o.call(5), (function () { return 7; }).call());`,
  objectCreate: `
    function Shape(name) { this.name = name; }
    Shape.prototype.area = function () { return 0; };
    Shape.prototype.toText = function () { return this.name + ' of area ' + this.area(); };
    function Square(side) { Shape.call(this, 'square'); this.side = side; }
    Square.prototype = Object.create(Shape.prototype);
    Square.prototype.constructor = Square;
    Square.prototype.area = function () { return this.side * this.side; };
    var sq = new Square(3);
    console.log(sq.toText(), sq instanceof Square, sq instanceof Shape, sq, Object.getPrototypeOf(sq) === Square.prototype);
    var bare = Object.create(null);
    bare.k = 1;
    console.log(bare, 'k' in bare, Object.keys(bare));
    try { '' + bare; } catch (e) { console.log(e.name, e.message); }
    try { Object.create(5); } catch (e) { console.log(e.message); }
    var base = { greet: function () { return 'hi ' + this.who; } };
    var child = Object.create(base);
    child.who = 'there';
    console.log(child.greet(), child, Object.getPrototypeOf(child) === base);`,
  thisInNestedFunctions: `
    function Outer() {
      this.v = 1;
      var self = this;
      function inner() { return self.v + 1; }
      this.w = inner();
      this.get = function () { return this.v + this.w; };
    }
    var o = new Outer();
    console.log(o.get(), o.w, o);`,
};

const THROWS: ThrowTable = {
  newOfANumber: { source: `var n = 5; console.log(1); new n();`, error: 'uncaught TypeError: n is not a constructor' },
  newOfAnArrow: { source: `var f = () => 1; console.log(1); new f();`, error: 'uncaught TypeError: f is not a constructor' },
  newOfAMember: { source: `var o = { k: 1 }; new o.k();`, error: 'uncaught TypeError: o.k is not a constructor' },
  instanceofNotCallable: { source: `var o = {}; console.log(o instanceof o);`, error: "uncaught TypeError: Right-hand side of 'instanceof' is not callable" },
  instanceofPrimitive: { source: `console.log({} instanceof 3);`, error: "uncaught TypeError: Right-hand side of 'instanceof' is not an object" },
  instanceofArrow: {
    source: `var f = () => 1; console.log(1 instanceof f); console.log({} instanceof f);`,
    error: "uncaught TypeError: Function has non-object prototype 'undefined' in instanceof check",
  },
  thisUndefinedMethod: { source: `function F() { this.a = 1; } var o = new F(); o.m();`, error: 'uncaught TypeError: o.m is not a function' },
};

const node = describeAgainstNode('prototypes, this and new', RUNS, THROWS);

describe('this where node would use the global object', () => {
  it('a function reading this, called plainly, stops with one line (the global object is not modelled)', () => {
    const r = runProgram('function f() { return this.x; }\nconsole.log(1);\nf();\n', 'g.js');
    expect(r.output).toEqual(['1']);
    expect(r.exitCode).toBe(3);
    expect(r.error).toBe('g.js: unsupported at run time: this as the global object or a primitive\'s wrapper (a function using this called without an object receiver)');
  });
  it('a primitive this (f.call(5), a wrapper object in sloppy mode) stops the same way', () => {
    const r = runProgram('function f() { return typeof this; }\nconsole.log(f.call({}));\nf.call(5);\n', 'g.js');
    expect(r.output).toEqual(['object']);
    expect(r.exitCode).toBe(3);
    expect(r.error).toMatch(/^g\.js: unsupported at run time: this as the global object or a primitive's wrapper/);
  });
  it('a function that never reads this may be called plainly', () => {
    const r = runProgram('function F() { var t = 1; return t; }\nconsole.log(F(), new F());\n', 'g.js');
    expect(r.error).toBeUndefined();
    expect(r.output).toEqual(['1 F {}']);
  });
});

describeOnExecutors('prototypes on several executors', 'inheritance', RUNS['inheritance'] ?? '', node);
