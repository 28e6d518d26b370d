// Coiled's remote-data-access page, as an app. The cluster VMs read one S3 bucket with their own
// identity, granted exactly as the page's instance-profile policy does (s3:GetObject and
// s3:GetObjectVersion on arn:aws:s3:::<bucket>/*), in a policy of its own beside
// CoiledInstancePolicy. And the page's "service-agnostic authentication" done safely: the
// database token lives in Secrets Manager as coiled/my-team/database_token, only role
// coiled-my-team may read it, and the cluster is told only its name. After `cdk deploy
// --outputs-file out.json`, `npx coiled-byoc handoff out.json` prints the command that sets the
// token, the environ={...} for coiled.Cluster, and the Python that reads it on the cluster.
// Fixed cost: $0.40 a month (the secret).
import { App, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { aws } from 'coiled-byoc/aws';

export function build(app: App): aws.CoiledWorkspaceStack {
  const stack = new aws.CoiledWorkspaceStack(app, 'CoiledDataAccess', {
    workspaceName: 'my-team',
    externalId: aws.ExternalId.fromContext(app),
    // Created empty: set the token after deploying, with the command the hand-off prints.
    secrets: [{ name: 'database_token', description: 'Token of the analytics database, read by the Coiled clusters of my-team' }],
  });

  // Beside CoiledInstancePolicy, not in it: that policy is the one Coiled looks for by name and may
  // be shared by several workspaces of the account (instancePolicy), so a bucket grant there would
  // reach all of them; a policy of its own keeps data access reviewable and removable alone.
  const data = s3.Bucket.fromBucketName(stack, 'Data', 'my-team-data');
  const dataAccess = new iam.ManagedPolicy(stack, 'DataAccess', {
    managedPolicyName: 'coiled-my-team-data-access',
    description: 'Coiled clusters of my-team read the objects of my-team-data',
    statements: [new iam.PolicyStatement({ sid: 'ReadDataObjects', actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [data.arnForObjects('*')] })],
    roles: [stack.workspace.instanceRole],
  });

  // Compliance-pack (cdk-nag) acknowledgements for this example's choices, with the reasons.
  Validations.of(dataAccess).acknowledge({ id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::my-team-data/*]', reason: "Coiled's data-access grant: every object of the one data bucket, read-only" });
  Validations.of(stack.workspace.schedulerSecurityGroup).acknowledge({ id: 'AwsSolutions-EC23', reason: "Coiled's default: scheduler ports open to clients anywhere, protected by TLS and Coiled authentication" });
  Validations.of(stack).acknowledge({ id: 'AwsSolutions-VPC7', reason: 'VPC flow logs are opt-in (flowLogs: true) to keep the default at $0 fixed cost' });
  for (const pack of ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321']) {
    Validations.of(stack).acknowledge({ id: `${pack}-VPCFlowLogsEnabled`, reason: 'VPC flow logs are opt-in (flowLogs: true) to keep the default at $0 fixed cost' });
    Validations.of(stack).acknowledge({ id: `${pack}-CloudWatchLogGroupEncrypted`, reason: 'Encrypted at rest by CloudWatch Logs service keys; customer-managed KMS is opt-in (encryptLogs)' });
    // The secret is encrypted with the account's AWS-managed key aws/secretsmanager; a
    // customer-managed key (encryptionKey on the secret) adds ~$1/month and a kms:Decrypt grant.
    for (const secret of stack.workspace.secrets) {
      Validations.of(secret).acknowledge({ id: `${pack}-SecretsManagerUsingKMSKey`, reason: 'Encrypted with the AWS-managed key aws/secretsmanager; a customer-managed key is opt-in (encryptionKey)' });
    }
  }
  return stack;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
