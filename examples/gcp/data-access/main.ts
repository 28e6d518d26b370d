// Coiled's remote-data-access page on GCP, as an app. The cluster VMs' account (coiled-my-team-data)
// reads one bucket, granted on the bucket, not the project (roles/storage.objectViewer: the
// objects' reads, plus listing them, which GCS's predefined read roles all include). And
// "service-agnostic authentication" done safely: the database token lives in Secret Manager as
// coiled-my-team-database_token, only the data account may read it (secretAccessor on that secret
// alone), and the cluster is told only its name. Terraform state never holds the token: after
// deploying, `npx coiled-byoc handoff` prints the `gcloud secrets versions add` command, the
// environ={...} for coiled.Cluster, and the Python that reads it on the cluster.
// Fixed cost: $0.00 a month while the secret has no version; $0.06 a month per version you add.
import { App } from 'cdktf';
import { gcp } from 'coiled-byoc/gcp';

export function build(app: App): gcp.CoiledGcpStack {
  const stack = new gcp.CoiledGcpStack(app, 'coiled-data-access', {
    projectId: 'my-project-123456',
    region: 'us-east1',
    workspaceName: 'my-team',
    secrets: [{ name: 'database_token', description: 'Token of the analytics database, read by the Coiled clusters of my-team' }],
  });
  stack.workspace.grantBucketRead('my-team-data');
  return stack;
}

if (require.main === module) {
  const app = new App();
  build(app);
  app.synth();
}
