// sprig's urlParse and urlJoin (url.go) over a port of the parts of Go's net/url they use:
// url.Parse (scheme, authority, userinfo, host, path, query, fragment, with Go's error texts) and
// URL.String with Go's percent-encoding rules.
import { quote } from '../gotemplate/strconv.js';
import { GoError, goFunc, kindName, type GoFunction, type GoValue } from '../gotemplate/value.js';
import { NIL_DEREFERENCE } from './cast.js';

const enum Mode {
  Path,
  Host,
  UserPassword,
  Fragment,
}

interface Userinfo {
  username: string;
  password?: string;
}

interface URL {
  scheme: string;
  opaque: string;
  user?: Userinfo;
  host: string;
  path: string;
  omitHost: boolean;
  forceQuery: boolean;
  rawQuery: string;
  fragment: string;
}

const isAlnum = (c: number): boolean => (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39);
const HOST_OK = new Set("!$&'()*+,;=:[]<>\"");

/** net/url shouldEscape for the modes sprig's calls reach. */
function shouldEscape(c: number, mode: Mode): boolean {
  if (isAlnum(c)) return false;
  const ch = String.fromCharCode(c);
  if (mode === Mode.Host && HOST_OK.has(ch)) return false;
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    switch (mode) {
      case Mode.Path:
        return ch === '?';
      case Mode.UserPassword:
        return '@/?:'.includes(ch);
      case Mode.Fragment:
        return false;
      default:
        break;
    }
  }
  if (mode === Mode.Fragment && '!()*'.includes(ch)) return false;
  return true;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function escape(s: string, mode: Mode): string {
  let out = '';
  for (const b of encoder.encode(s)) out += shouldEscape(b, mode) ? '%' + b.toString(16).toUpperCase().padStart(2, '0') : String.fromCharCode(b);
  return out;
}

const isHex = (c: string | undefined): boolean => c !== undefined && /^[0-9a-fA-F]$/.test(c);

/** net/url unescape: %XX sequences decoded, with Go's errors for bad escapes and bad host bytes. */
function unescape(s: string, mode: Mode): string {
  const bytes = encoder.encode(s);
  const out: number[] = [];
  for (let i = 0; i < bytes.length; ) {
    const c = bytes[i];
    if (c === 0x25) {
      if (i + 2 >= bytes.length || !isHex(String.fromCharCode(bytes[i + 1])) || !isHex(String.fromCharCode(bytes[i + 2]))) {
        throw new Error(`invalid URL escape ${quote(decoder.decode(bytes.subarray(i, i + 3)))}`);
      }
      const v = parseInt(String.fromCharCode(bytes[i + 1], bytes[i + 2]), 16);
      if (mode === Mode.Host && v < 0x80 && decoder.decode(bytes.subarray(i, i + 3)) !== '%25') {
        throw new Error(`invalid URL escape ${quote(decoder.decode(bytes.subarray(i, i + 3)))}`);
      }
      out.push(v);
      i += 3;
    } else {
      if (mode === Mode.Host && c < 0x80 && shouldEscape(c, mode)) throw new Error(`invalid character ${quote(String.fromCharCode(c))} in host name`);
      out.push(c);
      i++;
    }
  }
  return decoder.decode(new Uint8Array(out));
}

function validOptionalPort(port: string): boolean {
  return port === '' || /^:[0-9]*$/.test(port);
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new Error("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${quote(colonPort)} after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0 && !validOptionalPort(host.slice(i))) throw new Error(`invalid port ${quote(host.slice(i))} after host`);
  }
  return unescape(host, Mode.Host);
}

const USERINFO_RE = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;

function parseAuthority(authority: string): { user?: Userinfo; host: string } {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return { host };
  const info = authority.slice(0, at);
  if (!USERINFO_RE.test(info)) throw new Error('net/url: invalid userinfo');
  const colon = info.indexOf(':');
  if (colon < 0) return { user: { username: unescape(info, Mode.UserPassword) }, host };
  return { user: { username: unescape(info.slice(0, colon), Mode.UserPassword), password: unescape(info.slice(colon + 1), Mode.UserPassword) }, host };
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new Error('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseNoFragment(raw: string): URL {
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) throw new Error('net/url: invalid control character in URL');
  }
  const url: URL = { scheme: '', opaque: '', host: '', path: '', omitHost: false, forceQuery: false, rawQuery: '', fragment: '' };
  if (raw === '*') {
    url.path = '*';
    return url;
  }
  const [scheme, afterScheme] = getScheme(raw);
  let rest = afterScheme;
  url.scheme = scheme.toLowerCase();
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    url.forceQuery = true;
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) {
      url.rawQuery = rest.slice(q + 1);
      rest = rest.slice(0, q);
    }
  }
  if (!rest.startsWith('/')) {
    if (url.scheme !== '') {
      url.opaque = rest;
      return url;
    }
    if (rest.split('/')[0].includes(':')) throw new Error('first path segment in URL cannot contain colon');
  }
  if ((url.scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) {
      rest = authority.slice(slash);
      authority = authority.slice(0, slash);
    }
    Object.assign(url, parseAuthority(authority));
  } else if (url.scheme !== '' && rest.startsWith('/')) {
    url.omitHost = true;
  }
  url.path = unescape(rest, Mode.Path);
  return url;
}

