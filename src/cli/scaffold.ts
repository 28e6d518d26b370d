/**
 * The files of the app `coiled-byoc init` writes: a complete, minimal app per cloud, with the
 * versions of SCAFFOLD_VERSIONS pinned.
 */
import { SCAFFOLD_VERSIONS, ScaffoldPackage } from './scaffold-versions';

export type ScaffoldCloud = 'aws' | 'gcp';

export interface ScaffoldOptions {
  readonly cloud: ScaffoldCloud;
  /** npm package name of the app. */
  readonly appName: string;
  /** Version range of coiled-byoc the app depends on. */
  readonly coiledByocRange: string;
  readonly workspaceName: string;
  /** GCP: the project; when absent, main.ts reads GOOGLE_CLOUD_PROJECT. */
  readonly projectId?: string;
  /** GCP: the region. */
  readonly region: string;
}

/** The name of the stack each app defines (CDK stack name / cdktf stack directory). */
export const SCAFFOLD_STACK = { aws: 'Coiled', gcp: 'coiled' } as const;

/** The runner every init app uses for main.ts (see SCAFFOLD_VERSIONS.sucrase). */
export const RUN_MAIN = 'node --require sucrase/register/ts main.ts';

function pinned(names: ScaffoldPackage[]): Record<string, string> {
  return Object.fromEntries(names.map((n) => [n, SCAFFOLD_VERSIONS[n]]));
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** An npm package name made from a directory name. */
export function appNameFor(dirName: string): string {
  const name = dirName.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^[._-]+|[-.]+$/g, '');
  return name === '' ? 'coiled-workspace' : name.slice(0, 214);
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'node16',
    moduleResolution: 'node16',
    lib: ['es2022'],
    types: ['node'],
    strict: true,
    noEmit: true,
    esModuleInterop: true,
    forceConsistentCasingInFileNames: true,
  },
  include: ['*.ts'],
};

function awsMain(o: ScaffoldOptions): string {
  return `// A Coiled workspace in your AWS account. Deploy: see README.md.
// Every option: node_modules/coiled-byoc/API.md (CoiledWorkspaceProps).
import { App } from 'aws-cdk-lib';
import { aws, Ingress } from 'coiled-byoc/aws';

const app = new App();

new aws.CoiledWorkspaceStack(app, '${SCAFFOLD_STACK.aws}', {
  // Your Coiled workspace (its slug, from Coiled's workspace settings). The VM role and instance
  // profile are named coiled-<workspace>, the log group <workspace>.
  workspaceName: ${JSON.stringify(o.workspaceName)},

  // The external ID from Coiled's AWS role setup form. It is never written in a file: give it on
  // the command line (npx cdk deploy -c coiledExternalId=<id>) or as COILED_EXTERNAL_ID=<id>.
  externalId: aws.ExternalId.fromContext(app),

  // Who may reach the scheduler. Default: TCP 443, 8786 and 8787 from anywhere, as Coiled does
  // (protected by TLS and Coiled's authentication); synth warns about it. Narrow it to your clients:
  // ingress: [Ingress.coiledDefault('203.0.113.0/24'), Ingress.classicDask('10.8.0.0/16')],

  // VMs without public IPs, egress through NAT (INSTANCE ~$7.36/month, GATEWAY ~$36.50/month):
  // network: aws.CoiledNetwork.privateSubnets({ natType: aws.NatType.INSTANCE }),
  // Or a VPC you already have:
  // network: aws.CoiledNetwork.existing({ vpcId: 'vpc-0123456789abcdef0', subnetIds: ['subnet-0123456789abcdef0'] }),

  // VPC flow logs to CloudWatch Logs (charged per GB ingested):
  // flowLogs: true,
});

app.synth();
`;
}

function gcpMain(o: ScaffoldOptions): string {
  const project = o.projectId
    ? ''
    : `// The project to build in, read the way gcloud and Google's libraries read it.
const projectId = process.env.GOOGLE_CLOUD_PROJECT;
if (!projectId) {
  console.error('Set GOOGLE_CLOUD_PROJECT to the GCP project to build in, e.g. GOOGLE_CLOUD_PROJECT=my-project-123456 npm run synth');
  process.exit(1);
}

`;
  return `// A Coiled workspace in your GCP project. Deploy: see README.md.
// Every option: node_modules/coiled-byoc/API.md (CoiledGcpWorkspaceProps).
import { App } from 'cdktf';
import { gcp, Ingress } from 'coiled-byoc/gcp';

${project}const app = new App();

new gcp.CoiledGcpStack(app, '${SCAFFOLD_STACK.gcp}', {
  projectId${o.projectId ? `: ${JSON.stringify(o.projectId)}` : ''},
  region: ${JSON.stringify(o.region)},
  // Your Coiled workspace (its slug, from Coiled's workspace settings). Service accounts, roles and
  // the network are named after it (coiled-<workspace>, coiled-<workspace>-data, ...).
  workspaceName: ${JSON.stringify(o.workspaceName)},

  // Coiled's own fixed names (service accounts coiled and coiled-data, roles coiled and
  // coiled_data): one workspace per project.
  // namePrefix: 'coiled',

  // Who may reach the scheduler. Default: TCP 443, 8786 and 8787 from anywhere, as Coiled does
  // (protected by TLS and Coiled's authentication); synth warns about it. Narrow it to your clients:
  // ingress: [Ingress.coiledDefault('203.0.113.0/24'), Ingress.classicDask('10.8.0.0/16')],

  // VMs without external IPs: Cloud Router + Cloud NAT, Private Google Access:
  // network: gcp.CoiledGcpNetwork.privateSubnet(),
  // Or a network you already have:
  // network: gcp.CoiledGcpNetwork.existing({ network: 'shared-vpc', subnetwork: 'coiled' }),
});

app.synth();
`;
}

