// The script-tag page's only script of its own (external, as its CSP requires): show what
// the wx-coupon:* events say.
(function () {
  var toast = document.getElementById('toast');
  function show(text, kind) {
    toast.textContent = text;
    toast.setAttribute('data-kind', kind);
    toast.hidden = false;
  }
  document.addEventListener('wx-coupon:added', function (event) {
    show('已放入卡包：' + event.detail.cards.length + ' 张优惠券 ✓', 'ok');
  });
  document.addEventListener('wx-coupon:cancel', function () {
    show('已取消', 'cancel');
  });
  document.addEventListener('wx-coupon:error', function (event) {
    show('没能领取：' + event.detail.error.code, 'error');
  });
})();
