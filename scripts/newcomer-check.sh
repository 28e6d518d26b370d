#!/usr/bin/env bash
# A new user's first hour, from the packed tarball standing in for the published package, in temp
# directories outside the repository, reaching no host but the npm registry:
#   1. `coiled-byoc init aws`, npm install, `npm test` (tsc), `npx cdk synth` with the pinned CLI:
#      a workspace, our warnings on the terminal, our error without an external ID, `handoff`.
#   2. `coiled-byoc init gcp`, npm install, `npm test`, `npm run synth` (plain node, no cdktf CLI):
#      the Terraform JSON, our warnings on the terminal, `handoff`.
#   3. An AWS-only app (tarball + aws-cdk-lib + constructs) and a GCP-only app (tarball + cdktf +
#      @cdktf/provider-google + constructs) type-check without skipLibCheck and synthesize.
#   4. An .mjs app and a CommonJS app import aws, gcp and Ingress by name.
#   5. Every example, copied out of the repository, synthesizes.
# Prints the figures: time from an empty directory to a synthesized template per cloud, and the
# size of node_modules per cloud (and with both clouds, which is what every user got before the
# peers were optional).
#
# usage: scripts/newcomer-check.sh [coiled-byoc.tgz]
#   default tarball: dist/js/*.tgz (`npx projen package:js`), else `npm pack` of lib/.
set -euo pipefail

