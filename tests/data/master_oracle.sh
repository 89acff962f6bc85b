#!/bin/bash
# master(8)'s verdict on the master.cf read from stdin: prints what master
# logs (fatal:/warning: lines, "DIR" for the throw-away directory) and "rc=N".
#
# Needs root, unshare(1) and ip(8).  master(8) runs for one second
# (-d -e 1) in private mount and network namespaces, so inet services bind
# only a private loopback, and with a private /dev whose /dev/log is a
# datagram socket read by a small Python listener (master logs only to
# syslog).  Nothing outside the temporary directory is touched.
set -u
d=$(mktemp -d /tmp/pfl-master-XXXXXX)
chmod 755 "$d"
mkdir -p "$d/q/pid" "$d/q/private" "$d/q/public" "$d/d" "$d/dev"
chown postfix "$d/d" "$d/q/private" "$d/q/public"
printf 'queue_directory = %s/q\ndata_directory = %s/d\ninet_interfaces = 127.0.0.1\ninet_protocols = ipv4\n' "$d" "$d" > "$d/main.cf"
cat > "$d/master.cf"
cat > "$d/log.py" <<'EOF'
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("/dev/log")
s.settimeout(float(sys.argv[1]))
with open(sys.argv[2], "w") as out:
    try:
        while True:
            out.write(s.recv(65536).decode("utf-8", "replace") + "\n")
            out.flush()
    except socket.timeout:
        pass
EOF
unshare -m -n bash -c "
ip link set lo up
mount --rbind /dev '$d/dev'
mount -t tmpfs none /dev
for f in null zero urandom random tty; do touch /dev/\$f; mount --bind '$d/dev/'\$f /dev/\$f; done
python3 '$d/log.py' 3 '$d/log' & for i in \$(seq 100); do [ -S /dev/log ] && break; sleep 0.05; done
timeout 10 /usr/lib/postfix/sbin/master -c '$d' -d -e 1; echo rc=\$? > '$d/rc'
wait
"
sed -E 's/^<[0-9]+>[A-Za-z]+ +[0-9]+ [0-9:]+ //; s/^postfix\/master\[[0-9]+\]: //' "$d/log" \
    | grep -v 'daemon started\|exit time has arrived' | sed "s|$d|DIR|g"
cat "$d/rc"
rm -rf "$d"
