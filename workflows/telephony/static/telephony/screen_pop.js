// The screen pop (issue 19, item 1): every 2 s while the page is visible, ask for the operator's call under
// way; show the panel with the caller, the line and the caller's earlier appeals, and hide it when the call
// closes. Only text is written into the page (textContent): nothing the phone system sends becomes markup.
(function () {
    "use strict";
    var panel = document.getElementById("screen-pop");
    if (!panel || !window.fetch) {
        return;
    }
    var url = panel.getAttribute("data-url");
    var known = "";
    var INTERVAL = 2000;

    function slot(name) {
        return panel.querySelector('[data-slot="' + name + '"]');
    }
    function show(call) {
        known = call.call_id;
        slot("number").textContent = call.number;
        slot("line").textContent = call.line;
        slot("started").textContent = call.started_at;
        slot("new").setAttribute("href", call.new_appeal_url);
        var list = slot("history");
        list.textContent = "";
        call.history.forEach(function (appeal) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = appeal.url;
            link.textContent = appeal.number;
            item.appendChild(link);
            var score = appeal.score ? " · " + appeal.score + "/5" : "";
            item.appendChild(document.createTextNode(" · " + appeal.received + " · " + appeal.state + score + " — " + appeal.content));
            list.appendChild(item);
        });
        slot("none").hidden = call.history.length > 0;
        panel.hidden = false;
    }
    function hide() {
        known = "";
        panel.hidden = true;
    }
    function poll() {
        if (document.hidden) {
            return;
        }
        fetch(url + "?known=" + encodeURIComponent(known), { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) {
                return response.ok ? response.json() : null;
            })
            .then(function (body) {
                if (!body || body.same) {
                    return;
                }
                if (body.call) {
                    show(body.call);
                } else {
                    hide();
                }
            })
            .catch(function () {}); // a lost poll is retried by the next one
    }
    poll();
    window.setInterval(poll, INTERVAL);
    document.addEventListener("visibilitychange", poll);
})();
