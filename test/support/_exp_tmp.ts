import { startRegistry } from './registry.js';
import { run, helmBinary, helmEnv, tempChart } from './helm.js';
const env = { ...helmEnv(), HELM_REGISTRY_CONFIG: '/tmp/regexp/regcfg2.json' };
const h = (args: string[]) => run(helmBinary(), args, { env, cwd: '/tmp/regexp' });
for (const kind of ['basic', 'token'] as const) {
  const reg = await startRegistry({ kind, users: { alice: 'secret' } });
  console.log(kind, (await h(['registry', 'login', reg.host, '-u', 'alice', '-p', 'wrong', '--plain-http'])).stderr);
  console.log(kind, (await h(['pull', `oci://${reg.host}/charts/demo`, '--version', '0.1.0', '--plain-http'])).stderr);
  console.log(kind, (await h(['push', '/tmp/regexp/demo-0.1.0.tgz', `oci://${reg.host}/charts`, '--plain-http'])).stderr);
  await reg.stop();
}
const reg = await startRegistry();
console.log((await h(['pull', `oci://${reg.host}/charts/demo`, '--version', '0.1.0', '--plain-http'])).stderr);
console.log((await h(['pull', `oci://${reg.host}/charts/demo`, '--plain-http'])).stderr);
console.log((await h(['push', '/tmp/regexp/demo-0.1.0.tgz', `oci://${reg.host}/charts`, '--plain-http'])).stderr);
console.log((await h(['pull', `oci://${reg.host}/charts/demo`, '--version', '9.9.9', '--plain-http'])).stderr);
console.log((await h(['pull', `oci://${reg.host}/charts/demo`, '--version', '^2', '--plain-http'])).stderr);
console.log((await h(['pull', `oci://${reg.host}/charts/demo:0.1.0`, '--version', '0.2.0', '--plain-http'])).stderr);
console.log((await h(['pull', `oci://${reg.host}/charts/Demo`, '--plain-http'])).stderr);
console.log((await h(['push', '/tmp/regexp/demo-0.1.0.tgz', `oci://${reg.host}/charts/x:1`, '--plain-http'])).stderr);
console.log((await h(['show', 'chart', `oci://${reg.host}/charts/demo`, '--plain-http'])).stdout);
await reg.stop();
console.log((await h(['pull', `oci://${reg.host}/charts/demo`, '--version', '0.1.0', '--plain-http'])).stderr);
console.log((await h(['registry', 'login', reg.host, '-u', 'alice', '-p', 'wrong', '--plain-http'])).stderr);
