#!/usr/bin/env bash
# The AWS CDK app's whole check, offline and without AWS credentials: unit tests with
# aws-cdk-lib/assertions and cdk-nag, a type check, then `cdk synth` of the real app.
set -euo pipefail
cd "$(dirname "$0")"

[ -d node_modules ] || npm ci --no-audit --no-fund
npm run --silent typecheck
npm test
npx cdk synth --quiet
