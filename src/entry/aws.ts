// `coiled-byoc/aws`: the AWS half and the cloud-neutral types, without the GCP half. An app that
// installs only aws-cdk-lib and constructs imports this entry: its declarations never reach cdktf,
// so the app type-checks without `skipLibCheck`. Same names as the root entry: switching is a
// change of module specifier only (`import { aws, Ingress } from 'coiled-byoc/aws'`).
export * from '../core';
export * as aws from '../aws';
