package io.veille.common.text;

import java.util.Locale;
import java.util.regex.Pattern;

/** Language tags as sources write them ({@code fr-FR}, {@code en_us}, {@code FR}) reduced to the contract's ISO 639 code. */
public final class LangTag {
  private LangTag() {}

  private static final Pattern ISO_639 = Pattern.compile("[a-z]{2,3}");

  /** The primary language subtag in lower case, or null when absent or not an ISO 639 code. */
  public static String normalize(String tag) {
    if (tag == null) {
      return null;
    }
    String t = tag.trim().toLowerCase(Locale.ROOT);
    int cut = t.indexOf('-') >= 0 ? t.indexOf('-') : t.indexOf('_');
    if (cut >= 0) {
      t = t.substring(0, cut);
    }
    return ISO_639.matcher(t).matches() ? t : null;
  }
}
