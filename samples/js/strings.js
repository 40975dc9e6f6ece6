// Strings: concatenation, comparison, length, indexing, and building strings char by char.

const greeting = 'Hello' + ', ' + 'world';
console.log(greeting, greeting.length, greeting[0], greeting[7], greeting[100]);
console.log('mixed:', 'n=' + 42, 1 + 2 + '3', '1' + 2 + 3, 'x' + null + undefined + true + [1, 2]);

function reverse(s) {
  let r = '';
  for (let i = s.length - 1; i >= 0; i--) r += s[i];
  return r;
}

function isPalindrome(s) {
  for (let i = 0, j = s.length - 1; i < j; i++, j--) {
    if (s[i] !== s[j]) return false;
  }
  return true;
}

function repeat(s, n) {
  let r = '';
  while (n-- > 0) r += s;
  return r;
}

function countChar(s, ch) {
  let c = 0;
  for (let i = 0; i < s.length; i++) if (s[i] === ch) c++;
  return c;
}

function pad(s, width) {
  s = '' + s;
  while (s.length < width) s = ' ' + s;
  return s;
}

const words = ['level', 'rotor', 'pkjit', 'a', '', 'abba', 'abca'];
for (let i = 0; i < words.length; i++) {
  const w = words[i];
  console.log(pad('"' + w + '"', 8), 'reversed', reverse(w), 'palindrome', isPalindrome(w));
}
console.log(repeat('ab', 5), repeat('-', 20), repeat('x', 0) === '');
console.log('count of l:', countChar(greeting, 'l'), 'count of o:', countChar(greeting, 'o'));

// Comparisons: code units, not locale.
console.log('a' < 'b', 'B' < 'a', 'abc' < 'abd', 'ab' < 'abc', '' < 'a', 'Z' > 'z', '10' < '9', 10 < 9, '10' < 9);
console.log('a' == 'a', 'a' === 'a', '1' == 1, '' == 0, ' \t\n' == 0, 'abc' == 'ab' + 'c', 'A' !== 'a');

// Sort a list of words with insertion sort on string comparison.
const list = ['pear', 'Apple', 'banana', 'apple', 'cherry', 'Banana', 'date'];
for (let i = 1; i < list.length; i++) {
  const w = list[i];
  let j = i - 1;
  while (j >= 0 && list[j] > w) {
    list[j + 1] = list[j];
    j--;
  }
  list[j + 1] = w;
}
console.log(list);

// Caesar cipher via an alphabet string (no charCodeAt in the subset).
const alphabet = 'abcdefghijklmnopqrstuvwxyz';
function indexIn(s, ch) {
  for (let i = 0; i < s.length; i++) if (s[i] === ch) return i;
  return -1;
}
function caesar(text, shift) {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const k = indexIn(alphabet, text[i]);
    out += k < 0 ? text[i] : alphabet[(k + shift + 26) % 26];
  }
  return out;
}
const secret = caesar('the quick brown fox', 3);
console.log(secret, '->', caesar(secret, -3));

// Escapes and unicode code units.
const esc = 'tab\there, quote\' and "double", backslash \\, newline:\nsecond line';
console.log(esc);
console.log(esc.length, 'caf\u00e9', 'caf\u00e9'.length, '\u{1F600}'.length, '\u{1F600}'[0] === '\ud83d');
console.log('%s has %d chars', greeting, greeting.length, 'and more');
console.log(['a', "it's", 'say "hi"', 'both \' and "']);
