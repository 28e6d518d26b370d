// The default GCP workspace: a new network with one regional subnet, the default scheduler ingress
// (443, 8786, 8787 from anywhere, as Coiled does), the two service accounts with Coiled's custom
// roles, and no service-account key in Terraform state. Fixed cost: $0.00 a month.
import { App } from 'cdktf';
import { gcp } from 'coiled-byoc/gcp';

export function build(app: App): gcp.CoiledGcpStack {
  return new gcp.CoiledGcpStack(app, 'coiled-default', {
    projectId: 'my-project-123456',
    region: 'us-east1',
    workspaceName: 'my-team',
  });
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
