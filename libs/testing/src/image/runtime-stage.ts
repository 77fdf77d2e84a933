import { posix } from 'node:path';

/** One COPY of the image's runtime stage: from the build context, or from an earlier stage's filesystem. */
export interface RuntimeCopy {
  /** The stage it copies from (COPY --from=…), undefined for the build context. */
  fromStage: string | undefined;
  /** Where the file or folder is in the repository (the build context, or a stage that copied the context). */
  repositoryPath: string;
  /** Where it lands, relative to the runtime stage's WORKDIR. */
  imagePath: string;
}

export interface RuntimeStage {
  baseImage: string;
  workdir: string;
  user: string | undefined;
  env: Record<string, string>;
  copies: RuntimeCopy[];
  cmd: string[];
  stopSignal: string | undefined;
  /** The RUN commands of every earlier stage, to check how the image is built (npm ci, not npm install). */
  buildRuns: string[];
}

interface Instruction {
  keyword: string;
  argument: string;
}

/** Instructions with continuation lines joined and comments dropped. */
function instructions(dockerfile: string): Instruction[] {
  const joined = dockerfile
    .split('\n')
    .filter((line) => !/^\s*#/.test(line))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return joined
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), argument: rest.join(' ') };
    });
}

function substitute(value: string, args: Record<string, string>): string {
  return value.replace(/\$\{(\w+)\}|\$(\w+)/g, (whole, braced?: string, bare?: string) => args[braced ?? bare ?? ''] ?? whole);
}

/** `K=V K2=V2` (the only ENV form Ferry's Dockerfile uses; quotes are not handled and refused). */
function keyValues(argument: string): Record<string, string> {
  if (/["']/.test(argument) || !argument.includes('=')) throw new Error(`unsupported ENV/ARG form: ${argument}`);
  return Object.fromEntries(argument.split(/\s+/).map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

/**
 * Reads what the last stage of a Dockerfile puts in the image, and where each copied file comes from in the
 * repository. A stage that copies from another stage is traced back through that stage's `COPY . .` into its
 * WORKDIR: `--from=build /ferry/dist` is the repository's dist/ (built there by the same build script). Anything
 * it cannot trace (ADD, globs, a stage that never copied the context) is an error rather than a guess.
 */
export function parseRuntimeStage(dockerfile: string): RuntimeStage {
  const globalArgs: Record<string, string> = {};
  const stages: { name: string | undefined; workdir: string; copiesContext: boolean; instructions: Instruction[]; from: string }[] = [];
  for (const instruction of instructions(dockerfile)) {
    if (instruction.keyword === 'FROM') {
      const [image = '', as, name] = instruction.argument.split(/\s+/);
      stages.push({
        name: as?.toUpperCase() === 'AS' ? name : undefined,
        workdir: '/',
        copiesContext: false,
        instructions: [],
        from: substitute(image, globalArgs),
      });
    } else if (stages.length === 0) {
      if (instruction.keyword === 'ARG') Object.assign(globalArgs, keyValues(instruction.argument));
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  const runtime = stages.at(-1);
  if (!runtime) throw new Error('the Dockerfile has no FROM');

  const stageArgs: Record<string, string> = {};
  const result: RuntimeStage = {
    baseImage: runtime.from,
    workdir: '/',
    user: undefined,
    env: {},
    copies: [],
    cmd: [],
    stopSignal: undefined,
    buildRuns: [],
  };
  for (const stage of stages) {
    for (const { keyword, argument } of stage.instructions) {
      if (keyword === 'WORKDIR') stage.workdir = posix.resolve(stage.workdir, argument);
      if (stage !== runtime) {
        if (keyword === 'RUN') result.buildRuns.push(argument);
        if (keyword === 'COPY' && /^\.\s+\.$/.test(argument)) stage.copiesContext = true;
        continue;
      }
      switch (keyword) {
        case 'WORKDIR':
          result.workdir = stage.workdir;
          break;
        case 'ENV':
          Object.assign(result.env, keyValues(substitute(argument, { ...result.env, ...stageArgs })));
          break;
        case 'ARG':
          Object.assign(stageArgs, keyValues(argument));
          break;
        case 'USER':
          result.user = argument;
          break;
        case 'STOPSIGNAL':
          result.stopSignal = argument;
          break;
        case 'CMD':
          result.cmd = JSON.parse(argument) as string[];
          break;
        case 'COPY':
          result.copies.push(traceCopy(argument, stage.workdir, stages));
          break;
        case 'ADD':
          throw new Error(`ADD is not traced by the image smoke test; use COPY: ADD ${argument}`);
      }
    }
  }
  return result;
}

function traceCopy(
  argument: string,
  workdir: string,
  stages: { name: string | undefined; workdir: string; copiesContext: boolean }[],
): RuntimeCopy {
  const words = argument.split(/\s+/);
  const flags = words.filter((word) => word.startsWith('--'));
  const paths = words.filter((word) => !word.startsWith('--'));
  if (paths.length !== 2) throw new Error(`COPY with one source and one destination expected: COPY ${argument}`);
  const [source = '', destination = ''] = paths;
  if (/[*?[]/.test(source)) throw new Error(`COPY with a wildcard is not traced: COPY ${argument}`);
  const fromStage = flags.find((flag) => flag.startsWith('--from='))?.slice('--from='.length);
  const imagePath = posix.relative(workdir, posix.resolve(workdir, destination));
  if (fromStage === undefined) return { fromStage, repositoryPath: posix.normalize(source).replace(/^\/+/, ''), imagePath };
  const stage = stages.find((candidate) => candidate.name === fromStage);
  if (!stage?.copiesContext) throw new Error(`COPY --from=${fromStage}: that stage does not copy the build context (COPY . .)`);
  const absolute = posix.resolve(stage.workdir, source);
  if (!absolute.startsWith(`${stage.workdir}/`)) throw new Error(`COPY --from=${fromStage} ${source}: outside the stage's WORKDIR`);
  return { fromStage, repositoryPath: posix.relative(stage.workdir, absolute), imagePath };
}
