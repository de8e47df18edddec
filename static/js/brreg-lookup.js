/* Brønnøysund lookup on /bli-medlem/: fills the form without reloading the page.
   Without JavaScript the same button submits the form and the server fills it in. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-lookup-url]");
  if (!form || !window.fetch) { return; }
  var button = form.querySelector("button[name=lookup]");
  var status = document.getElementById("brreg-status");
  if (!button || !status) { return; }

  function say(text) {
    status.textContent = "";
    var p = document.createElement("p");
    p.className = "notice";
    p.textContent = text;
    status.appendChild(p);
  }

  button.addEventListener("click", function (event) {
    var orgnr = form.elements.orgnr ? form.elements.orgnr.value : "";
    event.preventDefault();
    button.disabled = true;
    fetch(form.dataset.lookupUrl + "?orgnr=" + encodeURIComponent(orgnr), {
      headers: { "Accept": "application/json" },
      credentials: "same-origin"
    }).then(function (response) {
      return response.json();
    }).then(function (data) {
      var fields = data.fields || {};
      Object.keys(fields).forEach(function (name) {
        var input = form.elements[name];
        if (input) { input.value = fields[name]; }
      });
      say(data.message);
      if (data.outcome === "found" && form.elements.name) { form.elements.name.focus(); }
    }).catch(function () {
      // The JSON endpoint failed: let the server do the lookup the way it does without JavaScript.
      button.disabled = false;
      form.requestSubmit ? form.requestSubmit(button) : form.submit();
    }).finally(function () {
      button.disabled = false;
    });
  });
})();
