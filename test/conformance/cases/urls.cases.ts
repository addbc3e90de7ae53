// Cases for urlParse and urlJoin (Go's net/url).
import { goInt, type GoValue } from '../../../src/gotemplate/value.js';
import type { FuncCase } from '../../support/functions.js';

const parse = (u: string): FuncCase => ({ template: `{{ urlParse ${JSON.stringify(u)} }}`, fn: 'urlParse', args: [u] });
const join = (template: string, entries: [string, GoValue][]): FuncCase => ({ template, fn: 'urlJoin', args: [new Map(entries)] });

export const urlCases: FuncCase[] = [
  parse('https://user:pa%20ss@Example.com:8080/a%20b/c?x=1&y=%20#frag%21'),
  parse('HTTP://example.com'),
  parse('mailto:joe@example.com'),
  parse('/relative/path?q'),
  parse('//host.only/p'),
  parse('http://[::1]:80/'),
  parse('http://a b.com/'),
  parse('%zz'),
  parse('1http://x'),
  parse(':nope'),
  parse('a:b/c'),
  parse('http://x/#%'),
  parse('http://x:port/'),
  parse('*'),
  parse(''),
  join('{{ urlJoin (dict "scheme" "https" "host" "h.com:80" "path" "/a b" "query" "x=1" "fragment" "f g" "userinfo" "u:p") }}', [['scheme', 'https'], ['host', 'h.com:80'], ['path', '/a b'], ['query', 'x=1'], ['fragment', 'f g'], ['userinfo', 'u:p']]),
  join('{{ urlJoin (dict "scheme" "mailto" "opaque" "joe@x.com") }}', [['scheme', 'mailto'], ['opaque', 'joe@x.com']]),
  join('{{ urlJoin (dict "path" "a:b") }}', [['path', 'a:b']]),
  join('{{ urlJoin (dict "host" "h" "path" "rel") }}', [['host', 'h'], ['path', 'rel']]),
  join('{{ urlJoin (dict) }}', []),
  join('{{ urlJoin (dict "host" 1) }}', [['host', goInt(1)]]),
  join('{{ urlJoin (dict "userinfo" "a b") }}', [['userinfo', 'a b']]),
  join('{{ urlJoin (dict "scheme" "http" "host" "é.com" "path" "/!$&\'()*+,;=:@?") }}', [['scheme', 'http'], ['host', 'é.com'], ['path', "/!$&'()*+,;=:@?"]]),
];
