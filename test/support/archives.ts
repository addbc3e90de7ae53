// Chart archives built entry by entry, for tests of untrusted input (traversal, links, sizes).
import { gzipSync } from 'node:zlib';
import * as tar from 'tar-stream';

export interface TarEntry {
  name: string;
  data?: string | Buffer;
  type?: 'file' | 'symlink' | 'link' | 'directory' | 'character-device';
  linkname?: string;
}

export function buildTgz(entries: TarEntry[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const pack = tar.pack();
    const chunks: Buffer[] = [];
    pack.on('data', (c: unknown) => chunks.push(c as Buffer));
    pack.on('end', () => resolve(gzipSync(Buffer.concat(chunks))));
    pack.on('error', reject);
    for (const e of entries) {
      const type = e.type ?? 'file';
      if (type === 'file') pack.entry({ name: e.name, mtime: new Date(0) }, typeof e.data === 'string' ? Buffer.from(e.data) : (e.data ?? Buffer.alloc(0)));
      else pack.entry({ name: e.name, type, linkname: e.linkname, size: 0, mtime: new Date(0) });
    }
    pack.finalize();
  });
}

/** A minimal valid chart archive. */
export function chartTgz(name: string, version: string, extra: TarEntry[] = []): Promise<Buffer> {
  return buildTgz([
    { name: `${name}/Chart.yaml`, data: `apiVersion: v2\nname: ${name}\nversion: ${version}\ndescription: a test chart\n` },
    { name: `${name}/values.yaml`, data: 'greeting: hello\n' },
    { name: `${name}/templates/cm.yaml`, data: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  greeting: {{ .Values.greeting | quote }}\n  version: {{ .Chart.Version | quote }}\n' },
    ...extra,
  ]);
}

/** The archives an attacker would send: each must be refused. */
export async function maliciousArchives(): Promise<Record<string, Buffer>> {
  const chart = { name: 'evil/Chart.yaml', data: 'apiVersion: v2\nname: evil\nversion: 1.0.0\n' };
  return {
    traversal: await buildTgz([chart, { name: 'evil/../../../etc/evil', data: 'x' }]),
    'absolute path': await buildTgz([chart, { name: 'evil//etc/passwd', data: 'x' }]),
    'symbolic link': await buildTgz([chart, { name: 'evil/templates/x.yaml', type: 'symlink', linkname: '/etc/passwd' }]),
    'hard link': await buildTgz([chart, { name: 'evil/templates/x.yaml', type: 'link', linkname: 'evil/Chart.yaml' }]),
    'too large when decompressed': await buildTgz([chart, { name: 'evil/big.txt', data: Buffer.alloc(6 * 1024 * 1024) }]),
    'not a chart': await buildTgz([{ name: 'x/readme.txt', data: 'hello' }]),
    'not gzip': Buffer.from('this is not an archive at all'),
  };
}
