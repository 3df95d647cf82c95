#!/usr/bin/env bash
# Generates the TEST-ONLY certificate authority and loopback server certificate used by the
# Resource Graph stand-in (test/support/resource-graph-standin.ts). Run once; the output is
# committed under test/fixtures/tls/ so tests never need openssl. Tests trust the CA through
# NODE_EXTRA_CA_CERTS=test/fixtures/tls/ca.pem. These keys protect nothing: never reuse them.
set -euo pipefail
cd "$(dirname "$0")/../test/fixtures/tls"
DAYS=36500 # ~100 years: the fixture should outlive the project

openssl req -x509 -new -newkey rsa:2048 -nodes -sha256 -days "$DAYS" \
  -subj "/CN=arc-connectivity-bot test CA (do not trust outside tests)" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout ca-key.pem -out ca.pem

openssl req -new -newkey rsa:2048 -nodes -sha256 \
  -subj "/CN=localhost" -keyout server-key.pem -out server.csr

cat > server.ext <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
EXT

openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
  -sha256 -days "$DAYS" -extfile server.ext -out server.pem
rm -f server.csr server.ext ca.srl
openssl verify -CAfile ca.pem server.pem
# The CA key is not needed after signing; re-running this script makes a new CA and server pair.
rm -f ca-key.pem
