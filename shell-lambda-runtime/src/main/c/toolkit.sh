# shellcheck shell=bash
# shellcheck disable=SC2154 # __sl_helper, __sl_error_file and __sl_event_file come from the driver
# The handler toolkit (docs/writing-a-handler.md, "The toolkit"), loaded on first use. Compiled
# into the bootstrap (the Makefile turns this file into a C string; full-line comments and blank
# lines are dropped). The driver (supervisor.c) defines one-line stubs lambda_error, lambda_http,
# ... before it sources the handler file; each stub sources this file once (__sl_load) and calls
# the function of the same name with the prefix __sl_ defined here. So a handler file defining a
# function of a toolkit name wins (its definition replaces the stub), and loading never replaces
# it. Loading is lazy because parsing this text at init would cost every cold start a few tenths
# of a millisecond: it happens on the first call, or in the long-lived shell right after the
# first invocation, so that every later invocation's fork has it already.
#
# Set by the driver: __sl_helper (the command line of this bootstrap's helper modes: the binary
# itself, prefixed by qemu where it is emulated), __sl_error_file (the file lambda_error writes
# to). Set per invocation: __sl_event_file (the event, for lambda_require_header).
#
# Every command is \builtin or \command: the handler file may define functions or aliases of any
# name. Each function switches xtrace off for itself (local -), so that set -x in a handler never
# traces a secret or the toolkit's insides into the log.
# Further functions follow the same pattern: a lambda_ name, xtrace off, values through stdin or
# a file rather than argv, failures ending the invocation with lambda_error.

