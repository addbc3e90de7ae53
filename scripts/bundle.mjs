// Bundles the compiled CLI (dist/cli/main.js) and its dependencies into one CommonJS file,
// dist/bundle/capstan.cjs, which bin/capstan.js runs with a V8 code cache. A short `capstan
// template` spends most of its time starting: resolving and compiling a few hundred modules, then
// compiling each function it calls. One file removes the first cost; the code cache, written after
// a training run (so that it holds every function that run compiled), removes most of the second.
// Each module's import.meta.url stays the URL of its own file in dist/, so that URLs made from it
// (a worker importing a module by URL) name files that exist.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const BUNDLE = 'dist/bundle/capstan.cjs';
const DIST = resolve('dist');

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
  plugins: [importMetaPlugin],
  banner: {
    js:
      "const __capstanBundleUrl = require('node:url').pathToFileURL(__filename).href;\n" +
      "const __capstanResolve = (specifier) => require('node:url').pathToFileURL(require.resolve(specifier)).href;",
  },
  logLevel: 'warning',
});

// The training run: bin/capstan.js writes the code cache when there is none.
execFileSync(process.execPath, ['bin/capstan.js', 'template', 'training', 'examples/hello'], { stdio: 'ignore' });
