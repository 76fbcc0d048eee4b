/**
 * The POSIX shell programs installed in every VM's `.marina/bin` (kept here as text so that the
 * sandbox also runs from a bundled build). Each finds its VM root from its own location, so it
 * works whoever calls it and whatever environment it is given.
 */

/** Enters the VM (root directory, environment, PATH) and runs the client's command or a login shell. */
export const VM_LOGIN = `#!/bin/sh
# Marina cloud sandbox: every command a VM runs starts here (sshd's ForceCommand, or the
# in-process SSH server's exec). It enters the VM: its root directory, its environment, its PATH
# shims, then runs the client's command (or a login shell when none was given).
ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$ROOT/.marina/vm.env"
cd "$ROOT" || exit 1
if [ -z "\${SSH_ORIGINAL_COMMAND:-}" ]; then
  exec "\${SHELL:-/bin/sh}" -l
fi
case "$SSH_ORIGINAL_COMMAND" in
  internal-sftp|*/sftp-server) exec /usr/lib/openssh/sftp-server -d "$ROOT" ;;
esac
exec /bin/sh -c "$SSH_ORIGINAL_COMMAND"
`;

/** `hostname` as the VM sees it. */
export const HOSTNAME_SHIM = `#!/bin/sh
# Marina cloud sandbox: the VM's hostname (\`hostname\`, \`hostname -I\` for its private address).
ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
. "$ROOT/.marina/vm.env"
case "\${1:-}" in
  -I|-i|--all-ip-addresses|--ip-address) printf '%s\\n' "$MARINA_VM_IP" ;;
  -s|--short) printf '%s\\n' "\${HOSTNAME%%.*}" ;;
  "") printf '%s\\n' "$HOSTNAME" ;;
  *) echo "hostname: changing the hostname of a sandbox VM is not supported" >&2; exit 1 ;;
esac
`;

