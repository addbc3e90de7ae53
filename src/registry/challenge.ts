// WWW-Authenticate challenges (RFC 7235) as registries send them: `Basic realm="x"` or
// `Bearer realm="https://auth/token",service="registry",scope="repository:a/b:pull"`.

export interface Challenge {
  /** Lower-cased scheme: 'basic', 'bearer', ... */
  scheme: string;
  params: Record<string, string>;
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/** Parses the first challenge of a WWW-Authenticate header value; undefined when there is none. */
export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (!header) return undefined;
  let i = 0;
  const skipSpace = (): void => {
    while (i < header.length && (header[i] === ' ' || header[i] === '\t')) i++;
  };
  const token = (): string => {
    const start = i;
    while (i < header.length && TOKEN_CHAR.test(header[i])) i++;
    return header.slice(start, i);
  };
  skipSpace();
  const scheme = token().toLowerCase();
  if (scheme === '') return undefined;
  const params: Record<string, string> = {};
  for (;;) {
    skipSpace();
    const name = token().toLowerCase();
    if (name === '') break;
    skipSpace();
    if (header[i] !== '=') break;
    i++;
    skipSpace();
    let value = '';
    if (header[i] === '"') {
      i++;
      while (i < header.length && header[i] !== '"') {
        if (header[i] === '\\' && i + 1 < header.length) i++;
        value += header[i++];
      }
      i++;
    } else {
      value = token();
    }
    params[name] = value;
    skipSpace();
    if (header[i] !== ',') break;
    i++;
  }
  return { scheme, params };
}
