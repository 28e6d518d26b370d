/**
 * Runs catalog entries against a template and reports, in words, every answer that differs from
 * the expected one (with the checks AWS would deny), so a failing test says what broke.
 */
import { Authorizer, describeCheck } from './authorizer';
import { Answer, CatalogEntry, Scene } from './catalog';
import { DEFAULT_DEPLOYMENT, Deployment, workspaceFacts } from './template';

export interface Judged {
  readonly entry: CatalogEntry;
  readonly answer: Answer;
  /** The checks AWS would deny (empty when allowed). */
  readonly denied: string[];
  readonly checks: number;
}

export async function sceneFor(template: any, deployment: Deployment = DEFAULT_DEPLOYMENT): Promise<{ authorizer: Authorizer; scene: Scene }> {
  const authorizer = await Authorizer.forTemplate(template, { deployment });
  return { authorizer, scene: new Scene(authorizer.template, workspaceFacts(authorizer.template)) };
}

export async function judge(template: any, entries: readonly CatalogEntry[], deployment: Deployment = DEFAULT_DEPLOYMENT): Promise<Judged[]> {
  const { authorizer, scene } = await sceneFor(template, deployment);
  const judged: Judged[] = [];
  for (const entry of entries) {
    const result = await authorizer.perform(entry.checks(scene));
    judged.push({ entry, answer: result.allowed ? 'allow' : 'deny', denied: result.denied.map((d) => `${describeCheck(d.check)} [${d.decision}]`), checks: result.checks.length });
  }
  return judged;
}

/** Every entry whose answer is not `expected(entry)`, described; empty when all hold. */
export async function mismatches(template: any, entries: readonly CatalogEntry[], expected: (entry: CatalogEntry) => Answer, deployment?: Deployment): Promise<string[]> {
  return (await judge(template, entries, deployment))
    .filter((j) => j.answer !== expected(j.entry))
    .map((j) => `${j.entry.id}: expected ${expected(j.entry)}, got ${j.answer}${j.denied.length ? `; denied: ${j.denied.join(' | ')}` : ''}`);
}
