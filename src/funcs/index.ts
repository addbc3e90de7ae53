// The template function map of helm 4.1.4: sprig's text functions (without env/expandenv) with
// Helm's own functions over them. Engine-bound functions (include, tpl, required, fail, lookup)
// are added by src/engine, since they close over the template set being rendered.
import type { GoFunction } from '../gotemplate/value.js';
import { conversionFuncs } from './conversion.js';
import { cryptoFuncs } from './crypto.js';
import { dateFuncs } from './dates.js';
import { defaultFuncs } from './defaults.js';
import { dictFuncs } from './dicts.js';
import { encodingFuncs } from './encoding.js';
import { listFuncs } from './lists.js';
import { mathFuncs } from './math.js';
import { dnsNetworkFuncs, networkFuncs } from './network.js';
import { pathFuncs } from './paths.js';
import { randomFuncs } from './random.js';
import { reflectionFuncs } from './reflection.js';
import { regexFuncs } from './regex.js';
import { semverFuncs } from './semver.js';
import { serializationFuncs } from './serialization.js';
import { stringFuncs } from './strings.js';
import { urlFuncs } from './urls.js';

// Later families win on a shared name, as Helm's map entries replace sprig's.
const SPRIG_FAMILIES: readonly (readonly GoFunction[])[] = [
  stringFuncs,
  listFuncs,
  dictFuncs,
  defaultFuncs,
  conversionFuncs,
  mathFuncs,
  reflectionFuncs,
  regexFuncs,
  pathFuncs,
  urlFuncs,
  semverFuncs,
  cryptoFuncs,
  encodingFuncs,
  dateFuncs,
  randomFuncs,
];

export interface FuncMapOptions {
  /** helm's --enable-dns: getHostByName resolves names instead of returning "". */
  enableDns?: boolean;
}

const cache = new Map<boolean, ReadonlyMap<string, GoFunction>>();

/** The function map shared by every render (immutable; callers add engine functions to a copy). */
export function sprigFuncs(options: FuncMapOptions = {}): ReadonlyMap<string, GoFunction> {
  const dns = options.enableDns === true;
  let funcs = cache.get(dns);
  if (!funcs) {
    const map = new Map<string, GoFunction>();
    for (const family of [...SPRIG_FAMILIES, serializationFuncs, dns ? dnsNetworkFuncs : networkFuncs]) {
      for (const f of family) map.set(f.name, f);
    }
    funcs = map;
    cache.set(dns, funcs);
  }
  return funcs;
}
