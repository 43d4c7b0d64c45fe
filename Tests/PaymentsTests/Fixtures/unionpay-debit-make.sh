#!/bin/sh
# UnionPay 全渠道 代收 (bizType 000501) vectors, made like unionpay-make.sh (same keys): the 建立委托
# (txnType 72) and 代收 (txnType 11) requests as the documentation lists their fields, and the 代收's
# back notifications (success, 51 余额不足) signed with the platform key. Run in this directory.
set -eu
python3 - <<'PY'
import base64, urllib.parse
def canonical(f):
    return "&".join(k + "=" + f[k] for k in sorted(f, key=lambda k: k.encode()) if k != "signature")
common = {"version": "5.1.0", "encoding": "UTF-8", "signMethod": "01", "accessType": "0", "merId": "777290058110048",
          "certId": "68759585097", "channelType": "07", "bizType": "000501"}
# customerInfo in the test environment: base64 of {certifTp=01&certifId=…&customerNm=…}.
info = base64.b64encode("{certifTp=01&certifId=330102199001011234&customerNm=张三}".encode()).decode()
establish = dict(common, txnType="72", txnSubType="11", orderId="ag0123456789abcdef01234567", txnTime="20270115160000",
                 accType="01", accNo="6216261000000000018", customerInfo=info)
collect = dict(common, txnType="11", txnSubType="02", orderId="pd0123456789abcdef0123456789abcd", txnTime="20270115160000",
               txnAmt="4505", currencyCode="156", backUrl="https://dj.example/api/v1/callbacks/unionpay",
               tokenPayData="{token=6235000000000000001}")
for name, f in [("establish", establish), ("collect", collect)]:
    open("unionpay-%s-form.txt" % name, "w", encoding="utf-8").write("\n".join(k + "=" + f[k] for k in sorted(f)))
    open("unionpay-%s-canonical.txt" % name, "w", encoding="utf-8").write(canonical(f))
notify = {"accessType": "0", "bizType": "000501", "certId": "69042905377", "currencyCode": "156", "encoding": "UTF-8",
          "merId": "777290058110048", "orderId": "pd0123456789abcdef0123456789abcd", "queryId": "772701151600000000009",
          "respCode": "00", "respMsg": "成功[0000000]", "settleAmt": "4505", "signMethod": "01", "txnAmt": "4505",
          "txnSubType": "02", "txnTime": "20270115160000", "txnType": "11", "version": "5.1.0", "payCardType": "01"}
for name, change in [("debit-notify", {}), ("debit-notify-51", {"respCode": "51", "respMsg": "余额不足[1000051]"})]:
    f = dict(notify, **change)
    open("unionpay-%s.fields" % name, "w", encoding="utf-8").write(urllib.parse.urlencode(f))
    open("unionpay-%s-canonical.txt" % name, "w", encoding="utf-8").write(canonical(f))
PY
digest_sign() {  # KEY NAME
    sha256sum "$2-canonical.txt" | cut -d' ' -f1 | tr -d '\n' > "$2-digest.txt"
    openssl dgst -sha256 -sign "$1" "$2-digest.txt" | base64 -w0 > "$2.sig.b64"
}
digest_sign unionpay-merchant-private.pem unionpay-establish
digest_sign unionpay-merchant-private.pem unionpay-collect
digest_sign unionpay-platform-private.pem unionpay-debit-notify
digest_sign unionpay-platform-private.pem unionpay-debit-notify-51
python3 - <<'PY'
import urllib.parse
for n in ["debit-notify", "debit-notify-51"]:
    f = dict(urllib.parse.parse_qsl(open("unionpay-%s.fields" % n, encoding="utf-8").read(), keep_blank_values=True))
    f["signature"] = open("unionpay-%s.sig.b64" % n).read()
    open("unionpay-%s-body.txt" % n, "w", encoding="utf-8").write(urllib.parse.urlencode(f))
PY
rm -f unionpay-debit-*.fields
