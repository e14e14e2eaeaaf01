#!/usr/bin/env bash
# CI tier for test/integration/postfix.test.ts: a real Postfix + Dovecot from Debian packages.
#   Postfix submission  127.0.0.1:587  STARTTLS required (test/fixtures/tls cert), SASL AUTH via Dovecot
#   Postfix smtps       127.0.0.1:465  implicit TLS (wrappermode), SASL AUTH via Dovecot
#   Dovecot IMAP        127.0.0.1:143  (plain, loopback only)
#   Dovecot POP3        127.0.0.1:110  (plain, loopback only)
#   Account             mailsmith / mailsmith-ci-password  (address mailsmith@localhost, ~mailsmith/Maildir)
#   Account             bounces / bounces-ci-password  (address bounces@localhost): a sender mailbox of its own
#                       for the bounce tests, so their DSNs never mix with other tests' mail
#   Bouncing domain     anything@bounce.test is accepted (250), then refused by a local "remote" MX on
#                       127.0.0.1:2526 with 550 5.1.1, so the sender receives a real RFC 3464 DSN from Postfix
# Run as root (.ci/run does). Idempotent: re-running rewrites the config and restarts both daemons.
# No systemd needed: daemons are started with `postfix start` and `dovecot`. Values land in /etc/mailsmith-ci/env.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
CONF=/etc/mailsmith-ci
MAIL_USER=mailsmith
MAIL_PASS=mailsmith-ci-password
BOUNCE_USER=bounces
BOUNCE_PASS=bounces-ci-password

