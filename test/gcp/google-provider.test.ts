/**
 * The stack's `google` provider block is written without @cdktf/provider-google's GoogleProvider
 * class (src/gcp/private/google-provider.ts); Terraform must read exactly what that class writes.
 * The truth here is the installed bindings' own class, synthesized beside ours.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GoogleProvider } from '@cdktf/provider-google/lib/provider';
import { App, TerraformProvider, TerraformStack, TerraformVariable, Testing } from 'cdktf';
import { gcp } from '../../src';
import { addGoogleProvider, recordedGoogleProviderVersion } from '../../src/gcp/private/google-provider';

type Make = (stack: TerraformStack, project: string, region: string) => TerraformProvider;
const OURS: Make = (stack, project, region) => addGoogleProvider(stack, 'google', { project, region });
const THEIRS: Make = (stack, project, region) => new GoogleProvider(stack, 'google', { project, region });

/** A stack with only the provider, its settings either literal or Terraform variables (tokens). */
function providerStack(make: Make, tokens: boolean, app = Testing.app()): TerraformStack {
  const stack = new TerraformStack(app, 'p');
  const project = tokens ? new TerraformVariable(stack, 'project', { type: 'string' }).stringValue : 'my-project-123456';
  const region = tokens ? new TerraformVariable(stack, 'region', { type: 'string' }).stringValue : 'europe-west4';
  make(stack, project, region);
  return stack;
}

test('the installed bindings record the version their GoogleProvider pins', () => {
  const theirs = new GoogleProvider(new TerraformStack(Testing.app(), 'p'), 'google', {});
  expect(theirs.terraformGeneratorMetadata?.providerVersion).toMatch(/^\d+\.\d+\.\d+/);
  expect(recordedGoogleProviderVersion()).toBe(theirs.terraformGeneratorMetadata?.providerVersion);
});

test.each([
  ['literal settings', false],
  ['settings from Terraform variables', true],
])('with %s, the JSON and HCL output are GoogleProvider\'s', (_what, tokens) => {
  const ours = JSON.parse(Testing.synth(providerStack(OURS, tokens)));
  const theirs = JSON.parse(Testing.synth(providerStack(THEIRS, tokens)));
  expect(ours.provider.google).toHaveLength(1);
  expect(Object.keys(ours.provider.google[0]).sort()).toEqual(['project', 'region']);
  expect(ours.terraform.required_providers.google.version).toBe(recordedGoogleProviderVersion());
  expect(ours).toEqual(theirs);
  expect(JSON.stringify(ours)).toBe(JSON.stringify(theirs));

  const oursHcl = Testing.synthHcl(providerStack(OURS, tokens));
  expect(oursHcl).toContain('provider "google"');
  expect(oursHcl).toBe(Testing.synthHcl(providerStack(THEIRS, tokens)));
});

test('a CoiledGcpStack writes the same files as one with GoogleProvider, manifest included', () => {
  const outdirs = [OURS, THEIRS].map((make) => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'google-provider-'));
    const app = new App({ outdir, stackTraces: false });
    const stack = new gcp.CoiledGcpStack(app, 'coiled', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'team' });
    const provider = stack.node.findChild('google') as TerraformProvider;
    stack.node.tryRemoveChild('google');
    make(stack, 'my-project-123456', 'us-east1');
    app.synth();
    return { outdir, provider };
  });
  try {
    expect(outdirs[0].provider).not.toBeInstanceOf(GoogleProvider);
    const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
    for (const file of ['manifest.json', 'stacks/coiled/cdk.tf.json']) expect(read(outdirs[0].outdir, file)).toBe(read(outdirs[1].outdir, file));
  } finally {
    for (const { outdir } of outdirs) fs.rmSync(outdir, { recursive: true, force: true });
  }
});

/* eslint-disable @typescript-eslint/no-require-imports -- a fresh module registry with the bindings' package.json replaced */
test('a provider argument the stack does not set is one addOverride away, as its docs say', () => {
  const stack = new gcp.CoiledGcpStack(Testing.app(), 'coiled', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'team' });
  (stack.node.findChild('google') as TerraformProvider).addOverride('default_labels', { team: 'data' });
  expect(JSON.parse(Testing.synth(stack)).provider.google).toEqual([{ project: 'my-project-123456', region: 'us-east1', default_labels: { team: 'data' } }]);
});

test('bindings that record no version get their own GoogleProvider class', () => {
  jest.isolateModules(() => {
    jest.doMock('@cdktf/provider-google/package.json', () => ({ name: '@cdktf/provider-google', version: '99.0.0' }));
    const isolated = require('../../src/gcp/private/google-provider');
    const { GoogleProvider: IsolatedGoogleProvider } = require('@cdktf/provider-google/lib/provider');
    const { TerraformStack: IsolatedStack, Testing: IsolatedTesting } = require('cdktf');
    expect(isolated.recordedGoogleProviderVersion()).toBeUndefined();
    const stack = new IsolatedStack(IsolatedTesting.app(), 'p');
    expect(isolated.addGoogleProvider(stack, 'google', { project: 'my-project-123456', region: 'us-east1' })).toBeInstanceOf(IsolatedGoogleProvider);
    expect(JSON.parse(IsolatedTesting.synth(stack)).provider.google).toEqual([{ project: 'my-project-123456', region: 'us-east1' }]);
  });
  jest.dontMock('@cdktf/provider-google/package.json');
});
