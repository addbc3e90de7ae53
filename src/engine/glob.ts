// Glob patterns as github.com/gobwas/glob compiles them with '/' as the separator (helm's
// .Files.Glob): `*` stays within a path segment, `**` crosses segments, `?` is one non-separator
// character, `[a-z]` / `[!a-z]` are classes, `{a,b}` alternatives (nestable), `\` escapes.

class GlobSyntaxError extends Error {}

/** Compiles a gobwas glob into an anchored RegExp; throws on a malformed pattern. */
export function compileGlob(pattern: string): RegExp {
  const chars = [...pattern];
  let pos = 0;

  function parseSequence(inAlternatives: boolean): string {
    let out = '';
    while (pos < chars.length) {
      const c = chars[pos];
      if (inAlternatives && (c === ',' || c === '}')) return out;
      pos++;
      switch (c) {
        case '*':
          if (chars[pos] === '*') {
            while (chars[pos] === '*') pos++;
            out += '[^]*';
          } else {
            out += '[^/]*';
          }
          break;
        case '?':
          out += '[^/]';
          break;
        case '[':
          out += parseClass();
          break;
        case '{':
          out += parseAlternatives();
          break;
        case '\\':
          if (pos >= chars.length) throw new GlobSyntaxError('unexpected end of pattern after escape');
          out += escapeLiteral(chars[pos++]);
          break;
        default:
          out += escapeLiteral(c);
      }
    }
    if (inAlternatives) throw new GlobSyntaxError('unclosed alternatives');
    return out;
  }

  function parseAlternatives(): string {
    const options: string[] = [];
    for (;;) {
      options.push(parseSequence(true));
      const c = chars[pos++];
      if (c === '}') return `(?:${options.join('|')})`;
      // c === ',': the next alternative follows
    }
  }

  function parseClass(): string {
    let negate = false;
    if (chars[pos] === '!') {
      negate = true;
      pos++;
    }
    let body = '';
    let empty = true;
    while (pos < chars.length && chars[pos] !== ']') {
      const lo = chars[pos++];
      if (chars[pos] === '-' && pos + 1 < chars.length && chars[pos + 1] !== ']') {
        const hi = chars[pos + 1];
        pos += 2;
        if (hi < lo) throw new GlobSyntaxError('invalid range');
        body += `${escapeClassChar(lo)}-${escapeClassChar(hi)}`;
      } else {
        body += escapeClassChar(lo);
      }
      empty = false;
    }
    if (pos >= chars.length || empty) throw new GlobSyntaxError('unclosed or empty character class');
    pos++;
    // A negated class still never matches the separator, as gobwas's single-character matchers.
    return negate ? `[^/${body}]` : `[${body}]`;
  }

  const source = parseSequence(false);
  return new RegExp(`^${source}$`, 'u');
}

function escapeLiteral(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? '\\' + c : c;
}

function escapeClassChar(c: string): string {
  return /[\\\]^[-]/.test(c) ? '\\' + c : c;
}

const MATCH_ALL = /^[^]*$/u;

/** The matcher helm uses for a Files.Glob pattern: a malformed pattern matches every file. */
export function globMatcher(pattern: string): RegExp {
  try {
    return compileGlob(pattern);
  } catch (e) {
    if (e instanceof GlobSyntaxError) return MATCH_ALL;
    throw e;
  }
}
