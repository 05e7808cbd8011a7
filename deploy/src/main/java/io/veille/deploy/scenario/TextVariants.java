package io.veille.deploy.scenario;

import java.util.Locale;

/**
 * How a text travels: reshared as is or with a short comment ("RT @x: ...", "👇 👉 ..."), and copied
 * with small edits by other people (punctuation, a word, a hashtag, an emoji): the near-duplicates a
 * deduplicator has to recognise. Both keep their original's copy key ({@link TextKeys}): a share
 * comment is an emoji or a hashtag, and an edit that changes the first words is drawn again.
 */
final class TextVariants {
  private TextVariants() {}

  private static final String[] SHARE_COMMENT_FR = {"👇", "😬", "😱", "👀", "🙃", "#pareil", "#jdcjdr", "‼️"};
  private static final String[] SHARE_COMMENT_EN = {"👇", "😬", "😱", "👀", "#same", "#this"};
  private static final int EDIT_TRIES = 8;
  private static final String[][] SWAPS = {
      {"vraiment", "trop"}, {"franchement", "sérieusement"}, {"super", "génial"}, {"depuis", "ça fait"},
      {"nul", "naze"}, {"toujours", "encore"}, {"really", "so"}, {"again", "once more"}, {"great", "awesome"},
      {"c'est", "c est"}, {"ça", "ca"}, {"plus de", "pu de"}, {"Bon", "Bref"}, {"honestly", "tbh"}};
  private static final String[] EMOJI = {"😡", "🙄", "😂", "😩", "👍", "🤦", "💀", "😤"};

  /** The text of a reshare of {@code original} on {@code source}. */
  static String reshare(Rand rand, Draft original, String source, Lang lang) {
    String text = original.text;
    return switch (source) {
      case "x" -> "RT " + original.author.mention() + ": " + text;
      case "facebook" -> rand.chance(0.4)
          ? rand.pick(lang == Lang.FR ? SHARE_COMMENT_FR : SHARE_COMMENT_EN) + " 👉 " + text
          : text;
      default -> text; // Mastodon boosts and Bluesky reposts carry the original text
    };
  }

  /** A copy of {@code text} with one or two small edits that keep its copy key; never identical to it. */
  static String nearDuplicate(Rand rand, TextKeys keys, String text) {
    for (int k = 0; k < EDIT_TRIES; k++) {
      String t = text;
      int edits = rand.chance(0.6) ? 1 : 2;
      for (int i = 0; i < edits; i++) {
        t = edit(rand, t);
      }
      if (!t.equals(text) && keys.sameKey(t, text)) {
        return t;
      }
    }
    return text.endsWith("!") ? text.substring(0, text.length() - 1) : text + " !";
  }

  private static String edit(Rand rand, String t) {
    switch (rand.between(0, 7)) {
      case 0 -> {
        // punctuation
        if (t.endsWith("...")) {
          return t.substring(0, t.length() - 3) + "…";
        }
        if (t.endsWith("!") || t.endsWith("?")) {
          return t + t.charAt(t.length() - 1) + t.charAt(t.length() - 1);
        }
        return t + (rand.chance(0.5) ? " !" : "...");
      }
      case 1 -> {
        // a word
        for (String[] swap : SWAPS) {
          int at = t.indexOf(swap[0]);
          if (at >= 0) {
            return t.substring(0, at) + swap[1] + t.substring(at + swap[0].length());
          }
        }
        return t + " " + rand.pick(EMOJI);
      }
      case 2 -> {
        // a hashtag removed, or added
        int hash = t.lastIndexOf(" #");
        if (hash > 0) {
          int end = t.indexOf(' ', hash + 2);
          return end < 0 ? t.substring(0, hash) : t.substring(0, hash) + t.substring(end);
        }
        return t + " #Ondyne";
      }
      case 3 -> {
        return t + " " + rand.pick(EMOJI);
      }
      case 4 -> {
        // lower case, as typed on a phone
        return t.toLowerCase(Locale.ROOT);
      }
      case 5 -> {
        // an emoji removed, or doubled
        int last = t.length() - 1;
        if (last > 2 && Character.isSurrogate(t.charAt(last))) {
          return t.substring(0, last - 1).strip();
        }
        return t + " !!";
      }
      default -> {
        // a handle dropped ("@ondyne_fr ma box..." -> "ma box...")
        if (t.startsWith("@") && t.indexOf(' ') > 0) {
          return t.substring(t.indexOf(' ') + 1);
        }
        return "‼️ " + t;
      }
    }
  }
}
