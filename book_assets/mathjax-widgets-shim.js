/* 部件渲染器（@jupyter-widgets/html-manager 1.x）按 MathJax 2 的接口调用 MathJax.Hub.Queue 排版部件标签，
   本书用的是 MathJax 3，没有 Hub。这里补一个等价的 Hub：把要排版的元素交给 MathJax 3 的 typesetPromise。
   在 MathJax 3 加载前（window.MathJax 还只是配置对象）和加载后（startup.ready）都保证 Hub 存在。 */
(function () {
  var hub = {
    Queue: function (job) {
      try {
        var el = job && job[2];
        if (el && window.MathJax && window.MathJax.typesetPromise) { window.MathJax.typesetPromise([el]); }
      } catch (e) { /* 排版失败不影响部件本身 */ }
    }
  };
  var cfg = window.MathJax || {};
  var startup = cfg.startup || {};
  var ready = startup.ready;
  cfg.Hub = hub;
  startup.ready = function () {
    if (ready) { ready(); } else { window.MathJax.startup.defaultReady(); }
    window.MathJax.Hub = hub;
  };
  cfg.startup = startup;
  window.MathJax = cfg;
})();
