import GatewayApp
import Hummingbird

/// A member's online payment: 在线交纳 (own months and 代交), the order (SMS code, QR code, result,
/// refund), 缴费记录.
struct PaymentsArea: PortalArea {
    let portal: PortalState

    init(portal: PortalState) { self.portal = portal }

    func add(to group: RouterGroup<GatewayContext>) {
        PayRoutes(portal: portal).add(to: group)
        OrderRoutes(portal: portal).add(to: group)
        RefundReviewRoutes(portal: portal).add(to: group)
        ReceiptRoutes(portal: portal).add(to: group)
        WalletRoutes(portal: portal).add(to: group)
        AdminOrderRoutes(portal: portal).add(to: group)
        TransactionPasswordRoutes(portal: portal).add(to: group)
        AdminReconciliationRoutes(portal: portal).add(to: group)
        AgreementRoutes(portal: portal).add(to: group)
    }

    static let templates: [String: String] = [
        "pay_dues": PaymentsTemplates.pay, "payment_order": PaymentsTemplates.order, "payment_list": PaymentsTemplates.list,
        "refund_review": PaymentsTemplates.refundReview, "receipt": PaymentsTemplates.receipt,
        "wallet": PaymentsTemplates.wallet, "admin_orders": PaymentsTemplates.adminOrders,
        "transaction_password": PaymentsTemplates.password,
        "reconciliation_list": ReconciliationTemplates.list, "reconciliation_day": ReconciliationTemplates.day,
        "payment_agreements": AgreementTemplates.page,
    ]

    static let css = #"""
    .pay-members { list-style: none; padding: 0; margin: .25rem 0 .75rem; display: flex; flex-wrap: wrap; gap: .5rem 1.25rem; }
    .pay-lines { width: 100%; }
    .pay-lines .num, .payment-list .num { text-align: right; font-variant-numeric: tabular-nums; }
    .pay-total { font-weight: bold; color: var(--red); }
    .pay-channels { border: 0; padding: 0; margin: 0 0 .75rem; }
    .pay-channels legend { font-weight: bold; margin-bottom: .25rem; }
    .pay-channel { display: block; padding: .5rem .75rem; border: 1px solid var(--line); border-radius: 4px; margin-bottom: .5rem; }
    .order-status { font-size: 1.25rem; }
    .order-confirmed .order-status, .order-paid .order-status { color: var(--ok); }
    .order-refunded .order-status, .order-refunding .order-status, .order-expired .order-status { color: var(--muted); }
    .order-amount { margin: .25rem 0 .75rem; }
    .order-qr { margin: .5rem 0; text-align: center; }
    .order-qr img { width: 220px; height: 220px; image-rendering: pixelated; border: 1px solid var(--line); }
    .order-qr-text { word-break: break-all; font-size: .8rem; }
    .order-refund { color: var(--error); }
    .order-id { font-family: monospace; word-break: break-all; }
    .payment-list .order-state { white-space: nowrap; }
    .order-refund-apply { margin-top: .75rem; }
    .order-refund-apply summary { cursor: pointer; color: var(--muted); }
    .receipt-amount { font-size: 1.5rem; font-weight: bold; color: var(--red); }
    .wl-movements .wl-in { color: var(--ok); }
    .wl-topup .field { max-width: 14rem; }
    .rr-list { list-style: none; padding: 0; margin: 0; }
    .rr-item { border-bottom: 1px solid var(--line); padding: .75rem 0; }
    .rr-item p { margin: .2rem 0; }
    .rr-amount { font-weight: bold; color: var(--red); }
    .rr-actions { display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; margin-top: .5rem; }
    .rr-reject { display: flex; flex-wrap: wrap; gap: .25rem .5rem; align-items: center; }
    .rr-reject input { flex: 1 1 10rem; min-width: 8rem; }
    .rc-run .field { max-width: 14rem; }
    .rc-some { color: var(--error); font-weight: bold; }
    .rc-ok { color: var(--ok); font-weight: bold; }
    .rc-legend dt { font-weight: bold; float: left; clear: left; width: 8rem; }
    .rc-legend dd { margin: 0 0 .25rem 8rem; }
    .rc-differences td { font-size: .9rem; }
    """#

    static let script = #"""
    // 为谁交纳: the ticked members go in one field (the page works without this: oneself).
    var whom = document.querySelector('[data-members-form]');
    if (whom) {
      whom.addEventListener('submit', function () {
        var ids = [];
        whom.querySelectorAll('[data-member]').forEach(function (box) { if (box.checked) ids.push(box.value); });
        whom.querySelector('[data-members]').value = ids.join(',');
      });
    }
    // Inside WeChat: hand the signed parameters to WeChat's own pay sheet (JSAPI); the page then looks again.
    var wxpay = document.querySelector('.order-wxpay');
    if (wxpay) {
      wxpay.addEventListener('click', function () {
        var params = JSON.parse(wxpay.getAttribute('data-jsapi'));
        var pay = function () {
          window.WeixinJSBridge.invoke('getBrandWCPayRequest', params, function (res) {
            if (res && res.err_msg === 'get_brand_wcpay_request:ok') { location.reload(); }
          });
        };
        if (window.WeixinJSBridge) { pay(); } else { document.addEventListener('WeixinJSBridgeReady', pay, false); }
      });
    }
    // An order waiting for the provider: look again every 3 s, reload when its status changes.
    var order = document.querySelector('[data-order][data-waiting]');
    if (order && window.fetch) {
      var url = '/me/payments/' + encodeURIComponent(order.getAttribute('data-order')) + '/status';
      var was = order.getAttribute('data-status');
      var timer = setInterval(function () {
        fetch(url, { credentials: 'same-origin', headers: { 'Accept': 'application/json' } })
          .then(function (r) { return r.ok ? r.json() : null; })
          .then(function (j) { if (j && j.status !== was) { clearInterval(timer); location.reload(); } })
          .catch(function () {});
      }, 3000);
    }
    """#
}
