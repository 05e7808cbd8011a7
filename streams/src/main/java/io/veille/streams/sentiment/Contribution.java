package io.veille.streams.sentiment;

/**
 * What one token of a text added to a model's score before squashing ({@code value}, on the
 * lexicon's scale, signed): the word as the model read it ({@code [neg]} when negated),
 * {@code emoji}, {@code emoticon}, or {@code !} for the exclamation marks.
 */
public record Contribution(String token, double value) {}
