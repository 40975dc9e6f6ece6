// An inventory of parts as objects, updated through closures: records with the same shape (so
// their property reads hit inline caches), a small event bus of callbacks, memoised lookups and
// a report. Everything is deterministic (a linear congruential generator, no Math.random).

function makeRandom(seed) {
  var state = seed;
  return function (n) {
    state = (state * 16807) % 2147483647; // Park and Miller's minimal standard generator
    return state % n;
  };
}

function makeBus() {
  var handlers = [];
  return {
    on: function (fn) { handlers.push(fn); return handlers.length; },
    emit: function (event) {
      for (var i = 0; i < handlers.length; i++) handlers[i](event);
    },
  };
}

function part(id, name, price, stock) {
  return { id: id, name: name, price: price, stock: stock, sold: 0 };
}

var names = ['bolt', 'nut', 'washer', 'gear', 'spring', 'axle', 'bearing', 'pulley'];
var parts = [];
for (var i = 0; i < names.length; i++) parts.push(part(i, names[i], 0.25 * (i + 1) * (i + 3), 20 + 5 * i));

var bus = makeBus();
var revenue = 0;
var log = [];
var counts = {};
bus.on(function (e) { if (e.kind === 'sale') revenue += e.qty * e.part.price; });
bus.on(function (e) { counts[e.kind] = (counts[e.kind] || 0) + 1; });
bus.on((e) => { if (e.kind === 'restock' && log.length < 5) log.push(e.part.name + '+' + e.qty); });

function sell(p, qty) {
  if (p.stock < qty) { bus.emit({ kind: 'refused', part: p, qty: qty }); return false; }
  p.stock -= qty;
  p.sold += qty;
  bus.emit({ kind: 'sale', part: p, qty: qty });
  return true;
}

function restock(p, qty) {
  p.stock += qty;
  bus.emit({ kind: 'restock', part: p, qty: qty });
}

var random = makeRandom(42);
for (var day = 0; day < 60; day++) {
  for (var k = 0; k < 6; k++) sell(parts[random(parts.length)], 1 + random(4));
  for (var j = 0; j < parts.length; j++) if (parts[j].stock < 5) restock(parts[j], 15);
}

function memo(fn) {
  var cache = {};
  return function (key) {
    if (!(key in cache)) cache[key] = fn(key);
    return cache[key];
  };
}
var byName = memo(function (name) {
  for (var i = 0; i < parts.length; i++) if (parts[i].name === name) return parts[i];
  return null;
});

var best = parts[0];
for (var b = 1; b < parts.length; b++) if (parts[b].sold * parts[b].price > best.sold * best.price) best = parts[b];

console.log('revenue', Math.round(revenue * 100) / 100, 'events', counts);
console.log('first restocks', log);
console.log('best seller', best.name, best.sold, 'units');
console.log(byName('gear'), byName('gear') === byName('gear'), byName('sprocket'));
console.log(parts.length, parts[7], bus);
