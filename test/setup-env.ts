// Every jest worker runs this first. No test may reach AWS, GCP or the instance-metadata address,
// so credentials are dummies and every lookup and telemetry switch is off. The CloudFormation
// validator (~1.2 s to start per process) is off for ordinary unit tests; the fidelity tests turn
// it on explicitly with `new App({ builtinCloudFormationValidation: true })` and CDK_VALIDATION=true.
process.env.AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE';
process.env.AWS_SECRET_ACCESS_KEY = 'dummy-secret-for-offline-tests';
process.env.AWS_REGION = process.env.AWS_REGION ?? 'us-east-1';
process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.CHECKPOINT_DISABLE = '1';
process.env.CDK_DISABLE_CLI_TELEMETRY = 'true';
process.env.CDK_VALIDATION = 'false';
// Inputs the library, the init apps and the two frameworks read from the environment: a value left
// in the developer's shell (an exported COILED_EXTERNAL_ID, or context through CDK_CONTEXT_JSON)
// would change what the tests that leave them unset see. A test that needs one sets it itself.
for (const name of [
  'COILED_EXTERNAL_ID',
  'GOOGLE_CLOUD_PROJECT',
  'CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS',
  'CDK_CONTEXT_JSON',
  'CDKTF_CONTEXT_JSON',
  'CDK_OUTDIR',
  'CDKTF_OUTDIR',
]) {
  delete process.env[name];
}
// The GCP workspace prints its warnings to stderr at synth (no cdktf CLI in tests to do it); tests
// that synthesize examples would fill the test output with them. test/gcp/synth-report.test.ts
// reads them through the same hook.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../src/gcp/private/synth-report-output').synthReportOutput.write = () => undefined;
