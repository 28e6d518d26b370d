// The default workspace: Coiled's own template, done right. A new VPC with public subnets in two
// availability zones, the default scheduler ingress (443, 8786, 8787 from anywhere, as Coiled
// does), and the restricted control-plane role. Fixed cost: $0.00 a month.
import { App, Validations } from 'aws-cdk-lib';
import { aws } from 'coiled-byoc/aws';

export function build(app: App): aws.CoiledWorkspaceStack {
  const stack = new aws.CoiledWorkspaceStack(app, 'CoiledDefault', {
    workspaceName: 'my-team',
    // From Coiled's role-assumption setup form: `cdk deploy -c coiledExternalId=...` (or COILED_EXTERNAL_ID).
    externalId: aws.ExternalId.fromContext(app),
  });

  // Compliance-pack (cdk-nag) acknowledgements for this example's choices, with the reasons.
  // Coiled's default ingress (443, 8786, 8787 from anywhere) is TLS-encrypted and authenticated by
  // Coiled; narrow it with `ingress` when your clients have known addresses.
  Validations.of(stack.workspace.schedulerSecurityGroup).acknowledge({ id: 'AwsSolutions-EC23', reason: "Coiled's default: scheduler ports open to clients anywhere, protected by TLS and Coiled authentication" });
  // Flow logs are opt-in (flowLogs: true): CloudWatch charges per GB ingested. The private example turns them on.
  Validations.of(stack).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'VPC flow logs are opt-in (flowLogs: true) to keep the default at $0 fixed cost' });
  for (const pack of ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']) {
    Validations.of(stack).acknowledge({ id: `${pack}-VPCFlowLogsEnabled`, reason: 'VPC flow logs are opt-in (flowLogs: true) to keep the default at $0 fixed cost' });
  }
  // Log groups are encrypted at rest by CloudWatch Logs with service-owned keys. A customer-managed
  // key (encryptLogs: true) adds ~$1/month; organisations that mandate one turn it on.
  for (const pack of ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']) {
    Validations.of(stack).acknowledge({ id: `${pack}-CloudWatchLogGroupEncrypted`, reason: 'Encrypted at rest by CloudWatch Logs service keys; customer-managed KMS is opt-in (encryptLogs)' });
  }
  return stack;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