[ "$(id -u)" = 0 ] || { echo "postfix-dovecot.sh: run as root" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

if ! [ -x /usr/sbin/postfix ] || ! [ -x /usr/sbin/dovecot ] || ! dpkg -s dovecot-imapd >/dev/null 2>&1 ||
  ! dpkg -s dovecot-pop3d >/dev/null 2>&1; then
  echo "postfix postfix/main_mailer_type select Local only" | debconf-set-selections
  echo "postfix postfix/mailname string localhost" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends postfix dovecot-core dovecot-imapd dovecot-pop3d >/dev/null
fi

# The mailbox owners: system users, so Postfix local(8) delivers into ~/Maildir and Dovecot reads it.
for user in "$MAIL_USER" "$BOUNCE_USER"; do
  id "$user" >/dev/null 2>&1 || useradd --create-home --shell /usr/sbin/nologin "$user"
  home=$(getent passwd "$user" | cut -d: -f6)
  for d in Maildir Maildir/cur Maildir/new Maildir/tmp; do
    install -d -o "$user" -g "$user" -m 700 "$home/$d"
  done
done

install -d -m 755 "$CONF"
install -m 644 "$ROOT/test/fixtures/tls/cert.pem" "$CONF/cert.pem"
install -m 600 "$ROOT/test/fixtures/tls/key.pem" "$CONF/key.pem"
printf '%s:{PLAIN}%s\n' "$MAIL_USER" "$MAIL_PASS" "$BOUNCE_USER" "$BOUNCE_PASS" >"$CONF/dovecot-users"
chown root:dovecot "$CONF/dovecot-users" && chmod 640 "$CONF/dovecot-users"

# Dovecot: our own config file, so the packaged one is left alone.
cat >"$CONF/dovecot.conf" <<EOF
protocols = imap pop3
listen = 127.0.0.1
base_dir = /run/dovecot-mailsmith
log_path = /var/log/dovecot-mailsmith.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:~/Maildir
# IDLE reports new mail within a second (the default re-checks every 30 s where inotify is not available).
mailbox_idle_check_interval = 1 secs
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
service pop3-login {
  inet_listener pop3 {
    address = 127.0.0.1
    port = 110
  }
  inet_listener pop3s {
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
  "smtpd_sasl_path = private/auth" \
  "transport_maps = hash:$CONF/transport"
# The bouncing test domain, as a remote server that refuses the recipient: Postfix accepts the message (the client
# gets 250), relays it to a second smtpd on 127.0.0.1:2526 posing as mx.bounce.test, which answers RCPT with
# 550 5.1.1, so Postfix mails the sender a real DSN (Remote-MTA, Diagnostic-Code: smtp; 550 5.1.1 …).
# (The error(8) transport would not do: smtpd rejects at RCPT time any address that resolves to it.)
printf 'bounce.test smtp:[127.0.0.1]:2526\n' >"$CONF/transport"
printf 'bounce.test 550 5.1.1 no such user here (mailsmith CI bouncing domain)\n' >"$CONF/bounce-access"
postmap "$CONF/transport" "$CONF/bounce-access"
postconf -M "submission/inet=submission inet n - n - - smtpd"
postconf -P \
  "submission/inet/syslog_name=postfix/submission" \
  "submission/inet/smtpd_tls_security_level=encrypt" \
  "submission/inet/smtpd_tls_auth_only=yes" \
  "submission/inet/smtpd_sasl_auth_enable=yes" \
  "submission/inet/smtpd_client_restrictions=permit_sasl_authenticated,reject" \
  "submission/inet/smtpd_relay_restrictions=permit_sasl_authenticated,reject"
postconf -M "127.0.0.1:2526/inet=127.0.0.1:2526 inet n - n - - smtpd"
postconf -P \
  "127.0.0.1:2526/inet/syslog_name=postfix/bounce-test-mx" \
  "127.0.0.1:2526/inet/myhostname=mx.bounce.test" \
  "127.0.0.1:2526/inet/smtpd_relay_restrictions=check_recipient_access,hash:$CONF/bounce-access,reject"
# Implicit TLS (wrappermode) on 465, the port QQ/NetEase use, with the same AUTH rules as submission.
postconf -M "smtps/inet=smtps inet n - n - - smtpd"
postconf -P \
  "smtps/inet/syslog_name=postfix/smtps" \
  "smtps/inet/smtpd_tls_wrappermode=yes" \
  "smtps/inet/smtpd_sasl_auth_enable=yes" \
  "smtps/inet/smtpd_client_restrictions=permit_sasl_authenticated,reject" \
  "smtps/inet/smtpd_relay_restrictions=permit_sasl_authenticated,reject"
postconf -M postlog/unix-dgram >/dev/null 2>&1 ||
  postconf -M "postlog/unix-dgram=postlog unix-dgram n - n - 1 postlogd"
newaliases

# (Re)start. Stop first so a re-run picks up config changes; Debian's helper syncs the chroot files.
dovecot -c "$CONF/dovecot.conf" stop >/dev/null 2>&1 || true
if postfix status >/dev/null 2>&1; then postfix stop >/dev/null 2>&1 || true; fi
for _ in $(seq 1 50); do
  (exec 3<>/dev/tcp/127.0.0.1/143) 2>/dev/null || (exec 3<>/dev/tcp/127.0.0.1/110) 2>/dev/null ||
    (exec 3<>/dev/tcp/127.0.0.1/587) 2>/dev/null || break
  sleep 0.1
done
# Detached from our stdout/stderr, so a caller reading this script's output is not held open by the daemons.
dovecot -c "$CONF/dovecot.conf" </dev/null >/dev/null 2>>/var/log/dovecot-mailsmith.log
[ -x /usr/lib/postfix/configure-instance.sh ] && /usr/lib/postfix/configure-instance.sh - >/dev/null
postfix check
postfix start >/dev/null 2>&1

for port in 587 465 2526 143 110; do
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
MAILSMITH_POSTFIX_SMTPS_PORT=465
MAILSMITH_IMAP_PORT=143
MAILSMITH_POP3_PORT=110
MAILSMITH_BOUNCES_USER=$BOUNCE_USER
MAILSMITH_BOUNCES_PASS=$BOUNCE_PASS
MAILSMITH_BOUNCES_ADDRESS=$BOUNCE_USER@localhost
MAILSMITH_BOUNCING_DOMAIN=bounce.test
MAILSMITH_POSTFIX_LOG=/var/log/postfix-mailsmith.log
EOF
echo "postfix-dovecot: submission 127.0.0.1:587 (STARTTLS) and 465 (TLS), AUTH $MAIL_USER; IMAP 143, POP3 110;" \
  "bounce.test bounces to the sender; env in $CONF/env"
