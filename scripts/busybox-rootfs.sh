#!/bin/sh
# Writes a busybox root filesystem tar (from the host's busybox-static) to $1, or to stdout when $1 is "-".
# setup and the tests import it as busybox:latest (there is no Docker Hub here).
set -eu
out=${1:--}
bb=/bin/busybox
[ -x "$bb" ] || { echo "busybox-static is not installed (apt-get install busybox-static)" >&2; exit 1; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/bin" "$dir/etc" "$dir/root" "$dir/tmp" "$dir/home" "$dir/var/www" "$dir/usr/bin" "$dir/usr/sbin" "$dir/sbin"
chmod 755 "$dir"; chmod 1777 "$dir/tmp"
cp "$bb" "$dir/bin/busybox"
for applet in $("$bb" --list); do
  [ "$applet" = busybox ] || ln -s busybox "$dir/bin/$applet"
done
cat > "$dir/etc/passwd" <<'P'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
P
cat > "$dir/etc/group" <<'G'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
tty:x:5:
www-data:x:33:
users:x:100:
nogroup:x:65534:
G
# Fixed mtimes so the same busybox gives the same layer digest and image ID on every machine.
find "$dir" -exec touch -h -d '2024-01-01T00:00:00Z' {} +
if [ "$out" = - ]; then
  tar --numeric-owner --owner=0 --group=0 --sort=name -C "$dir" -cf - .
else
  tar --numeric-owner --owner=0 --group=0 --sort=name -C "$dir" -cf "$out" .
fi