/** `mkfs`, `mkfs.<type>`, `mount`, `umount` and `blkid` on the VM's attached volumes. */
export const VM_FS = `#!/bin/sh
# Marina cloud sandbox: a VM's block-device commands (mkfs, mkfs.<type>, mount, umount, blkid).
# Device and mount-point arguments are VM paths: an absolute path /p means $MARINA_VM_ROOT/p.
# An attached volume appears as $MARINA_VM_ROOT/dev/<name> (a link to the volume's record
# directory: \`fs\` holds the filesystem type once formatted, \`data/\` the files). Mounting links the
# mount point to \`data/\`, so a mount is visible in this VM only. The mount table is .marina/mounts.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd -P)
TABLE="$ROOT/.marina/mounts"
SHADOW="$ROOT/.marina/shadowed"
touch "$TABLE"
PROG=$(basename "$0")

strip() { p=$1; while [ "\${p%/}" != "$p" ] && [ "$p" != / ]; do p=\${p%/}; done; printf '%s' "$p"; }
vmpath() { case "$1" in /*) printf '%s%s' "$ROOT" "$(strip "$1")" ;; *) printf '%s/%s' "$(pwd -P)" "$(strip "$1")" ;; esac; }
volume_of() { # volume_of DEVICE EXITCODE
  link=$(vmpath "$1")
  if [ ! -L "$link" ] || [ ! -d "$link" ]; then echo "$PROG: $1: not a block device" >&2; exit "$2"; fi
  readlink "$link"
}
table_line() { awk -v a="$(strip "$1")" '$1 == a || $2 == a' "$TABLE" | tail -n 1; }

do_mkfs() {
  type=\${PROG#mkfs.}; [ "$PROG" = mkfs ] && type=ext2
  dev=""
  while [ $# -gt 0 ]; do
    case "$1" in
      -t) type=$2; shift 2 ;;
      -L|-E|-O|-b|-m|-i|-N|-T|-I|-U|-n|-d|-l|-s) shift 2 ;;
      -*) shift ;;
      *) dev=$1; shift ;;
    esac
  done
  [ -n "$dev" ] || { echo "Usage: $PROG [options] device" >&2; exit 1; }
  vol=$(volume_of "$dev" 1) || exit 1
  if [ -n "$(table_line "$dev")" ]; then echo "$dev is mounted; will not make a filesystem here!" >&2; exit 1; fi
  rm -rf "$vol/data" && mkdir "$vol/data" && printf '%s\\n' "$type" > "$vol/fs"
  echo "Creating $type filesystem on $dev: done"
}

do_mount() {
  type=auto
  while [ $# -gt 0 ]; do
    case "$1" in
      -t) type=$2; shift 2 ;;
      -o) shift 2 ;;
      -*) shift ;;
      *) break ;;
    esac
  done
  if [ $# -eq 0 ]; then awk '{ print $1 " on " $2 " type " $3 " (rw)" }' "$TABLE"; exit 0; fi
  [ $# -eq 2 ] || { echo "mount: need a device and a mount point" >&2; exit 1; }
  dev=$(strip "$1"); mp=$(strip "$2")
  vol=$(volume_of "$dev" 32) || exit 32
  fs=$(cat "$vol/fs" 2>/dev/null || true)
  if [ -z "$fs" ] || { [ "$type" != auto ] && [ "$type" != "$fs" ]; }; then
    echo "mount: $mp: wrong fs type, bad option, bad superblock on $dev, missing codepage or helper program, or other error." >&2; exit 32
  fi
  if [ -n "$(awk -v m="$mp" '$2 == m' "$TABLE")" ]; then echo "mount: $mp: $dev already mounted on $mp." >&2; exit 32; fi
  target=$(vmpath "$mp")
  mkdir -p "$(dirname "$target")" "$SHADOW"
  if [ -d "$target" ] && [ ! -L "$target" ]; then
    if [ -n "$(ls -A "$target")" ]; then mv "$target" "$SHADOW/$(printf '%s' "$mp" | tr / _)"; else rmdir "$target"; fi
  elif [ -e "$target" ] || [ -L "$target" ]; then
    echo "mount: $mp: mount point is not a directory." >&2; exit 32
  fi
  ln -s "$vol/data" "$target"
  printf '%s %s %s rw\\n' "$dev" "$mp" "$fs" >> "$TABLE"
}

do_umount() {
  arg=""
  for a in "$@"; do case "$a" in -*) ;; *) arg=$a ;; esac; done
  [ -n "$arg" ] || { echo "Usage: umount <mount point>" >&2; exit 1; }
  line=$(table_line "$arg")
  [ -n "$line" ] || { echo "umount: $arg: not mounted." >&2; exit 32; }
  mp=$(printf '%s' "$line" | awk '{ print $2 }')
  target=$(vmpath "$mp")
  rm -f "$target"
  shadowed="$SHADOW/$(printf '%s' "$mp" | tr / _)"
  if [ -d "$shadowed" ]; then mv "$shadowed" "$target"; else mkdir -p "$target"; fi
  awk -v m="$mp" '$2 != m' "$TABLE" > "$TABLE.new" && mv "$TABLE.new" "$TABLE"
}

do_blkid() {
  [ $# -gt 0 ] || { echo "Usage: blkid device" >&2; exit 2; }
  status=2
  for dev in "$@"; do
    link=$(vmpath "$dev")
    [ -L "$link" ] && [ -s "$link/fs" ] || continue
    printf '%s: TYPE="%s"\\n' "$dev" "$(cat "$link/fs")"; status=0
  done
  exit "$status"
}

case "$PROG" in
  mkfs|mkfs.*) do_mkfs "$@" ;;
  mount) do_mount "$@" ;;
  umount) do_umount "$@" ;;
  blkid) do_blkid "$@" ;;
  *) echo "vm-fs: unknown command $PROG" >&2; exit 1 ;;
esac
`;
