#!/bin/sh
# WeChat Pay API v3 test vectors (see README.md). Run in Tests/PaymentsTests/Fixtures.
set -eu
[ -f wechatpay-merchant-private.pem ] || openssl genrsa -out wechatpay-merchant-private.pem 2048
[ -f wechatpay-platform-private.pem ] || openssl genrsa -out wechatpay-platform-private.pem 2048
openssl rsa -in wechatpay-merchant-private.pem -pubout -out wechatpay-merchant-public.pem
openssl rsa -in wechatpay-platform-private.pem -pubout -out wechatpay-platform-public.pem
sign() { openssl dgst -sha256 -sign "$1" "$2" | base64 -w0 > "$3"; }

# Request signature (签名生成): METHOD\nURL\ntimestamp\nnonce\nbody\n, by the merchant key.
# 1. The documented GET example (/v3/certificates, empty body).
printf 'GET\n/v3/certificates\n1554208460\n593BEC0C930BF1AFEB40B4A08C8FB242\n\n' > wechatpay-doc-request-message.txt
sign wechatpay-merchant-private.pem wechatpay-doc-request-message.txt wechatpay-doc-request-message.sig.b64
# 2. A Native order with the body exactly as sent (compact JSON, keys sorted).
printf '%s' '{"amount":{"currency":"CNY","total":4505},"appid":"wxd678efh567hg6787","description":"党费","mchid":"1230000109","notify_url":"https://dj.example/api/v1/callbacks/wechatpay","out_trade_no":"po0123456789abcdef0123456789abcd","time_expire":"2027-01-15T16:15:00+08:00"}' > wechatpay-native-body.json
{ printf 'POST\n/v3/pay/transactions/native\n1800000000\n593BEC0C930BF1AFEB40B4A08C8FB242\n'; cat wechatpay-native-body.json; printf '\n'; } > wechatpay-native-message.txt
sign wechatpay-merchant-private.pem wechatpay-native-message.txt wechatpay-native-message.sig.b64
# 3. The JSAPI client parameters (调起支付): appId\ntimeStamp\nnonceStr\npackage\n, by the merchant key.
printf 'wxd678efh567hg6787\n1800000000\n5K8264ILTKCH16CQ2502SI8ZNMTM67VS\nprepay_id=wx201410272009395522657a690389285100\n' > wechatpay-jsapi-message.txt
sign wechatpay-merchant-private.pem wechatpay-jsapi-message.txt wechatpay-jsapi-message.sig.b64

# Notification: the transaction, AEAD_AES_256_GCM-encrypted with the APIv3 key, then the body signed
# (timestamp\nnonce\nbody\n) by the platform key.
python3 - <<'PY'
import base64, json
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
key = open("wechatpay-apiv3-key.txt", "rb").read().strip()
assert len(key) == 32
plain = open("wechatpay-transaction.json", "rb").read().strip()
nonce, aad = b"fdasflkja484", b"transaction"
ct = AESGCM(key).encrypt(nonce, plain, aad)          # ciphertext || 16-byte tag
def body(ciphertext):
    return json.dumps({"id": "EV-2018022511223320873", "create_time": "2027-01-15T16:00:00+08:00",
        "resource_type": "encrypt-resource", "event_type": "TRANSACTION.SUCCESS", "summary": "支付成功",
        "resource": {"original_type": "transaction", "algorithm": "AEAD_AES_256_GCM",
            "ciphertext": base64.b64encode(ciphertext).decode(), "associated_data": aad.decode(),
            "nonce": nonce.decode()}}, ensure_ascii=False, separators=(",", ":"))
open("wechatpay-notify-body.json", "w").write(body(ct))
bad = ct[:-1] + bytes([ct[-1] ^ 1])                  # last byte of the tag flipped
open("wechatpay-notify-badtag-body.json", "w").write(body(bad))
# A refund result (REFUND.SUCCESS, original_type refund, no appid in it).
refund = open("wechatpay-refund.json", "rb").read().strip()
rct = AESGCM(key).encrypt(b"kd7f2m9a0q1z", refund, b"refund")
open("wechatpay-notify-refund-body.json", "w").write(json.dumps({"id": "EV-2027011516000000000002",
    "create_time": "2027-01-15T16:00:00+08:00", "resource_type": "encrypt-resource", "event_type": "REFUND.SUCCESS",
    "summary": "退款成功", "resource": {"original_type": "refund", "algorithm": "AEAD_AES_256_GCM",
        "ciphertext": base64.b64encode(rct).decode(), "associated_data": "refund", "nonce": "kd7f2m9a0q1z"}},
    ensure_ascii=False, separators=(",", ":")))
PY
for file in wechatpay-notify-body.json wechatpay-notify-badtag-body.json wechatpay-notify-refund-body.json; do
  { printf '1800000000\nc5ac7061fccab6bf3e254dcf98995b8c\n'; cat "$file"; printf '\n'; } > "${file%.json}-message.txt"
  sign wechatpay-platform-private.pem "${file%.json}-message.txt" "${file%.json}-message.sig.b64"
done
# A synchronous reply (order query), signed like a notification by the platform key.
{ printf '1800000000\n8d5e1f3b0a7c4e2f9b6d3a1c5e7f9b2d\n'; cat wechatpay-query-reply.json; printf '\n'; } > wechatpay-query-reply-message.txt
sign wechatpay-platform-private.pem wechatpay-query-reply-message.txt wechatpay-query-reply-message.sig.b64
