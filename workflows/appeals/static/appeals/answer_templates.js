// Issue 19, item 4: an answer template picked by typing a few letters of its title is inserted into the
// step's text (the answer, or the reason of a referral) at the cursor; its placeholders came filled from
// the server (appeals.selectors.answer_templates_for).
(function () {
    "use strict";
    var data = document.getElementById("answer-templates");
    var pick = document.getElementById("template-pick");
    var form = document.getElementById("step-form");
    if (!data || !pick || !form) {
        return;
    }
    var templates = JSON.parse(data.textContent);
    var target = form.querySelector("textarea");
    if (!target) {
        return;
    }
    function insert(text) {
        var start = target.selectionStart || 0;
        var end = target.selectionEnd || 0;
        var before = target.value.slice(0, start);
        var after = target.value.slice(end);
        var gap = before && !/\s$/.test(before) ? "\n" : "";
        target.value = before + gap + text + after;
        var cursor = (before + gap + text).length;
        target.focus();
        target.setSelectionRange(cursor, cursor);
        target.dispatchEvent(new Event("input", { bubbles: true }));
    }
    function chosen() {
        for (var i = 0; i < templates.length; i++) {
            if (templates[i].title === pick.value) {
                insert(templates[i].text);
                pick.value = "";
                return;
            }
        }
    }
    pick.addEventListener("change", chosen);
    pick.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
            event.preventDefault(); // Enter picks the template; it never submits the step half-written
            chosen();
        }
    });
})();
