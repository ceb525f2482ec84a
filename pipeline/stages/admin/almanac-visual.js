// Almanac's "visual" widget for Decap CMS: the object widget, with the rule Decap
// cannot express in config.yml. A post may have no visual at all; once it has an
// image or a card, its alternative text is required, and it needs exactly one of the
// two (as `almanac check` asks). Decap's own `required` on the alt field would refuse
// every post without a visual, since it validates the fields of an optional object
// even when that object is empty.
(function () {
  var CMS = window.CMS;
  var object = CMS.getWidget("object");
  var filled = function (value, key) {
    var item = value && value.get ? value.get(key) : undefined;
    return typeof item === "string" ? item.trim() !== "" : item != null;
  };
  class VisualControl extends object.control {
    // Without a `validate` of its own, the editor validates this field through its
    // wrapper, which calls `isValid` below (the object widget's `validate` only walks
    // the nested fields, none of which is required on its own).
    validate = undefined;

    isValid = () => {
      var value = this.props.value;
      var field = this.props.field;
      var src = filled(value, "src");
      var card = filled(value, "card");
      if (!src && !card) {
        return filled(value, "alt") ? { error: { message: field.get("source_message") } } : true;
      }
      if (src && card) {
        return { error: { message: field.get("source_message") } };
      }
      if (!filled(value, "alt")) {
        return { error: { message: field.get("alt_message") } };
      }
      return true;
    };
  }
  CMS.registerWidget("almanac-visual", VisualControl, object.preview, {
    properties: { alt_message: { type: "string" }, source_message: { type: "string" } },
  });
})();
