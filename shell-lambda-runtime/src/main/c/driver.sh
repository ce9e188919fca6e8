# The driver of the bootstrap's long-lived bash (supervisor.c runs it as bash -c DRIVER bootstrap
# PID SCRIPT_FD MODE FILE FUNC ERROR_FD SELF TOOLKIT_FD USED_FD). The Makefile drops full-line
# comments, blank lines and indentation, and compresses the rest into the bootstrap (lz_pack).
#
# It must keep working whatever options and IFS the handler file sets at top level: it switches
# off errexit, xtrace and verbose for itself after sourcing and switches them back on inside each
# invocation, and it never relies on word splitting. fd 3 (triggers) and fd 4 (statuses) are
# hidden from the handler file and from every invocation. SELF is the bootstrap's path as it sees
# itself: when /proc/PID/exe is another file, the bootstrap runs under an emulator (qemu-user in
# the arm64 tests), and the toolkit's helpers run as that emulator with SELF.
# shellcheck disable=all # not a script of its own: positional parameters as above

# one compound command, parsed whole before it runs: aliases the handler file defines cannot
# change how the rest of the driver parses
{
__sl_script=/proc/$1/fd/$2 __sl_mode=$3 __sl_file=$4 __sl_func=$5 __sl_error_file=/proc/$1/fd/$6
if [[ -z $7 || /proc/$1/exe -ef $7 ]]; then __sl_helper=(/proc/$1/exe); else __sl_helper=(/proc/$1/exe "$7"); fi
__sl_toolkit=/proc/$1/fd/$8 __sl_used=/proc/$1/fd/$9
set --
# the toolkit's stubs (toolkit.sh): its text is sourced on first use, with aliases and
# xtrace/verbose off so that nothing of the handler's changes how it parses or what it logs.
# A use inside an invocation also marks the "used" file: the long-lived shell then sources the
# toolkit too, once, so that later invocations find it parsed (a shell that never needs it
# stays smaller, and each invocation's fork cheaper: 2% to 6% of a warm round trip here)
__sl_load() {
  { \builtin local -; \builtin set +xv; } 2>/dev/null
  if [[ -n ${__sl_loaded-} ]]; then \builtin return 0; fi
  __sl_loaded=1
  if \builtin shopt -q expand_aliases; then
    \builtin shopt -u expand_aliases; \builtin source "$__sl_toolkit"; \builtin shopt -s expand_aliases
  else \builtin source "$__sl_toolkit"; fi
  \builtin printf 1 2>/dev/null >|"$__sl_used" || \builtin true
}
lambda_error() { __sl_load; __sl_lambda_error "$@"; }
lambda_http() { __sl_load; __sl_lambda_http "$@"; }
lambda_json_string() { __sl_load; __sl_lambda_json_string "$@"; }
lambda_log() { __sl_load; __sl_lambda_log "$@"; }
lambda_require_header() { __sl_load; __sl_lambda_require_header "$@"; }
lambda_secret() { __sl_load; __sl_lambda_secret "$@"; }
lambda_stream_start() { __sl_load; __sl_lambda_stream_start "$@"; }
# a syntax error anywhere in the file fails init, even past the function's definition, before
# any of its top-level code runs: __sl_check sources the file without executing it, in this
# very shell (no second bash to exec, not even a fork). Its DEBUG trap removes itself and
# switches on noexec just before source runs, so source only parses, with bash -n's messages;
# local - switches noexec off again when the function returns. Otherwise only what ends the
# shell fails init (exit, a failure under set -e, a signal): the file's last command returning
# non-zero is no failure, as when bash runs a script
__sl_check() { local -; trap 'trap - DEBUG; set -n' DEBUG; source "$1"; }
if [[ $__sl_mode == f ]]; then
  if ! __sl_check "$__sl_file" 3<&- 4>&-; then
    printf 'S2\n' >&4; exit 2
  fi
  source "$__sl_file" 3<&- 4>&-
  # from here on the handler file has run: its functions and aliases may shadow any command
  # name, so every command is \builtin or, for exec, \command (builtin exec would undo its
  # redirections once done); the backslash defeats aliases
  if ! \builtin declare -F "$__sl_func" >/dev/null; then
    \builtin printf 'F\n' >&4; \builtin exit 3
  fi
fi
__sl_set=
case $- in *e*) __sl_set=${__sl_set}e;; esac
case $- in *x*) __sl_set=${__sl_set}x;; esac
case $- in *v*) __sl_set=${__sl_set}v;; esac
\builtin set +exv
\builtin printf 'R\n' >&4
# Each invocation's subshell is forked as soon as the previous one ended, and waits for its
# trigger: the fork (milliseconds of page-table work in a VM) happens while the bootstrap posts
# the response and waits for the next event, not after the event arrived. It is a fork of
# the shell as init left it, like a fork taken at trigger time. The trigger pipe reaches EOF
# only when the bootstrap is gone; the status write then fails too, and the loop ends.
# __sl_event is set by the invocation's script only when SHELL_LAMBDA_EVENT_ARG asks for the
# event as $1 too.
while :; do
  (
    until IFS= \builtin read -r __sl_go <&3; do
      if (( $? <= 128 )); then \builtin exit 0; fi
    done
    \command exec 3<&- 4>&-
    \builtin source "$__sl_script"
    if [[ -n $__sl_set ]]; then \builtin set "-$__sl_set"; fi
    if [[ $__sl_mode == f ]]; then "$__sl_func" ${__sl_event+"$__sl_event"}; else \command exec "$__sl_file"; fi
  )
  \builtin printf '%d\n' "$?" >&4 || \builtin exit 0
  if [[ $__sl_mode == f && -z ${__sl_loaded-} && -s $__sl_used ]]; then __sl_load; fi
done
}
