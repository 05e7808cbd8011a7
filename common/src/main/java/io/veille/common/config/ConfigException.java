package io.veille.common.config;

/** A configuration key that is unknown or invalid; the message starts with the key's name. */
public class ConfigException extends RuntimeException {
  private final String key;

  public ConfigException(String key, String message) {
    super(key + ": " + message);
    this.key = key;
  }

  public String key() {
    return key;
  }
}
