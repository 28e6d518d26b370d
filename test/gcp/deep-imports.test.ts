/**
 * Loading the GCP constructs loads only the provider bindings they use (deep imports), never the
 * provider's barrel (~2 s and ~450 MB per process); and synthesizing a workspace loads exactly the
 * bindings of the resource kinds its output has (src/gcp/private/provider-google.ts), but for the
 * kinds written without one (src/gcp/private/generic-google.ts).
 */
import { spawnSync } from 'child_process';
import * as path from 'path';
import { genericGoogleTypes } from '../../src/gcp/private/generic-google';

const GCP_INDEX = path.join(__dirname, '../../src/gcp/index.ts');

/** The provider modules a fresh process has loaded after running `body` (with `gcp` in scope). */
function loadedAfter(body: string): { loaded: string[]; result: unknown } {
  const script = `require('sucrase/register/ts');
const gcp = require(${JSON.stringify(GCP_INDEX)});
const result = (() => { ${body} })();
const loaded = Object.keys(require.cache).filter((m) => m.includes('@cdktf/provider-google')).map((m) => m.replace(/\\\\/g, '/').split('@cdktf/provider-google/')[1]);
process.stdout.write(JSON.stringify({ loaded, result }));`;
  const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: path.join(__dirname, '../..') });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

test('src/gcp loads no @cdktf/provider-google barrel and none of its resource bindings until used', () => {
  const { loaded } = loadedAfter('return null;');
  expect(loaded.filter((m) => /^lib\/index\.js$/.test(m))).toEqual([]);
  // Only the provider's shared helpers (if any) at load: no resource kind is needed yet.
  expect(loaded.filter((m) => /^lib\/[a-z0-9-]+\/index\.js$/.test(m))).toEqual([]);
});

/**
 * The provider's module for a Terraform type: resource google_compute_router_nat ->
 * lib/compute-router-nat, data source google_compute_network -> lib/data-google-compute-network.
 * The provider block itself needs none (src/gcp/private/google-provider.ts).
 */
function moduleOf(type: string, kind: 'resource' | 'data'): string {
  const name = kind === 'data' ? `data_${type}` : type.replace(/^google_/, '');
  return `lib/${name.replace(/_/g, '-')}/index.js`;
}

const SYNTH = (props: string, after = '') => `const { Testing } = require('cdktf');
const app = Testing.app();
const stack = new gcp.CoiledGcpStack(app, 'coiled', { projectId: 'my-project-123456', region: 'us-east1', workspaceName: 'team', ${props} });
${after}
const out = JSON.parse(Testing.synth(stack));
return { resource: Object.keys(out.resource ?? {}), data: Object.keys(out.data ?? {}), provider: Object.keys(out.provider ?? {}) };`;

// One configuration per optional resource kind, so each lazy binding is both needed somewhere and
// absent elsewhere.
test.each([
  ['the default workspace', SYNTH('')],
  ['a private subnet (Cloud NAT, router)', SYNTH('network: gcp.CoiledGcpNetwork.privateSubnet()')],
  ['an existing network (data sources, no network created)', SYNTH("network: gcp.CoiledGcpNetwork.existing({ network: 'shared-vpc', subnetwork: 'coiled' })")],
  ['APIs left alone (no project services)', SYNTH('enableApis: false')],
  ['an adopted secret (its accessor binding, not the secret)', SYNTH("secrets: [{ name: 'db', existingSecretId: 'prod-db-token' }]")],
  ['Artifact Registry, a secret, a key, data grants', SYNTH("artifactRegistry: true, createServiceAccountKey: true, secrets: [{ name: 'token' }]", "stack.workspace.grantBucketRead('team-data'); stack.workspace.grantBigQueryDatasetRead('analytics');")],
])('%s loads exactly the provider bindings of the resource kinds it synthesizes', (_what, body) => {
  const { loaded, result } = loadedAfter(body);
  const out = result as { resource: string[]; data: string[]; provider: string[] };
  const expected = [...out.resource.filter((t) => !genericGoogleTypes().includes(t)).map((t) => moduleOf(t, 'resource')), ...out.data.map((t) => moduleOf(t, 'data'))];
  expect(out.resource.length).toBeGreaterThan(3);
  expect(out.provider).toEqual(['google']);
  expect(loaded).not.toContain('lib/provider/index.js');
  expect(loaded.filter((m) => /^lib\/[a-z0-9-]+\/index\.js$/.test(m)).sort()).toEqual([...new Set(expected)].sort());
});
