// The default workspace: Coiled's own template, done right. A new VPC with public subnets in two
// availability zones, the default scheduler ingress (443, 8786, 8787 from anywhere, as Coiled
// does), and the restricted control-plane role. Fixed cost: $0.00 a month.
import { App } from 'aws-cdk-lib';
import { aws } from 'coiled-byoc';

export function build(app: App): aws.CoiledWorkspaceStack {
  return new aws.CoiledWorkspaceStack(app, 'CoiledDefault', {
    workspaceName: 'my-team',
    // Copy it from Coiled's role-assumption setup form: `cdk deploy -c coiledExternalId=...`.
    externalId: app.node.getContext('coiledExternalId'),
  });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
