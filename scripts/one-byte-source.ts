import { transform } from 'esbuild';

const nonAscii = /[\u0080-\u{10ffff}]/gu;

/** The chunk as esbuild reads it back with whitespace and comments gone: equal means the same program. */
async function tokens(code: string, file: string): Promise<string> {
  const result = await transform(code, {
    loader: 'js',
    format: 'esm',
    minifyWhitespace: true,
    legalComments: 'none',
    sourcefile: file,
  });
  return result.code;
}

/**
 * Writes every non-ASCII character in a chunk as the text of its escape, `\u{2014}`.
 *
 * Why: V8 keeps a script's source for as long as the script lives (its lazy functions compile
 * from it), one byte a character, unless the string was made with two: then every character
 * takes two. esbuild escapes non-ASCII characters in strings, regular expressions and names (its
 * default charset) but writes comments as they are, and a dependency's comment with one em dash
 * (or, through Node's module loader, even one `¥`) made the 1.5 MB server chunk a 3 MB string in
 * every pod (README, "Performance").
 *
 * Such a character can then only be in a comment, where the escape is just text. The build checks
 * that: a chunk whose program changed fails it.
 */
export async function oneByteSource(code: string, file = 'bundle'): Promise<string> {
  const narrowed = code.replace(nonAscii, (char) => `\\u{${char.codePointAt(0)?.toString(16)}}`);
  if (narrowed === code) return code;
  if ((await tokens(narrowed, file)) !== (await tokens(code, file)))
    throw new Error(`${file}: a non-ASCII character outside a comment; esbuild's output changed`);
  return narrowed;
}
