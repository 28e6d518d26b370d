/**
 * `npm run synth`: synthesizes every example app with no cloud credentials and no network, writes
 * each one where its own CLI would (`cdk.out` / `cdktf.out` in the example's folder), and prints
 * per stack: resource counts by type, the ingress it opens, and its fixed monthly cost.
 *
 * AWS examples synthesize with aws-cdk-lib's built-in CloudFormation validation on, under the
 * settings of their cdk.json (which turns findings into errors), as `cdk synth` would.
 */
import * as path from 'path';
import { fixedMonthlyCost, formatUsd } from './lib/cost';
import { listExamples, resourceCounts, synthAwsExample, synthGcpExample } from './lib/examples';
import { PRICES } from './lib/prices';
import { openedIngress } from './lib/summary';

function main(): void {
  const only = process.argv[2];
  let failures = 0;
  for (const example of listExamples()) {
    if (only && !`${example.cloud}/${example.name}`.includes(only)) continue;
    const label = `${example.cloud}/${example.name}`;
    const started = Date.now();
    let output: any;
    let where: string;
    try {
      if (example.cloud === 'aws') {
        const result = synthAwsExample(example, { outdir: path.join(example.dir, 'cdk.out'), validate: true });
        output = result.template;
        where = path.relative(process.cwd(), path.join(result.assemblyDir, result.stack.templateFile));
      } else {
        const result = synthGcpExample(example, { outdir: path.join(example.dir, 'cdktf.out') });
        output = result.json;
        where = path.relative(process.cwd(), path.join(result.stackDir, 'cdk.tf.json'));
      }
    } catch (e) {
      failures++;
      console.error(`\n${label}: FAILED\n${(e as Error).message}`);
      continue;
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`\n${label} -> ${where} (${seconds}s)`);
    const counts = resourceCounts(example, output);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    console.log(`  resources (${total}): ${Object.entries(counts).map(([t, n]) => `${t} x${n}`).join(', ')}`);
    const opened = openedIngress(example, output);
    console.log('  ingress opened:');
    for (const o of opened) console.log(`    ${o.protocol} ${o.ports} from ${o.source}  (${o.rule})`);
    if (opened.length === 0) console.log('    none');
    const cost = fixedMonthlyCost(example, output);
    console.log(`  fixed monthly cost: ${formatUsd(cost.totalMonthly)}${cost.lines.length ? ` = ${cost.lines.map((l) => `${l.item} x${l.count} ${formatUsd(l.monthly)}`).join(' + ')}` : ''}`);
    if (cost.variable.length) console.log(`  plus, with use: ${cost.variable.join('; ')}`);
  }
  console.log(`\nPrices: list prices as of ${PRICES.asOf} (${PRICES.source}); see scripts/lib/prices.ts.`);
  if (failures > 0) {
    console.error(`\n${failures} example(s) failed to synthesize.`);
    process.exit(1);
  }
}

main();
