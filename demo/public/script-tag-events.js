// The script-tag page's only script of its own (external, as its CSP requires): show what
// the wx-coupon:* events say, in shopper words (WxCoupon.userMessage). The developer's message
// of an error goes to the console: wx-coupon writes it there, as this listener does not call
// event.preventDefault().
(function () {
  var toast = document.getElementById('toast');
  function show(text, kind) {
    toast.textContent = text;
    toast.setAttribute('data-kind', kind);
    toast.hidden = false;
  }
  document.addEventListener('wx-coupon:added', function (event) {
    show('已放入卡包：' + event.detail.cards.length + ' 张优惠券 ✓', 'ok');
    event.target.textContent = '已放入卡包 ✓ 再领一张';
    event.target.classList.add('btn--done');
  });
  document.addEventListener('wx-coupon:cancel', function () {
    show('已取消', 'cancel');
  });
  document.addEventListener('wx-coupon:error', function (event) {
    show(window.WxCoupon.userMessage(event.detail.error), 'error');
  });
})();
