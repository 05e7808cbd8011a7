package io.veille.streams.pipeline;

import io.veille.common.model.Mention;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The key under which copies of a text meet: the text without the reshare prefix ("RT @x:"),
 * URLs, @handles, hashtags, punctuation, case and accents, cut to its first words so that a
 * near-duplicate that edits the end still meets its original. Texts too short to say anything
 * specific ("au top !") key on their own id: they are never taken for copies.
 */
public final class TextKey {
  private TextKey() {}

  static final int MIN_WORDS = 5;
  static final int MAX_WORDS = 12;
  private static final Pattern RT = Pattern.compile("^\\s*(?:rt|via|repost)\\s*@?[\\p{L}\\p{N}_.]*\\s*:?\\s*", Pattern.CASE_INSENSITIVE);
  private static final Pattern URL = Pattern.compile("https?://\\S+|www\\.\\S+");
  private static final Pattern HANDLE_OR_TAG = Pattern.compile("[@#][\\p{L}\\p{N}_.]+");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern NON_WORD = Pattern.compile("[^\\p{L}\\p{N}]+");

  /** The normalised words of a text. */
  static List<String> words(String text) {
    String t = RT.matcher(text).replaceFirst("");
    t = URL.matcher(t).replaceAll(" ");
    t = HANDLE_OR_TAG.matcher(t).replaceAll(" ");
    t = MARKS.matcher(Normalizer.normalize(t, Normalizer.Form.NFD)).replaceAll("");
    t = t.toLowerCase(Locale.ROOT);
    List<String> out = new ArrayList<>();
    for (String w : NON_WORD.split(t)) {
      if (w.length() >= 2) {
        out.add(w);
      }
    }
    return out;
  }

  public static String of(Mention m) {
    List<String> w = words(m.text());
    if (w.size() < MIN_WORDS) {
      return "id:" + m.id();
    }
    String joined = String.join(" ", w.subList(0, Math.min(MAX_WORDS, w.size())));
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(joined.getBytes(StandardCharsets.UTF_8));
      return "t:" + HexFormat.of().formatHex(d, 0, 12);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