# Strings made of these characters are their own JSON literal between quotes (no helper process).
# Listed one by one: a range like a-z would depend on the locale.
__sl_plain_re='^[]abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !#$%&'\''()*+,./:;<=>?@[^_`{|}~-]*$'

# __sl_json_to VAR VALUE: sets VAR to VALUE as a JSON string literal.
__sl_json_to() {
  if [[ $2 =~ $__sl_plain_re ]]; then
    \builtin printf -v "$1" '"%s"' "$2"
  else
    \builtin printf -v "$1" '%s' "$("${__sl_helper[@]}" --json-string <<<"$2")"
  fi
}

# lambda_json_string VALUE: prints VALUE as a JSON string literal (quotes included, no newline).
__sl_lambda_json_string() {
  { \builtin local -; \builtin set +x; } 2>/dev/null
  \builtin local __sl_j
  __sl_json_to __sl_j "${1-}"
  \builtin printf '%s' "$__sl_j"
}

# lambda_error TYPE MESSAGE: ends the invocation (or init, at top level) as an error of that type.
# The bootstrap validates the type and escapes the message: this only hands both over.
__sl_lambda_error() {
  { \builtin local -; \builtin set +x; } 2>/dev/null
  \builtin printf '%s\0%s' "${1-}" "${2-}" >|"$__sl_error_file"
  \builtin exit 1
}

# lambda_http STATUS [-H 'Name: value']... [--cookie 'c=v']... [--base64] < body
__sl_lambda_http() {
  { \builtin local -; \builtin set +x; } 2>/dev/null
  "${__sl_helper[@]}" --http-response "$@"
}

# lambda_log LEVEL MESSAGE...: one line on stderr (the function log), JSON when
# AWS_LAMBDA_LOG_FORMAT=JSON; levels below AWS_LAMBDA_LOG_LEVEL are dropped.
__sl_lambda_log() {
  { \builtin local -; \builtin set +x; } 2>/dev/null
  \builtin local __sl_level=${1-} __sl_rank __sl_min=0 __sl_t __sl_ts __sl_msg __sl_id
  \builtin shift || :
  case ${__sl_level^^} in
    TRACE) __sl_rank=1 ;; DEBUG) __sl_rank=2 ;; INFO) __sl_rank=3 ;;
    WARN) __sl_rank=4 ;; ERROR) __sl_rank=5 ;; FATAL) __sl_rank=6 ;;
    *)
      \builtin printf "lambda_log: the level is '%s', but it must be one of TRACE DEBUG INFO WARN ERROR FATAL\n" "$__sl_level" >&2
      \builtin return 2 ;;
  esac
  __sl_level=${__sl_level^^}
  case ${AWS_LAMBDA_LOG_LEVEL-} in
    [Tt][Rr][Aa][Cc][Ee]) __sl_min=1 ;; [Dd][Ee][Bb][Uu][Gg]) __sl_min=2 ;; [Ii][Nn][Ff][Oo]) __sl_min=3 ;;
    [Ww][Aa][Rr][Nn]) __sl_min=4 ;; [Ee][Rr][Rr][Oo][Rr]) __sl_min=5 ;; [Ff][Aa][Tt][Aa][Ll]) __sl_min=6 ;;
  esac
  if (( __sl_rank < __sl_min )); then \builtin return 0; fi
  # ISO 8601 UTC with milliseconds from EPOCHREALTIME (bash 5): no date process
  __sl_t=${EPOCHREALTIME-}
  __sl_t=${__sl_t//[!0123456789]/}
  if (( ${#__sl_t} > 6 )); then
    TZ=UTC0 \builtin printf -v __sl_ts '%(%Y-%m-%dT%H:%M:%S)T' "${__sl_t:0:${#__sl_t}-6}"
    __sl_ts=$__sl_ts.${__sl_t:${#__sl_t}-6:3}Z
  else
    TZ=UTC0 \builtin printf -v __sl_ts '%(%Y-%m-%dT%H:%M:%S)T.000Z' -1
  fi
  __sl_msg="$*"
  __sl_id=${LAMBDA_RUNTIME_AWS_REQUEST_ID-}
  if [[ ${AWS_LAMBDA_LOG_FORMAT-} == [Jj][Ss][Oo][Nn] ]]; then
    __sl_json_to __sl_msg "$__sl_msg"
    if [[ -n $__sl_id ]]; then
      __sl_json_to __sl_id "$__sl_id"
      \builtin printf '{"timestamp":"%s","level":"%s","message":%s,"requestId":%s}\n' "$__sl_ts" "$__sl_level" "$__sl_msg" "$__sl_id" >&2
    else
      \builtin printf '{"timestamp":"%s","level":"%s","message":%s}\n' "$__sl_ts" "$__sl_level" "$__sl_msg" >&2
    fi
  else
    # one line per call: a newline inside the message would split it into two log events
    __sl_msg=${__sl_msg//$'\n'/$'\r'}
    \builtin printf '[%s]\t%s\t%s\t%s\n' "$__sl_level" "$__sl_ts" "${__sl_id:--}" "$__sl_msg" >&2
  fi
}

# lambda_require_header NAME SECRET_VARIABLE: for a Function URL event, goes on when the header
# NAME equals the secret held in the variable SECRET_VARIABLE (compared as SHA-256 digests, never
# as raw strings); otherwise prints a 401 response and ends the invocation.
__sl_lambda_require_header() {
  { \builtin local -; \builtin set +x; } 2>/dev/null
  \builtin local __sl_want='' __sl_got=''
  if [[ -z ${!2-} ]]; then
    \builtin printf 'lambda_require_header: the variable %s (the shared secret for the %s header) is empty or unset: every request is refused\n' "${2-}" "${1-}" >&2
  else
    __sl_want=$(\builtin printf '%s' "${!2}" | \command sha256sum) || :
    __sl_got=$("${__sl_helper[@]}" --event-header "${1-}" <"$__sl_event_file" | \command sha256sum) || :
    if [[ -n $__sl_want && $__sl_want == "$__sl_got" ]]; then
      \builtin return 0
    fi
  fi
  \builtin printf '%s' '{"message":"Unauthorized"}' |
    "${__sl_helper[@]}" --http-response 401 -H 'Content-Type: application/json'
  \builtin exit 0
}

# __sl_conf_to VAR VALUE: sets VAR to VALUE as a curl config (-K) double-quoted string.
__sl_conf_to() {
  \builtin local __sl_v="$2"
  __sl_v=${__sl_v//\\/\\\\}
  __sl_v=${__sl_v//\"/\\\"}
  __sl_v=${__sl_v//$'\n'/\\n}
  __sl_v=${__sl_v//$'\r'/\\r}
  \builtin printf -v "$1" '"%s"' "$__sl_v"
}

# lambda_secret NAME [VAR]: prints the value of the Secrets Manager secret NAME (ssm:NAME: the
# SSM parameter NAME, decrypted), or with VAR stores it in the variable VAR (no command
# substitution: set -x in the handler then traces no assignment of the value, and a missing
# secret ends the invocation right there). Fetched once per execution environment with curl --aws-sigv4 and
# the function's own credentials, then kept in a 0600 file of a 0700 folder under TMPDIR named by
# the SHA-256 of NAME (each invocation runs in a fork of the long-lived shell, so a variable could
# not outlive it). Credentials and the request body reach curl as a config on stdin, through a
# pipe from printf (a builtin): never in argv, never in a file. The endpoints can be overridden
# with AWS_ENDPOINT_URL_SECRETS_MANAGER / AWS_ENDPOINT_URL_SSM / AWS_ENDPOINT_URL (the AWS SDKs'
# variables; the embedded runtime points them at its loopback server).
__sl_lambda_secret() {
  { \builtin local -; \builtin set +x; } 2>/dev/null
  \builtin local __sl_name="${1-}" __sl_dir __sl_key __sl_cache __sl_tmp __sl_svc __sl_target __sl_url __sl_q
  \builtin local __sl_body __sl_resp __sl_code __sl_type __sl_conf __sl_c1 __sl_c2 __sl_c3 __sl_c4 __sl_c5
  if [[ -z $__sl_name || $__sl_name == ssm: ]]; then
    \builtin printf 'lambda_secret: usage: lambda_secret NAME [VAR] (a Secrets Manager secret) or lambda_secret ssm:NAME [VAR] (an SSM parameter)\n' >&2
    \builtin return 2
  fi
  if [[ -n ${2-} && ( ! $2 =~ ^[A-Za-z_][A-Za-z0-9_]*$ || $2 == __sl_* ) ]]; then
    \builtin printf "lambda_secret: the variable name is '%s', but it must be a shell variable name (letters, digits, _; not starting with a digit or __sl_)\n" "$2" >&2
    \builtin return 2
  fi
  __sl_dir=${TMPDIR:-/tmp}/.lambda-secrets
  __sl_key=$(\builtin printf '%s' "$__sl_name" | \command sha256sum) || :
  __sl_key=${__sl_key%% *}
  __sl_cache=$__sl_dir/$__sl_key
  if [[ -f $__sl_cache && -O $__sl_cache ]]; then
    __sl_secret_out "${2-}" "$__sl_cache"
    \builtin return
  fi
  if [[ $__sl_name == ssm:* ]]; then
    __sl_svc=ssm __sl_target=AmazonSSM.GetParameter
    __sl_url=${AWS_ENDPOINT_URL_SSM:-${AWS_ENDPOINT_URL:-https://ssm.${AWS_REGION-}.amazonaws.com}}
    __sl_json_to __sl_q "${__sl_name#ssm:}"
    __sl_body="{\"Name\":$__sl_q,\"WithDecryption\":true}"
  else
    __sl_svc=secretsmanager __sl_target=secretsmanager.GetSecretValue
    __sl_url=${AWS_ENDPOINT_URL_SECRETS_MANAGER:-${AWS_ENDPOINT_URL:-https://secretsmanager.${AWS_REGION-}.amazonaws.com}}
    __sl_json_to __sl_q "$__sl_name"
    __sl_body="{\"SecretId\":$__sl_q}"
  fi
  if [[ -z ${AWS_REGION-} || -z ${AWS_ACCESS_KEY_ID-} || -z ${AWS_SECRET_ACCESS_KEY-} ]]; then
    __sl_lambda_error SecretUnavailable "lambda_secret $__sl_name: AWS_REGION, AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY is unset (Lambda sets them from the function's role; locally, give the function a secrets file)"
  fi
  __sl_conf_to __sl_c1 "$__sl_url/"
  __sl_conf_to __sl_c2 "aws:amz:$AWS_REGION:$__sl_svc"
  __sl_conf_to __sl_c3 "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"
  __sl_conf_to __sl_c4 "X-Amz-Target: $__sl_target"
  __sl_conf_to __sl_c5 "$__sl_body"
  __sl_conf="url = $__sl_c1"$'\n'"aws-sigv4 = $__sl_c2"$'\n'"user = $__sl_c3"$'\n'"header = $__sl_c4"$'\n'
  __sl_conf+='header = "Content-Type: application/x-amz-json-1.1"'$'\n'"data-binary = $__sl_c5"$'\n'
  __sl_conf+='silent'$'\n''show-error'$'\n''max-time = 10'$'\n''write-out = "\n%{http_code}"'$'\n'
  if [[ -n ${AWS_SESSION_TOKEN-} ]]; then
    __sl_conf_to __sl_c1 "X-Amz-Security-Token: $AWS_SESSION_TOKEN"
    __sl_conf+="header = $__sl_c1"$'\n'
  fi
  __sl_resp=$(\builtin printf '%s' "$__sl_conf" | \command curl -K -) || :
  __sl_conf='' __sl_c3=''
  __sl_code=${__sl_resp##*$'\n'}
  __sl_resp=${__sl_resp%$'\n'*}
  if [[ $__sl_code != 200 ]]; then
    __sl_type=$(\builtin printf '%s' "$__sl_resp" | "${__sl_helper[@]}" --json-field __type 2>/dev/null) || :
    __sl_type=${__sl_type##*#}
    if [[ $__sl_type == ResourceNotFoundException || $__sl_type == ParameterNotFound ]]; then
      __sl_lambda_error SecretNotFound "$__sl_name"
    fi
    __sl_lambda_error SecretUnavailable "lambda_secret $__sl_name: $__sl_url answered ${__sl_code:-nothing}${__sl_type:+ ($__sl_type)}"
  fi
  if ! { \command mkdir -p -m 700 -- "$__sl_dir" && [[ -O $__sl_dir ]]; }; then
    __sl_lambda_error SecretUnavailable "lambda_secret $__sl_name: cannot make the cache folder $__sl_dir"
  fi
  __sl_tmp=$__sl_dir/.$__sl_key.$BASHPID
  if ! (
    \builtin umask 077
    \builtin set -o pipefail
    if [[ $__sl_svc == ssm ]]; then
      \builtin printf '%s' "$__sl_resp" | "${__sl_helper[@]}" --json-field Parameter Value >|"$__sl_tmp"
    else
      \builtin printf '%s' "$__sl_resp" | "${__sl_helper[@]}" --json-field SecretString >|"$__sl_tmp" ||
        \builtin printf '%s' "$__sl_resp" | "${__sl_helper[@]}" --json-field SecretBinary | \command base64 -d >|"$__sl_tmp"
    fi
  ); then
    \command rm -f -- "$__sl_tmp"
    __sl_lambda_error SecretUnavailable "lambda_secret $__sl_name: $__sl_url answered 200 without a value"
  fi
  \command mv -f -- "$__sl_tmp" "$__sl_cache"
  __sl_secret_out "${2-}" "$__sl_cache"
}

# __sl_secret_out VAR FILE: FILE's content into the variable VAR (read keeps trailing newlines),
# or on stdout when VAR is empty.
__sl_secret_out() {
  if [[ -n $1 ]]; then
    IFS= \builtin read -r -d '' "$1" <"$2" || :
  else
    \command cat -- "$2"
  fi
}

# lambda_stream_start STATUS [-H 'Name: value']... [--cookie 'c=v']...: in a streaming function
# (SHELL_LAMBDA_RESPONSE_STREAM=1), the HTTP status and headers of the Function URL response, sent
# as the prelude of application/vnd.awslambda.http-integration-response (JSON, then 8 NUL bytes);
# what the handler prints next is the body. Call it before printing anything else.
__sl_lambda_stream_start() {
  { \builtin local -; \builtin set +x; } 2>/dev/null
  \builtin local __sl_status=${1-} __sl_h='' __sl_c='' __sl_n __sl_v __sl_k __sl_j
  if [[ -z ${__sl_stream_file-} ]]; then
    __sl_lambda_error Function.StreamingNotEnabled "lambda_stream_start was called, but this function does not stream its response: set the environment variable SHELL_LAMBDA_RESPONSE_STREAM=1 (with a Function URL whose invokeMode is RESPONSE_STREAM)"
  fi
  if [[ ! $__sl_status =~ ^[1-5][0-9][0-9]$ ]]; then
    __sl_lambda_error Function.InvalidStreamStart "lambda_stream_start: the status is '$__sl_status', but it must be an HTTP status from 100 to 599"
  fi
  \builtin shift
  while (( $# > 0 )); do
    case $1 in
      -H)
        if [[ ${2-} != ?*:* ]]; then
          __sl_lambda_error Function.InvalidStreamStart "lambda_stream_start: -H takes 'Name: value', but it was given '${2-}'"
        fi
        __sl_n=${2%%:*}
        __sl_v=${2#*:}
        __sl_v=${__sl_v#"${__sl_v%%[! ]*}"}
        __sl_json_to __sl_k "$__sl_n"
        __sl_json_to __sl_j "$__sl_v"
        __sl_h+=${__sl_h:+,}$__sl_k:$__sl_j
        \builtin shift 2 ;;
      --cookie)
        __sl_json_to __sl_j "${2-}"
        __sl_c+=${__sl_c:+,}$__sl_j
        \builtin shift 2 || \builtin shift ;;
      *)
        __sl_lambda_error Function.InvalidStreamStart "lambda_stream_start: unexpected argument '$1': expected -H 'Name: value' or --cookie 'c=v'" ;;
    esac
  done
  \builtin printf 'H' >|"$__sl_stream_file"
  \builtin printf '{"statusCode":%s,"headers":{%s},"cookies":[%s]}\0\0\0\0\0\0\0\0' "$__sl_status" "$__sl_h" "$__sl_c"
}
