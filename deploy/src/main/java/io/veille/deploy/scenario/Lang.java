package io.veille.deploy.scenario;

/** The two languages the scenario speaks, with their ISO 639-1 codes. */
enum Lang {
  FR("fr"),
  EN("en");

  final String code;

  Lang(String code) {
    this.code = code;
  }
}
