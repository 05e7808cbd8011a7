package io.veille.common.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Resolves secret references. A secret (webhook URL, SMTP password, HMAC key, API token) is never
 * written inline in a shared configuration file: its value in the file is a reference,
 * {@code env:NAME} (an environment variable) or {@code file:/path} (the file's first line, trimmed:
 * Docker and Kubernetes secrets). An error names the key and the variable or the file, never the
 * value, and never echoes an inline value (it may be the secret itself).
 *
 * <p>The environment is injectable, so tests resolve {@code env:} references without touching the
 * process environment.
 */
public final class Secrets {
  /** A secret file is read up to this many bytes: a secret is one short line. */
  static final int MAX_FILE_BYTES = 64 * 1024;
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  /** What a message says a reference looks like. */
  public static final String FORMS = "write env:VARIABLE or file:/path/to/secret";

  private final Function<String, String> env;

  public Secrets(Function<String, String> env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  /** Resolves against the process environment. */
  public static Secrets fromEnvironment() {
    return new Secrets(System::getenv);
  }

  /** True when {@code text} has the form of a reference (it says nothing of whether it resolves). */
  public static boolean isReference(String text) {
    return text != null && (text.startsWith("env:") || text.startsWith("file:"));
  }

  /**
   * The secret that {@code ref} names.
   *
   * @param key the configuration key, for messages ({@code receivers[0].slack.webhook_url})
   * @param ref the value found under that key: a string {@code env:NAME} or {@code file:/path}
   * @throws ConfigException naming {@code key} when the reference is malformed or inline, the
   *     variable is unset or blank, or the file cannot be read or is empty
   */
  public Secret resolve(String key, Object ref) {
    if (ref == null) {
      throw new ConfigException(key, "required (" + FORMS + ")");
    }
    if (!(ref instanceof String text)) {
      throw new ConfigException(key, "must be a secret reference (" + FORMS + "), not a "
          + kind(ref));
    }
    String t = text.strip();
    if (t.startsWith("env:")) {
      String name = t.substring(4);
      if (!ENV_NAME.matcher(name).matches()) {
        throw new ConfigException(key, "env: must name an environment variable (letters, digits and _, not starting "
            + "with a digit), e.g. env:SLACK_WEBHOOK_URL");
      }
      String value = env.apply(name);
      if (value == null || value.isBlank()) {
        throw new ConfigException(key, "environment variable " + name + " is not set");
      }
      return new Secret(value.strip(), "env:" + name);
    }
    if (t.startsWith("file:")) {
      String p = t.substring(5);
      if (p.isBlank()) {
        throw new ConfigException(key, "file: must name a file, e.g. file:/run/secrets/smtp_password");
      }
      Path path;
      try {
        path = Path.of(p);
      } catch (RuntimeException e) {
        throw new ConfigException(key, "file: is not a valid path");
      }
      return new Secret(readFirstLine(key, path), "file:" + path);
    }
    throw new ConfigException(key, "secrets are never written inline: " + FORMS);
  }

  private static String readFirstLine(String key, Path path) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(path)) {
      bytes = in.readNBytes(MAX_FILE_BYTES + 1);
    } catch (IOException | SecurityException e) {
      throw new ConfigException(key, "cannot read secret file " + path + " (" + e.getClass().getSimpleName() + ")");
    }
    if (bytes.length > MAX_FILE_BYTES) {
      throw new ConfigException(key, "secret file " + path + " is larger than " + MAX_FILE_BYTES
          + " bytes: is it the right file?");
    }
    String content;
    try {
      content = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(key, "secret file " + path + " is not UTF-8 text");
    }
    if (content.startsWith("\uFEFF")) {
      content = content.substring(1);
    }
    int nl = content.indexOf('\n');
    String first = (nl < 0 ? content : content.substring(0, nl)).strip();
    if (first.isEmpty()) {
      throw new ConfigException(key, "secret file " + path + " is empty (its first line is the secret)");
    }
    return first;
  }

  private static String kind(Object v) {
    if (v instanceof java.util.Map) {
      return "mapping";
    }
    if (v instanceof java.util.List) {
      return "list";
    }
    return v instanceof Number ? "number" : v instanceof Boolean ? "boolean" : v.getClass().getSimpleName();
  }

  /**
   * A resolved secret. It prints as its reference ({@code env:NAME}), never as its value;
   * {@link #reveal()} is the one way to the value, for the code that uses it.
   */
  public static final class Secret {
    private final String value;
    private final String source;

    Secret(String value, String source) {
      this.value = value;
      this.source = source;
    }

    /** A secret given directly (tests, programmatic set-up); {@code source} says where it came from. */
    public static Secret of(String value, String source) {
      if (value == null || value.isEmpty()) {
        throw new IllegalArgumentException("a secret must not be empty");
      }
      return new Secret(value, Objects.requireNonNull(source, "source"));
    }

    public String reveal() {
      return value;
    }

    /** Where the secret came from ({@code env:SLACK_WEBHOOK_URL}, {@code file:/run/secrets/smtp}): safe to print. */
    public String source() {
      return source;
    }

    @Override
    public String toString() {
      return "secret(" + source + ")";
    }
  }
}
