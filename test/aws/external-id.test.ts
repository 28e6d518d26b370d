/**
 * The external ID comes from the deploy command line or the environment, never from a committed
 * default; without one, synth fails with our error and the exact command.
 */
import { App } from 'aws-cdk-lib';
import { ExternalId } from '../../src/aws';
import { libraryError } from '../util';

const ID = '4a9e7c1f0b3d8e26a5c7f9b1d3e0a6c8';

afterEach(() => {
  delete process.env.COILED_EXTERNAL_ID;
});

test('reads -c coiledExternalId', () => {
  expect(ExternalId.fromContext(new App({ context: { coiledExternalId: ID } }))).toBe(ID);
});

test('falls back to COILED_EXTERNAL_ID; the command-line context wins over it', () => {
  process.env.COILED_EXTERNAL_ID = 'c0ffee5a9d17e4b3826f91a0d4c7b5e2';
  expect(ExternalId.fromContext(new App())).toBe('c0ffee5a9d17e4b3826f91a0d4c7b5e2');
  expect(ExternalId.fromContext(new App({ context: { coiledExternalId: ID } }))).toBe(ID);
});

test('a custom context key is honoured', () => {
  expect(ExternalId.fromContext(new App({ context: { prodExternalId: ID } }), 'prodExternalId')).toBe(ID);
});

test('fails with our error and the exact command when neither is set (an empty variable counts as unset)', () => {
  process.env.COILED_EXTERNAL_ID = '';
  const error = libraryError(() => ExternalId.fromContext(new App()));
  expect(error.code).toBe('INVALID_EXTERNAL_ID');
  expect(error.fix).toContain('cdk deploy -c coiledExternalId=<external-id>');
  expect(error.fix).toContain('COILED_EXTERNAL_ID');
});

test('the value is checked like any external ID', () => {
  expect(libraryError(() => ExternalId.fromContext(new App({ context: { coiledExternalId: 'has space' } }))).code).toBe('INVALID_EXTERNAL_ID');
});
