import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eagerModuleBodies } from '../../scripts/eager-module-bodies.js';

let dir: string;
let bundled: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'eager-bodies-'));
  // A CommonJS module requiring another, and an ES module required from CommonJS (esbuild's __esm).
  writeFileSync(join(dir, 'leaf.cjs'), 'module.exports = { leaf: 2 };\n');
  writeFileSync(join(dir, 'esm-part.mjs'), 'export const esm = 3;\n');
  writeFileSync(
    join(dir, 'mid.cjs'),
    'const { leaf } = require("./leaf.cjs");\nconst { esm } = require("./esm-part.mjs");\nmodule.exports = { sum: 1 + leaf + esm };\n',
  );
  writeFileSync(join(dir, 'entry.mjs'), 'import mid from "./mid.cjs";\nconsole.log(JSON.stringify(mid));\n');
  const result = await build({
    entryPoints: [join(dir, 'entry.mjs')],
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
  });
  bundled = result.outputFiles[0]!.text;
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs a bundle and returns what it printed and V8's function events (compiles, lazy parses). */
function run(code: string, name: string): { stdout: string; lazilyParsed: string[] } {
  const file = join(dir, `${name}.mjs`);
  const log = join(dir, `${name}.v8.log`);
  writeFileSync(file, code);
  const stdout = execFileSync(
    process.execPath,
    ['--log-function-events', `--logfile=${log}`, '--no-logfile-per-isolate', file],
    { encoding: 'utf8' },
  );
  // "function,parse-function,<script>,<start>,<end>,<ms>,<µs>,<name>": compiled on its first call.
  const lazilyParsed = readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.startsWith('function,parse-function,'))
    .map((line) => line.split(',').slice(7).join(','))
    // esbuild names each wrapper by its module's path relative to the working directory.
    .map((name) => name.split('/').at(-1)!);
  return { stdout: stdout.trim(), lazilyParsed };
}

describe('eagerModuleBodies (scripts/build.mjs)', () => {
  it('when esbuild wraps CommonJS and required ES modules, then each wrapper becomes a parenthesised function and the bundle runs the same', () => {
    const eager = eagerModuleBodies(bundled);

    expect(eager.match(/^ {2}"[^"]+": \(function\((exports, module)?\) \{$/gm)).toHaveLength(3);
    expect(eager).not.toMatch(/^ {2}"[^"]+"\((exports, module)?\) \{$/m);
    expect(run(eager, 'eager').stdout).toBe('{"sum":6}');
  });

  it('when the rewritten bundle runs, then V8 compiles no module body on its first require, as it does for esbuild’s own output', () => {
    const wrappers = ['leaf.cjs', 'mid.cjs', 'esm-part.mjs'];

    const asBundled = run(bundled, 'as-bundled');
    const eager = run(eagerModuleBodies(bundled), 'eager');

    // What the compile cache misses: functions V8 compiles only when they are first called.
    expect(asBundled.lazilyParsed.filter((name) => wrappers.includes(name)).sort()).toEqual(wrappers.sort());
    expect(eager.lazilyParsed.filter((name) => wrappers.includes(name))).toEqual([]);
    expect(eager.stdout).toBe(asBundled.stdout);
  });

  it('when a wrapper has no end where esbuild puts it, then it fails naming the file and line', () => {
    const broken = 'var require_a = __commonJS({\n  "a.cjs"(exports, module) {\n    module.exports = 1;\n';

    expect(() => eagerModuleBodies(broken, 'chunk.js')).toThrow(
      'chunk.js:2: a module wrapper has no end where one was expected',
    );
  });

  it('when esbuild writes a wrapper in a form it does not know, then it fails instead of leaving it lazy', () => {
    const unknownForm = 'var require_a = __commonJS({\n  "a.cjs": function(exports, module) {\n  }\n});\n';

    expect(() => eagerModuleBodies(unknownForm, 'chunk.js')).toThrow(
      "chunk.js: rewrote 0 of 1 module wrappers; esbuild's output changed",
    );
  });
});
