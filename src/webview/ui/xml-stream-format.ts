// DOM-free (unit-tested in plain Node; run in the pretty-print worker): XML re-indented as it
// arrives, piece by piece, without building a tree. Only the whitespace between two markup
// tokens changes: each tag that follows another tag goes on its own line, indented by its depth;
// text stays where it was, with the tags around it (`<b>x</b>` stays on one line), and comments,
// CDATA sections, processing instructions and DOCTYPEs are copied whole (XML 1.0 §2.5-2.8).

const INDENT = '  ';

/** What the formatter is reading: text between tags, or a markup token up to its end. */
const enum Mode {
  Text,
  /** After '<', until the kind of token is known. */
  Open,
  Tag,
  Comment,
  Cdata,
  Instruction,
  Doctype,
}

const ENDS: Partial<Record<Mode, string>> = { [Mode.Comment]: '-->', [Mode.Cdata]: ']]>', [Mode.Instruction]: '?>' };

/**
 * Re-indents XML by two spaces. Feed it pieces with `write()`, then call `end()`. It never
 * refuses its input: unbalanced end tags stop indenting at the left margin, and a token still
 * open at the end is written as it came.
 */
export class XmlStreamFormatter {
  private mode = Mode.Text;
  /** The token being read, from its '<'. */
  private token = '';
  /** Text read since the last token (held to see whether it is only whitespace). */
  private text = '';
  private depth = 0;
  /** The last token written was a start tag. */
  private isAfterStart = false;
  private readonly newlines: string[] = [];
  private hasWritten = false;
  /** Inside a tag: the quote of the attribute value being read, or ''. */
  private quote = '';
  /** Inside a DOCTYPE: the depth of its internal subset brackets. */
  private brackets = 0;

  write(piece: string): string {
    let out = '';
    let i = 0;
    while (i < piece.length) {
      if (this.mode === Mode.Text) {
        const lt = piece.indexOf('<', i);
        this.text += piece.slice(i, lt === -1 ? piece.length : lt);
        if (lt === -1) break;
        this.mode = Mode.Open;
        this.token = '<';
        i = lt + 1;
        continue;
      }
      i = this.readToken(piece, i);
      if (this.isBetweenTokens()) out += this.emitToken();
    }
    return out;
  }

  /** What was held back: trailing text, or a token cut short (as it came). */
  end(): string {
    const rest = this.token === '' ? this.text : this.text + this.token;
    this.text = '';
    this.token = '';
    this.mode = Mode.Text;
    return /^\s*$/.test(rest) ? (this.hasWritten ? '' : rest) : rest;
  }

  /** Called after readToken(), which may have finished the token (a method, not narrowed away). */
  private isBetweenTokens(): boolean {
    return this.mode === Mode.Text;
  }

  /** Reads token characters from `i`; sets the mode back to Text at the token's end. */
  private readToken(piece: string, i: number): number {
    if (this.mode === Mode.Open) {
      // Enough characters to tell the kind: `<!--`, `<![CDATA[`, `<?`, `<!DOCTYPE`, or a tag.
      while (i < piece.length && this.token.length < 9) {
        this.token += piece[i++];
        const t = this.token;
        if (t === '<!--') this.mode = Mode.Comment;
        else if (t === '<![CDATA[') this.mode = Mode.Cdata;
        else if (t.startsWith('<?')) this.mode = Mode.Instruction;
        else if (t.startsWith('<!') && t.length >= 3 && !'-['.includes(t[2]!)) this.mode = Mode.Doctype;
        else if (!t.startsWith('<!')) this.mode = Mode.Tag;
        if (this.mode !== Mode.Open) break;
      }
      if (this.mode === Mode.Open && this.token.length >= 9) this.mode = Mode.Doctype;
      // The characters read so far may already close a short tag (`<a>`).
      if (this.mode === Mode.Tag && this.token.endsWith('>')) this.mode = Mode.Text;
      return i;
    }
    const end = ENDS[this.mode];
    if (end !== undefined) {
      const at = (this.token.slice(-(end.length - 1)) + piece.slice(i)).indexOf(end);
      if (at === -1) {
        this.token += piece.slice(i);
        return piece.length;
      }
      const stop = i + at - Math.min(end.length - 1, this.token.length) + end.length;
      this.token += piece.slice(i, stop);
      this.mode = Mode.Text;
      return stop;
    }
    // A tag or a DOCTYPE: '>' ends it, except in a quoted value or a DOCTYPE's [internal subset].
    while (i < piece.length) {
      const c = piece[i++]!;
      this.token += c;
      if (this.quote !== '') {
        if (c === this.quote) this.quote = '';
      } else if (c === '"' || c === "'") {
        this.quote = c;
      } else if (this.mode === Mode.Doctype && c === '[') {
        this.brackets++;
      } else if (this.mode === Mode.Doctype && c === ']') {
        this.brackets = Math.max(0, this.brackets - 1);
      } else if (c === '>' && this.brackets === 0) {
        this.mode = Mode.Text;
        return i;
      }
    }
    return i;
  }

  /** The text before the finished token and the token, laid out. */
  private emitToken(): string {
    const token = this.token;
    const text = this.text;
    this.token = '';
    this.text = '';
    const isEnd = token.startsWith('</');
    const isStart = /^<[^!?/]/.test(token) && !token.endsWith('/>');
    if (isEnd) this.depth = Math.max(0, this.depth - 1);
    let out: string;
    if (!/^\s*$/.test(text)) out = text + token; // text keeps its tags on its line: `<b>x</b>`
    else if (!this.hasWritten) out = token; // whitespace before the first token
    else if (isEnd && this.isAfterStart) out = text + token; // an empty element stays `<a></a>`
    else out = this.newline() + token;
    if (isStart) this.depth++;
    this.isAfterStart = isStart;
    this.hasWritten = true;
    return out;
  }

  private newline(): string {
    return (this.newlines[this.depth] ??= '\n' + INDENT.repeat(this.depth));
  }
}
