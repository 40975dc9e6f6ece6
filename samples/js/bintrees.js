// Binary trees in the style of the benchmarks game: constructor functions, methods on the
// prototype, a prototype chain two levels deep, instanceof, and many small objects.

function TreeNode(left, right) {
  this.left = left;
  this.right = right;
}

TreeNode.prototype.check = function () {
  if (this.left === null) return 1;
  return 1 + this.left.check() + this.right.check();
};

TreeNode.prototype.depth = function () {
  if (this.left === null) return 0;
  var l = this.left.depth(), r = this.right.depth();
  return 1 + (l > r ? l : r);
};

function bottomUp(depth) {
  if (depth === 0) return new TreeNode(null, null);
  return new TreeNode(bottomUp(depth - 1), bottomUp(depth - 1));
}

// A labelled node: its prototype is a TreeNode, so it inherits check and depth.
function Labelled(label, left, right) {
  this.label = label;
  this.left = left;
  this.right = right;
}
Labelled.prototype = new TreeNode(null, null);
Labelled.prototype.describe = function () {
  return this.label + ' (depth ' + this.depth() + ', ' + this.check() + ' nodes)';
};

var maxDepth = 6;
var stretch = bottomUp(maxDepth + 1);
console.log('stretch tree of depth ' + (maxDepth + 1) + '\t check: ' + stretch.check());

var longLived = bottomUp(maxDepth);
for (var d = 4; d <= maxDepth; d += 2) {
  var iterations = 1 << (maxDepth - d + 4);
  var check = 0;
  for (var i = 0; i < iterations; i++) check += bottomUp(d).check();
  console.log(iterations + '\t trees of depth ' + d + '\t check: ' + check);
}
console.log('long lived tree of depth ' + maxDepth + '\t check: ' + longLived.check());

var small = new Labelled('small', bottomUp(1), bottomUp(2));
console.log(small.describe());
console.log(small instanceof Labelled, small instanceof TreeNode, longLived instanceof Labelled);
console.log(bottomUp(1));
console.log(new Labelled('leaf', null, null));
var keys = [];
for (var k in small) keys.push(k);
console.log(keys, Object.keys(small));
