"use strict";
// Pan and zoom for the journey page's diagram: buttons, Ctrl + wheel (a touchpad's pinch), two-finger
// pinch and dragging; one finger still scrolls the page until the map is zoomed in. Without this
// script the diagram is shown whole at the page's width, with a checkbox for its full size.
document.querySelectorAll("figure.diagram").forEach(function (figure) {
  var svg = figure.querySelector("svg");
  if (!svg) {
    return;
  }
  var scale = 1;
  var x = 0;
  var y = 0;
  var most = 8;
  var pointers = {};
  var last = null;

  var tools = document.createElement("div");
  tools.className = "diagram-tools";
  tools.setAttribute("role", "toolbar");
  tools.setAttribute("aria-label", "Diagram");
  function button(text, label, action) {
    var made = document.createElement("button");
    made.type = "button";
    made.textContent = text;
    made.setAttribute("aria-label", label);
    made.addEventListener("click", action);
    tools.appendChild(made);
    return made;
  }
  button("+", "Zoom in", function () { zoomAt(1.5, figure.clientWidth / 2, figure.clientHeight / 2); });
  button("\u2212", "Zoom out", function () { zoomAt(1 / 1.5, figure.clientWidth / 2, figure.clientHeight / 2); });
  button("Fit", "Show the whole diagram", function () { scale = 1; x = 0; y = 0; show(); });
  var alone = document.createElement("a");
  alone.className = "diagram-alone";
  alone.textContent = "Open the diagram alone (SVG)";
  alone.target = "_blank";
  alone.rel = "noopener";
  var text = new XMLSerializer().serializeToString(svg);
  alone.href = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
  tools.appendChild(alone);
  figure.parentNode.insertBefore(tools, figure);
  figure.classList.add("zoomable");

  function clamp() {
    scale = Math.min(most, Math.max(1, scale));
    var width = figure.clientWidth;
    var height = figure.clientHeight;
    x = Math.min(0, Math.max(width - width * scale, x));
    y = Math.min(0, Math.max(height - height * scale, y));
  }
  function show() {
    clamp();
    var zoomed = scale > 1.001;
    figure.classList.toggle("zoomed", zoomed);
    if (zoomed && !figure.style.height) {
      figure.style.height = getComputedStyle(figure).height;  // the page stays still while the map grows inside
    } else if (!zoomed) {
      figure.style.height = "";
    }
    svg.style.transform = zoomed ? "translate(" + x + "px, " + y + "px) scale(" + scale + ")" : "";
  }
  function zoomAt(factor, cx, cy) {
    var before = scale;
    scale = Math.min(most, Math.max(1, scale * factor));
    x = cx - (cx - x) * (scale / before);
    y = cy - (cy - y) * (scale / before);
    show();
  }
  function local(event) {
    var box = figure.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top };
  }
  figure.addEventListener("wheel", function (event) {
    if (!event.ctrlKey) {
      return;  // the page scrolls as usual
    }
    event.preventDefault();
    var at = local(event);
    zoomAt(Math.exp(-event.deltaY / 200), at.x, at.y);
  }, { passive: false });
  figure.addEventListener("pointerdown", function (event) {
    pointers[event.pointerId] = local(event);
    if (figure.setPointerCapture) {
      figure.setPointerCapture(event.pointerId);
    }
    last = null;
  });
  figure.addEventListener("pointermove", function (event) {
    if (!(event.pointerId in pointers)) {
      return;
    }
    var now = local(event);
    var before = pointers[event.pointerId];
    pointers[event.pointerId] = now;
    var ids = Object.keys(pointers);
    if (ids.length === 2) {
      var a = pointers[ids[0]];
      var b = pointers[ids[1]];
      var distance = Math.hypot(a.x - b.x, a.y - b.y);
      if (last !== null && last > 0) {
        zoomAt(distance / last, (a.x + b.x) / 2, (a.y + b.y) / 2);
      }
      last = distance;
    } else if (ids.length === 1 && scale > 1.001) {
      x += now.x - before.x;
      y += now.y - before.y;
      show();
    }
  });
  function release(event) {
    delete pointers[event.pointerId];
    last = null;
  }
  figure.addEventListener("pointerup", release);
  figure.addEventListener("pointercancel", release);
  figure.addEventListener("keydown", function (event) {
    var step = 40;
    var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (event.key === "+" || event.key === "=") {
      zoomAt(1.5, figure.clientWidth / 2, figure.clientHeight / 2);
    } else if (event.key === "-") {
      zoomAt(1 / 1.5, figure.clientWidth / 2, figure.clientHeight / 2);
    } else if (event.key in moves && scale > 1.001) {
      x += moves[event.key][0];
      y += moves[event.key][1];
      show();
    } else {
      return;
    }
    event.preventDefault();
  });
  var toggle = document.getElementById("diagram-full-size");
  if (toggle) {
    toggle.addEventListener("change", function () { scale = 1; x = 0; y = 0; show(); });
  }
});
