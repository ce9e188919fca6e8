#!/usr/bin/env bash
# Deploys target/plane-cli-1.0.zip and the bootstrap layer to the local plane with the AWS CLI v2,
# as a user would against AWS, then calls the Function URL with curl. Each step prints a STEP line
# that verify.groovy checks.
set -euo pipefail
endpoint=$1
target=$2
aws=/usr/bin/aws   # the AWS CLI v2 (Debian's awscli); an `aws` first on PATH may be a pip v1
if [[ ! -x $aws ]]; then
  echo "STEP no-cli: $aws is missing; install Debian's awscli (the AWS CLI v2) to run this test"
  exit 0
fi
export AWS_ACCESS_KEY_ID=AKIDLOCAL AWS_SECRET_ACCESS_KEY=local-secret AWS_DEFAULT_REGION=us-east-1 AWS_PAGER=""
cli() { "$aws" --endpoint-url "$endpoint" lambda "$@"; }

[[ -n $endpoint && $endpoint == http://127.0.0.1:* ]] || { echo "no endpoint from shell-lambda:start: '$endpoint'"; exit 1; }
echo "STEP endpoint $(cat "$target/shell-lambda-endpoint.txt")"

layer=$(cli publish-layer-version --layer-name shell-lambda-bootstrap-x86_64 \
  --zip-file "fileb://$target/shell-lambda-bootstrap-x86_64.zip" --compatible-architectures x86_64 \
  --query LayerVersionArn --output text)
echo "STEP layer $layer"

state=$(cli create-function --function-name plane-cli --runtime provided.al2023 --handler handler.run \
  --role arn:aws:iam::000000000000:role/plane-cli --architectures x86_64 --layers "$layer" \
  --zip-file "fileb://$target/plane-cli-1.0.zip" --query State --output text)
echo "STEP created $state"
cli wait function-active-v2 --function-name plane-cli
echo "STEP active"

v1=$(cli publish-version --function-name plane-cli --query Version --output text)
echo "STEP version $v1"
cli update-function-configuration --function-name plane-cli --description second --query LastUpdateStatus --output text
cli wait function-updated-v2 --function-name plane-cli
v2=$(cli publish-version --function-name plane-cli --query Version --output text)
echo "STEP version $v2"

cli create-alias --function-name plane-cli --name live --function-version "$v1" \
  --routing-config "{\"AdditionalVersionWeights\":{\"$v2\":0.1}}" --query RoutingConfig --output json | tr -d ' \n'
echo
echo "STEP alias live"
if cli create-alias --function-name plane-cli --name bad --function-version "$v1" \
    --routing-config "{\"AdditionalVersionWeights\":{\"$v2\":1.5}}" 2>"$target/bad-alias.txt"; then
  echo "a weight of 1.5 was accepted"; exit 1
fi
echo "STEP refused $(tr -d '\n' < "$target/bad-alias.txt")"

url=$(cli create-function-url-config --function-name plane-cli --qualifier live --auth-type NONE \
  --query FunctionUrl --output text)
echo "STEP url $url"
before=$(curl -s -o /dev/null -w '%{http_code}' "$url")
echo "STEP without permissions $before"
cli add-permission --function-name plane-cli --qualifier live --statement-id url \
  --action lambda:InvokeFunctionUrl --principal '*' --function-url-auth-type NONE >/dev/null
# the CLI 2.9 predates --invoked-via-function-url: an unconditioned InvokeFunction statement covers it too
cli add-permission --function-name plane-cli --qualifier live --statement-id invoke \
  --action lambda:InvokeFunction --principal '*' >/dev/null
echo "STEP answer $(curl -s "$url")"
echo "STEP versions $(cli list-versions-by-function --function-name plane-cli --query 'Versions[].Version' --output text)"
