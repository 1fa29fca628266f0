/**
 * Checks that text is one JSON value (RFC 8259) without building it: JSON.parse on every body of
 * a 5,000-request file allocates megabytes of objects only to throw them away. Returns undefined
 * when valid, else the offset of the first wrong character and what was expected there.
 */
export function findJsonError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const n = text.length;
  const fail = (message: string): { offset: number; message: string } => ({ offset: i, message: i >= n ? `${message}, but the text ends` : `${message} at ${JSON.stringify(text[i])}` });
  const skipSpace = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return;
      i++;
    }
  };
  const string = (): boolean => {
    i++; // Opening quote.
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c === 92) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return false;
          i += 6;
          continue;
        }
        if (e === undefined || !'"\\/bfnrt'.includes(e)) return false;
        i += 2;
        continue;
      }
      i++;
    }
    return false;
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
  // Containers are tracked on an explicit stack: deeply nested input cannot overflow the call stack.
  const stack: number[] = [];
  const value = (): { offset: number; message: string } | undefined => {
    for (;;) {
      skipSpace();
      const c = text.charCodeAt(i);
      if (c === 123 /* { */ || c === 91 /* [ */) {
        i++;
        skipSpace();
        const close = c === 123 ? 125 : 93;
        if (text.charCodeAt(i) === close) {
          i++;
        } else {
          stack.push(c);
          if (c === 123) {
            if (text.charCodeAt(i) !== 34 || !string()) return fail('Expected a property name in double quotes');
            skipSpace();
            if (text.charCodeAt(i) !== 58) return fail('Expected ":"');
            i++;
          }
          continue; // Read the first member's value.
        }
      } else if (c === 34) {
        if (!string()) return fail('Unterminated or invalid string');
      } else if (text.startsWith('true', i) || text.startsWith('null', i)) {
        i += 4;
      } else if (text.startsWith('false', i)) {
        i += 5;
      } else {
        NUMBER.lastIndex = i;
        const m = NUMBER.exec(text);
        if (!m || m[0] === '' || m[0] === '-') return fail('Expected a value');
        i += m[0].length;
      }
      // After a value: close containers, or go on to the next member.
      for (;;) {
        skipSpace();
        const open = stack[stack.length - 1];
        if (open === undefined) return undefined;
        const ch = text.charCodeAt(i);
        if (ch === 44 /* , */) {
          i++;
          if (open === 123) {
            skipSpace();
            if (text.charCodeAt(i) !== 34 || !string()) return fail('Expected a property name in double quotes');
            skipSpace();
            if (text.charCodeAt(i) !== 58) return fail('Expected ":"');
            i++;
          }
          break;
        }
        if (ch === (open === 123 ? 125 : 93)) {
          i++;
          stack.pop();
          continue;
        }
        return fail(open === 123 ? 'Expected "," or "}"' : 'Expected "," or "]"');
      }
    }
  };
  const error = value();
  if (error) return error;
  skipSpace();
  return i < n ? fail('Unexpected text after the JSON value') : undefined;
}
