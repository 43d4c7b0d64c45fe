#!/usr/bin/env python3
"""Makes the binary reconciliation fixtures from hand-written sources (see README.md). Run here."""
import zipfile

# Alipay: the hand-written UTF-8 sources, encoded GBK, zipped under GBK names (no UTF-8 flag), as
# Alipay's bill zip comes. zipfile only writes ASCII or UTF-8 names, so the name encoder is replaced.
def gbk_name(self):
    return self.filename.encode("gbk"), self.flag_bits & ~0x800
zipfile.ZipInfo._encodeFilenameFlags = gbk_name
with zipfile.ZipFile("reconcile-alipay-20261127.csv.zip", "w", zipfile.ZIP_DEFLATED) as z:
    for source, name in [("reconcile-alipay-detail.src.csv", "20886021234567890156_20261127_业务明细.csv"),
                         ("reconcile-alipay-summary.src.csv", "20886021234567890156_20261127_业务明细(汇总).csv")]:
        info = zipfile.ZipInfo(name, date_time=(2026, 11, 28, 9, 30, 12))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, open(source, encoding="utf-8").read().encode("gbk"))

# UnionPay: the ZM 流水文件, fixed width, one space between fields, widths as the SDK's parseZMFile lists
# them (《全渠道平台接入接口规范 第3部分 文件接口》6.1). Unset fields are blank.
WIDTHS = [3, 11, 11, 6, 10, 19, 12, 4, 2, 21, 2, 32, 2, 6, 10, 13, 13, 4, 15, 2, 2, 6, 2, 4, 32, 1, 21, 15, 1,
          15, 32, 13, 13, 8, 32, 13, 13, 12, 2, 1, 32, 98]
def zm(values):
    fields = [values.get(i, "").encode("gbk") for i in range(len(WIDTHS))]
    assert all(len(f) <= w for f, w in zip(fields, WIDTHS))
    return b" ".join(f.ljust(w) for f, w in zip(fields, WIDTHS))
rows = [
    # 交易代码, 代理/发送机构, 系统跟踪号, 交易传输时间, 账号, 交易金额 (fen), 商户类别, 终端类型, 查询流水号,
    # 支付方式, 商户订单号, 支付卡类型, 商户手续费, 结算金额, 交易类型, 交易子类, 业务类型, 商户代码, 二级商户简称
    {0: "S22", 1: "00010000   ", 2: "48020000", 3: "100001", 4: "1127093000", 5: "6216***********0018", 6: "000000003000",
     7: "8398", 8: "07", 9: "612611270930001234567", 10: "01", 11: "po0000000000000000000000000up001", 12: "01",
     15: "C000000000018", 16: "D000000002982", 19: "01", 20: "01", 21: "000201", 27: "777290058110048", 30: "党费"},
    {0: "S30", 1: "00010000", 2: "48020000", 3: "100002", 4: "1127150000", 5: "6216***********0018", 6: "000000001500",
     7: "8398", 8: "07", 9: "612611271500002345678", 10: "01", 11: "po0000000000000000000000000up2r1", 12: "01",
     15: "D000000000009", 16: "C000000001491", 19: "04", 20: "00", 21: "000201", 26: "612611261200009876543",
     27: "777290058110048", 30: "党费"},
    {0: "S22", 1: "00010000", 2: "48020000", 3: "100003", 4: "1127181500", 5: "6228***********1234", 6: "000000005050",
     7: "8398", 8: "07", 9: "612611271815003456789", 10: "01", 11: "po0000000000000000000000000up003", 12: "02",
     15: "C000000000030", 16: "D000000005020", 19: "01", 20: "01", 21: "000201", 27: "777290058110048", 30: "党费"},
]
with open("reconcile-unionpay-INN26112788ZM_777290058110048", "wb") as f:
    f.write(b"".join(zm(r) + b"\r\n" for r in rows))

# Two refused variants of the Alipay zip: line 7 loses its 商家实收 field; the 交易合计 line says 84.51.
detail = open("reconcile-alipay-detail.src.csv", encoding="utf-8").read()
for target, text in [("reconcile-alipay-bad-line.csv.zip", detail.replace(",24.50,24.50,", ",24.50,")),
                     ("reconcile-alipay-bad-total.csv.zip", detail.replace("商家实收共84.50元", "商家实收共84.51元"))]:
    assert text != detail
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as z:
        info = zipfile.ZipInfo("20886021234567890156_20261127_业务明细.csv", date_time=(2026, 11, 28, 9, 30, 12))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text.encode("gbk"))

# The same bill stored uncompressed (method 0), as some tools zip small files.
with zipfile.ZipFile("reconcile-alipay-stored.csv.zip", "w", zipfile.ZIP_STORED) as z:
    info = zipfile.ZipInfo("20886021234567890156_20261127_业务明细.csv", date_time=(2026, 11, 28, 9, 30, 12))
    z.writestr(info, detail.encode("gbk"))