function awsReadme(o: ScaffoldOptions): string {
  return `# ${o.appName}

A [Coiled](https://coiled.io) workspace in your AWS account, built with
[coiled-byoc](https://www.npmjs.com/package/coiled-byoc) and the AWS CDK
(aws-cdk-lib ${SCAFFOLD_VERSIONS['aws-cdk-lib']}, CDK CLI ${SCAFFOLD_VERSIONS['aws-cdk']}, pinned in package.json).

Edit \`main.ts\` (the workspace name and the commented options), then:

\`\`\`bash
npm install
npm test                                                    # type check
npx cdk synth -c coiledExternalId=<external id>             # prints the template and our warnings
npx cdk bootstrap                                           # once per account and region
npx cdk deploy -c coiledExternalId=<external id> --outputs-file out.json
npx coiled-byoc handoff out.json                            # what to give Coiled
\`\`\`

The external ID comes from Coiled's AWS role setup form (or \`export COILED_EXTERNAL_ID=<id>\`
instead of \`-c\`). The hand-off prints the role ARN and external ID for that form, the
Infrastructure tab's values and a \`coiled.yaml\` fragment.
`;
}

function gcpReadme(o: ScaffoldOptions): string {
  const env = o.projectId ? '' : 'GOOGLE_CLOUD_PROJECT=<project id> ';
  const dir = `cdktf.out/stacks/${SCAFFOLD_STACK.gcp}`;
  return `# ${o.appName}

A [Coiled](https://coiled.io) workspace in your GCP project, built with
[coiled-byoc](https://www.npmjs.com/package/coiled-byoc) and CDK for Terraform
(cdktf ${SCAFFOLD_VERSIONS.cdktf}, @cdktf/provider-google ${SCAFFOLD_VERSIONS['@cdktf/provider-google']}, pinned in package.json).

Edit \`main.ts\` (the workspace name and the commented options), then synthesize the Terraform
JSON and apply it with Terraform (or OpenTofu):

\`\`\`bash
npm install
npm test                                                    # type check
${env}npm run synth    # writes ${dir}/cdk.tf.json, prints our warnings
terraform -chdir=${dir} init
terraform -chdir=${dir} apply
terraform -chdir=${dir} output -json > out.json
npx coiled-byoc handoff out.json                            # what to give Coiled
\`\`\`

Terraform state is local (in ${dir}); for a team, give the stack a remote backend (cdktf's
\`GcsBackend\`) before the first apply. No service-account key is created: the hand-off prints
the \`gcloud\` command that makes one, for you to upload to Coiled.
`;
}

/** Every file of the app, by path relative to the app's directory. */
export function scaffoldFiles(o: ScaffoldOptions): Record<string, string> {
  const aws = o.cloud === 'aws';
  const packageJson = {
    name: o.appName,
    version: '0.1.0',
    private: true,
    description: `A Coiled workspace on ${aws ? 'AWS' : 'GCP'}, built with coiled-byoc`,
    scripts: aws
      ? { synth: 'cdk synth', deploy: 'cdk deploy --outputs-file out.json', handoff: 'coiled-byoc handoff out.json', test: 'tsc' }
      : { synth: RUN_MAIN, handoff: 'coiled-byoc handoff out.json', test: 'tsc' },
    dependencies: {
      'coiled-byoc': o.coiledByocRange,
      ...pinned(aws ? ['aws-cdk-lib', 'constructs'] : ['cdktf', '@cdktf/provider-google', 'constructs']),
    },
    devDependencies: pinned(aws ? ['aws-cdk', 'typescript', 'sucrase', '@types/node'] : ['typescript', 'sucrase', '@types/node']),
  };
  const files: Record<string, string> = {
    'package.json': json(packageJson),
    'tsconfig.json': json(TSCONFIG),
    'main.ts': aws ? awsMain(o) : gcpMain(o),
    'README.md': aws ? awsReadme(o) : gcpReadme(o),
    '.gitignore': ['node_modules/', aws ? 'cdk.out/' : 'cdktf.out/', ...(aws ? [] : ['.terraform/', '*.tfstate', '*.tfstate.*']), 'out.json', ''].join('\n'),
  };
  if (aws) {
    // CloudFormation's own checks fail the synth (not the deploy), as in the library's examples.
    files['cdk.json'] = json({ app: RUN_MAIN, context: { '@aws-cdk/core:validateAgainstDefaultRules': true } });
  } else {
    // For the cdktf CLI (`npx cdktf-cli@0.21 deploy`), which is optional: Terraform alone deploys.
    files['cdktf.json'] = json({ language: 'typescript', app: RUN_MAIN, terraformProviders: [], terraformModules: [], sendCrashReports: 'false', context: {} });
  }
  return files;
}
