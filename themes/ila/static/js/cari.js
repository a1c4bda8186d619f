// Search, an enhancement: without JavaScript the header box opens the district index
// (/wilayah/), never a dead end. With it, the box opens /cari/, and /cari/ queries the
// Pagefind index of this page's language. Results are written with textContent only.
(function () {
  'use strict';
  document.querySelectorAll('form[data-cari]').forEach(function (f) {
    f.setAttribute('action', f.getAttribute('data-cari'));
  });
  var form = document.querySelector('form[data-pagefind]');
  var list = document.getElementById('ila-hasil');
  var status = document.getElementById('ila-status-cari');
  if (!form || !list || !status) return;
  var q = new URLSearchParams(window.location.search).get('q') || '';
  var input = form.querySelector('input[name=q]');
  input.value = q;
  if (!q.trim()) return;
  status.textContent = status.getAttribute('data-memuat');
  import(form.getAttribute('data-pagefind') + 'pagefind.js')
    .then(function (pagefind) {
      return pagefind.search(q).then(function (res) {
        return Promise.all(res.results.slice(0, 10).map(function (r) { return r.data(); }));
      });
    })
    .then(function (items) {
      list.textContent = '';
      items.forEach(function (d) {
        var li = document.createElement('li');
        var a = document.createElement('a');
        a.href = d.url;
        a.textContent = (d.meta && d.meta.title) || d.url;
        var p = document.createElement('p');
        // The excerpt's <mark> tags are dropped: text only.
        var tmp = document.createElement('template');
        tmp.innerHTML = d.excerpt || '';
        p.textContent = tmp.content.textContent;
        li.appendChild(a);
        li.appendChild(p);
        list.appendChild(li);
      });
      var key = items.length ? 'data-hasil' : 'data-kosong';
      status.textContent = status.getAttribute(key).replace('{jumlah}', String(items.length)).replace('{q}', q);
      list.setAttribute('data-selesai', String(items.length));
    })
    .catch(function () {
      status.textContent = status.getAttribute('data-kosong').replace('{q}', q);
      list.setAttribute('data-selesai', 'galat');
    });
})();
