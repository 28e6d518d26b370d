// `coiled-byoc/gcp`: the GCP half and the cloud-neutral types, without the AWS half. An app that
// installs only cdktf, @cdktf/provider-google and constructs imports this entry: its declarations
// never reach aws-cdk-lib, so the app type-checks without `skipLibCheck`. Same names as the root
// entry: `import { gcp, Ingress } from 'coiled-byoc/gcp'`.
export * from '../core';
export * as gcp from '../gcp';
