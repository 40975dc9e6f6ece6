// Records as JSON: building objects, JSON.stringify and JSON.parse round trips, walking
// parsed data with for-in and hasOwnProperty, string methods for formatting, and errors from
// bad input caught with node's messages.

function Employee(name, dept, salary, skills) {
  this.name = name;
  this.dept = dept;
  this.salary = salary;
  this.skills = skills;
}
Employee.prototype.describe = function () {
  return this.name.padEnd(8, '.') + ' ' + this.dept.toUpperCase().slice(0, 3) + ' ' + this.salary.toFixed(2).padStart(10);
};

var staff = [
  new Employee('Ada', 'engineering', 120000, ['math', 'engines']),
  new Employee('Grace', 'engineering', 115000.5, ['compilers', 'cobol']),
  new Employee('Linus', 'operations', 98000, ['kernels']),
  new Employee('Barbara', 'research', 101250.25, ['abstraction', 'clu']),
];

for (var i = 0; i < staff.length; i++) console.log(staff[i].describe());

var text = JSON.stringify(staff);
console.log(text.length, text.slice(0, 60));
var parsed = JSON.parse(text);
console.log(parsed.length, parsed[1].name, parsed[1] instanceof Employee, typeof parsed[1].describe);

// Totals per department, keyed by name in a plain object.
var totals = {};
for (var j = 0; j < parsed.length; j++) {
  var e = parsed[j];
  if (!totals.hasOwnProperty(e.dept)) totals[e.dept] = { count: 0, sum: 0 };
  totals[e.dept].count++;
  totals[e.dept].sum += e.salary;
}
var depts = Object.keys(totals).sort();
for (var k = 0; k < depts.length; k++) {
  var t = totals[depts[k]];
  console.log(depts[k], t.count, (t.sum / t.count).toFixed(1));
}
console.log(JSON.stringify(totals, null, 2));

// Every skill, once, in order of first appearance.
var seen = {}, skills = [];
for (var m = 0; m < parsed.length; m++) {
  for (var s in parsed[m].skills) {
    var skill = parsed[m].skills[s];
    if (!(skill in seen)) { seen[skill] = true; skills.push(skill); }
  }
}
console.log(skills.join(', '), skills.indexOf('cobol'), skills.includes('rust'));

// Bad inputs: node's SyntaxError messages, caught.
var inputs = ['{"a": 1}', '{"a": }', '[1, 2,]', '"unterminated', '{"ok": [true, false, null]}'];
for (var n = 0; n < inputs.length; n++) {
  try {
    console.log('parsed', JSON.stringify(JSON.parse(inputs[n])));
  } catch (err) {
    console.log(err.name + ':', err.message);
  }
}

// A round trip keeps numbers, strings and nesting.
var original = { id: 7, tags: ['a', 'b'], nested: { deep: { value: -0.5, big: 1e21, tiny: 1e-7 } }, text: 'line\nbreak "quoted"' };
var again = JSON.parse(JSON.stringify(original));
console.log(again, JSON.stringify(again) === JSON.stringify(original), again.nested.deep.big === 1e21);
