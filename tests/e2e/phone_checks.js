// Checks the phone tests run inside the page (issue 13 points 3 and 7).
window.uniconContrast = function (a, b) {
  // WCAG contrast ratio of two CSS colours (rgb()/rgba() strings)
  function lum(c) {
    var v = c.match(/[\d.]+/g).map(Number).slice(0, 3).map(function (x) {
      x /= 255;
      return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
  }
  var la = lum(a), lb = lum(b);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
};

window.uniconBackground = function (el) {
  // the first (nearly) opaque background behind an element
  for (; el; el = el.parentElement) {
    var bg = getComputedStyle(el).backgroundColor, parts = bg.match(/[\d.]+/g);
    if (parts && (parts.length < 4 || Number(parts[3]) > 0.5)) return bg;
  }
  return "rgb(255, 255, 255)";
};

window.uniconFocusRing = function () {
  // [what is focused, contrast of its outline against what is behind it] (0: no ring)
  var el = document.activeElement, s = getComputedStyle(el);
  var what = el.outerHTML.slice(0, 60);
  if (s.outlineStyle === "none" || parseFloat(s.outlineWidth) < 2) return [what, 0];
  return [what, uniconContrast(s.outlineColor, uniconBackground(el.parentElement))];
};

window.uniconSmallControls = function () {
  // visible tappable controls under 44 px high
  var all = document.querySelectorAll(
    "a[href], button, select, input:not([type=hidden]), summary, label.button");
  return Array.from(all).filter(function (el) {
    var r = el.getBoundingClientRect();
    return r.width > 2 && r.height > 0 && r.right > 0 && r.left < innerWidth && r.height < 44;
  }).map(function (el) {
    var r = el.getBoundingClientRect();
    return el.tagName + " " + (el.textContent || el.name || "").trim().slice(0, 40) + " "
      + Math.round(r.height) + "px";
  });
};

window.uniconOverflow = function () {
  // [page width, screen width]: sideways scrolling when the first is larger
  return [document.documentElement.scrollWidth, window.innerWidth];
};
