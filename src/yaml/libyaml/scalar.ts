// How yaml.v2 resolves a scalar node decoded into interface{}: by its tag, or from its text when it
// is plain and untagged; and which key is a merge key.
import { GoError } from '../../gotemplate/value.js';
import { resolvePlain, type Resolved } from '../resolve.js';
import { Kind, type YamlNode } from './parser.js';

const TAG_PREFIX = 'tag:yaml.org,2002:';
const MERGE_TAG = TAG_PREFIX + 'merge';

export function isMerge(n: YamlNode): boolean {
  return n.kind === Kind.Scalar && n.value === '<<' && (n.implicit || n.tag === MERGE_TAG);
}

/** A scalar's value as yaml.v2 resolves it for interface{}. */
export function resolveScalar(n: YamlNode): Resolved {
  if (n.tag === '') return n.implicit ? resolvePlain(n.value) : { kind: 'str', value: n.value };
  const text = n.value;
  if (!n.tag.startsWith(TAG_PREFIX)) return { kind: 'str', value: text };
  const short = n.tag.slice(TAG_PREFIX.length);
  switch (short) {
    case 'binary':
      return { kind: 'str', value: Buffer.from(text.replace(/\s+/g, ''), 'base64').toString('utf8') };
    case 'int':
    case 'float':
    case 'bool':
    case 'null':
    case 'timestamp': {
      const r = resolvePlain(text);
      // Only an untagged or !!timestamp scalar is tried as a timestamp.
      const got = r.kind === 'timestamp' && short !== 'timestamp' ? 'str' : r.kind;
      if (got === short) return r.kind === 'timestamp' ? { kind: 'str', value: text } : r;
      if (short === 'float' && r.kind === 'int') return { kind: 'float', value: Number(r.value) };
      throw new GoError(`yaml: cannot decode !!${got} \`${text}\` as a !!${short}`);
    }
    default:
      return { kind: 'str', value: text };
  }
}
