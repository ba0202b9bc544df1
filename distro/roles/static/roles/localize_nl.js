// wagtail-localize writes two texts of its translation editor in English in its
// JavaScript, outside any translation catalogue: the hidden label "More actions"
// of the publish menu and the "Nederlands to العربية translation" bar. In the
// Dutch admin they are replaced by Dutch text once the editor has drawn them.
(function () {
  "use strict";
  if (document.documentElement.lang.split("-")[0] !== "nl") {
    return;
  }
  var LANGUAGES = /^(.+) to (.+) translation$/;

  function translate(root) {
    root.querySelectorAll(".w-sr-only").forEach(function (node) {
      if (node.textContent === "More actions") {
        node.textContent = "Meer acties";
      }
    });
    root.querySelectorAll("[title]").forEach(function (node) {
      var match = LANGUAGES.exec(node.getAttribute("title"));
      if (match) {
        node.setAttribute("title", "Vertaling van " + match[1] + " naar " + match[2]);
      }
    });
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var text;
    while ((text = walker.nextNode())) {
      var found = LANGUAGES.exec(text.nodeValue.trim());
      if (found) {
        text.nodeValue = "Vertaling van " + found[1] + " naar " + found[2];
      }
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var root = document.querySelector(".js-translation-editor");
    if (!root) {
      return; // not the translation editor
    }
    translate(root);
    new MutationObserver(function () {
      translate(root);
    }).observe(root, { childList: true, subtree: true });
  });
})();
