// The reference helm binaries as test oracles (provisioned by scripts/provision-helm.sh).
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
export function helmBinary(version = '4.1.4') {
    const cache = process.env.CAPSTAN_CACHE ?? join(homedir(), '.cache', 'capstan');
    const bin = join(cache, 'helm', version, 'helm');
    if (!existsSync(bin))
        throw new Error(`helm ${version} is not provisioned at ${bin}: run scripts/provision-helm.sh`);
    return bin;
}
/** Runs a command without a shell; never rejects (the exit status is in the result). */
export function run(cmd, args, options = {}) {
    return new Promise((resolve) => {
        const child = execFile(cmd, args, { cwd: options.cwd, env: options.env ?? helmEnv(), maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' }, (err, stdout, stderr) => {
            const code = err ? (typeof err.code === 'number' ? (err.code) : 1) : 0;
            resolve({ code, stdout, stderr });
        });
        if (options.input !== undefined)
            child.stdin?.end(options.input);
        else
            child.stdin?.end();
    });
}
/** An environment for helm that cannot see the developer's kubeconfig, repositories or plugins. */
export function helmEnv() {
    const home = join(tmpdir(), 'capstan-helm-home');
    return {
        PATH: process.env.PATH,
        HOME: home,
        KUBECONFIG: join(home, 'no-kubeconfig'),
        HELM_CACHE_HOME: join(home, 'cache'),
        HELM_CONFIG_HOME: join(home, 'config'),
        HELM_DATA_HOME: join(home, 'data'),
        TZ: 'UTC',
    };
}
export function helm(args, version = '4.1.4', cwd) {
    return run(helmBinary(version), args, { cwd });
}
export function writeChart(dir, files) {
    for (const [path, content] of Object.entries(files)) {
        const full = join(dir, path);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, content);
    }
}
/** Creates a temporary chart directory; the caller removes it with removeTemp. */
export function tempChart(files, name = 'fixture') {
    const root = mkdtempSync(join(tmpdir(), 'capstan-chart-'));
    const dir = join(root, name);
    writeChart(dir, { 'Chart.yaml': `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n`, ...files });
    return dir;
}
export function removeTemp(chartDir) {
    rmSync(dirname(chartDir), { recursive: true, force: true });
}
/**
 * Renders template snippets with helm, each as its own template file of one chart, and returns each
 * snippet's raw rendered text (not required to be YAML: `--debug` makes helm print it anyway) or,
 * when the snippet fails, helm's first error line. `values` is the chart's values.yaml text.
 */
export async function helmRenderSnippets(cases, values = '', version = '4.1.4') {
    const results = new Map();
    if (cases.length === 0)
        return results;
    const batch = await renderBatch(cases, values, version);
    if (batch)
        return batch;
    // Some snippet failed and helm rendered nothing: render each alone to learn which and why.
    const pending = [...cases];
    const workers = Array.from({ length: 4 }, async () => {
        for (let c = pending.shift(); c; c = pending.shift()) {
            const one = await renderBatch([c], values, version);
            results.set(c.name, one.get(c.name));
        }
    });
    await Promise.all(workers);
    return results;
    async function renderBatch(batchCases, valuesText, v) {
        const files = { 'values.yaml': valuesText };
        for (const c of batchCases)
            files[`templates/${c.name}`] = c.template;
        const dir = tempChart(files, 'snip');
        try {
            const res = await helm(['template', 'rel', dir, '--namespace', 'ns1', '--debug'], v);
            const parsed = parseDebugOutput(res.stdout, 'snip/templates/');
            if (res.code !== 0 && parsed.size === 0) {
                // A single case that fails is the answer; a failing batch must be split to find the culprit.
                return batchCases.length === 1 ? new Map([[batchCases[0].name, { error: firstErrorLine(res.stderr) }]]) : undefined;
            }
            const out = new Map();
            for (const c of batchCases)
                out.set(c.name, { output: parsed.get(c.name) ?? '' });
            return out;
        }
        finally {
            removeTemp(dir);
        }
    }
}
/** Splits `helm template --debug` output into template path → content (without the trailing newline helm adds). */
export function parseDebugOutput(stdout, prefix) {
    const out = new Map();
    const marker = /^---\n# Source: (.*)\n/gm;
    const heads = [...stdout.matchAll(marker)];
    heads.forEach((m, i) => {
        const start = m.index + m[0].length;
        const end = i + 1 < heads.length ? heads[i + 1].index : stdout.length;
        let body = stdout.slice(start, end);
        if (body.endsWith('\n'))
            body = body.slice(0, -1);
        const path = m[1];
        if (path.startsWith(prefix))
            out.set(path.slice(prefix.length), body);
    });
    return out;
}
/** The first line of helm's error output, without the `Error: ` prefix and debug log lines. */
export function firstErrorLine(stderr) {
    const line = stderr.split('\n').find((l) => l.startsWith('Error: ')) ?? stderr.split('\n').find((l) => l.trim() !== '') ?? '';
    return line.replace(/^Error: /, '');
}
