# The client half of a warm start, sourced by bin/interpreters (and by WarmStartTest): a JVM booted
# ahead runs the program, so that it starts at once instead of after seconds of start-up.
# WarmStart.java has the design and the spare's half. The caller sets:
#   JAVA_CMD  the command that runs io.interpreters4j.runtime.Launcher (without its arguments)
#   WARM_DIR  the user's private directory for spares (made here, mode 0700)
#   KEY       names what a spare was booted with: it serves only commands that would boot the same
# run_program ARGS... runs the program on a spare when one is there (and exits with its status),
# else starts it cold; either way it leaves a spare booting for the next command.

warm_dir_ok() {  # the user's own directory, mode 0700, not a link
  [ -d "$WARM_DIR" ] || mkdir -m 700 "$WARM_DIR" 2>/dev/null || return 1
  [ ! -L "$WARM_DIR" ] && [ -O "$WARM_DIR" ] && [ "$(stat -c %a "$WARM_DIR")" = 700 ]
}

spare_alive() {  # $1: a spare's directory; its wrapper shell still runs
  local w
  [ -f "$1/wrapper" ] && w=$(<"$1/wrapper") && [ -n "$w" ] && kill -0 "$w" 2>/dev/null
}

start_spare() {  # a new spare, unless one for this key is waiting already
  local s
  for s in "$WARM_DIR"/spare."$KEY".*; do
    spare_alive "$s" && return 0
    [ -d "$s" ] && [ -f "$s/wrapper" ] && rm -rf "$s"  # its JVM died
  done
  s="$WARM_DIR/spare.$KEY.$(date +%s%N)"
  mkdir -m 700 "$s" && mkfifo -m 600 "$s/go" "$s/status" || return 0
  # The wrapper holds both FIFOs (fd 3 status, fd 4 request), runs the JVM niced in a session of
  # its own (so a Ctrl-C meant for this command does not reach it), and writes its exit status.
  # The JVM gets SIGINT and SIGQUIT at their defaults: a shell starts a background command with
  # both ignored, and a JVM that starts with SIGINT ignored never handles it, so the Ctrl-C this
  # command forwards would do nothing.
  # Under the kernel's autogroup scheduling (a session is a group, and groups share the CPUs
  # evenly whatever their tasks' nice values) nice alone left the booting spare a whole core of
  # the two beside the program of the command that started it: the session's own nice is set too,
  # where warm_start can set it back for the program (root; a user's program must not run at a
  # group nice it cannot undo).
  ( cd / && exec 3<>"$s/status" 4<>"$s/go" </dev/null >>"$s/log" 2>&1 \
      && exec setsid nice -n 19 bash -c \
         '[ "$EUID" = 0 ] && echo 19 2>/dev/null >/proc/self/autogroup; "$@"; echo "exit $?" >&3' wrapper \
         env --default-signal=INT,QUIT "${JAVA_CMD[@]}" --warm-spare "$s" ) &
  echo $! > "$s/wrapper"
}

warm_start() {  # runs the program on a spare and exits with its status; returns if it cannot
  local s c w line status=""
  for s in "$WARM_DIR"/spare."$KEY".*; do
    spare_alive "$s" || continue
    c="$WARM_DIR/claimed.${s#"$WARM_DIR"/spare.}.$$"
    mv -T "$s" "$c" 2>/dev/null && break
    c=""
  done
  [ -n "${c:-}" ] || return 0
  w=$(<"$c/wrapper")
  # Booted at low priority, it runs this program at normal priority where the OS lets us raise it
  # back (root; elsewhere the program runs niced).
  local jvm
  jvm=$(<"/proc/$w/task/$w/children") 2>/dev/null && [ -n "$jvm" ] \
    && { echo 0 2>/dev/null >"/proc/${jvm%% *}/autogroup"; renice -n 0 -p $(ls "/proc/${jvm%% *}/task") >/dev/null 2>&1; } || true
  start_spare  # the next command's, booted while this one runs
  exec 3<>"$c/status" 4<>"$c/go"
  # Signals meant for the program go to the JVM that runs it (the wrapper's only child). The trap
  # only records a signal and the loop below sends it: a trap that ran `kill` itself, arriving in
  # the middle of the loop's own `kill -0`, was seen to send signal 0 to the wrapper instead (bash
  # 5.2), and the program never heard of it.
  local sig pending="" todo part=""
  for sig in INT TERM HUP QUIT; do
    # shellcheck disable=SC2064
    trap "pending+=' $sig'" "$sig"
  done
  printf '%s\0' "$$" "$(umask)" "$#" "$@" >&4
  while :; do
    if [ -n "$pending" ]; then
      todo=$pending pending=""
      [ -n "$jvm" ] || jvm=$(<"/proc/$w/task/$w/children") 2>/dev/null || true
      for sig in $todo; do
        kill -"$sig" "${jvm%% *}" 2>/dev/null || true
      done
    fi
    # A read its timeout cuts short has still taken the bytes it read (bash keeps them in the
    # variable): they start the next line, or an answer would be lost (a "started" lost so ran
    # the program a second time, cold).
    if read -r -t 0.2 -u 3 line; then
      line=$part$line part=""
      case "$line" in
        started) status=started; rm -rf "$c" ;;
        refused) break ;;
        exit\ *) [ "$status" = started ] && exit "${line#exit }"; break ;;
      esac
    else
      part+=$line
      if ! kill -0 "$w" 2>/dev/null && ! read -r -t 0 -u 3; then
        [ "$status" = started ] && exit 1  # the JVM and its wrapper were killed
        break
      fi
    fi
  done
  trap - INT TERM HUP QUIT
  exec 3<&- 4<&-
  [ -f "$c/log" ] && printf "interpreters: warm start failed (its log: %s); starting cold\n" "$c/log" >&2
}

stdio_can_be_shared() {
  # The spare opens this command's stdio anew: its own file offsets. A pipe, a terminal, a device
  # or a file written in append mode behaves the same through either; a regular file read or
  # overwritten at an offset does not (what the program wrote, the shell would write over after
  # it), and a socket cannot be opened: those start cold.
  local fd k v
  for fd in 0 1 2; do
    [ -e /proc/$$/fd/$fd ] || continue
    [ -S /proc/$$/fd/$fd ] && return 1
    [ -f /proc/$$/fd/$fd ] || continue
    [ "$fd" = 0 ] && return 1
    while IFS=$': \t' read -r k v; do
      [ "$k" = flags ] && { [ $(( 8#$v & 8#2000 )) -ne 0 ] || return 1; }
    done < /proc/$$/fdinfo/$fd
  done
  return 0
}

run_program() {
  if [ "${INTERPRETERS4J_WARM_START:-1}" != 0 ] && [ $# -gt 0 ] && warm_dir_ok && stdio_can_be_shared; then
    case "$1" in
      -h|--help|-) ;;
      -c|-m) if [ $# -ge 2 ]; then warm_start "$@"; start_spare; fi ;;
      -*) ;;
      *) warm_start "$@"; start_spare ;;
    esac
  fi
  exec "${JAVA_CMD[@]}" "$@"
}
