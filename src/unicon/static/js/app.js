// Behaviour shared by every page, without inline handlers (a step towards a
// Content-Security-Policy of script-src 'self'):
// * a button or form with data-confirm asks before it submits (deactivate, unassign,
//   cancel, delete…);
// * a <select data-autosubmit> submits its form when changed (the language menu).
document.addEventListener("submit", function (event) {
  var source = event.submitter && event.submitter.dataset.confirm ? event.submitter : event.target;
  var question = source.dataset ? source.dataset.confirm : null;
  if (question && !window.confirm(question)) event.preventDefault();
});
document.addEventListener("change", function (event) {
  var field = event.target;
  if (field.dataset && "autosubmit" in field.dataset && field.form) field.form.submit();
});
