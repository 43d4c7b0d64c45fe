#!/bin/sh
# UnionPay 全渠道 5.1.0 test vectors (see README.md). Run in Tests/PaymentsTests/Fixtures.
# signMethod 01: sort the fields (all but signature), join k=v&…, SHA-256 as lower-case hex, and sign
# those hex characters SHA256withRSA. python3 writes the sorted strings and bodies; sha256sum and
# openssl make the digests and signatures.
set -eu
[ -f unionpay-merchant-private.pem ] || openssl genrsa -out unionpay-merchant-private.pem 2048
[ -f unionpay-platform-private.pem ] || openssl genrsa -out unionpay-platform-private.pem 2048
openssl rsa -in unionpay-merchant-private.pem -pubout -out unionpay-merchant-public.pem
openssl rsa -in unionpay-platform-private.pem -pubout -out unionpay-platform-public.pem

python3 - <<'PY'
import urllib.parse
def fields(path):
    out = {}
    for line in open(path, encoding="utf-8").read().split("\n"):
        if line:
            k, v = line.split("=", 1)
            out[k] = v
    return out
def canonical(f):
    return "&".join(k + "=" + f[k] for k in sorted(f, key=lambda k: k.encode()) if k != "signature")
base = fields("unionpay-notify-form.txt")
base["signPubKeyCert"] = open("unionpay-platform-public.pem").read()
variants = {
    "notify": {},
    "notify-credit": {"payCardType": "02", "queryId": "772701151600000000002"},
    "notify-othermer": {"merId": "777290058110099"},
    "notify-amount": {"txnAmt": "4500", "settleAmt": "4500"},
    "notify-unknown": {"orderId": "po0123456789abcdef0123456789ffff"},
    "notify-refund": {"txnType": "04", "txnSubType": "00", "orderId": "po0123456789abcdef0123456789abcdr1",
                      "queryId": "772701151700000000003", "origQryId": "772701151600000000001"},
    # A stranger's signature with the stranger's own key in signPubKeyCert (never to be trusted).
    "notify-stranger": {"signPubKeyCert": open("unionpay-merchant-public.pem").read()},
}
for name, change in variants.items():
    f = dict(base, **change)
    open("unionpay-%s.fields" % name, "w", encoding="utf-8").write(urllib.parse.urlencode(f))
    open("unionpay-%s-canonical.txt" % name, "w", encoding="utf-8").write(canonical(f))
consume = fields("unionpay-consume-form.txt")
open("unionpay-consume-canonical.txt", "w", encoding="utf-8").write(canonical(consume))
reply = fields("unionpay-query-reply-form.txt")
open("unionpay-query-reply-canonical.txt", "w", encoding="utf-8").write(canonical(reply))
PY

digest_sign() {  # KEY NAME: NAME-canonical.txt → NAME-digest.txt (hex) → NAME.sig.b64
    sha256sum "$2-canonical.txt" | cut -d' ' -f1 | tr -d '\n' > "$2-digest.txt"
    openssl dgst -sha256 -sign "$1" "$2-digest.txt" | base64 -w0 > "$2.sig.b64"
}
for n in notify notify-credit notify-othermer notify-amount notify-unknown notify-refund; do
    digest_sign unionpay-platform-private.pem unionpay-$n
done
digest_sign unionpay-merchant-private.pem unionpay-notify-stranger
digest_sign unionpay-merchant-private.pem unionpay-consume
digest_sign unionpay-platform-private.pem unionpay-query-reply

python3 - <<'PY'
import urllib.parse
for n in ["notify", "notify-credit", "notify-othermer", "notify-amount", "notify-unknown", "notify-refund", "notify-stranger"]:
    f = dict(urllib.parse.parse_qsl(open("unionpay-%s.fields" % n, encoding="utf-8").read(), keep_blank_values=True))
    f["signature"] = open("unionpay-%s.sig.b64" % n).read()
    open("unionpay-%s-body.txt" % n, "w", encoding="utf-8").write(urllib.parse.urlencode(f))
# The query answer as UnionPay sends it: raw k=v&…, values not percent-encoded.
reply = open("unionpay-query-reply-canonical.txt", encoding="utf-8").read()
open("unionpay-query-reply.txt", "w", encoding="utf-8").write(reply + "&signature=" + open("unionpay-query-reply.sig.b64").read())
PY
rm -f unionpay-*.fields