REPO="$(cd "$(dirname "$0")/.." && pwd)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/coiled-newcomer.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
case "$WORK/" in "$REPO"/*) echo "newcomer-check: the work directory must be outside the repository" >&2; exit 1 ;; esac

# Offline: no telemetry, notices or version checks (CI sets these too).
export CDK_DISABLE_CLI_TELEMETRY=true CHECKPOINT_DISABLE=1 AWS_EC2_METADATA_DISABLED=true
export AWS_REGION="${AWS_REGION:-us-east-1}" AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-AKIAIOSFODNN7EXAMPLE}" AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-dummy-secret-for-offline-ci}"
EXTERNAL_ID=newcomer-check-0123456789abcdef
PROJECT=newcomer-check-123456
NPM_INSTALL=(npm install --no-audit --no-fund --loglevel=error)

step() { printf '\n--- %s\n' "$1"; }
PASSED=0
ok() { PASSED=$((PASSED + 1)); echo "ok: $*"; }
fail() { printf 'newcomer-check: FAIL: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
seconds_since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
size_mb() { du -sm "$1" | cut -f1; }
has_warning() { grep -q 'coiled-byoc:ingressFromAnywhere' "$1" || { cat "$1" >&2; fail "$2: our open-to-the-world warning did not reach the terminal"; }; }
# Output files as the deploy tools would write them, from the synthesized template / Terraform JSON
# (the helpers the hand-off tests use).
derive_outputs() {
  (cd "$REPO" && node -r ts-node/register/transpile-only -e '
    const d = require("./test/cli/deployed-outputs.ts");
    const [kind, input, stack, output] = process.argv.slice(1);
    const synthesized = JSON.parse(require("fs").readFileSync(input, "utf8"));
    const file = kind === "aws" ? d.cdkOutputsFromTemplate(stack, synthesized) : d.terraformOutputJsonFromConfig(synthesized);
    require("fs").writeFileSync(output, JSON.stringify(file, null, 2));
  ' "$@")
}

TARBALL="${1:-}"
if [ -z "$TARBALL" ]; then
  TARBALL="$(ls "$REPO"/dist/js/*.tgz 2>/dev/null | head -1 || true)"
fi
if [ -z "$TARBALL" ]; then
  [ -f "$REPO/lib/index.js" ] || fail "no tarball and no lib/: run npx projen build (or compile) first"
  TARBALL="$WORK/$(cd "$REPO" && npm pack --silent --pack-destination "$WORK" | tail -1)"
fi
TARBALL="$(cd "$(dirname "$TARBALL")" && pwd)/$(basename "$TARBALL")"
echo "tarball: $TARBALL"
mkdir -p "$WORK/pkg" && tar -xzf "$TARBALL" -C "$WORK/pkg"
# The shipped modules carry no inline source maps (scripts/external-source-maps.js); the maps ship as files.
! grep -rlq 'sourceMappingURL=data:' "$WORK/pkg/package/lib" --include='*.js' || fail 'the tarball ships inline source maps'
[ -f "$WORK/pkg/package/lib/index.js.map" ] || fail 'the tarball lacks the source map files'
ok 'source maps ship as files, none inline'
V() { node -p "require('$WORK/pkg/package/lib/cli/scaffold-versions.js').SCAFFOLD_VERSIONS['$1']"; }

# --- 1. AWS, from init -------------------------------------------------------------------------
step 'init aws, install, synth with the pinned CDK CLI'
start="$(now)"
(cd "$WORK" && npx --yes --package="$TARBALL" -- coiled-byoc init aws aws-app > /dev/null)
cd "$WORK/aws-app"
npm pkg set "dependencies.coiled-byoc=file:$TARBALL"
"${NPM_INSTALL[@]}"
npx cdk synth --no-notices -c coiledExternalId="$EXTERNAL_ID" > /dev/null 2> synth.err || { cat synth.err >&2; fail 'cdk synth of the init aws app'; }
test -f cdk.out/Coiled.template.json || fail 'no cdk.out/Coiled.template.json'
AWS_SECONDS="$(seconds_since "$start")"
has_warning synth.err 'init aws: cdk synth'
[ "$(npx cdk --version | cut -d' ' -f1)" = "$(V aws-cdk)" ] || fail "the app's CDK CLI is not the pinned $(V aws-cdk)"
grep -q '"RoleName": "coiled-my-team"' cdk.out/Coiled.template.json || fail 'no coiled-my-team role in the template'
[ ! -e node_modules/cdktf ] && [ ! -e node_modules/@cdktf ] || fail 'an AWS app got cdktf installed'
if npx cdk synth --no-notices > /dev/null 2> no-id.err; then fail 'synth without an external ID succeeded'; fi
grep -q 'cdk deploy -c coiledExternalId=<external-id>' no-id.err || { cat no-id.err >&2; fail 'no external ID: our error with the command did not reach the terminal'; }
npm test --silent > /dev/null || fail 'npm test (tsc) in the init aws app'
derive_outputs aws "$WORK/aws-app/cdk.out/Coiled.template.json" Coiled "$WORK/aws-app/out.json"
npx coiled-byoc handoff out.json > handoff.txt || fail 'handoff on the init aws app outputs'
grep -q 'Role ARN *arn:aws:iam::123456789012:role/' handoff.txt || fail 'handoff printed no role ARN'
grep -q "External ID *$EXTERNAL_ID" handoff.txt || fail 'handoff printed no external ID'
AWS_APP_MB="$(size_mb node_modules)"
ok "init aws -> template in ${AWS_SECONDS} s; warnings printed; handoff ok"

# --- 2. GCP, from init -------------------------------------------------------------------------
step 'init gcp, install, synth with plain node (no cdktf CLI)'
start="$(now)"
(cd "$WORK" && npx --yes --package="$TARBALL" -- coiled-byoc init gcp gcp-app > /dev/null)
cd "$WORK/gcp-app"
npm pkg set "dependencies.coiled-byoc=file:$TARBALL"
"${NPM_INSTALL[@]}"
GOOGLE_CLOUD_PROJECT="$PROJECT" npm run --silent synth > synth.out 2> synth.err || { cat synth.err >&2; fail 'npm run synth of the init gcp app'; }
test -f cdktf.out/stacks/coiled/cdk.tf.json || fail 'no cdktf.out/stacks/coiled/cdk.tf.json'
GCP_SECONDS="$(seconds_since "$start")"
has_warning synth.err 'init gcp: npm run synth'
[ "$(grep -c 'coiled-byoc:ingressFromAnywhere' synth.err)" = 1 ] || fail 'the warning was printed more than once'
grep -q '"account_id": "coiled-my-team"' cdktf.out/stacks/coiled/cdk.tf.json || fail 'no coiled-my-team service account'
[ ! -e node_modules/aws-cdk-lib ] || fail 'a GCP app got aws-cdk-lib installed'
npm test --silent > /dev/null || fail 'npm test (tsc) in the init gcp app'
derive_outputs gcp "$WORK/gcp-app/cdktf.out/stacks/coiled/cdk.tf.json" coiled "$WORK/gcp-app/out.json"
npx coiled-byoc handoff out.json > handoff.txt || fail 'handoff on the init gcp app outputs'
grep -q "coiled-my-team@$PROJECT.iam.gserviceaccount.com" handoff.txt || fail 'handoff printed no service account'
GCP_APP_MB="$(size_mb node_modules)"
ok "init gcp -> Terraform JSON in ${GCP_SECONDS} s; warnings printed once; handoff ok"

# --- 3. One cloud installed, type-checked without skipLibCheck ---------------------------------
one_cloud_app() { # <dir> <entry> <packages...>
  local dir="$1" entry="$2"; shift 2
  mkdir -p "$dir" && cd "$dir"
  npm init -y > /dev/null
  "${NPM_INSTALL[@]}" "$TARBALL" "$@"
  # No @types/node either; aws-cdk-lib's declarations name `Disposable` (esnext.disposable).
  cat > tsconfig.json <<'EOF'
{ "compilerOptions": { "target": "ES2022", "lib": ["es2022", "esnext.disposable"], "module": "node16", "moduleResolution": "node16",
    "strict": true, "skipLibCheck": false, "types": [], "outDir": "dist" }, "include": ["main.ts"] }
EOF
}
step 'AWS-only app: tarball + aws-cdk-lib + constructs'
one_cloud_app "$WORK/aws-only" aws "aws-cdk-lib@$(V aws-cdk-lib)" "constructs@$(V constructs)"
cat > main.ts <<'EOF'
import { App } from 'aws-cdk-lib';
import { aws, Ingress } from 'coiled-byoc/aws';
const app = new App();
new aws.CoiledWorkspaceStack(app, 'AwsOnly', { workspaceName: 'aws-only', externalId: aws.ExternalId.fromContext(app), ingress: [Ingress.coiledDefault('10.8.0.0/16')] });
app.synth();
EOF
[ ! -e node_modules/cdktf ] || fail 'cdktf was installed with the AWS-only app'
"$WORK/aws-app/node_modules/.bin/tsc" -p . || fail 'the AWS-only app does not type-check without skipLibCheck'
CDK_OUTDIR="$PWD/cdk.out" COILED_EXTERNAL_ID="$EXTERNAL_ID" node dist/main.js
test -f cdk.out/AwsOnly.template.json || fail 'the AWS-only app did not synthesize'
AWS_ONLY_MB="$(size_mb node_modules)"
ok 'AWS-only app type-checks and synthesizes'

step 'GCP-only app: tarball + cdktf + @cdktf/provider-google + constructs'
one_cloud_app "$WORK/gcp-only" gcp "cdktf@$(V cdktf)" "@cdktf/provider-google@$(V @cdktf/provider-google)" "constructs@$(V constructs)"
cat > main.ts <<'EOF'
import { App } from 'cdktf';
import { gcp, Ingress } from 'coiled-byoc/gcp';
const app = new App();
new gcp.CoiledGcpStack(app, 'gcp-only', { projectId: 'newcomer-check-123456', region: 'us-east1', workspaceName: 'gcp-only', ingress: [Ingress.coiledDefault('10.8.0.0/16')] });
app.synth();
EOF
[ ! -e node_modules/aws-cdk-lib ] || fail 'aws-cdk-lib was installed with the GCP-only app'
"$WORK/aws-app/node_modules/.bin/tsc" -p . || fail 'the GCP-only app does not type-check without skipLibCheck'
node dist/main.js
test -f cdktf.out/stacks/gcp-only/cdk.tf.json || fail 'the GCP-only app did not synthesize'
GCP_ONLY_MB="$(size_mb node_modules)"
ok 'GCP-only app type-checks and synthesizes'

# --- 4. ES modules and CommonJS ----------------------------------------------------------------
step 'an .mjs app and a CommonJS app import aws, gcp and Ingress by name (both clouds installed)'
mkdir -p "$WORK/both" && cd "$WORK/both"
npm init -y > /dev/null
"${NPM_INSTALL[@]}" "$TARBALL" "aws-cdk-lib@$(V aws-cdk-lib)" "constructs@$(V constructs)" "cdktf@$(V cdktf)" "@cdktf/provider-google@$(V @cdktf/provider-google)"
BOTH_MB="$(size_mb node_modules)"
cat > app.mjs <<'EOF'
import { aws, gcp, Ingress } from 'coiled-byoc';
import { aws as awsOnly } from 'coiled-byoc/aws';
import { gcp as gcpOnly } from 'coiled-byoc/gcp';
import { App } from 'aws-cdk-lib';
import { App as TfApp } from 'cdktf';
new aws.CoiledWorkspaceStack(new App(), 'Esm', { workspaceName: 'esm', externalId: 'b5e1c9d27a4f8063', ingress: [Ingress.coiledDefault('10.8.0.0/16')] });
new gcp.CoiledGcpStack(new TfApp({ outdir: 'cdktf.out' }), 'esm', { projectId: 'newcomer-check-123456', region: 'us-east1', workspaceName: 'esm' });
if (awsOnly.CoiledWorkspaceStack !== aws.CoiledWorkspaceStack || gcpOnly.CoiledGcpStack !== gcp.CoiledGcpStack) throw new Error('two copies of a class');
console.log('esm ok');
EOF
cat > app.cjs <<'EOF'
const { aws, gcp, Ingress } = require('coiled-byoc');
const { App } = require('aws-cdk-lib');
new aws.CoiledWorkspaceStack(new App(), 'Cjs', { workspaceName: 'cjs', externalId: 'b5e1c9d27a4f8063', ingress: [Ingress.coiledDefault('10.8.0.0/16')] });
if (typeof gcp.CoiledGcpStack !== 'function') throw new Error('no gcp');
console.log('cjs ok');
EOF
[ "$(node app.mjs 2>/dev/null)" = 'esm ok' ] || { node app.mjs; fail 'the .mjs app'; }
ok '.mjs app'
[ "$(node app.cjs)" = 'cjs ok' ] || fail 'the CommonJS app'
ok 'CommonJS app'

# --- 5. Examples, copied out -------------------------------------------------------------------
step 'every example, copied out of the repository, synthesizes'
for dir in "$REPO"/examples/aws/*/ "$REPO"/examples/gcp/*/; do
  cloud="$(basename "$(dirname "$dir")")"; name="$(basename "$dir")"
  copy="$WORK/copies/$cloud-$name"
  mkdir -p "$copy" && cp -R "$dir". "$copy/" && rm -rf "$copy/cdk.out" "$copy/cdktf.out"
  ln -s "$WORK/$cloud-app/node_modules" "$copy/node_modules"
  cd "$copy"
  if [ "$cloud" = aws ]; then
    npx cdk synth --no-notices -c coiledExternalId="$EXTERNAL_ID" > /dev/null 2> synth.err || { cat synth.err >&2; fail "copied example aws/$name"; }
    ls cdk.out/*.template.json > /dev/null 2>&1 || fail "copied example aws/$name wrote no template"
  else
    sh -c "$(node -p 'require("./cdktf.json").app')" > /dev/null 2> synth.err || { cat synth.err >&2; fail "copied example gcp/$name"; }
    ls cdktf.out/stacks/*/cdk.tf.json > /dev/null 2>&1 || fail "copied example gcp/$name wrote no Terraform JSON"
  fi
  ok "copied example $cloud/$name"
done

step 'figures'
echo "empty directory -> synthesized template (init + npm install + synth): AWS ${AWS_SECONDS} s, GCP ${GCP_SECONDS} s"
echo "node_modules, one cloud (tarball + that cloud's peers): AWS ${AWS_ONLY_MB} MB, GCP ${GCP_ONLY_MB} MB"
echo "node_modules, both clouds (what npm installed for every user while the peers were required): ${BOTH_MB} MB"
echo "node_modules of the init apps (with the CLI, TypeScript, sucrase): AWS ${AWS_APP_MB} MB, GCP ${GCP_APP_MB} MB"
echo "newcomer-check: $PASSED passed, 0 failed"
