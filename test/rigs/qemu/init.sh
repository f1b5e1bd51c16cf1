#!/bin/busybox sh
# /init of the QEMU guest (packed by initramfs.ts). Loads the kernel modules listed in /modules.list, mounts
# the host root over 9p (tag hostroot) and the run folder (tag rigrun) at /run/nacre-rig, chroots into the
# host root, runs the run folder's command.sh (written by guest.ts), writes its exit status there, then
# powers off. Markers on the console frame the command's output.
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /root /tmp
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev

fail() {
  echo "@@nacre-guest-fail: $*@@"
  poweroff -f
}

while read -r module params; do
  insmod "/lib/modules/$module" $params || echo "rig: insmod $module $params failed"
done < /modules.list

cache=loose
for arg in $(cat /proc/cmdline); do
  case "$arg" in rig.cache=*) cache="${arg#rig.cache=}" ;; esac
done
p9="trans=virtio,version=9p2000.L,msize=512000"
mount -t 9p -o "$p9,cache=$cache" hostroot /root || fail "cannot mount the host root over 9p"

mount -o bind /dev /root/dev
mkdir -p /root/dev/pts /root/dev/shm
mount -t devpts -o newinstance,ptmxmode=0666 devpts /root/dev/pts
ln -sf pts/ptmx /root/dev/ptmx
mount -t tmpfs shm /root/dev/shm
mount -o bind /proc /root/proc
mount -o bind /sys /root/sys
mount -t configfs configfs /root/sys/kernel/config
mkdir -p /rig
mount -t 9p -o "$p9,cache=mmap" rigrun /rig || fail "cannot mount the run folder over 9p"
[ -f /rig/command.sh ] || fail "no command.sh in the run folder"
project=$(cat /rig/project)
# a project under /tmp or /run (a fresh CI clone) would be hidden by the tmpfs below: keep a handle on it
mkdir -p /project
mount -o bind "/root$project" /project || fail "cannot find the project $project"
mount -t tmpfs tmp /root/tmp
mount -t tmpfs run /root/run
mkdir -p /root/run/lock /root/run/nacre-rig "/root$project"
mount -o bind /project "/root$project"
run=/run/nacre-rig
mount -o bind /rig "/root$run"

# loopback, for tests that start the runtime's HTTP server (qemu runs with -net none: nothing else)
ifconfig lo 127.0.0.1 up || echo "rig: no loopback"
echo "@@nacre-guest-start@@"
set -o pipefail
chroot /root /bin/sh -c ". '$run/env.sh' && exec /bin/sh '$run/command.sh'" </dev/null 2>&1 | cat
code=$?
echo "$code" > "/root$run/status"
sync
echo "@@nacre-guest-exit=$code@@"
poweroff -f
