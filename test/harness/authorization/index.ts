/**
 * AWS's authorization model in the test suite (see docs/architecture.md). For a new question
 * about the control-plane role, one call:
 *
 *   import { canCall } from '../harness/authorization';
 *   expect(await canCall(template, 'secretsmanager:GetSecretValue', secretArn)).toBe(false);
 *
 * For many questions on one template, `Authorizer.forTemplate(template)` once, then `canCall` /
 * `perform` on it; `templateFindings(template)` for static validity; `judge` / `mismatches` to run
 * catalog entries. `deployment` picks the partition (PARTITIONS['aws-cn'], ...).
 */
export { Authorizer, canCall, describeCheck, type Check, type CheckResult, type Decision, type OperationResult } from './authorizer';
export { NEGATIVES, OPERATIONS, Scene, expectedRestricted, type CatalogEntry } from './catalog';
export { judge, mismatches, sceneFor } from './judge';
export { formatFinding, templateFindings, type Finding } from './static-check';
export { PARTITIONS, ResolvedTemplate, TEST_ACCOUNT, workspaceFacts, type Deployment } from './template';
