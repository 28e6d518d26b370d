/**
 * `coiled-byoc init aws|gcp [dir]`: writes a complete, minimal app (see scaffold.ts) and says what
 * to run next. Never overwrites: if any file it would write exists, it writes nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Command, Io } from './io';
import { SCAFFOLD_STACK, ScaffoldCloud, appNameFor, scaffoldFiles } from './scaffold';
import { SCAFFOLD_VERSIONS } from './scaffold-versions';
import { packageVersion } from './version';
import { CoiledByocError } from '../core/errors';
import { checkWorkspaceName } from '../core/naming';

const USAGE = `usage: coiled-byoc init aws|gcp [dir] [--workspace <name>] [--project <id>] [--region <region>]

  Writes a new app into <dir> (default: the current directory): package.json with versions that
  work together, tsconfig.json, cdk.json (aws) or cdktf.json (gcp), main.ts, README.md, .gitignore.
  Refuses to overwrite any file.
    --workspace  your Coiled workspace slug (default: my-team)
    --project    gcp: the project id (default: main.ts reads GOOGLE_CLOUD_PROJECT)
    --region     gcp: the region (default: us-east1)`;

interface InitArgs {
  readonly cloud: ScaffoldCloud;
  readonly dir: string;
  readonly workspace: string;
  readonly project?: string;
  readonly region: string;
}

const OPTIONS = ['--workspace', '--project', '--region'] as const;

/** The parsed arguments, or the one-line problem with them. */
function parseArgs(args: string[]): InitArgs | string {
  const positional: string[] = [];
  const values: Partial<Record<(typeof OPTIONS)[number], string>> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const [flag, inline] = arg.startsWith('--') ? (arg.split(/=(.*)/s) as [string, string | undefined]) : [arg, undefined];
    if ((OPTIONS as readonly string[]).includes(flag)) {
      const value = inline ?? args[++i];
      if (value === undefined || value === '') return `${flag} needs a value`;
      values[flag as (typeof OPTIONS)[number]] = value;
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option ${arg}`;
    } else {
      positional.push(arg);
    }
  }
  const [cloud, dir, ...extra] = positional;
  if (cloud !== 'aws' && cloud !== 'gcp') return cloud === undefined ? 'say which cloud: aws or gcp' : `unknown cloud "${cloud}": aws or gcp`;
  if (extra.length > 0) return `one directory only (got ${positional.slice(1).join(', ')})`;
  if (cloud === 'aws' && (values['--project'] || values['--region'])) return '--project and --region are for gcp; an AWS app deploys to the account and region of your AWS credentials';
  return { cloud, dir: dir ?? '.', workspace: values['--workspace'] ?? 'my-team', project: values['--project'], region: values['--region'] ?? 'us-east1' };
}

export const initCommand: Command = {
  name: 'init',
  summary: 'write a new app (aws or gcp) with pinned versions that work together',
  usage: USAGE,
  run(args: string[], io: Io): number {
    const parsed = parseArgs(args);
    if (typeof parsed === 'string') {
      io.err(`coiled-byoc init: ${parsed}\n\n${USAGE}`);
      return 2;
    }
    try {
      checkWorkspaceName({ path: 'coiled-byoc init', isUnresolved: () => false, warn: () => undefined }, parsed.workspace);
    } catch (e) {
      if (e instanceof CoiledByocError) {
        io.err(`coiled-byoc init: --workspace: ${e.message}`);
        return 2;
      }
      throw e;
    }

    const dir = path.resolve(parsed.dir);
    const files = scaffoldFiles({
      cloud: parsed.cloud,
      appName: appNameFor(path.basename(dir)),
      coiledByocRange: `^${packageVersion()}`,
      workspaceName: parsed.workspace,
      projectId: parsed.project,
      region: parsed.region,
    });
    const existing = Object.keys(files).filter((f) => fs.existsSync(path.join(dir, f)));
    if (existing.length > 0) {
      io.err(`coiled-byoc init: ${dir} already has ${existing.join(', ')}; nothing was written. Choose a new directory: coiled-byoc init ${parsed.cloud} <new-dir>`);
      return 1;
    }
    if (fs.existsSync(dir) && !fs.statSync(dir).isDirectory()) {
      io.err(`coiled-byoc init: ${dir} is a file, not a directory`);
      return 1;
    }
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, content] of Object.entries(files)) {
      // 'wx' fails if the file appeared since the check: never overwrite.
      fs.writeFileSync(path.join(dir, file), content, { flag: 'wx' });
    }

    const cd = parsed.dir === '.' ? '' : `cd ${parsed.dir}\n  `;
    const next =
      parsed.cloud === 'aws'
        ? `${cd}npm install\n  npx cdk synth -c coiledExternalId=<external id from Coiled's AWS setup form>\n  npx cdk deploy -c coiledExternalId=<external id> --outputs-file out.json\n  npx coiled-byoc handoff out.json`
        : `${cd}npm install\n  ${parsed.project ? '' : 'GOOGLE_CLOUD_PROJECT=<project id> '}npm run synth\n  terraform -chdir=cdktf.out/stacks/${SCAFFOLD_STACK.gcp} init && terraform -chdir=cdktf.out/stacks/${SCAFFOLD_STACK.gcp} apply\n  terraform -chdir=cdktf.out/stacks/${SCAFFOLD_STACK.gcp} output -json > out.json\n  npx coiled-byoc handoff out.json`;
    const versions =
      parsed.cloud === 'aws'
        ? `aws-cdk-lib ${SCAFFOLD_VERSIONS['aws-cdk-lib']}, CDK CLI ${SCAFFOLD_VERSIONS['aws-cdk']}`
        : `cdktf ${SCAFFOLD_VERSIONS.cdktf}, @cdktf/provider-google ${SCAFFOLD_VERSIONS['@cdktf/provider-google']}`;
    io.out(`Wrote a Coiled ${parsed.cloud.toUpperCase()} app (${versions}, TypeScript ${SCAFFOLD_VERSIONS.typescript}) in ${dir}:\n  ${Object.keys(files).sort().join(' ')}\n\nNext (see README.md there):\n  ${next}`);
    return 0;
  },
};
