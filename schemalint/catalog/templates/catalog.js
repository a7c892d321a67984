// schemalint catalogue: search over the index that assets/search-index.js sets, in the page.
// Results are built as DOM nodes with textContent: a doc is shown, never interpreted.
"use strict";
var schemalintCatalog = (function () {
  function terms(query) {
    return query.toLowerCase().split(/\s+/).filter(function (term) { return term.length > 0; });
  }
  function score(entry, words) {
    var name = entry.name.toLowerCase();
    var text = (entry.text || "").toLowerCase() + " " + (entry.subject || "").toLowerCase();
    var total = 0;
    for (var i = 0; i < words.length; i++) {
      var word = words[i];
      if (name === word || name.endsWith("." + word)) { total += 4; }
      else if (name.indexOf(word) >= 0) { total += 2; }
      else if (text.indexOf(word) >= 0) { total += 1; }
      else { return 0; }
    }
    return total;
  }
  function row(entry) {
    var item = document.createElement("li");
    var kind = document.createElement("span");
    kind.className = "kind";
    kind.textContent = entry.kind;
    var link = document.createElement("a");
    link.href = entry.href;
    link.textContent = entry.name;
    item.appendChild(kind);
    item.appendChild(link);
    if (entry.subject) {
      var where = document.createElement("span");
      where.className = "where";
      where.textContent = "in " + entry.subject;
      item.appendChild(where);
    }
    if (entry.text) {
      var text = document.createElement("span");
      text.className = "text";
      text.textContent = entry.text;
      item.appendChild(text);
    }
    return item;
  }
  function search(input, results, limit) {
    var index = window.SCHEMALINT_CATALOG_INDEX || [];
    function update() {
      var words = terms(input.value);
      results.replaceChildren();
      if (words.length === 0) { return; }
      var found = [];
      for (var i = 0; i < index.length; i++) {
        var points = score(index[i], words);
        if (points > 0) { found.push([points, i]); }
      }
      found.sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; });
      if (found.length === 0) {
        var none = document.createElement("li");
        none.className = "none";
        none.textContent = "Nothing matches.";
        results.appendChild(none);
        return;
      }
      for (var j = 0; j < found.length && j < limit; j++) {
        results.appendChild(row(index[found[j][1]]));
      }
    }
    input.addEventListener("input", update);
    update();
  }
  return { search: search };
})();
