// Coiled's firewall example: the Dask scheduler port (8786) from a VPN, the dashboard (8787) from
// a paired VPC. Coiled's docs write the VPN block as 10.1.0.2/16; it is used as 10.1.0.0/16, with
// a warning naming both forms. Also Coiled's remote-data example: clusters read one S3 bucket with
// the VM identity, no keys handed over.
import { App, Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { aws } from 'coiled-byoc/aws';

export function build(app: App): aws.CoiledWorkspaceStack {
  const stack = new aws.CoiledWorkspaceStack(app, 'CoiledSeedFirewall', {
    workspaceName: 'my-team-seed',
    externalId: aws.ExternalId.fromContext(app),
    ingress: [
      { ports: [8786], cidr: '10.1.0.2/16', description: 'Dask scheduler from the VPN' },
      { ports: [8787], cidr: '10.32.0.0/16', description: 'Dask dashboard from the paired VPC' },
    ],
    schedulerPort: 8786,
  });
  const data = s3.Bucket.fromBucketName(stack, 'Data', 'my-team-data');
  data.grantRead(stack.workspace);

  // Compliance-pack (cdk-nag) acknowledgements for this example's choices, with the reasons.
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
  // Coiled's remote-data example as CDK writes it: grantRead adds an inline policy with CDK's read
  // action set (GetObject*, GetBucket*, List*) on this one bucket and its objects.
  const grantReason = "bucket.grantRead: CDK's read actions on the one data bucket the clusters read";
  for (const finding of ['Action::s3:GetObject*', 'Action::s3:GetBucket*', 'Action::s3:List*', 'Resource::arn:<AWS::Partition>:s3:::my-team-data/*']) {
    Validations.of(stack.workspace.instanceRole).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: grantReason });
  }
  for (const pack of ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']) {
    Validations.of(stack.workspace.instanceRole).acknowledge({ id: `${pack}-IAMNoInlinePolicy`, reason: grantReason });
  }
  return stack;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
