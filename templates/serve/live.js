"use strict";
// Live preview: when journeymap serve says this page changed, fetch it again and swap the new
// content in place, keeping the scroll position. No reload, so the reader keeps their place.
(function () {
  var root = document.documentElement;
  var name = location.pathname.split("/").pop() || "index.html";
  var lost = false;

  function status(text) {
    var element = document.getElementById("studio-status");
    if (element) {
      element.textContent = text;
    }
  }

  function swap(text, version) {
    var fresh = new DOMParser().parseFromString(text, "text/html");
    var x = window.scrollX;
    var y = window.scrollY;
    document.title = fresh.title;
    document.body.className = fresh.body.className;
    var nodes = Array.prototype.slice.call(fresh.body.childNodes).map(function (node) {
      return document.adoptNode(node);
    });
    document.body.replaceChildren.apply(document.body, nodes);
    // The page's own inline script (the index's table sorting, allowed by its hash) runs again;
    // the studio's scripts keep running and are not loaded twice.
    Array.prototype.forEach.call(document.body.querySelectorAll("script:not([src])"), function (old) {
      var script = document.createElement("script");
      script.textContent = old.textContent;
      old.replaceWith(script);
    });
    window.scrollTo(x, y);
    root.setAttribute("data-studio-version", String(version));
    window.requestAnimationFrame(function () {
      root.setAttribute("data-studio-swapped-at", String(Date.now()));  // the new picture's frame (benchmarks/serve.py)
    });
  }

  function refresh(version) {
    fetch(location.pathname + location.search, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        return response.text();
      })
      .then(function (text) {
        swap(text, version);
      })
      .catch(function () {
        status("Could not reach journeymap serve; the page updates when it is back");
      });
  }

  var events = new EventSource("/_studio/events");
  events.addEventListener("hello", function (event) {
    var data = JSON.parse(event.data);
    if (lost) {
      lost = false;
      refresh(data.version);  // the server was away (restarted?): show what it has now
    } else {
      root.setAttribute("data-studio-version", String(data.version));
    }
    root.setAttribute("data-studio-connected", "yes");
  });
  events.addEventListener("change", function (event) {
    var data = JSON.parse(event.data);
    if (data.pages.indexOf(name) >= 0) {
      root.setAttribute("data-studio-heard-at", String(Date.now()));
      refresh(data.version);
    }
  });
  events.onerror = function () {
    lost = true;
    root.setAttribute("data-studio-connected", "no");
    status("Reconnecting to journeymap serve…");
  };
})();