/** url.Parse, throwing url.Error's text: `parse "RAW": REASON`. */
export function parseURL(raw: string): URL {
  const hash = raw.indexOf('#');
  const base = hash < 0 ? raw : raw.slice(0, hash);
  let url: URL;
  try {
    url = parseNoFragment(base);
  } catch (e) {
    throw new Error(`parse ${quote(base)}: ${(e as Error).message}`, { cause: e });
  }
  if (hash >= 0) {
    try {
      url.fragment = unescape(raw.slice(hash + 1), Mode.Fragment);
    } catch (e) {
      throw new Error(`parse ${quote(raw)}: ${(e as Error).message}`, { cause: e });
    }
  }
  return url;
}

function userinfoString(u: Userinfo): string {
  return escape(u.username, Mode.UserPassword) + (u.password !== undefined ? ':' + escape(u.password, Mode.UserPassword) : '');
}

/** url.Hostname: the host without its port and IPv6 brackets. */
function hostname(host: string): string {
  let h = host;
  const colon = h.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(h.slice(colon))) h = h.slice(0, colon);
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1);
  return h;
}

/** URL.String. */
export function formatURL(u: URL): string {
  let out = '';
  if (u.scheme) out += u.scheme + ':';
  if (u.opaque) {
    out += u.opaque;
  } else {
    if (u.scheme || u.host || u.user) {
      if (!(u.omitHost && !u.host && !u.user)) {
        if (u.host || u.path || u.user) out += '//';
        if (u.user) out += userinfoString(u.user) + '@';
        if (u.host) out += escape(u.host, Mode.Host);
      }
    }
    const path = u.path === '*' ? '*' : escape(u.path, Mode.Path);
    if (path !== '' && path[0] !== '/' && u.host) out += '/';
    if (out === '' && path.split('/')[0].includes(':')) out += './';
    out += path;
  }
  if (u.forceQuery || u.rawQuery) out += '?' + u.rawQuery;
  if (u.fragment) out += '#' + escape(u.fragment, Mode.Fragment);
  return out;
}

function urlParse(raw: string): Map<string, GoValue> {
  let u: URL;
  try {
    u = parseURL(raw);
  } catch (e) {
    throw new GoError(`unable to parse url: ${(e as Error).message}`);
  }
  return new Map<string, GoValue>([
    ['scheme', u.scheme],
    ['host', u.host],
    ['hostname', hostname(u.host)],
    ['path', u.path],
    ['query', u.rawQuery],
    ['opaque', u.opaque],
    ['fragment', u.fragment],
    ['userinfo', u.user ? userinfoString(u.user) : ''],
  ]);
}

/** sprig's dictGetOrEmpty: a string entry, "" when missing, a panic for other types. */
function dictString(d: Map<string, GoValue> | undefined, key: string): string {
  if (!d?.has(key)) return '';
  const v = d.get(key)!;
  if (v === null) throw new GoError(NIL_DEREFERENCE);
  if (typeof v !== 'string') throw new GoError(`unable to parse ${key} key, must be of type string, but ${kindName(v)} found`);
  return v;
}

function urlJoin(arg: GoValue): string {
  const d = arg instanceof Map ? arg : undefined;
  const u: URL = {
    scheme: dictString(d, 'scheme'),
    host: dictString(d, 'host'),
    path: dictString(d, 'path'),
    rawQuery: dictString(d, 'query'),
    opaque: dictString(d, 'opaque'),
    fragment: dictString(d, 'fragment'),
    omitHost: false,
    forceQuery: false,
  };
  const userinfo = dictString(d, 'userinfo');
  if (userinfo !== '') {
    try {
      u.user = parseURL(`proto://${userinfo}@host`).user;
    } catch (e) {
      throw new GoError(`unable to parse userinfo in dict: ${(e as Error).message}`);
    }
  }
  return formatURL(u);
}

export const urlFuncs: GoFunction[] = [
  goFunc('urlParse', ['string'], (s) => urlParse(s as string), { result: 'map[string]interface {}' }),
  goFunc('urlJoin', ['map[string]interface {}'], (d) => urlJoin(d), { result: 'string' }),
];
