// Wagtail's rich text editor (Draftail) draws its own text box, and the field's
// <label for> points at the hidden input it replaces, so a screen reader hears a
// text box without a name (wagtail/wagtail#14205, open). Until Wagtail fixes it,
// each editor's text box is labelled by its field's label once it is drawn.
(function () {
  "use strict";
  var counter = 0;

  function labelFor(box) {
    var field = box.closest(".w-field, [data-field]");
    var input = field && field.querySelector("input[type=hidden][id]");
    var label = input && document.querySelector('label[for="' + input.id + '"]');
    if (!label && field) {
      label = field.querySelector("label");
    }
    if (!label) {
      return null;
    }
    if (!label.id) {
      counter += 1;
      label.id = "steunpunt-richtext-label-" + counter;
    }
    return label.id;
  }

  function name(root) {
    root.querySelectorAll('[contenteditable="true"][role="textbox"]').forEach(function (box) {
      if (box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby")) {
        return;
      }
      var id = labelFor(box);
      if (id) {
        box.setAttribute("aria-labelledby", id);
      }
    });
  }

  function start() {
    var pending = false;
    name(document);
    // Editors appear later (StreamField blocks, choosers): look again once per frame at most.
    new MutationObserver(function () {
      if (!pending) {
        pending = true;
        window.requestAnimationFrame(function () {
          pending = false;
          name(document);
        });
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
