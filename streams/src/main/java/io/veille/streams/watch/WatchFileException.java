package io.veille.streams.watch;

import java.util.List;

/**
 * A watches file that cannot be loaded, with every problem found, each as
 * {@code FILE:LINE: watch ID: problem}.
 */
public class WatchFileException extends IllegalArgumentException {
  private final List<String> problems;

  public WatchFileException(List<String> problems) {
    super(String.join("\n", problems));
    this.problems = List.copyOf(problems);
  }

  public List<String> problems() {
    return problems;
  }
}
