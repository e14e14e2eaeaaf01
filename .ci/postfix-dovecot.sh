#!/usr/bin/env bash
# CI tier for test/integration/postfix.test.ts: a real Postfix + Dovecot from Debian packages.
#   Postfix submission  127.0.0.1:587  STARTTLS required (test/fixtures/tls cert), SASL AUTH via Dovecot
#   Dovecot IMAP        127.0.0.1:143  (plain, loopback only)
#   Account             mailsmith / mailsmith-ci-password  (address mailsmith@localhost, ~mailsmith/Maildir)
# Run as root (.ci/run does). Idempotent: re-running rewrites the config and restarts both daemons.
# No systemd needed: daemons are started with `postfix start` and `dovecot`. Values land in /etc/mailsmith-ci/env.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONF=/etc/mailsmith-ci
MAIL_USER=mailsmith
MAIL_PASS=mailsmith-ci-password

[ "$(id -u)" = 0 ] || { echo "postfix-dovecot.sh: run as root" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

if ! [ -x /usr/sbin/postfix ] || ! [ -x /usr/sbin/dovecot ] || ! dpkg -s dovecot-imapd >/dev/null 2>&1; then
  echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
  echo "postfix postfix/mailname string localhost" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postfix dovecot-core dovecot-imapd >/dev/null
fi

# The mailbox owner: a system user, so Postfix local(8) delivers into ~/Maildir and Dovecot reads it.
id "$MAIL_USER" >/dev/null 2>&1 || useradd --create-home --shell /usr/sbin/nologin "$MAIL_USER"
HOME_DIR=$(getent passwd "$MAIL_USER" | cut -d: -f6)
for d in Maildir Maildir/cur Maildir/new Maildir/tmp; do
  install -d -o "$MAIL_USER" -g "$MAIL_USER" -m 700 "$HOME_DIR/$d"
done

install -d -m 755 "$CONF"
install -m 644 "$ROOT/test/fixtures/tls/cert.pem" "$CONF/cert.pem"
install -m 600 "$ROOT/test/fixtures/tls/key.pem" "$CONF/key.pem"
printf '%s:{PLAIN}%s\n' "$MAIL_USER" "$MAIL_PASS" >"$CONF/dovecot-users"
chown root:dovecot "$CONF/dovecot-users" && chmod 640 "$CONF/dovecot-users"

# Dovecot: our own config file, so the packaged one is left alone.
cat >"$CONF/dovecot.conf" <<EOF
protocols = imap
listen = 127.0.0.1
base_dir = /run/dovecot-mailsmith
log_path = /var/log/dovecot-mailsmith.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
first_valid_uid = 100
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%n $CONF/dovecot-users
}
userdb {
  driver = passwd
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = 143
  }
  inet_listener imaps {
    port = 0
  }
}
service auth {
  unix_listener /var/spool/postfix/private/auth {
    mode = 0660
    user = postfix
    group = postfix
  }
}
EOF

# Postfix: local delivery for localhost, submission on 587 with STARTTLS required and Dovecot SASL.
postconf -e \
  "myhostname = localhost" \
  "mydestination = localhost, localhost.localdomain" \
  "inet_interfaces = loopback-only" \
  "inet_protocols = ipv4" \
  "home_mailbox = Maildir/" \
  "mailbox_command =" \
  "relayhost =" \
  "maillog_file = /var/log/postfix-mailsmith.log" \
  "smtpd_tls_cert_file = $CONF/cert.pem" \
  "smtpd_tls_key_file = $CONF/key.pem" \
  "smtpd_tls_security_level = may" \
  "smtpd_sasl_type = dovecot" \
  "smtpd_sasl_path = private/auth"
postconf -M "submission/inet=submission inet n - n - - smtpd"
postconf -P \
  "submission/inet/syslog_name=postfix/submission" \
  "submission/inet/smtpd_tls_security_level=encrypt" \
  "submission/inet/smtpd_tls_auth_only=yes" \
  "submission/inet/smtpd_sasl_auth_enable=yes" \
  "submission/inet/smtpd_client_restrictions=permit_sasl_authenticated,reject" \
  "submission/inet/smtpd_relay_restrictions=permit_sasl_authenticated,reject"
postconf -M postlog/unix-dgram >/dev/null 2>&1 ||
  postconf -M "postlog/unix-dgram=postlog unix-dgram n - n - 1 postlogd"
newaliases

# (Re)start. Stop first so a re-run picks up config changes; Debian's helper syncs the chroot files.
dovecot -c "$CONF/dovecot.conf" stop >/dev/null 2>&1 || true
if postfix status >/dev/null 2>&1; then postfix stop >/dev/null 2>&1 || true; fi
for _ in $(seq 1 50); do
  (exec 3<>/dev/tcp/127.0.0.1/143) 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/587) 2>/dev/null || break
  sleep 0.1
done
dovecot -c "$CONF/dovecot.conf"
[ -x /usr/lib/postfix/configure-instance.sh ] && /usr/lib/postfix/configure-instance.sh - >/dev/null
postfix check
postfix start >/dev/null 2>&1

for port in 587 143; do
  for i in $(seq 1 100); do
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && break
    [ "$i" = 100 ] && { echo "port $port did not open; see /var/log/postfix-mailsmith.log /var/log/dovecot-mailsmith.log" >&2; exit 1; }
    sleep 0.1
  done
done

cat >"$CONF/env" <<EOF
MAILSMITH_POSTFIX_HOST=127.0.0.1
MAILSMITH_POSTFIX_PORT=587
MAILSMITH_POSTFIX_USER=$MAIL_USER
MAILSMITH_POSTFIX_PASS=$MAIL_PASS
MAILSMITH_POSTFIX_ADDRESS=$MAIL_USER@localhost
MAILSMITH_POSTFIX_CA=$CONF/cert.pem
MAILSMITH_IMAP_PORT=143
EOF
echo "postfix-dovecot: submission 127.0.0.1:587 (STARTTLS, AUTH $MAIL_USER), IMAP 127.0.0.1:143; env in $CONF/env"
