// Issue 19, item 3 (para 9): the five best Knowledge Base articles for the appeal's content, asked of the
// server as the operator types (debounced) or once as the appeal opens; one click inserts a part of an
// article (a question and its answer, a step list, a section) into the answer and records the article as
// used. Everything is built with textContent: nothing from the server is read as HTML.
(function () {
    "use strict";
    var box = document.getElementById("kb-suggestions");
    if (!box) {
        return;
    }
    var list = box.querySelector("ol");
    var source = box.dataset.source ? document.getElementById(box.dataset.source) : null;
    var csrf = box.querySelector("input[name=csrfmiddlewaretoken]");
    var timer = null;
    var asked = "";

    function target() {
        return document.querySelector("#step-form textarea");
    }
    function insert(text) {
        var area = target();
        var start = area.selectionStart || 0;
        var end = area.selectionEnd || 0;
        var before = area.value.slice(0, start);
        var gap = before && !/\s$/.test(before) ? "\n" : "";
        area.value = before + gap + text + area.value.slice(end);
        var cursor = (before + gap + text).length;
        area.focus();
        area.setSelectionRange(cursor, cursor);
        area.dispatchEvent(new Event("input", { bubbles: true }));
    }
    function recordUse(articleId) {
        if (!box.dataset.useUrl || !csrf) {
            return;
        }
        fetch(box.dataset.useUrl.replace("/use/0/", "/use/" + articleId + "/"), {
            method: "POST",
            credentials: "same-origin",
            headers: { "X-CSRFToken": csrf.value, Accept: "application/json" },
        }).then(function (response) {
            box.dataset.used = response.ok ? articleId : "";
        });
    }
    function partItem(article, part) {
        var item = document.createElement("li");
        item.className = "kb-part kb-part-" + part.kind;
        var label = document.createElement("strong");
        label.textContent = part.label;
        var text = document.createElement("div");
        text.className = "kb-part-text";
        text.textContent = part.text;
        item.appendChild(label);
        item.appendChild(text);
        if (target()) {
            var button = document.createElement("button");
            button.type = "button";
            button.className = "button button-small button-secondary kb-insert";
            button.textContent = box.dataset.insertLabel;
            button.addEventListener("click", function () {
                insert(part.text); // a pair gives its answer: the question is what the applicant asked
                recordUse(article.id);
            });
            item.appendChild(button);
        }
        return item;
    }
    function show(articles) {
        list.textContent = "";
        articles.forEach(function (article) {
            var item = document.createElement("li");
            item.className = "kb-suggestion";
            var link = document.createElement("a");
            link.href = article.url;
            link.target = "_blank";
            link.rel = "noopener";
            link.textContent = article.title;
            item.appendChild(link);
            var parts = document.createElement("ul");
            article.parts.forEach(function (part) {
                parts.appendChild(partItem(article, part));
            });
            item.appendChild(parts);
            list.appendChild(item);
        });
        box.hidden = articles.length === 0;
    }
    function ask(query) {
        fetch(box.dataset.url + query, { credentials: "same-origin", headers: { Accept: "application/json" } })
            .then(function (response) {
                return response.ok ? response.json() : { articles: [] };
            })
            .then(function (data) {
                show(data.articles);
            });
    }
    if (source) {
        source.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(function () {
                var text = source.value.trim();
                if (text.length < 3 || text === asked) {
                    return;
                }
                asked = text;
                ask("?text=" + encodeURIComponent(text.slice(0, 2000)));
            }, 400);
        });
    } else {
        ask(box.dataset.query);
    }
})();
