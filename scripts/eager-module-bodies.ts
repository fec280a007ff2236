/**
 * Rewrites esbuild's wrapper of each bundled CommonJS module, `"path"(exports, module) { … }`,
 * into a parenthesised function expression, `"path": (function(exports, module) { … })`.
 *
 * Why: V8 compiles a method lazily, on its first call, and Node's compile cache
 * (NODE_COMPILE_CACHE, which the image fills) holds only the code V8 had compiled when it compiled
 * the file. So every start compiled the body of every required CommonJS module again (Express,
 * pg, prom-client and their dependencies: ~300 wrappers), 17–27 ms of a ~230 ms cold start here
 * (paired runs, README "Performance"). A function expression in parentheses is one V8 compiles with its file
 * (its heuristic for code that is about to be called), so its code is in the cache. Only the
 * bodies change, not the functions inside them, which stay lazy.
 *
 * The build fails rather than ship a bundle where some wrappers were missed: a newer esbuild that
 * writes them differently must be looked at, not silently lose the start-up it bought.
 */
const wrapperCall = /^var [\w$]+ = __(?:commonJS|esm)\(\{$/;
const wrapperMethod = /^ {2}("(?:[^"\\\n]|\\.)*")\(([\w$, ]*)\) \{$/;
/** esbuild indents a module's body by four spaces, so its wrapper's end is the first of these lines. */
const wrapperEnd = ['  }', '});'] as const;

export function eagerModuleBodies(code: string, file = 'bundle'): string {
  const lines = code.split('\n');
  const calls = lines.filter((line) => wrapperCall.test(line)).length;
  let openedAt = -1;
  let wrapped = 0;
  for (let i = 1; i < lines.length; i++) {
    const method = openedAt < 0 && wrapperCall.test(lines[i - 1]!) ? wrapperMethod.exec(lines[i]!) : null;
    if (method) {
      lines[i] = `  ${method[1]}: (function(${method[2]}) {`;
      openedAt = i;
    } else if (openedAt >= 0 && lines[i] === wrapperEnd[0] && lines[i + 1] === wrapperEnd[1]) {
      lines[i] = '  })';
      openedAt = -1;
      wrapped++;
    }
  }
  if (openedAt >= 0)
    throw new Error(`${file}:${openedAt + 1}: a module wrapper has no end where one was expected`);
  if (wrapped !== calls)
    throw new Error(`${file}: rewrote ${wrapped} of ${calls} module wrappers; esbuild's output changed`);
  return lines.join('\n');
}
