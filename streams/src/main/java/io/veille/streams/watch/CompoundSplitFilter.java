package io.veille.streams.watch;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.TokenFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;

/**
 * Splits camel-case words, as hashtags and handles are written ({@code #OndyneDown},
 * {@code @OndyneHelp}), into their parts, keeping the whole word too: {@code OndyneDown} gives
 * {@code OndyneDown} and {@code Ondyne} at one position and {@code Down} at the next, so
 * {@code ondynedown}, {@code ondyne} and the phrase {@code "ondyne down"} all match. Runs before
 * lower-casing (it needs the capitals) and on the indexing side only: a query's word stays whole.
 * Handles and domains are split on their dots and underscores the same way ({@code @ondyne_fr},
 * {@code aide.ondyne.fr}: {@code ondyne} matches both). A tag written in one case
 * ({@code #ondynedown}) cannot be split without a dictionary; it matches as the whole word or with
 * a wildcard ({@code ondyne*}).
 */
final class CompoundSplitFilter extends TokenFilter {
  private final CharTermAttribute term = addAttribute(CharTermAttribute.class);
  private final OffsetAttribute offset = addAttribute(OffsetAttribute.class);
  private final PositionIncrementAttribute posInc = addAttribute(PositionIncrementAttribute.class);

  private final List<String> parts = new ArrayList<>();
  private final List<int[]> partOffsets = new ArrayList<>();
  private int next;
  private State whole;

  CompoundSplitFilter(TokenStream in) {
    super(in);
  }

  @Override
  public boolean incrementToken() throws IOException {
    if (next < parts.size()) {
      restoreState(whole);
      term.setEmpty().append(parts.get(next));
      offset.setOffset(partOffsets.get(next)[0], partOffsets.get(next)[1]);
      posInc.setPositionIncrement(next == 0 ? 0 : 1);
      next++;
      return true;
    }
    if (!input.incrementToken()) {
      return false;
    }
    parts.clear();
    partOffsets.clear();
    next = 0;
    split(term.buffer(), term.length());
    if (parts.size() > 1) {
      whole = captureState();
    } else {
      parts.clear();
    }
    return true;
  }

  /**
   * Part boundaries: a lower-case letter followed by a capital (ondyneDown), a capital run before a
   * capital and a lower-case letter (SFRBox), and the dots and underscores that StandardTokenizer
   * keeps inside handles and domains (ondyne_fr, aide.ondyne.fr).
   */
  private void split(char[] b, int len) {
    if (len < 4) {
      return;
    }
    // offsets of the term's end stay right when a filter (elision) took a prefix off the token
    int endOffset = offset.endOffset();
    boolean offsetsMatch = endOffset - offset.startOffset() >= len;
    int start = 0;
    boolean letters = false;
    for (int i = 0; i < len; i++) {
      letters |= Character.isLetter(b[i]);
    }
    if (!letters) {
      return;
    }
    for (int i = 1; i <= len; i++) {
      boolean separator = i < len && (b[i] == '.' || b[i] == '_');
      boolean boundary = i == len || separator
          || (Character.isLowerCase(b[i - 1]) && Character.isUpperCase(b[i]))
          || (i + 1 < len && Character.isUpperCase(b[i - 1]) && Character.isUpperCase(b[i]) && Character.isLowerCase(b[i + 1]));
      if (boundary) {
        if (i > start) {
          parts.add(new String(b, start, i - start));
          int s = offsetsMatch ? endOffset - (len - start) : offset.startOffset();
          int e = offsetsMatch ? endOffset - (len - i) : endOffset;
          partOffsets.add(new int[] {s, e});
        }
        start = separator ? i + 1 : i;
      }
    }
  }

  @Override
  public void reset() throws IOException {
    super.reset();
    parts.clear();
    partOffsets.clear();
    next = 0;
    whole = null;
  }
}
