// "You have not been trained on this service": shown while the chosen service is not among the
// operator's trained services (the ids come with the page, from the trained_service_ids hook).
(function () {
    "use strict";
    var data = document.getElementById("trained-service-ids");
    var select = document.getElementById("id_service");
    var warning = document.getElementById("not-trained-warning");
    if (!data || !select || !warning) {
        return;
    }
    var trained = JSON.parse(data.textContent).map(String);
    function update() {
        warning.hidden = !select.value || trained.indexOf(select.value) !== -1;
    }
    select.addEventListener("change", update);
    update();
})();
