/** One instruction of a Dockerfile, continuation lines joined. */
export interface Instruction {
  readonly keyword: string;
  readonly args: string;
}

export interface Copy {
  /** The stage named by `--from=`, or undefined for the build context. */
  readonly from: string | undefined;
  readonly sources: readonly string[];
  readonly dest: string;
}

export interface Stage {
  readonly image: string;
  readonly name: string | undefined;
  /** The last WORKDIR of the stage, `/` when none. */
  readonly workdir: string;
  readonly instructions: readonly Instruction[];
  readonly copies: readonly Copy[];
  readonly runs: readonly string[];
  /** ENV of the stage (`KEY=value` pairs; ${…} references are left as they are). */
  readonly env: Readonly<Record<string, string>>;
  /** The args of the last instruction with this keyword, if any. */
  last(keyword: string): string | undefined;
}

function parseCopy(args: string): Copy {
  const words = args.split(/\s+/).filter(Boolean);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
  const dest = paths.pop();
  if (!dest || paths.length === 0) throw new Error(`COPY needs a source and a destination: ${args}`);
  return { from, sources: paths, dest };
}

function parseEnv(args: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("[^"]*"|\S*)/g)) {
    env[match[1]!] = match[2]!.replace(/^"|"$/g, '');
  }
  return env;
}

/** Splits a Dockerfile into its stages; enough of the syntax for this repository's file. */
export function parseDockerfile(text: string): Stage[] {
  const instructions: Instruction[] = [];
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (pending === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.startsWith('#')) continue;
    if (line.endsWith('\\')) {
      pending += `${line.slice(0, -1)} `;
      continue;
    }
    const whole = (pending + line).trim();
    pending = '';
    const space = whole.search(/\s/);
    instructions.push({ keyword: whole.slice(0, space).toUpperCase(), args: whole.slice(space + 1).trim() });
  }

  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.args.split(/\s+/);
      const own: Instruction[] = [];
      stages.push({
        image,
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        get workdir() {
          return own.filter((i) => i.keyword === 'WORKDIR').at(-1)?.args ?? '/';
        },
        instructions: own,
        get copies() {
          return own.filter((i) => i.keyword === 'COPY').map((i) => parseCopy(i.args));
        },
        get runs() {
          return own.filter((i) => i.keyword === 'RUN').map((i) => i.args);
        },
        get env() {
          return Object.assign({}, ...own.filter((i) => i.keyword === 'ENV').map((i) => parseEnv(i.args)));
        },
        last: (keyword) => own.filter((i) => i.keyword === keyword).at(-1)?.args,
      });
    } else {
      const stage = stages.at(-1);
      if (!stage) continue; // ARG before the first FROM
      (stage.instructions as Instruction[]).push(instruction);
    }
  }
  return stages;
}
